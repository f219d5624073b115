/* Mon espace santé (skin « dsfr »): when the justificatif is delivered by script
   (download_mode « script »), the download link fetches the PDF from the API and saves it.
   Otherwise the link is a plain attachment and this script does nothing. */
(function () {
  "use strict";

  function save(base64, name) {
    var binary = window.atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    var url = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.fr-download__link[data-source]") : null;
    if (!link) { return; }
    event.preventDefault();
    var error = document.getElementById("erreur-justificatif");
    if (error) { error.hidden = true; }
    fetch(link.getAttribute("data-source"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) {
      save(data.pdf, link.getAttribute("download") || "justificatif-opposition.pdf");
    }).catch(function () {
      if (error) { error.hidden = false; }
    });
  });
})();
