/*
 * The page editor autosaves in the background (Wagtail's w-autosave), and
 * its first autosave of a new page creates the page, then turns the form
 * into that page's editor. Clicking "Save draft", "Publish" or "Submit"
 * while an autosave is under way would post the form a second time: on a
 * new page, to create a second one, whose slug the autosave has just
 * taken. So the click waits for the autosave's answer, and once the form
 * is submitted no autosave follows it.
 */
(() => {
  const form = document.querySelector(
    "form[data-edit-form][data-controller~='w-autosave']",
  );
  if (!form) return;

  let unanswered = null; // the w-autosave:save event of an autosave under way
  let onAnswer = null;

  form.addEventListener("w-autosave:save", (event) => {
    unanswered = event;
  });
  for (const answer of ["w-autosave:success", "w-autosave:error"]) {
    form.addEventListener(answer, () => {
      unanswered = null;
      onAnswer?.();
    });
  }

  form.addEventListener(
    "submit",
    (event) => {
      if (!unanswered || unanswered.defaultPrevented) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const { submitter } = event;
      onAnswer = () => {
        onAnswer = null;
        // The button that was clicked says which action it was.
        if (submitter?.name) {
          const action = document.createElement("input");
          action.type = "hidden";
          action.name = submitter.name;
          action.value = submitter.value;
          form.append(action);
        }
        form.requestSubmit();
      };
    },
    { capture: true },
  );

  // After every other listener: the form is really being submitted.
  document.addEventListener("submit", (event) => {
    if (event.target === form && !event.defaultPrevented) {
      form.setAttribute("data-w-autosave-active-value", "false");
    }
  });
})();
