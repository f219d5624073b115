// Hide the value of every typed field for the instant of a capture (a run folder never
// holds a picture of a typed NIR, code or password). Through the CSSOM, not a <style>
// element, which a strict Content-Security-Policy would block. Returns how many fields
// were masked (0: nothing to undo), or -1 when one could not be (then no capture).
(selector) => {
  const saved = [];
  for (const el of document.querySelectorAll(selector)) {
    saved.push([el, el.style.getPropertyValue("-webkit-text-security"),
                el.style.getPropertyPriority("-webkit-text-security")]);
    el.style.setProperty("-webkit-text-security", "disc", "important");
  }
  window.__ensAutoMasque = saved;
  const masked = saved.every(([el]) => getComputedStyle(el).webkitTextSecurity === "disc");
  return masked ? saved.length : -1;
}
