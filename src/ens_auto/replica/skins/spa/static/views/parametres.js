/* Views of the settings: tabs « Mes informations », « Notifications », « Clôture du
   profil » (the closure form, recorded at once), then the closed profile. */

import { checkbox, switchField } from "../choices.js";
import { pathOf } from "../config.js";
import { h } from "../dom.js";
import { actionButton, createForm, submit } from "../forms.js";
import { tabs } from "../tabs.js";
import { actions, badge, linkButton, success } from "./common.js";
import { passwordField } from "./compte.js";

function informations(account) {
  const rows = [
    ["Nom", account.nom_complet],
    ["Identifiant", account.identifiant],
    ["E-mail", account.email],
    ["Téléphone", account.telephone],
  ];
  return h(
    "div",
    {},
    h("h2", { text: "Mes informations" }),
    h(
      "dl",
      { class: "faits" },
      ...rows.flatMap(([t, v]) => [h("dt", { text: t }), h("dd", { text: v || "" })]),
    ),
  );
}

function notifications() {
  return h(
    "div",
    {},
    h("h2", { text: "Notifications" }),
    switchField({ name: "notifDocument", label: "M'avertir par e-mail d'un nouveau document" })
      .root,
    switchField({ name: "notifMessage", label: "M'avertir par e-mail d'un nouveau message" }).root,
  );
}

function closureForm() {
  const fields = [
    checkbox({
      name: "consentementFermeture",
      label:
        "J'ai compris que la clôture ferme mon profil : je n'aurai plus accès à mes " +
        "documents ni à ma messagerie.",
    }),
    checkbox({
      name: "consentementConfirmation",
      label: "Je confirme vouloir clôturer mon profil Mon espace santé.",
    }),
    switchField({
      name: "suppressionDonnees",
      label: "Supprimer aussi mes données",
      description:
        "Activé : vos données seront supprimées dans un délai de 3 mois au plus. Désactivé : " +
        "elles sont archivées pendant 10 ans et retrouvées si vous rouvrez votre profil.",
    }),
    passwordField("Par sécurité, saisissez à nouveau votre mot de passe."),
  ];
  const form = createForm({ fields });
  const cloturer = actionButton("Clôturer mon profil", () =>
    submit(form, "parametres", form.values()),
  );
  form.submitOnEnter(cloturer);
  return h(
    "div",
    {},
    h("h2", { text: "Clôture du profil" }),
    h("p", {
      text:
        "Vous pouvez fermer votre profil à tout moment. Sauf demande de suppression, vos " +
        "données sont conservées 10 ans et retrouvées si vous le rouvrez.",
    }),
    form.box,
    ...fields.map((field) => field.root),
    actions(cloturer),
  );
}

const parametres = {
  title: "Paramètres",
  render: (context) =>
    h(
      "div",
      {},
      h("h1", { text: "Paramètres" }),
      tabs({
        label: "Paramètres du profil",
        selected: context.query.onglet,
        onSelect: (key) => history.replaceState({}, "", `${pathOf("parametres")}?onglet=${key}`),
        items: [
          {
            key: "informations",
            label: "Mes informations",
            content: informations(context.data.compte || {}),
          },
          { key: "notifications", label: "Notifications", content: notifications() },
          { key: "cloture", label: "Clôture du profil", content: closureForm() },
        ],
      }),
    ),
};

const profilCloture = {
  title: "Profil clôturé",
  render: (context) => {
    const closure = context.data.cloture || {};
    const account = context.data.compte || {};
    return h(
      "div",
      {},
      h("h1", { text: "Votre profil est fermé" }),
      badge("Profil clôturé"),
      closure.suppression_donnees
        ? badge("Demande de suppression des données en cours", "attente")
        : null,
      success(
        h("p", {
          text:
            `Le profil Mon espace santé de ${account.nom_complet || ""} a été clôturé ` +
            `le ${closure.date || ""}.`,
        }),
      ),
      h("p", {
        text: closure.suppression_donnees
          ? "Vos données seront supprimées dans un délai de 3 mois au plus."
          : "Vos données sont archivées pendant 10 ans. Vous les retrouverez si vous rouvrez " +
            "votre profil.",
      }),
      h("p", { text: "Conservez une capture de cette page : aucune attestation n'est envoyée." }),
      actions(linkButton("Revenir à l'accueil", "/")),
    );
  },
};

export const parametresViews = {
  parametres,
  profil_cloture: profilCloture,
};
