// Send Django's CSRF token with every HTMX request that changes something.
// It is read from the cookie when the request is made, so that pages need
// not print the token (which would stop them being cached).
document.addEventListener("htmx:configRequest", (event) => {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match && event.detail.verb !== "get") {
    event.detail.headers["X-CSRFToken"] = decodeURIComponent(match[1]);
  }
});
