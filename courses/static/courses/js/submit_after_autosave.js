/*
 * The page editor autosaves in the background (Wagtail's w-autosave), and
 * its first autosave of a new page creates the page, then turns the form
 * into that page's editor. Clicking "Save draft", "Publish" or "Submit"
 * while an autosave is under way would post the form a second time: on a
 * new page, to create a second one, whose slug the autosave has just
 * taken. So the click waits for the autosave's answer, and once the form
 * is submitted (or a workflow action is on its way) no autosave follows.
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

  // Wagtail's workflow actions (approve, request changes, resubmit) add
  // their fields to the form, then submit it: from a dialog by jQuery,
  // which fires no submit event above. Once the fields are there, an
  // autosave would post the action a second time, to a task already done.
  new MutationObserver(() => {
    if (form.querySelector(":scope > input[name='action-workflow-action']")) {
      form.setAttribute("data-w-autosave-active-value", "false");
    }
  }).observe(form, { childList: true });
})();
