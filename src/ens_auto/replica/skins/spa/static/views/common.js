/* Pieces shared by the views. */

import { config } from "../config.js";
import { h } from "../dom.js";

export const TOTAL_STEPS = 4;

/** « Étape 2 sur 4 » above the heading of the enrolment views. */
export function step(number, label) {
  return h(
    "p",
    { class: "etape" },
    h("span", { class: "etape__numero", text: `Étape ${number} sur ${TOTAL_STEPS}` }),
    ` · ${label}`,
  );
}

export function linkButton(text, href, { secondaire = false } = {}) {
  return h("a", { class: secondaire ? "bouton bouton--secondaire" : "bouton", href, text });
}

export function actions(...children) {
  return h("div", { class: "actions" }, ...children);
}

export function badge(text, kind = "") {
  return h("p", { class: `statut ${kind ? `statut--${kind}` : ""}`.trim(), text });
}

export function info(text) {
  return h("div", { class: "message message--info" }, h("p", { text }));
}

export function success(...children) {
  return h("div", { class: "message message--succes" }, ...children);
}

export function personName(data) {
  return (data.personne && data.personne.nom_complet) || "";
}

export function phone() {
  return config.telephone;
}

/** A view made of a document of the server (maintenance, not found...). */
export function documentView(key) {
  const doc = config.documents[key];
  return h(
    "div",
    {},
    h("h1", { text: doc.entete }),
    ...doc.paragraphes.map((text) => h("p", { text })),
    doc.liens.length
      ? actions(
          ...doc.liens.map(([text, href], i) => linkButton(text, href, { secondaire: i > 0 })),
        )
      : null,
  );
}
