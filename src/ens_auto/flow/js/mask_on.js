// Hide the value of every typed field for the instant of a capture (a run folder never
// holds a picture of a typed NIR, code or password). Through the CSSOM, not a <style>
// element, which a strict Content-Security-Policy would block: each field's own style,
// and a constructed style sheet for the fields drawn or replaced while the capture is
// being taken (it may overlap the next steps). Returns how many fields were masked, or -1
// when one could not be, or when the sheet could not be added (then no capture).
(selector) => {
  const saved = [];
  for (const el of document.querySelectorAll(selector)) {
    saved.push([el, el.style.getPropertyValue("-webkit-text-security"),
                el.style.getPropertyPriority("-webkit-text-security")]);
    el.style.setProperty("-webkit-text-security", "disc", "important");
  }
  let sheet = null;
  try {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(`${selector} { -webkit-text-security: disc !important; }`);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch (e) {
    sheet = null;
  }
  window.__ensAutoMasque = { saved, sheet };
  const masked = saved.every(([el]) => getComputedStyle(el).webkitTextSecurity === "disc");
  return masked && sheet ? saved.length : -1;
}
