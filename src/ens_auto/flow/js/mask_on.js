// Hide the value of every typed field for the instant of a capture (a run folder never
// holds a picture of a typed NIR, code or password). Through the CSSOM, not a <style>
// element, which a strict Content-Security-Policy would block. Returns true only when
// every field is masked (else the caller takes no capture).
(selector) => {
  const saved = [];
  for (const el of document.querySelectorAll(selector)) {
    saved.push([el, el.style.getPropertyValue("-webkit-text-security"),
                el.style.getPropertyPriority("-webkit-text-security")]);
    el.style.setProperty("-webkit-text-security", "disc", "important");
  }
  window.__ensAutoMasque = saved;
  return saved.every(([el]) => getComputedStyle(el).webkitTextSecurity === "disc");
}
