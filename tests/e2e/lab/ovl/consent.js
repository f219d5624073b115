// A consent dialog that covers the page a moment after it is shown (data-delai ms), once;
// the choice is sent to the lab server (so a test can tell what was pressed). With
// data-modal, the rest of the page is hidden from assistive technology while it is open.
(function () {
  const box = document.getElementById("consentement");
  const backdrop = document.getElementById("fond");
  const main = document.querySelector("main");
  const modal = box.hasAttribute("data-modal");
  function close(choice) {
    fetch("/lab/consent", { method: "POST", body: choice }).then(() => {
      box.hidden = true; backdrop.hidden = true;
      if (modal) { main.removeAttribute("aria-hidden"); }
    });
  }
  box.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-choix]");
    if (button) { close(button.getAttribute("data-choix")); }
  });
  setTimeout(() => {
    box.hidden = false; backdrop.hidden = false;
    if (modal) { main.setAttribute("aria-hidden", "true"); }
  }, parseInt(box.getAttribute("data-delai") || "0", 10));
})();
