// A lesson's course outline sits open beside it on wide screens; on phones
// it folds away behind its summary until asked for.
const wideScreen = window.matchMedia("(min-width: 64rem)");

function fitOutlines() {
  for (const outline of document.querySelectorAll("[data-lesson-outline]")) {
    outline.open = wideScreen.matches;
  }
}

fitOutlines();
wideScreen.addEventListener("change", fitOutlines);
