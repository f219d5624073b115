/* Choices without native inputs: an ARIA radio group (roving tabindex, arrow keys), a
   checkbox (role=checkbox) and a switch (role=switch). */

import { h, uid } from "./dom.js";
import { fieldHandle, fieldParts } from "./fields.js";

/**
 * A radio group. options: [{ value, label, description }]; `cartes`: shown as large
 * selectable cards. onChange(value) is called when the choice changes.
 */
export function radioGroup({ name, label, options, cartes = false, onChange = null }) {
  const base = uid("groupe");
  const { labelEl, errorEl } = fieldParts(base, label, null);
  const group = h("div", {
    role: "radiogroup",
    class: cartes ? "groupe groupe--cartes" : "groupe",
    "aria-labelledby": labelEl.id,
  });
  const radios = options.map((option, index) => {
    const titleId = uid("option");
    const descriptionId = option.description ? uid("option-detail") : null;
    return h(
      "div",
      {
        role: "radio",
        class: cartes ? "option option--carte" : "option",
        "aria-checked": "false",
        tabindex: index === 0 ? "0" : "-1",
        "data-valeur": option.value,
        "aria-labelledby": titleId,
        "aria-describedby": descriptionId,
      },
      h("span", { class: "option__puce", "aria-hidden": "true" }),
      h(
        "span",
        { class: "option__textes" },
        h("span", { class: "option__titre", id: titleId, text: option.label }),
        descriptionId
          ? h("span", { class: "option__detail", id: descriptionId, text: option.description })
          : null,
      ),
    );
  });
  group.append(...radios);

  let selected = null;
  function select(radio, focus) {
    for (const other of radios) {
      const on = other === radio;
      other.setAttribute("aria-checked", on ? "true" : "false");
      other.tabIndex = on ? 0 : -1;
    }
    if (focus) radio.focus();
    const changed = selected !== radio;
    selected = radio;
    if (changed && onChange) onChange(radio.dataset.valeur);
  }
  group.addEventListener("click", (event) => {
    const radio = event.target.closest("[role=radio]");
    if (radio && group.contains(radio)) select(radio, true);
  });
  group.addEventListener("keydown", (event) => {
    const current = event.target.closest("[role=radio]");
    if (!current) return;
    const index = radios.indexOf(current);
    const moves = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
    if (event.key in moves) {
      event.preventDefault();
      select(radios[(index + moves[event.key] + radios.length) % radios.length], true);
    } else if (event.key === " ") {
      event.preventDefault();
      select(current, true);
    }
  });

  const root = h("div", { class: "champ champ--groupe" }, labelEl, group, errorEl);
  return fieldHandle({
    name,
    control: group,
    errorEl,
    value: () => (selected ? selected.dataset.valeur : ""),
    focus: () => (selected || radios[0]).focus(),
    root,
  });
}

function toggleable(control, onToggle) {
  control.addEventListener("click", onToggle);
  control.addEventListener("keydown", (event) => {
    if (event.key === " ") {
      event.preventDefault();
      onToggle();
    }
  });
}

/** A checkbox (role=checkbox); its value is "oui" when ticked. */
export function checkbox({ name, label, description = null }) {
  const base = uid("case");
  const { labelEl, hintEl, errorEl } = fieldParts(base, label, description);
  const box = h("span", {
    role: "checkbox",
    class: "case__boite",
    tabindex: "0",
    "aria-checked": "false",
    "aria-labelledby": labelEl.id,
  });
  const toggle = () => {
    box.setAttribute(
      "aria-checked",
      box.getAttribute("aria-checked") === "true" ? "false" : "true",
    );
  };
  toggleable(box, toggle);
  labelEl.addEventListener("click", () => {
    toggle();
    box.focus();
  });
  const root = h("div", { class: "champ case" }, box, h("div", {}, labelEl, hintEl, errorEl));
  return fieldHandle({
    name,
    control: box,
    errorEl,
    described: hintEl ? [hintEl.id] : [],
    value: () => (box.getAttribute("aria-checked") === "true" ? "oui" : ""),
    root,
  });
}

