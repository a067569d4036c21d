// Show the error fragments the server sends with 4xx answers (a refused
// quiz, a locked lesson) instead of dropping them, as htmx does by default.
htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "4..", swap: true, error: true },
  { code: "...", swap: false, error: true },
];

// Send Django's CSRF token with every HTMX request that changes something.
// It is read from the cookie when the request is made, so that pages need
// not print the token (which would stop them being cached).
document.addEventListener("htmx:configRequest", (event) => {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match && event.detail.verb !== "get") {
    event.detail.headers["X-CSRFToken"] = decodeURIComponent(match[1]);
  }
});

// Uploads show their progress: htmx reports the bytes sent so far.
document.addEventListener("htmx:xhr:progress", (event) => {
  const form = event.target.closest("[data-upload-form]");
  if (!form || !event.detail.lengthComputable) return;
  const percent = Math.round((100 * event.detail.loaded) / event.detail.total);
  const box = form.querySelector("[data-upload-progress]");
  box.hidden = false;
  box.querySelector("progress").value = percent;
  box.querySelector("[data-upload-percent]").textContent = `${percent}%`;
});
