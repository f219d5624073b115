// « Valider » appears late (600 ms), after the consent dialog (200 ms): the runner is
// waiting for it while the dialog hides the page.
setTimeout(() => {
  const button = document.createElement("button");
  button.type = "submit";
  button.textContent = "Valider";
  document.getElementById("formulaire").appendChild(button);
}, 600);
