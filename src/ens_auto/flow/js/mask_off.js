// Undo mask_on.js.
() => {
  for (const [el, value, priority] of window.__ensAutoMasque || []) {
    if (value) { el.style.setProperty("-webkit-text-security", value, priority); }
    else { el.style.removeProperty("-webkit-text-security"); }
  }
  delete window.__ensAutoMasque;
}
