/* Mon espace santé (skin « dsfr »): the closure form is confirmed in a DSFR modal.
   Without the DSFR script the button simply submits the form (a confirmation page follows).
   With it: an incomplete form is submitted for the server to show its errors; a complete
   one opens the modal (DSFR: aria-controls), whose button submits with action=confirmer. */
(function () {
  "use strict";

  function deletion(form) {
    var chosen = form.querySelector("input[name=devenir_donnees]:checked");
    return !!chosen && chosen.value === "supprimer";
  }

  function showConsequence(form) {
    var supprimer = deletion(form);
    document.querySelectorAll(".ens-si-supprimer").forEach(function (p) { p.hidden = !supprimer; });
    document.querySelectorAll(".ens-si-archiver").forEach(function (p) { p.hidden = supprimer; });
  }

  // Capture: decided before the DSFR's own listener on the button.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("#bouton-cloturer") : null;
    if (!button || !button.form || !window.dsfr) { return; }
    if (!button.form.checkValidity()) {
      event.stopPropagation(); // no modal: the form goes to the server, which says what is missing
      return;
    }
    event.preventDefault(); // the modal asks first
    showConsequence(button.form);
  }, true);
})();
