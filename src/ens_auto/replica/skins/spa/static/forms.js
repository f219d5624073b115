/* Forms without <form>: fields gathered by a view, a button that posts their values to
   the API, the errors shown on the fields and announced in the live region. */

import { act } from "./api.js";
import { announce } from "./announce.js";
import { pathOf } from "./config.js";
import { h, uid } from "./dom.js";
import { handleFailure, navigate } from "./router.js";

export const NETWORK_ERROR =
  "Le service ne répond pas. Vérifiez votre connexion à Internet puis réessayez.";

/**
 * fields: field handles (fields.js, choices.js); messageField: the name of the field a
 * form-level message concerns (it is then marked invalid and described by the message).
 */
export function createForm({ fields, messageField = null }) {
  const box = h("div", {
    class: "message message--erreur",
    id: uid("message"),
    tabindex: "-1",
    hidden: true,
  });
  const form = {
    fields,
    box,
    values() {
      return Object.fromEntries(fields.map((field) => [field.name, field.value()]));
    },
    clear() {
      box.hidden = true;
      box.textContent = "";
      for (const field of fields) {
        field.setError(null);
        field.linkMessage(null);
      }
    },
    show(errors = {}, message = null) {
      this.clear();
      const known = new Set(fields.map((field) => field.name));
      const others = Object.entries(errors)
        .filter(([name]) => !known.has(name))
        .map(([, text]) => text);
      for (const field of fields) field.setError(errors[field.name] || null);
      const boxText = [message, ...others].filter(Boolean).join(" ");
      if (boxText) {
        box.textContent = boxText;
        box.hidden = false;
        const concerned = fields.find((field) => field.name === messageField);
        if (concerned && message) concerned.linkMessage(box.id);
      }
      const said = [message, ...fields.map((field) => errors[field.name]), ...others];
      announce(said.filter(Boolean).join(" "));
      const first = fields.find((field) => field.invalid);
      if (first) first.focus();
      else if (boxText) box.focus();
    },
    /** Enter in a text input presses `button`. */
    submitOnEnter(button) {
      for (const field of fields) {
        if (field.input) {
          field.input.addEventListener("keydown", (event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              button.click();
            }
          });
        }
      }
    },
  };
  return form;
}

/** A button that does nothing while its previous click is being handled. */
export function actionButton(text, handler, { secondaire = false } = {}) {
  const button = h("button", {
    type: "button",
    class: secondaire ? "bouton bouton--secondaire" : "bouton",
    text,
  });
  let busy = false;
  button.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    button.setAttribute("aria-busy", "true");
    try {
      await handler();
    } finally {
      busy = false;
      button.removeAttribute("aria-busy");
    }
  });
  return button;
}

/**
 * Posts `values` to `action`; on success goes to the page the procedure names (or calls
 * onSuccess); on errors shows them on the form; a dead end (refusal) is shown too.
 */
export async function submit(form, action, values, { onSuccess = null } = {}) {
  let answer;
  try {
    answer = await act(action, values);
  } catch (error) {
    if (!handleFailure(error)) form.show({}, NETWORK_ERROR);
    return null;
  }
  const errors = answer.errors || {};
  if (!answer.ok && (Object.keys(errors).length || answer.message)) {
    form.show(errors, answer.message);
    return answer;
  }
  form.clear();
  if (answer.ok && onSuccess) return onSuccess(answer);
  const next = pathOf(answer.page);
  if (next) await navigate(next);
  return answer;
}
