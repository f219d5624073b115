// The error messages a page shows now, as texts: alerts and error classes, and for a
// field marked invalid (aria-invalid) the message it points to (aria-describedby,
// aria-errormessage). Success and information notices are left out.
(selector) => {
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
  const visible = (node) => !!(node.offsetWidth || node.offsetHeight || node.getClientRects().length);
  const isNotice = (node) => /success|succes|info|valid(?!ation)/i.test(node.className || "");
  const texts = [];
  for (const node of document.querySelectorAll(selector)) {
    if (!visible(node) || isNotice(node)) { continue; }
    if (node.matches("input, select, textarea, [role=textbox], [role=combobox]")) {
      const ids = [node.getAttribute("aria-errormessage"), node.getAttribute("aria-describedby")]
        .join(" ").split(/\s+/).filter(Boolean);
      for (const id of ids) {
        const ref = document.getElementById(id);
        if (ref && visible(ref) && clean(ref.textContent)) { texts.push(clean(ref.textContent)); }
      }
      continue;
    }
    const text = clean(node.innerText || node.textContent);
    if (text) { texts.push(text); }
  }
  return [...new Set(texts)];
}
