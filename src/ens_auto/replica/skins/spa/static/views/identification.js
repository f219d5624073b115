/* Views of the identification: the code provisoire (also the entry of the opposition),
   a new code, the identity, the legal representative and its refusal. */

import { act } from "../api.js";
import { listbox, radioGroup } from "../choices.js";
import { pathOf } from "../config.js";
import { h } from "../dom.js";
import { textField } from "../fields.js";
import { actionButton, createForm, submit } from "../forms.js";
import { maskNir } from "../mask.js";
import { actions, info, linkButton, personName, step } from "./common.js";

const PREFIX_AVEC_PHOTO = "8025000002";
const SERIE = {
  sans_photo: {
    label: "Mon numéro de série (entre 8 et 13 caractères)",
    hint: "Il est imprimé en haut à gauche, au dos de votre carte Vitale.",
  },
  avec_photo: {
    label: `Mon numéro de série (les 11 chiffres après ${PREFIX_AVEC_PHOTO})`,
    hint:
      `Au dos de votre carte, le numéro de série commence par ${PREFIX_AVEC_PHOTO} : ` +
      "saisissez les 11 chiffres qui suivent.",
  },
};

function nirField() {
  return textField({
    name: "nir",
    label: "Mon numéro de sécurité sociale",
    hint: "15 caractères, par exemple 1 55 12 55 555 555 55",
    mask: maskNir,
  });
}

/** The card model (a list that opens on demand) and the serial, whose label follows the
 * model. */
function cardFields() {
  let serial = null;
  const model = listbox({
    name: "typeCarte",
    label: "Je renseigne le modèle de ma carte Vitale.",
    options: [
      { value: "sans_photo", label: "Carte Vitale sans photo" },
      { value: "avec_photo", label: "Carte Vitale avec photo" },
    ],
    onChange: (value) => {
      serial.setLabel(SERIE[value].label);
      serial.setHint(SERIE[value].hint);
      serial.setPrefix(value === "avec_photo" ? PREFIX_AVEC_PHOTO : null);
    },
  });
  serial = textField({
    name: "numeroSerie",
    label: SERIE.sans_photo.label,
    hint: SERIE.sans_photo.hint,
    inputmode: "numeric",
  });
  return [model, serial];
}

function codeView(context, { entree }) {
  const opposition = entree || context.data.parcours === "opposition";
  const code = textField({
    name: "codeProvisoire",
    label: "Saisir le code provisoire à 12 caractères",
    hint: "12 lettres ou chiffres, indiqués dans le courrier ou le courriel reçu.",
  });
  const form = createForm({ fields: [code], messageField: "codeProvisoire" });
  const valider = actionButton("Valider", () =>
    submit(form, "code", { codeProvisoire: code.value() }),
  );
  form.submitOnEnter(valider);
  const intro = opposition
    ? "Pour vous opposer à la création de votre profil, ou de celui d'une personne que vous " +
      "représentez, saisissez le code provisoire reçu par courrier ou par e-mail."
    : "Pour activer votre profil, saisissez le code provisoire reçu par courrier ou par e-mail.";
  return h(
    "div",
    {},
    h("p", {
      class: "surtitre",
      text: opposition ? "M'opposer à la création de Mon espace santé" : "Activer Mon espace santé",
    }),
    step(1, "Code provisoire"),
    h("h1", { text: "Mon code provisoire" }),
    h("p", { text: intro }),
    form.box,
    code.root,
    actions(valider),
    h("p", {}, h("a", { href: pathOf("nouveau_code"), text: "Je n'ai pas de code provisoire" })),
    entree
      ? h(
          "p",
          { class: "encart" },
          "Votre profil est déjà activé et vous souhaitez le fermer ? ",
          h("a", { href: pathOf("connexion"), text: "Me connecter pour clôturer mon profil" }),
        )
      : null,
  );
}

const entree = {
  title: "M'opposer à Mon espace santé",
  load: async () => {
    const answer = await act("parcours", { parcours: "opposition" });
    return { page: "entree", data: answer.data || {} };
  },
  render: (context) => codeView(context, { entree: true }),
};

