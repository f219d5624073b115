// Undo mask_on.js. Returns true when this page is the one mask_on.js masked (false: the
// page was replaced meanwhile, and a capture taken in between is not kept).
() => {
  const state = window.__ensAutoMasque;
  if (!state) { return false; }
  for (const [el, value, priority] of state.saved) {
    if (value) { el.style.setProperty("-webkit-text-security", value, priority); }
    else { el.style.removeProperty("-webkit-text-security"); }
  }
  if (state.sheet) {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== state.sheet);
  }
  delete window.__ensAutoMasque;
  return true;
}
