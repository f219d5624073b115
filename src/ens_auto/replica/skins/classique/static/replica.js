/* Mon espace santé (local replica): in-page checks, card model switch, user menu,
   deferred rendering and the script download of the justificatif. Vanilla JS. */
(function () {
  "use strict";

  var M = {};
  try {
    M = JSON.parse(document.getElementById("ens-messages").textContent);
  } catch (e) { M = {}; }

  var SERIE_LABELS = {
    sans_photo: "Mon numéro de série (entre 8 et 13 caractères)",
    avec_photo: "Mon numéro de série (11 derniers chiffres)"
  };

  function nirKey(first13) {
    var dept = first13.substr(5, 2);
    var digits = first13.substr(0, 5) + (dept === "2A" ? "19" : dept === "2B" ? "18" : dept) +
      first13.substr(7);
    // 13 digits exceed nothing in double precision (< 2^53)
    return 97 - (Number(digits) % 97);
  }

  var RULES = {
    code: function (value) {
      value = value.trim();
      if (!value) { return M.codeEmpty; }
      if (!/^[0-9A-Za-z]*$/.test(value)) { return M.codeChars; }
      if (value.length !== 12) { return M.codeLength; }
      return null;
    },
    nir: function (value) {
      var nir = value.replace(/\s+/g, "").toUpperCase();
      if (!nir) { return M.nirEmpty; }
      if (nir.length !== 15) { return M.nirLength; }
      if (!/^[12]\d{2}(0[1-9]|1[0-2])(\d{2}|2[AB])\d{6}\d{2}$/.test(nir) ||
          nirKey(nir.substr(0, 13)) !== Number(nir.substr(13))) {
        return M.nirFormat;
      }
      return null;
    },
    serie: function (value, form) {
      var serie = value.replace(/\s+/g, "");
      var checked = form.querySelector("input[name=typeCarte]:checked");
      var card = checked ? checked.value : null;
      if (!serie) { return M.serieEmpty; }
      if (!/^[0-9]+$/.test(serie)) { return M.serieDigits; }
      if (card === "avec_photo" && serie.length !== 11) { return M.serieAvecPhoto; }
      if (card === "sans_photo" && (serie.length < 8 || serie.length > 13)) {
        return M.serieSansPhoto;
      }
      return null;
    },
    date: function (value) {
      value = value.trim();
      if (!value) { return M.dateEmpty; }
      return /^(0[1-9]|[12]\d|3[01])\/(0[1-9]|1[0-2])\/(19|20)\d{2}$/.test(value) ?
        null : M.dateFormat;
    },
    otp: function (value) {
      return /^\d{6}$/.test(value.trim()) ? null : M.otpFormat;
    }
  };

  function setError(group, name, message) {
    var p = document.getElementById(name + "-erreur");
    var input = document.getElementById(name);
    var kind = group.tagName === "FIELDSET" ? "fr-fieldset--error" :
      group.classList.contains("fr-checkbox-group") ? "fr-checkbox-group--error" :
      "fr-input-group--error";
    group.classList.toggle(kind, !!message);
    if (p) {
      p.textContent = message || "";
      p.hidden = !message;
    }
    if (input && input.tagName === "INPUT" && input.type !== "radio") {
      if (message) { input.setAttribute("aria-invalid", "true"); }
      else { input.removeAttribute("aria-invalid"); }
    }
  }

  function check(form, el) {
    var rule = el.getAttribute("data-regle");
    var required = el.getAttribute("data-message-requis");
    if (el.tagName === "FIELDSET") {
      var name = el.getAttribute("data-nom");
      var chosen = form.querySelector("input[name='" + name + "']:checked");
      return { group: el, name: name, message: chosen ? null : required };
    }
    var group = document.getElementById(el.id + "-groupe") || el.parentNode;
    var message = null;
    if (rule === "coche") {
      message = el.checked ? null : required;
    } else if (rule === "requis") {
      message = el.value ? null : required;
    } else if (RULES[rule]) {
      message = RULES[rule](el.value, form);
    }
    return { group: group, name: el.id, message: message, input: el };
  }

  function bindForm(form) {
    form.addEventListener("submit", function (event) {
      var results = [];
      form.querySelectorAll("[data-regle]").forEach(function (el) {
        var r = check(form, el);
        setError(r.group, r.name, r.message);
        if (r.message) { results.push(r); }
      });
      var summary = document.getElementById("erreurs");
      if (results.length) {
        event.preventDefault();
        if (summary) {
          summary.querySelector("p").textContent = M.summary;
          summary.hidden = false;
        }
        var first = results[0].input ||
          results[0].group.querySelector("input");
        if (first) { first.focus(); }
      } else if (summary) {
        summary.hidden = true;
      }
    });
  }

  function bindCardModel(root) {
    var radios = root.querySelectorAll("input[name=typeCarte]");
    var label = root.querySelector("#numeroSerie-label");
    var prefix = root.querySelector("#numeroSerie-prefixe");
    if (!radios.length || !label) { return; }
    radios.forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (!radio.checked) { return; }
        label.textContent = SERIE_LABELS[radio.value] || SERIE_LABELS.sans_photo;
        if (prefix) { prefix.hidden = radio.value !== "avec_photo"; }
      });
    });
  }

  function bindDownload(root) {
    var btn = root.querySelector("button#telecharger-justificatif[data-source]");
    if (!btn) { return; }
    var errorBox = document.getElementById("erreur-justificatif");
    var status = document.getElementById("statut-justificatif");
    btn.addEventListener("click", function () {
      btn.disabled = true;
      if (errorBox) { errorBox.hidden = true; }
      fetch(btn.getAttribute("data-source"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      }).then(function (data) {
        var binary = atob(data.pdf);
        var bytes = new Uint8Array(binary.length);
        for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
        var url = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
        var a = document.createElement("a");
        a.href = url;
        a.download = btn.getAttribute("data-nom-fichier") || "justificatif.pdf";
        a.style.display = "none";
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
        if (status) { status.textContent = M.pdfDone; }
      }).catch(function () {
        if (errorBox) {
          errorBox.querySelector("p").textContent = M.pdfError;
          errorBox.hidden = false;
        }
      }).then(function () { btn.disabled = false; });
    });
  }

  function bindMenu() {
    var button = document.getElementById("menu-utilisateur-bouton");
    var menu = document.getElementById("menu-utilisateur-liste");
    if (!button || !menu) { return; }
    function setOpen(open) {
      menu.hidden = !open;
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function (event) {
      event.stopPropagation();
      setOpen(menu.hidden);
      if (!menu.hidden) { menu.querySelector("[role=menuitem]").focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!menu.contains(event.target)) { setOpen(false); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !menu.hidden) { setOpen(false); button.focus(); }
    });
  }

  function init(root) {
    root.querySelectorAll("form[data-valider]").forEach(bindForm);
    bindCardModel(root);
    bindDownload(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    bindMenu();
    init(document);
  });
  // Late rendering (fault switch): the replica inserts <main>'s content, then says so.
  document.addEventListener("replica:contenu", function (event) {
    init(event.target === document ? document.getElementById("main") : event.target);
  });
})();
