// A selector engine made for one flow's overlays (flow/engines.py registers it, with the
// flow's own `present` candidates in `spec`): the page's root element when one of them may
// be showing, else nothing. Playwright checks its locator handler before every action and
// every poll of a wait; through this engine the check is one short search, where the
// candidates' own locators (long regular expressions for names, parsed at every check)
// cost milliseconds each time. It answers for more than the candidates, never less: a
// name is looked for in every text that can give it (label, labelledby, title, text); the
// handler then dismisses with the candidates' own locators (overlays.py), exactly.
// spec: [{css?, role?, name?, has_text?}] (name, has_text: regular expressions, case-free).
(spec) => {
  const ROLES = {
    dialog: "dialog, [role=dialog]",
    alertdialog: "[role=alertdialog]",
    region: "[role=region], section[aria-label], section[aria-labelledby], section[title]",
    banner: "[role=banner], header",
    complementary: "[role=complementary], aside",
    contentinfo: "[role=contentinfo], footer",
    form: "[role=form], form",
    status: "[role=status], output",
    alert: "[role=alert]",
    navigation: "[role=navigation], nav",
  };
  const wanted = spec.map((c) => ({
    css: c.css || ROLES[c.role] || "*", // another role: any element (more, never less)
    name: c.name ? new RegExp(c.name, "i") : null,
    text: c.has_text ? new RegExp(c.has_text, "i") : null,
  }));
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
  const byIds = (ids) => (ids || "").split(/\s+/).map((id) => {
    const ref = id && document.getElementById(id);
    return ref ? ref.textContent : "";
  }).join(" ");
  const names = (el) => [
    el.getAttribute("aria-label"), byIds(el.getAttribute("aria-labelledby")),
    el.getAttribute("title"), ...[...(el.labels || [])].map((l) => l.textContent),
    el.textContent, ...[...el.querySelectorAll("img[alt]")].map((i) => i.getAttribute("alt")),
  ].map(clean);
  const visible = (el) => {
    const style = getComputedStyle(el);
    if (style.display === "contents") return [...el.children].some(visible);
    if (style.visibility !== "visible") return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  // The document and every open shadow root (Playwright's searches go into them too).
  const roots = () => {
    const found = [];
    const todo = [document];
    while (todo.length) {
      const root = todo.pop();
      found.push(root);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.shadowRoot) todo.push(node.shadowRoot);
      }
    }
    return found;
  };
  const shows = (c, root) => {
    let elements;
    try {
      elements = root.querySelectorAll(c.css);
    } catch (e) {
      return true; // a selector only Playwright reads: may show (the handler will know)
    }
    return [...elements].some((el) =>
      (!c.name || names(el).some((n) => c.name.test(n))) &&
      (!c.text || c.text.test(clean(el.textContent))) &&
      visible(el));
  };
  return {
    queryAll(root, body) {
      const all = roots();
      return wanted.some((c) => all.some((r) => shows(c, r))) ? [document.documentElement] : [];
    },
  };
}
