/* The justificatif of the opposition. This team's way: a button fetches it (JSON, the PDF
   in base64), makes a Blob and opens it in a new tab, with a link to save it in case the
   tab was blocked. The replica's switch « download_mode » may ask for another delivery:
   « script » (the blob is downloaded), « attachment » or « inline » (links to the file). */

import { justificatif } from "./api.js";
import { announce } from "./announce.js";
import { config } from "./config.js";
import { h, replaceChildren, uid } from "./dom.js";
import { actionButton } from "./forms.js";
import { handleFailure } from "./router.js";

const FILE = "justificatif-opposition.pdf";
const FILE_URL = "/enrolement/opposition/justificatif";
const PERSISTS = "Si le problème persiste, appelez le 3422.";

function blobUrl(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
}

function fileLink(mode) {
  const inline = mode === "inline";
  return h("a", {
    class: "bouton",
    href: inline ? `${FILE_URL}?mode=inline` : FILE_URL,
    target: inline ? "_blank" : null,
    rel: inline ? "noopener" : null,
    text: inline ? "Ouvrir mon justificatif (PDF)" : "Télécharger mon justificatif (PDF)",
  });
}

function scriptControl(inTab) {
  const status = h("p", { class: "justificatif__statut", id: uid("justificatif-statut") });
  const error = h("p", {
    class: "message message--erreur",
    id: uid("justificatif-erreur"),
    hidden: true,
  });
  const fallback = h("p", { class: "justificatif__secours", hidden: true });
  let current = null;

  const button = actionButton(
    inTab ? "Ouvrir mon justificatif (PDF)" : "Télécharger mon justificatif (PDF)",
    async () => {
      error.hidden = true;
      button.removeAttribute("aria-describedby");
      let answer = { ok: false, body: {} };
      try {
        answer = await justificatif();
      } catch (failure) {
        if (handleFailure(failure)) return;
      }
      if (!answer.ok || !answer.body.pdf) {
        error.textContent = `${config.messages.pdf_echec} ${PERSISTS}`;
        error.hidden = false;
        button.setAttribute("aria-describedby", error.id);
        status.textContent = "";
        announce(error.textContent);
        return;
      }
      if (current) URL.revokeObjectURL(current);
      current = blobUrl(answer.body.pdf);
      if (inTab) {
        const tab = window.open(current, "_blank");
        status.textContent = tab
          ? "Votre justificatif s'est ouvert dans un nouvel onglet."
          : "Votre navigateur a bloqué l'ouverture d'un nouvel onglet.";
        const save = h("a", {
          href: current,
          download: FILE,
          text: "Enregistrer le justificatif sur mon appareil",
        });
        replaceChildren(fallback, "Le justificatif ne s'est pas ouvert ? ", save);
        fallback.hidden = false;
      } else {
        const save = h("a", { href: current, download: FILE, hidden: true });
        document.body.append(save);
        save.click();
        save.remove();
        status.textContent = "Votre justificatif a été téléchargé.";
      }
      announce(status.textContent);
    },
  );
  button.id = "bouton-justificatif";
  return h(
    "div",
    { class: "justificatif" },
    h("p", { class: "actions" }, button),
    status,
    error,
    fallback,
  );
}

/** The control of the « recorded » view, as the delivery in force wants it. */
export function justificatifControl() {
  const mode = config.downloadMode;
  if (mode === "attachment" || mode === "inline") {
    return h("div", { class: "justificatif" }, h("p", { class: "actions" }, fileLink(mode)));
  }
  return scriptControl(mode !== "script");
}