const code = {
  title: "Mon code provisoire",
  load: async (context) => {
    const parcours = context.query.parcours;
    if (parcours !== "activation" && parcours !== "opposition") return null;
    const answer = await act("parcours", { parcours });
    return { page: "code", data: answer.data || {} };
  },
  render: (context) => codeView(context, { entree: false }),
};

const identite = {
  title: "Mon identité",
  render: (context) => {
    const nir = nirField();
    const fields = [nir, ...cardFields()];
    const form = createForm({ fields });
    const valider = actionButton("Valider", () => submit(form, "identite", form.values()));
    form.submitOnEnter(valider);
    const represented = context.data.personne && context.data.personne.represente;
    return h(
      "div",
      {},
      step(2, "Identité"),
      h("h1", { text: "Mon identité" }),
      represented
        ? info(
            `Ce code provisoire est celui de ${personName(context.data)} : saisissez ses ` +
              "informations, et non les vôtres.",
          )
        : null,
      h("p", { text: "Tous les champs sont obligatoires." }),
      form.box,
      ...fields.map((field) => field.root),
      actions(valider),
    );
  },
};

const nouveauCode = {
  title: "Générer un nouveau code provisoire",
  render: () => {
    const date = textField({
      name: "dateNaissance",
      label: "Date de naissance",
      hint: "Au format jj/mm/aaaa. Si cela concerne mon enfant, j'indique sa date de naissance.",
      inputmode: "numeric",
    });
    const canal = radioGroup({
      name: "canal",
      label: "Je reçois mon nouveau code",
      options: [
        { value: "sms", label: "Par SMS" },
        { value: "email", label: "Par e-mail" },
      ],
    });
    const fields = [nirField(), date, ...cardFields(), canal];
    const form = createForm({ fields });
    const envoyer = actionButton("Envoyer le code", () =>
      submit(form, "nouveau-code", form.values()),
    );
    form.submitOnEnter(envoyer);
    return h(
      "div",
      {},
      h("h1", { text: "Générer un nouveau code provisoire" }),
      h("p", { text: "Tous les champs sont obligatoires." }),
      form.box,
      ...fields.map((field) => field.root),
      actions(envoyer),
    );
  },
};

const nouveauCodeEnvoye = {
  title: "Nouveau code demandé",
  render: (context) =>
    h(
      "div",
      {},
      h("h1", { text: "Nouveau code demandé" }),
      h("p", {
        text:
          "Si les informations saisies correspondent à un assuré, un nouveau code provisoire " +
          `vient de vous être envoyé ${context.data.canal === "email" ? "par e-mail" : "par SMS"}` +
          ".",
      }),
      actions(linkButton("Saisir mon code provisoire", pathOf("code"))),
    ),
};

const representant = {
  title: "Représentant légal",
  render: (context) => {
    const name = personName(context.data);
    const answer = radioGroup({
      name: "representant",
      label: "Votre situation",
      options: [
        { value: "oui", label: `Je certifie être le représentant légal de ${name}.` },
        { value: "non", label: `Je ne suis pas le représentant légal de ${name}.` },
      ],
    });
    const form = createForm({ fields: [answer] });
    const continuer = actionButton("Continuer", () => submit(form, "representant", form.values()));
    return h(
      "div",
      {},
      step(2, "Identité"),
      h("h1", { text: "Représentant légal" }),
      h("p", {
        text:
          `Ce code provisoire concerne le profil Mon espace santé de ${name}. Seul son ` +
          "représentant légal peut faire cette démarche.",
      }),
      form.box,
      answer.root,
      actions(continuer),
    );
  },
};

const representantRefus = {
  title: "Démarche impossible",
  render: (context) =>
    h(
      "div",
      {},
      h("h1", { text: "Vous ne pouvez pas faire cette démarche" }),
      info(
        `Seul le représentant légal auquel ${personName(context.data) || "cette personne"} ` +
          "est rattaché(e) peut activer son profil ou s'opposer à sa création.",
      ),
      h("p", { text: "Aucune démarche n'a été enregistrée." }),
      actions(linkButton("Revenir à l'accueil", "/")),
    ),
};

export const identificationViews = {
  entree,
  code,
  identite,
  nouveau_code: nouveauCode,
  nouveau_code_envoye: nouveauCodeEnvoye,
  representant,
  representant_refus: representantRefus,
};
