// Who receives a click at the middle of this control: "self" (the control or something in
// it), "label" (one of its own labels, drawn over it: design systems often hide the real
// input under a styled label), or "other" (something else covers it).
(el) => {
  // Where the person would see it (Playwright scrolls likewise before a click).
  if (el.scrollIntoViewIfNeeded) el.scrollIntoViewIfNeeded(true); else el.scrollIntoView({ block: "center" });
  const box = el.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  if (!hit || hit === el || el.contains(hit)) return "self";
  const labels = [...(el.labels || [])];
  const wrapping = el.closest("label");
  if (wrapping) labels.push(wrapping);
  if (labels.some((label) => label === hit || label.contains(hit))) {
    // Only the label's own text or drawing: never a link inside the label.
    return hit.closest("a, button") ? "other" : "label";
  }
  return "other";
}
