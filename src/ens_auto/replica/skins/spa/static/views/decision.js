/* Views of the decision: activate or oppose, the settled statuses, the confirmations and
   the pages saying the choice is recorded (with the justificatif of an opposition). */

import { radioGroup } from "../choices.js";
import { config, pathOf } from "../config.js";
import { h } from "../dom.js";
import { justificatifControl } from "../download.js";
import { actionButton, createForm, submit } from "../forms.js";
import { actions, badge, info, linkButton, personName, phone, step, success } from "./common.js";

function facts(rows) {
  return h(
    "dl",
    { class: "faits" },
    ...rows.flatMap(([term, value]) => [h("dt", { text: term }), h("dd", { text: value })]),
  );
}

const choix = {
  title: "Activer ou m'opposer",
  render: (context) => {
    const name = personName(context.data);
    const choice = radioGroup({
      name: "choix",
      label: `Pour le profil de ${name}, je choisis :`,
      cartes: true,
      options: [
        {
          value: "activation",
          label: "J'active Mon espace santé",
          description:
            "Je retrouve mes documents de santé et j'échange avec mes professionnels de santé.",
        },
        {
          value: "opposition",
          label: "Je m'oppose à la création de Mon espace santé",
          description: "Aucun profil ne sera créé. Je pourrai changer d'avis plus tard.",
        },
      ],
    });
    const form = createForm({ fields: [choice] });
    const continuer = actionButton("Continuer", () => submit(form, "choix", form.values()));
    return h(
      "div",
      {},
      step(3, "Votre choix"),
      h("h1", { text: "Que souhaitez-vous faire ?" }),
      h("p", {
        text:
          "Mon espace santé conserve vos documents de santé (ordonnances, résultats " +
          "d'examens, vaccinations) et vous permet d'échanger avec vos professionnels de santé.",
      }),
      form.box,
      choice.root,
      actions(continuer),
    );
  },
};

const dejaOppose = {
  title: "Opposition déjà enregistrée",
  render: (context) =>
    h(
      "div",
      {},
      h("h1", { text: "Opposition déjà enregistrée" }),
      badge("Profil opposé"),
      info(`${config.messages.deja_oppose} Profil de ${personName(context.data)}.`),
      h("p", { text: "Vous n'avez rien d'autre à faire." }),
      h("p", { text: phone() }),
      actions(linkButton("Revenir à l'accueil", "/")),
    ),
};

const dejaActive = {
  title: "Profil déjà activé",
  render: (context) =>
    h(
      "div",
      {},
      h("h1", { text: "Profil déjà activé" }),
      badge("Profil activé"),
      info(`${config.messages.deja_active} Profil de ${personName(context.data)}.`),
      h("p", {
        text:
          "Il n'est plus possible de s'opposer à sa création. Vous pouvez en revanche " +
          "clôturer ce profil depuis vos paramètres, une fois connecté(e).",
      }),
      actions(linkButton("Me connecter pour clôturer mon profil", pathOf("connexion"))),
    ),
};

function confirmation({ action, heading, lead, points, confirmText }) {
  return (context) => {
    const form = createForm({ fields: [] });
    const confirmer = actionButton(confirmText, () =>
      submit(form, action, { action: "confirmer" }),
    );
    const modifier = actionButton(
      "Modifier mon choix",
      () => submit(form, action, { action: "retour" }),
      { secondaire: true },
    );
    return h(
      "div",
      {},
      step(4, "Confirmation"),
      h("h1", { text: heading }),
      h("p", { text: lead(personName(context.data)) }),
      h("ul", {}, ...points.map((text) => h("li", { text }))),
      form.box,
      actions(confirmer, modifier),
    );
  };
}

const oppositionConfirmation = {
  title: "Confirmer mon opposition",
  render: confirmation({
    action: "confirmation-opposition",
    heading: "Confirmez-vous votre opposition ?",
    lead: (name) => `Vous allez refuser la création du profil Mon espace santé de ${name}.`,
    points: [
      "Aucun profil Mon espace santé ne sera créé.",
      "Vos professionnels de santé ne pourront pas y déposer de documents.",
      "Vous pourrez changer d'avis plus tard en activant votre profil.",
    ],
    confirmText: "Oui, je confirme mon opposition",
  }),
};

const activationConfirmation = {
  title: "Confirmer l'activation",
  render: confirmation({
    action: "confirmation-activation",
    heading: "Confirmez-vous l'activation ?",
    lead: (name) => `Vous allez activer le profil Mon espace santé de ${name}.`,
    points: [
      "Vos professionnels de santé pourront y déposer vos documents.",
      "Vous pourrez clôturer votre profil à tout moment.",
    ],
    confirmText: "Oui, j'active mon profil",
  }),
};

const oppositionEnregistree = {
  title: "Opposition enregistrée",
  render: (context) =>
    h(
      "div",
      {},
      h("h1", { text: "Votre opposition est enregistrée" }),
      success(
        h("p", {
          text:
            "C'est noté : aucun profil Mon espace santé ne sera créé pour " +
            `${personName(context.data)}.`,
        }),
      ),
      facts([
        ["Référence", context.data.reference || ""],
        ["Date", context.data.date || ""],
      ]),
      h("h2", { text: "Votre justificatif" }),
      h("p", {
        text: "Gardez ce document : il prouve votre opposition, avec sa date et sa référence.",
      }),
      justificatifControl(),
      h("p", {}, h("a", { href: "/", text: "Revenir à l'accueil" })),
    ),
};

const activationEnregistree = {
  title: "Profil activé",
  render: (context) =>
    h(
      "div",
      {},
      h("h1", { text: "Votre profil est activé" }),
      success(
        h("p", {
          text: `Le profil Mon espace santé de ${personName(context.data)} est prêt.`,
        }),
      ),
      facts([["Référence", context.data.reference || ""]]),
      actions(linkButton("Revenir à l'accueil", "/")),
    ),
};

export const decisionViews = {
  choix,
  deja_oppose: dejaOppose,
  deja_active: dejaActive,
  opposition_confirmation: oppositionConfirmation,
  activation_confirmation: activationConfirmation,
  opposition_enregistree: oppositionEnregistree,
  activation_enregistree: activationEnregistree,
};
