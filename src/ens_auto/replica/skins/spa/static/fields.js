/* Text fields. Labels are visible text elements tied to the input with aria-labelledby;
   a field in error has aria-invalid and aria-describedby pointing to its message. */

import { h, uid } from "./dom.js";

/**
 * What every field of a form offers (see forms.js): its value, its own error message, and
 * a form-level message it may be tied to (an unknown code concerns the code field).
 */
export function fieldHandle({ name, control, errorEl, described = [], value, focus, root }) {
  let linked = null;
  let ownError = false;
  function sync() {
    const ids = [...described];
    if (ownError) ids.push(errorEl.id);
    if (linked) ids.push(linked);
    if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
    else control.removeAttribute("aria-describedby");
    if (ownError || linked) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
    root.classList.toggle("champ--erreur", ownError || Boolean(linked));
  }
  return {
    name,
    root,
    control,
    value,
    focus: focus || (() => control.focus()),
    get invalid() {
      return ownError || Boolean(linked);
    },
    setError(message) {
      ownError = Boolean(message);
      errorEl.textContent = message || "";
      errorEl.hidden = !ownError;
      sync();
    },
    linkMessage(id) {
      linked = id || null;
      sync();
    },
  };
}

/** The label, hint and error elements shared by every kind of field. */
export function fieldParts(base, label, hint) {
  const labelEl = h("div", { class: "champ__libelle", id: `${base}-libelle`, text: label });
  const hintEl = hint ? h("p", { class: "champ__aide", id: `${base}-aide`, text: hint }) : null;
  const errorEl = h("p", { class: "champ__erreur", id: `${base}-erreur`, hidden: true });
  return { labelEl, hintEl, errorEl };
}

/**
 * A text input. `prefix`: fixed characters shown before the input (the serial of a card
 * with photo); `mask`: a function given the input (the NIR's).
 */
export function textField({
  name,
  label,
  hint = null,
  type = "text",
  autocomplete = "off",
  inputmode = null,
  prefix = null,
  mask = null,
  id = null,
}) {
  const base = id || uid("saisie");
  const { labelEl, hintEl, errorEl } = fieldParts(base, label, hint);
  const prefixEl = h("span", { class: "champ__prefixe", id: `${base}-prefixe`, hidden: !prefix });
  prefixEl.textContent = prefix || "";
  const input = h("input", {
    class: "champ__saisie",
    id: base,
    type,
    autocomplete,
    inputmode,
    spellcheck: "false",
    "aria-labelledby": labelEl.id,
  });
  labelEl.addEventListener("click", () => input.focus());
  if (mask) mask(input);
  const root = h(
    "div",
    { class: "champ" },
    labelEl,
    hintEl,
    h("div", { class: "champ__ligne" }, prefixEl, input),
    errorEl,
  );
  const handle = fieldHandle({
    name,
    control: input,
    errorEl,
    described: hintEl ? [hintEl.id] : [],
    value: () => input.value,
    root,
  });
  handle.input = input;
  handle.setLabel = (text) => {
    labelEl.textContent = text;
  };
  handle.setHint = (text) => {
    if (hintEl) hintEl.textContent = text;
  };
  handle.setPrefix = (text) => {
    prefixEl.textContent = text || "";
    prefixEl.hidden = !text;
  };
  return handle;
}
