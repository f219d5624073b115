// ens-auto recorder, injected in every page of the recording browser (init script), called
// with the shared element description (describe.js). Listens (capture phase) to clicks,
// changes, typing and submits and sends each event, with the element's description, to
// Python through the exposed binding. An action that would leave the page (link, submit) is
// held until Python has checked the candidates, then resumed, so that they are checked on
// the live element.
(describe) => {
  if (window.__ensRecInstalled || window !== window.top) { return; }
  window.__ensRecInstalled = true;

  const BINDING = "__ensRecord";
  const registry = new Map();
  const dirty = new Set();
  let chain = Promise.resolve();
  let seq = 0;
  let resuming = false;

  window.__ensRecEl = (key) => registry.get(key) || null;
  window.__ensRecFlush = () => { flushAll(); return chain.then(() => true); };

  const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
  const TEXT_TYPES = ["", "text", "email", "tel", "url", "search", "number", "password", "date"];
  const inputType = (el) => (el.getAttribute("type") || "").toLowerCase();

  function isTextField(el) {
    if (el.tagName === "TEXTAREA") { return true; }
    return el.tagName === "INPUT" && TEXT_TYPES.includes(inputType(el));
  }

  function send(kind, el, extra) {
    const key = "k" + (++seq) + "-" + Math.random().toString(36).slice(2, 8);
    registry.set(key, el);
    const payload = Object.assign(describe(el), extra || {}, {
      kind: kind,
      key: key,
      seq: seq,
      doc: { title: document.title, path: location.pathname, url: location.href,
             h1: norm((document.querySelector("h1") || {}).innerText) },
    });
    chain = chain
      .then(() => window[BINDING](payload))
      .catch(() => null)
      .then(() => { setTimeout(() => registry.delete(key), 60000); });
    return chain;
  }

  function sendFill(el) {
    dirty.delete(el);
    const secret = inputType(el) === "password";
    return send("fill", el, { value: secret ? "" : el.value, secret: secret });
  }

  function flushAll() {
    Array.from(dirty).forEach((el) => {
      if (el.isConnected) { sendFill(el); } else { dirty.delete(el); }
    });
  }

  const CLICKABLE = "a[href], button, input[type=submit], input[type=button], input[type=reset], " +
    "input[type=image], [role=button], [role=link], [role=menuitem], [role=tab], summary";

  function clickTarget(event) {
    let t = event.target;
    if (t && t.nodeType !== 1) { t = t.parentElement; }
    if (!t || !t.closest) { return null; }
    if (t.closest("select, option, textarea")) { return null; }
    const input = t.closest("input");
    const buttonTypes = ["submit", "button", "reset", "image"];
    if (input && !buttonTypes.includes(inputType(input))) { return null; }
    const label = t.closest("label");
    if (label && label.control) { return null; }  // the control's own change is recorded
    return t.closest(CLICKABLE);
  }

  function leavesPage(el, event) {
    const info = describe(el);
    if (info.isSubmit) { return true; }
    if (!info.isLink || el.hasAttribute("download")) { return false; }
    const target = (el.getAttribute("target") || "").toLowerCase();
    if (target && target !== "_self") { return false; }
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) {
      return false;
    }
    const href = el.getAttribute("href") || "";
    if (href.startsWith("#") || href.toLowerCase().startsWith("javascript:")) { return false; }
    return true;
  }

  function resume(el) {
    if (!el.isConnected) { return; }
    resuming = true;
    try {
      if (el.form && el.form.requestSubmit && (el.tagName === "BUTTON" || el.tagName === "INPUT")) {
        el.form.requestSubmit(el);
      } else if (el.tagName === "A") {
        location.assign(el.href);
      } else {
        el.click();
      }
    } finally {
      resuming = false;
    }
  }

  // Clicks: described in the capture phase; the decision to hold the page's own action is
  // taken at the end of the bubble phase, once the page's handlers had their say.
  let pending = null;
  window.addEventListener("click", (event) => {
    if (!event.isTrusted || resuming || window.__ensPicking) { return; }
    const el = clickTarget(event);
    if (!el) { return; }
    flushAll();
    pending = { event: event, el: el, sent: false };
    const mine = pending;
    setTimeout(() => {  // the bubble phase never came (stopPropagation): send anyway
      if (!mine.sent) { mine.sent = true; send("click", el, { held: false }); }
    }, 0);
  }, true);
  window.addEventListener("click", (event) => {
    if (!pending || pending.event !== event || pending.sent) { return; }
    const mine = pending;
    mine.sent = true;
    pending = null;
    if (!event.defaultPrevented && leavesPage(mine.el, event)) {
      event.preventDefault();
      send("click", mine.el, { held: true }).then(() => resume(mine.el));
    } else {
      send("click", mine.el, { held: false });
    }
  }, false);

  // A submit that no recorded click explains (Enter in a field without a submit button).
  window.addEventListener("submit", (event) => {
    if (resuming || event.defaultPrevented) { return; }
    const form = event.target;
    flushAll();
    const active = document.activeElement;
    if (!active || !form.contains(active) || active === form) { return; }
    if (!isTextField(active)) { return; }
    event.preventDefault();
    send("press", active, { key: "Enter", held: true }).then(() => {
      resuming = true;
      try { form.requestSubmit(); } finally { resuming = false; }
    });
  }, false);

  document.addEventListener("input", (event) => {
    const el = event.target;
    if (el && el.nodeType === 1 && isTextField(el)) { dirty.add(el); }
  }, true);

  document.addEventListener("change", (event) => {
    const el = event.target;
    if (!el || el.nodeType !== 1) { return; }
    if (isTextField(el)) {
      sendFill(el);
    } else if (el.tagName === "INPUT" && inputType(el) === "checkbox") {
      flushAll();
      send(el.checked ? "check" : "uncheck", el);
    } else if (el.tagName === "INPUT" && inputType(el) === "radio") {
      if (!el.checked) { return; }
      flushAll();
      const info = describe(el);
      const labels = el.labels && el.labels.length
        ? norm(Array.from(el.labels).map((l) => norm(l.innerText)).join(" ")) : "";
      send("choose", el, { option: labels || info.name });
    } else if (el.tagName === "SELECT") {
      flushAll();
      const option = el.selectedOptions && el.selectedOptions[0];
      send("select", el, { option: option ? norm(option.textContent) : "" });
    }
  }, true);
}
