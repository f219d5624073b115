/* Views of the login: identifiant and password, then the one-time code (sent by SMS at
   once, no channel page), then the dashboard. */

import { act, pageData } from "../api.js";
import { announce } from "../announce.js";
import { pathOf } from "../config.js";
import { h } from "../dom.js";
import { NETWORK_ERROR, actionButton, createForm, submit } from "../forms.js";
import { handleFailure } from "../router.js";
import { textField } from "../fields.js";
import { actions } from "./common.js";

export function passwordField(hint = null) {
  return textField({
    name: "motDePasse",
    label: "Mot de passe",
    hint,
    type: "password",
    autocomplete: "current-password",
  });
}

const connexion = {
  title: "Connexion",
  render: () => {
    const identifiant = textField({
      name: "identifiant",
      label: "Identifiant",
      autocomplete: "username",
    });
    const fields = [identifiant, passwordField()];
    const form = createForm({ fields, messageField: "identifiant" });
    const connecter = actionButton("Se connecter", () => submit(form, "connexion", form.values()));
    form.submitOnEnter(connecter);
    return h(
      "div",
      {},
      h("h1", { text: "Connexion à Mon espace santé" }),
      form.box,
      ...fields.map((field) => field.root),
      actions(connecter),
      h(
        "p",
        {},
        h("a", {
          href: `${pathOf("code")}?parcours=activation`,
          text: "Je n'ai pas encore activé mon profil",
        }),
      ),
    );
  },
};

/** No channel page: the code is sent by SMS as soon as the code's view needs it. */
async function loadOtp() {
  const shown = await pageData("connexion_otp");
  if (shown.page !== "connexion_canal") return shown;
  const answer = await act("canal", { canal: "sms" });
  return { page: answer.page, data: answer.data || {} };
}

const otp = {
  title: "Code à usage unique",
  load: loadOtp,
  render: (context) => {
    const account = context.data.compte || {};
    const code = textField({
      name: "codeUnique",
      label: "Code à usage unique",
      hint: "6 chiffres",
      inputmode: "numeric",
      autocomplete: "one-time-code",
    });
    const form = createForm({ fields: [code], messageField: "codeUnique" });
    const valider = actionButton("Valider", () => submit(form, "code-unique", form.values()));
    form.submitOnEnter(valider);
    const resend = actionButton(
      "Recevoir un nouveau code",
      async () => {
        try {
          await act("canal", { canal: "sms" });
        } catch (error) {
          if (!handleFailure(error)) form.show({}, NETWORK_ERROR);
          return;
        }
        announce("Un nouveau code vous a été envoyé par SMS.");
      },
      { secondaire: true },
    );
    return h(
      "div",
      {},
      h("h1", { text: "Vérification de votre identité" }),
      h("p", {
        text: `Nous venons de vous envoyer un code par SMS au ${account.telephone || ""}.`,
      }),
      form.box,
      code.root,
      actions(valider, resend),
    );
  },
};

const tableauDeBord = {
  title: "Mon espace santé",
  render: (context) => {
    const account = context.data.compte || {};
    const tiles = [
      ["Mes documents", "Ordonnances, résultats d'examens, comptes rendus."],
      ["Ma messagerie", "Échangez avec vos professionnels de santé."],
      ["Mon profil médical", "Antécédents, allergies, vaccinations."],
      ["Mon agenda", "Vos rendez-vous et rappels."],
    ];
    return h(
      "div",
      {},
      h("h1", { text: `Bonjour ${account.prenom || ""}` }),
      h("p", { text: "Bienvenue sur votre profil Mon espace santé." }),
      h(
        "ul",
        { class: "tuiles" },
        ...tiles.map(([title, text]) =>
          h("li", { class: "tuile" }, h("h2", { text: title }), h("p", { text })),
        ),
      ),
    );
  },
};

export const compteViews = {
  connexion,
  connexion_canal: otp,
  connexion_otp: otp,
  tableau_de_bord: tableauDeBord,
};
