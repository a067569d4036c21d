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

// The header's menu button shows and hides the site's links on phones.
for (const button of document.querySelectorAll("[data-menu-button]")) {
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    menu.toggleAttribute("data-open", open);
  });
}

// Drop-down menus (<details data-dropdown>) close on a click elsewhere and
// on Escape, which gives the focus back to their summary.
document.addEventListener("click", (event) => {
  for (const dropdown of document.querySelectorAll("details[data-dropdown][open]")) {
    if (!dropdown.contains(event.target)) dropdown.open = false;
  }
});
document.addEventListener("keydown", (event) => {
  const dropdown = event.target.closest?.("details[data-dropdown][open]");
  if (event.key === "Escape" && dropdown) {
    dropdown.open = false;
    dropdown.querySelector("summary").focus();
  }
});

// Print buttons (a certificate's): no inline handler, which the Content
// Security Policy would refuse.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
