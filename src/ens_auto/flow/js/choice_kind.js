// What kind of control a choice resolved to, whatever candidate found it (a label that
// wraps a <select> names the select too): "select", "option" (of a <select>), "box" (a
// radio, a checkbox, a switch, native or ARIA), "item" (an ARIA option or tab), or "press"
// (a link or a button that leads on).
(el) => {
  const tag = el.tagName;
  const role = (el.getAttribute("role") || "").toLowerCase();
  if (tag === "SELECT") return "select";
  if (tag === "OPTION") return el.closest("select") ? "option" : "item";
  if (tag === "INPUT" && (el.type === "radio" || el.type === "checkbox")) return "box";
  if (["radio", "checkbox", "switch", "menuitemradio", "menuitemcheckbox"].includes(role)) return "box";
  if (["option", "tab"].includes(role)) return "item";
  return "press";
}
