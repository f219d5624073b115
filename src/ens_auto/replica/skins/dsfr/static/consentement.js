/* Mon espace santé (skin « dsfr »): the DSFR consent banner and consent manager.
   The choice is only remembered (localStorage); nothing is tracked whatever it is. */
(function () {
  "use strict";

  var KEY = "ens-consentement-cookies";
  var MODAL = "gestion-cookies";

  function stored() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }

  function check(id) {
    var input = document.getElementById(id);
    if (input) { input.checked = true; }
  }

  function showChoice(choice) {
    if (!choice) { return; }
    check(choice.audience ? "cookies-audience-accepter" : "cookies-audience-refuser");
    check(choice.audience ? "cookies-tous-accepter" : "cookies-tous-refuser");
  }

  function save(audience) {
    var choice = { audience: !!audience, date: new Date().toISOString() };
    try { window.localStorage.setItem(KEY, JSON.stringify(choice)); } catch (e) { /* none */ }
    document.documentElement.setAttribute("data-ens-consentement", "fait");
    showChoice(choice);
  }

  function closeManager() {
    var dialog = document.getElementById(MODAL);
    if (dialog && window.dsfr) { window.dsfr(dialog).modal.conceal(); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-consentement]") : null;
    if (!button) { return; }
    var what = button.getAttribute("data-consentement");
    if (what === "accepter") { save(true); }
    if (what === "refuser") { save(false); }
    if (what === "confirmer") {
      var audience = document.getElementById("cookies-audience-accepter");
      save(audience && audience.checked);
      closeManager();
    }
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.name === "cookies-tous") {
      check(input.value === "accepter" ? "cookies-audience-accepter" : "cookies-audience-refuser");
    }
  });

  showChoice(stored());
})();
