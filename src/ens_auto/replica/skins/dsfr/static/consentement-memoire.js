/* Mon espace santé (skin « dsfr »): before the page is drawn, remember whether the visitor
   already chose about cookies, so that the DSFR consent banner does not come back. */
(function () {
  "use strict";
  try {
    if (window.localStorage.getItem("ens-consentement-cookies")) {
      document.documentElement.setAttribute("data-ens-consentement", "fait");
    }
  } catch (e) { /* storage unavailable: the banner stays */ }
})();
