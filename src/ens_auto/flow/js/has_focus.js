// Whether the element has the focus (itself or something inside it).
(el) => el === document.activeElement || el.contains(document.activeElement)
