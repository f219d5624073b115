/* Views of the public pages: home, terms of use, FAQ, and the pages outside the
   procedures (session expired, maintenance, not found, no answer from the service). */

import { config } from "../config.js";
import { h } from "../dom.js";
import { render } from "../router.js";
import { actions, documentView, linkButton } from "./common.js";

const accueil = {
  title: "Accueil",
  render: () =>
    h(
      "div",
      {},
      h(
        "section",
        { class: "une" },
        h("h1", { text: "Mon espace santé" }),
        h("p", {
          class: "chapo",
          text:
            "Le carnet de santé numérique de l'Assurance Maladie : vos documents et données " +
            "de santé, conservés et partagés en toute sécurité.",
        }),
        actions(
          linkButton("Activer Mon espace santé", "/enrolement/code-provisoire?parcours=activation"),
          linkButton("M'opposer à Mon espace santé", "/enrolement/cloture/accueil", {
            secondaire: true,
          }),
        ),
      ),
      h(
        "section",
        {},
        h("h2", { text: "Votre profil, votre choix" }),
        h("p", {
          text:
            "Un profil est créé pour chaque assuré, sauf opposition de sa part dans les six " +
            "semaines qui suivent le courrier ou le courriel d'information. Ce message " +
            "contient un code provisoire : il sert à activer votre profil ou à refuser sa " +
            "création.",
        }),
        h(
          "p",
          {},
          "Plus d'informations dans les ",
          h("a", { href: "/questions-frequentes", text: "questions fréquentes" }),
          ".",
        ),
      ),
    ),
};

const cgu = {
  title: "Conditions générales d'utilisation",
  render: () =>
    h(
      "div",
      {},
      h("h1", { text: "Conditions générales d'utilisation" }),
      h("h2", { text: "3.3 Opposition et clôture" }),
      h("p", {
        text:
          "a. Opposition à la création du profil : l'usager s'identifie avec son code " +
          "provisoire (ou celui de son enfant, ou du majeur qu'il représente), son numéro de " +
          "sécurité sociale, le type et le numéro de série de sa carte Vitale. Il choisit de " +
          "s'opposer, confirme son choix ; une page de prise en compte de son choix est " +
          "affichée et un justificatif au format PDF est mis à sa disposition.",
      }),
      h("p", {
        text:
          "b. Clôture du profil : depuis les paramètres du profil. Les données sont " +
          "archivées dix ans, sauf demande de suppression, réalisée dans un délai de trois " +
          "mois au plus.",
      }),
    ),
};

const faq = {
  title: "Questions fréquentes",
  render: () =>
    h(
      "div",
      {},
      h("h1", { text: "Questions fréquentes" }),
      h("h2", { text: "Je n'ai pas reçu mon code provisoire" }),
      h(
        "p",
        {},
        "Vous pouvez ",
        h("a", { href: "/enrolement/nouveau-code", text: "générer un nouveau code provisoire" }),
        ", envoyé par SMS ou par e-mail.",
      ),
      h("h2", { text: "Comment refuser la création de mon profil ?" }),
      h(
        "p",
        {},
        "Munissez-vous de votre code provisoire et de votre carte Vitale, puis ",
        h("a", { href: "/enrolement/cloture/accueil", text: "faites votre démarche en ligne" }),
        ", ou appelez le 3422.",
      ),
      h("h2", { text: "Et pour mes enfants ?" }),
      h("p", {
        text:
          "Chaque enfant a son propre code provisoire, envoyé au représentant légal auquel " +
          "il est rattaché. Faites d'abord la démarche pour vos enfants, puis pour vous.",
      }),
    ),
};

const erreurReseau = {
  title: "Service indisponible",
  render: () => {
    const retry = h("button", { type: "button", class: "bouton", text: "Réessayer" });
    retry.addEventListener("click", () => render());
    return h(
      "div",
      {},
      h("h1", { text: "Le service ne répond pas" }),
      h("p", { text: "Vérifiez votre connexion à Internet, puis réessayez." }),
      actions(retry),
    );
  },
};

const fromDocument = (key) => ({
  title: () => config.documents[key].titre,
  render: () => documentView(key),
});

export const publicViews = {
  accueil,
  cgu,
  faq,
  erreur_reseau: erreurReseau,
  session_expiree: fromDocument("session_expiree"),
  maintenance: {
    ...fromDocument("maintenance"),
    load: async () => ({ page: "maintenance", data: {} }),
  },
  introuvable: fromDocument("introuvable"),
};
