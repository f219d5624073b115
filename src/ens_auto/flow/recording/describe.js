// ens-auto: what an element says of itself, to find it again (shared by the recorder and
// the picker). Role and accessible name, label, placeholder, text, title, alt, test id, the
// ingredients of a CSS selector, and a few facts on its kind (field, choice, clickable).
// A function of the element; returns plain data.
(el) => {
  const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
  const textOf = (node) => norm(node.innerText !== undefined ? node.innerText : node.textContent);
  const inputType = (node) => (node.getAttribute("type") || "").toLowerCase();

  function labelledBy(node) {
    const ids = (node.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    return norm(ids.map((id) => {
      const ref = document.getElementById(id);
      return ref ? textOf(ref) : "";
    }).join(" "));
  }

  function labelText(node) {
    if (node.labels && node.labels.length) {
      return norm(Array.from(node.labels).map((l) => textOf(l)).join(" "));
    }
    return "";
  }

  function role(node) {
    const explicit = node.getAttribute("role");
    if (explicit) { return explicit.split(/\s+/)[0]; }
    const tag = node.tagName.toLowerCase();
    const type = inputType(node);
    if (tag === "a" && node.hasAttribute("href")) { return "link"; }
    if (tag === "button") { return "button"; }
    if (tag === "select") { return node.multiple || node.size > 1 ? "listbox" : "combobox"; }
    if (tag === "textarea") { return "textbox"; }
    if (tag === "input") {
      if (["submit", "button", "reset", "image"].includes(type)) { return "button"; }
      if (type === "checkbox") { return "checkbox"; }
      if (type === "radio") { return "radio"; }
      if (["", "text", "email", "tel", "url"].includes(type)) { return "textbox"; }
      if (type === "search") { return "searchbox"; }
      if (type === "number") { return "spinbutton"; }
      return "";
    }
    if (tag === "img" && node.getAttribute("alt")) { return "img"; }
    return "";
  }

  function accessibleName(node) {
    let name = labelledBy(node);
    if (name) { return name; }
    name = norm(node.getAttribute("aria-label"));
    if (name) { return name; }
    const tag = node.tagName.toLowerCase();
    const type = inputType(node);
    if (["input", "select", "textarea"].includes(tag)) {
      if (["submit", "button", "reset"].includes(type)) { return norm(node.value); }
      if (type === "image") { return norm(node.getAttribute("alt")); }
      name = labelText(node);
      if (name) { return name; }
      return norm(node.getAttribute("title") || node.getAttribute("placeholder"));
    }
    if (tag === "img") { return norm(node.getAttribute("alt")); }
    name = textOf(node);
    return name || norm(node.getAttribute("title"));
  }

  function cssParts(node) {
    const path = [];
    let at = node;
    for (let depth = 0; at && at.nodeType === 1 && depth < 5; depth++) {
      const tag = at.tagName.toLowerCase();
      let nth = 1;
      for (let sib = at.previousElementSibling; sib; sib = sib.previousElementSibling) {
        if (sib.tagName === at.tagName) { nth++; }
      }
      path.push({ tag: tag, id: at.id || "", nth: nth });
      if (tag === "body") { break; }
      at = at.parentElement;
    }
    const type = inputType(node);
    return {
      tag: node.tagName.toLowerCase(),
      id: node.id || "",
      name: node.getAttribute("name") || "",
      type: type,
      value: ["radio", "checkbox"].includes(type) ? (node.getAttribute("value") || "") : "",
      path: path,
    };
  }

  function shapeOf(node) {  // the facts the picker checks a step's element against
    if (!node) { return null; }
    return {
      tag: node.tagName.toLowerCase(),
      type: inputType(node),
      role: role(node),
      editable: !!node.isContentEditable,
      pressed: node.getAttribute("aria-pressed") || "",
    };
  }

  const tag = el.tagName.toLowerCase();
  const type = inputType(el);
  const control = ["input", "select", "textarea"].includes(tag);
  const clickable = tag === "a" || tag === "button" || ["button", "link", "menuitem", "tab"]
    .includes(el.getAttribute("role") || "");
  const form = el.form || el.closest("form");
  const isSubmit = !!(form && ((tag === "button" && (el.getAttribute("type") || "submit")
    .toLowerCase() === "submit") || (tag === "input" && ["submit", "image"].includes(type))));
  const href = tag === "a" ? (el.getAttribute("href") || "") : "";
  return {
    tag: tag,
    type: type,
    role: role(el),
    name: accessibleName(el),
    label: control
      ? (labelText(el) || labelledBy(el) || norm(el.getAttribute("aria-label")))
      : "",
    placeholder: norm(el.getAttribute("placeholder")),
    text: (clickable || tag === "label") && !control ? textOf(el) : "",
    title: norm(el.getAttribute("title")),
    alt: ["img", "area"].includes(tag) || type === "image" ? norm(el.getAttribute("alt")) : "",
    testid: el.getAttribute("data-testid") || "",
    css: cssParts(el),
    autocomplete: (el.getAttribute("autocomplete") || "").toLowerCase(),
    isSubmit: isSubmit,
    isLink: tag === "a" && !!href,
    inForm: !!form,
    href: href,
    shape: shapeOf(el),
    labelFor: tag === "label" ? shapeOf(el.control) : null,
  };
}
