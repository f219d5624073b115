// What a control shows as its value: an input's value, else its text without the parts
// hidden from assistive technology (an arrow, an icon).
(el) => {
  if (el.value) return String(el.value);
  const parts = [];
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) parts.push(child.textContent);
      else if (child.nodeType === Node.ELEMENT_NODE && child.getAttribute("aria-hidden") !== "true") walk(child);
    }
  };
  walk(el);
  return parts.join(" ");
}
