// What an element says of itself, for the safety checks of the runner: every text a
// person or a screen reader could take as its name (aria-label, aria-labelledby, labels,
// text, value, title, images' alt), its role, and the controls that are selected now in
// its form (or in the page): their names too. Returned as plain strings; the runner
// decides (never activate on an opposition flow).
(el) => {
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
  const byIds = (ids) => clean((ids || "").split(/\s+/).map((id) => {
    const ref = id && document.getElementById(id);
    return ref ? ref.textContent : "";
  }).join(" "));
  const namesOf = (node) => {
    const names = [];
    names.push(node.getAttribute("aria-label"));
    names.push(byIds(node.getAttribute("aria-labelledby")));
    if (node.labels) { for (const l of node.labels) { names.push(l.textContent); } }
    const wrapping = node.closest && node.closest("label");
    if (wrapping) { names.push(wrapping.textContent); }
    if (node.tagName === "INPUT" && ["submit", "button", "reset"].includes(node.type)) {
      names.push(node.value);
    }
    if (node.tagName !== "SELECT") { names.push(node.innerText || node.textContent); }
    names.push(node.getAttribute("title"));
    for (const img of node.querySelectorAll ? node.querySelectorAll("img[alt]") : []) {
      names.push(img.getAttribute("alt"));
    }
    return names.map(clean).filter(Boolean);
  };
  const scope = el.closest("form") || document;
  const selected = [];
  const visible = (node) => !!(node.offsetWidth || node.offsetHeight || node.getClientRects().length);
  for (const node of scope.querySelectorAll(
      "input[type=radio]:checked, input[type=checkbox]:checked, [aria-checked=true], " +
      "[aria-pressed=true], [aria-selected=true][role=option], [aria-selected=true][role=radio]")) {
    if (node === el) { continue; }
    const names = namesOf(node);
    if (node.value && node.tagName === "INPUT") { names.push(node.value); }
    selected.push(names.join(" | "));
  }
  for (const sel of scope.querySelectorAll("select")) {
    if (!visible(sel) || sel.selectedIndex < 0) { continue; }
    const opt = sel.options[sel.selectedIndex];
    if (opt && opt.value) { selected.push(clean(opt.textContent) + " | " + opt.value); }
  }
  return {
    tag: el.tagName.toLowerCase(),
    role: el.getAttribute("role") || "",
    names: namesOf(el),
    value: el.tagName === "INPUT" ? (el.value || "") : "",
    pressed: el.getAttribute("aria-pressed"),
    selected: selected,
  };
}
