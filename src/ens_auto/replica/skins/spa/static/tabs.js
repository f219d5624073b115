/* Tabs (role=tablist / tab / tabpanel): arrow keys, Home and End move and select. */

import { h } from "./dom.js";

/** items: [{ key, label, content }]; onSelect(key) when the person picks another tab. */
export function tabs({ label, items, selected = null, onSelect = null }) {
  const list = h("div", { role: "tablist", class: "onglets__liste", "aria-label": label });
  const buttons = [];
  const panels = [];
  for (const item of items) {
    const tab = h("button", {
      type: "button",
      role: "tab",
      class: "onglet",
      id: `onglet-${item.key}`,
      "aria-controls": `panneau-${item.key}`,
      text: item.label,
    });
    const panel = h(
      "div",
      {
        role: "tabpanel",
        class: "onglets__panneau",
        id: `panneau-${item.key}`,
        "aria-labelledby": tab.id,
        tabindex: "0",
      },
      item.content,
    );
    buttons.push(tab);
    panels.push(panel);
    list.append(tab);
  }
  function select(index, { focus = false, silent = false } = {}) {
    buttons.forEach((tab, i) => {
      const on = i === index;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      panels[i].hidden = !on;
    });
    if (focus) buttons[index].focus();
    if (!silent && onSelect) onSelect(items[index].key);
  }
  list.addEventListener("click", (event) => {
    const tab = event.target.closest("[role=tab]");
    if (tab) select(buttons.indexOf(tab));
  });
  list.addEventListener("keydown", (event) => {
    const index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    const last = buttons.length - 1;
    const target = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    select(target, { focus: true });
  });
  const first = Math.max(
    0,
    items.findIndex((item) => item.key === selected),
  );
  select(first, { silent: true });
  return h("div", { class: "onglets" }, list, ...panels);
}
