// ens-auto picker: the person shows an element of the page. Called with the shared element
// description (recording/describe.js) and {what, message}. A banner at the top says what to
// click (« ens-auto : cliquez sur … — Échap pour annuler »); the element under the mouse (or
// focused with Tab) is outlined; a click (or Enter) captures it. Nothing reaches the page
// while picking: every press and click is stopped in the capture phase. Python polls
// window.__ensPick.state: "waiting", "picked" (element in window.__ensPick.el), "held"
// (Python is checking it), "cancelled". resume(message) asks again; stop() restores the page.
(describe, options) => {
  if (window.__ensPick) { window.__ensPick.stop(); }
  const Z = 2147483647;
  const WANTED = "a[href], button, input, select, textarea, label, summary, option, " +
    "[role=button], [role=link], [role=menuitem], [role=tab], [role=checkbox], [role=radio], " +
    "[role=switch], [role=option], [role=textbox], [role=combobox], [role=spinbutton], " +
    "[role=searchbox], [role=listbox], [role=menuitemradio], [role=menuitemcheckbox], " +
    "[contenteditable=''], [contenteditable=true]";

  const host = document.createElement("div");
  host.setAttribute("data-ens-auto", "picker");
  host.style.cssText = "all: initial; position: fixed; inset: 0 0 auto 0; z-index: " + Z +
    "; pointer-events: none;";
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    "<style>" +
    ".bar { all: initial; box-sizing: border-box; position: fixed; top: 0; left: 0; right: 0;" +
    " display: flex; gap: 12px; align-items: center; padding: 10px 16px;" +
    " background: #000091; color: #fff; font: 600 16px/1.4 system-ui, sans-serif;" +
    " box-shadow: 0 2px 8px rgba(0,0,0,.35); pointer-events: none; opacity: .96; }" +
    ".bar.low { top: auto; bottom: 0; }" +
    ".text { flex: 1; } .note { display: block; font-weight: 400; color: #ffe9a8; }" +
    "button { all: initial; pointer-events: auto; cursor: pointer; padding: 4px 12px;" +
    " border: 2px solid #fff; border-radius: 4px; color: #fff; font: 600 14px system-ui; }" +
    ".box { box-sizing: border-box; position: fixed; pointer-events: none;" +
    " border: 3px solid #ff9940;" +
    " background: rgba(255,153,64,.18); border-radius: 3px; display: none; }" +
    "</style>" +
    "<div class='box'></div>" +
    "<div class='bar' role='status' aria-live='polite'><span class='text'></span>" +
    "<button type='button'>Annuler (Échap)</button></div>";
  const bar = root.querySelector(".bar");
  const text = root.querySelector(".text");
  const box = root.querySelector(".box");
  const cancelButton = root.querySelector("button");
  (document.body || document.documentElement).appendChild(host);

  const state = { state: "waiting", el: null, what: options.what || "l'élément demandé" };
  let hovered = null;

  function say(message) {
    text.textContent = "ens-auto : cliquez sur " + state.what + " — Échap pour annuler";
    if (message) {
      const note = document.createElement("span");
      note.className = "note";
      note.textContent = message;
      text.appendChild(note);
    }
  }
  say(options.message || "");

  const ours = (event) => event.composedPath().includes(host);

  function visible(node) {
    if (!node || !node.isConnected) { return false; }
    const style = getComputedStyle(node);
    return style.visibility !== "hidden" && node.getClientRects().length > 0;
  }

  function shown(raw) {  // the element the person means: the control, link or button around
    const node = raw && raw.nodeType === 1 ? raw : raw && raw.parentElement;
    if (!node || node === host) { return null; }
    const wanted = node.closest(WANTED);
    if (wanted) { return wanted; }
    const r = node.getBoundingClientRect();  // a text, an image; not the whole page
    const big = r.width * r.height > 0.25 * innerWidth * innerHeight;
    return big || node === document.body || node === document.documentElement ? null : node;
  }

  function picked(node) {  // a label stands for its control, when the control can be seen
    if (node && node.tagName === "LABEL" && node.control && visible(node.control)) {
      return node.control;
    }
    return node;
  }

  function outline(node) {
    hovered = node;
    if (!node) { box.style.display = "none"; return; }
    const r = node.getBoundingClientRect();
    Object.assign(box.style, {
      display: "block", left: (r.left - 3) + "px", top: (r.top - 3) + "px",
      width: (r.width + 6) + "px", height: (r.height + 6) + "px",
    });
    bar.classList.toggle("low", r.top < bar.offsetHeight + 8);  // never hide what is shown
  }

  function take(node) {
    if (state.state !== "waiting" || !node) { return; }
    state.el = picked(node);
    state.state = "picked";
    const name = (describe(state.el).name || "").slice(0, 80);
    text.textContent = "ens-auto : élément choisi" + (name ? " « " + name + " »" : "") +
      " — vérification…";
  }

  function block(event) {
    if (ours(event)) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (event.type === "click" && event.button === 0) { take(shown(event.target)); }
  }

  function onMove(event) {
    if (ours(event) || state.state !== "waiting") { return; }
    const node = shown(event.target);
    if (node !== hovered) { outline(node); }
  }

  function onKey(event) {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopImmediatePropagation();
      cancel();
    } else if (event.key === "Enter" || event.key === " ") {
      if (ours(event)) { return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      const active = document.activeElement;
      if (event.key === "Enter" && active && active !== document.body) { take(shown(active)); }
    }
  }

  function onFocus(event) {
    if (!ours(event) && state.state === "waiting") { outline(shown(event.target)); }
  }

  function onScroll() { if (hovered) { outline(hovered); } }

  function cancel() {
    if (state.state === "waiting" || state.state === "held") {
      state.state = "cancelled";
      text.textContent = "ens-auto : désignation annulée.";
    }
  }

  const BLOCKED = ["pointerdown", "pointerup", "mousedown", "mouseup", "click", "dblclick",
    "auxclick", "contextmenu", "touchstart", "touchend", "submit"];
  const listeners = [
    ...BLOCKED.map((type) => [type, block]),
    ["pointermove", onMove], ["mouseover", onMove], ["keydown", onKey], ["focusin", onFocus],
    ["scroll", onScroll],
  ];
  for (const [type, fn] of listeners) { window.addEventListener(type, fn, true); }
  cancelButton.addEventListener("click", (event) => { event.stopPropagation(); cancel(); });
  window.__ensPicking = true;

  state.hold = () => { if (state.state === "picked") { state.state = "held"; } };
  state.resume = (message) => {
    state.el = null;
    state.state = "waiting";
    say(message || "");
  };
  state.stop = () => {
    for (const [type, fn] of listeners) { window.removeEventListener(type, fn, true); }
    host.remove();
    window.__ensPicking = false;
    if (window.__ensPick === state) { delete window.__ensPick; }
  };
  window.__ensPick = state;
  return true;
}