/** A switch (a button with role=switch); its value is "oui" when on. */
export function switchField({ name, label, description = null }) {
  const base = uid("interrupteur");
  const { labelEl, hintEl, errorEl } = fieldParts(base, label, description);
  const state = h("span", { class: "interrupteur__etat", "aria-hidden": "true", text: "Non" });
  const button = h(
    "button",
    {
      type: "button",
      role: "switch",
      class: "interrupteur",
      "aria-checked": "false",
      "aria-labelledby": labelEl.id,
    },
    h("span", { class: "interrupteur__piste", "aria-hidden": "true" }),
    state,
  );
  button.addEventListener("click", () => {
    const on = button.getAttribute("aria-checked") !== "true";
    button.setAttribute("aria-checked", on ? "true" : "false");
    state.textContent = on ? "Oui" : "Non";
  });
  labelEl.addEventListener("click", () => button.click());
  const root = h(
    "div",
    { class: "champ champ--interrupteur" },
    h("div", {}, labelEl, hintEl),
    button,
    errorEl,
  );
  return fieldHandle({
    name,
    control: button,
    errorEl,
    described: hintEl ? [hintEl.id] : [],
    value: () => (button.getAttribute("aria-checked") === "true" ? "oui" : ""),
    root,
  });
}

/**
 * A list that opens on demand, as component libraries draw a select (a combobox button;
 * the options exist only while the list is open, drawn at the end of the page, as a
 * « menu » detached from the field). options: [{ value, label }]. onChange(value).
 */
export function listbox({ name, label, options, placeholder = "Sélectionner", onChange = null }) {
  const base = uid("liste");
  const { labelEl, errorEl } = fieldParts(base, label, null);
  const listId = `${base}-options`;
  const shown = h("span", { class: "liste__valeur", text: placeholder });
  const control = h(
    "div",
    {
      role: "combobox",
      class: "liste",
      tabindex: "0",
      "aria-haspopup": "listbox",
      "aria-expanded": "false",
      "aria-controls": listId,
      "aria-labelledby": labelEl.id,
    },
    shown,
    h("span", { class: "liste__fleche", "aria-hidden": "true", text: "▾" }),
  );
  let selected = null;
  let menu = null;

  function close() {
    if (menu) menu.remove();
    menu = null;
    control.setAttribute("aria-expanded", "false");
  }
  function pick(option) {
    const changed = selected !== option.value;
    selected = option.value;
    shown.textContent = option.label;
    close();
    control.focus();
    if (changed && onChange) onChange(option.value);
  }
  function open() {
    if (menu) return;
    const box = control.getBoundingClientRect();
    menu = h("div", { role: "listbox", id: listId, class: "liste__menu", "aria-labelledby": labelEl.id });
    menu.style.top = `${window.scrollY + box.bottom + 2}px`;
    menu.style.left = `${window.scrollX + box.left}px`;
    menu.style.width = `${box.width}px`;
    for (const option of options) {
      const item = h("div", {
        role: "option",
        class: "liste__option",
        "aria-selected": option.value === selected ? "true" : "false",
        text: option.label,
      });
      item.addEventListener("click", () => pick(option));
      menu.appendChild(item);
    }
    document.body.appendChild(menu); // detached from the field, like a library's menu
    control.setAttribute("aria-expanded", "true");
  }
  control.addEventListener("click", () => (menu ? close() : open()));
  control.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " " || event.key === "ArrowDown") {
      event.preventDefault();
      open();
    } else if (event.key === "Escape") {
      close();
    }
  });
  document.addEventListener("click", (event) => {
    if (menu && !menu.contains(event.target) && !control.contains(event.target)) close();
  });

  const root = h("div", { class: "champ champ--liste" }, labelEl, control, errorEl);
  return fieldHandle({
    name,
    control,
    errorEl,
    value: () => selected || "",
    root,
  });
}
