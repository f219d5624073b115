/* Late rendering of the replica (fault switch « late_render_ms »), shared by every skin
   whose pages the server renders: <main> is served empty, its content waits in
   <template id="contenu-differe">, and is inserted after the delay. The document then
   receives the event « replica:contenu », for the skin's scripts to bind to it. */
(function () {
  "use strict";
  var deferred = document.getElementById("contenu-differe");
  if (!deferred) { return; }
  var delay = parseInt(deferred.getAttribute("data-delai") || "0", 10);
  function insert() {
    var main = document.querySelector("main");
    if (!main) { return; }
    main.appendChild(deferred.content.cloneNode(true));
    deferred.remove();
    document.dispatchEvent(new CustomEvent("replica:contenu", { bubbles: true }));
  }
  setTimeout(insert, delay);
})();
