/* Mon espace santé (skin « dsfr »): the serial number's label, hint and printed prefix
   follow the card model chosen (rich radios). Event delegation: works on content drawn late. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var radio = event.target;
    if (radio.name !== "modele_carte" || !radio.checked || !radio.form) { return; }
    var group = radio.form.querySelector("[data-libelle-sans-photo]");
    if (!group) { return; }
    var avec = radio.value === "avec_photo";
    var suffix = avec ? "avec-photo" : "sans-photo";
    group.querySelector(".ens-libelle").textContent = group.getAttribute("data-libelle-" + suffix);
    group.querySelector(".fr-hint-text").textContent = group.getAttribute("data-aide-" + suffix);
    var prefix = group.querySelector(".ens-prefixe__texte");
    if (prefix) { prefix.hidden = !avec; }
  });
})();
