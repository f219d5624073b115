// Opens the account menus of the lab pages (ARIA menu or disclosure).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[aria-controls]");
  if (!button) { return; }
  const list = document.getElementById(button.getAttribute("aria-controls"));
  const open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", open ? "true" : "false");
  list.hidden = !open;
});
