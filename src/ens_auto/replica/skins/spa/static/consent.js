/* Cookie consent: a modal dialog about one second after the first view, unless a choice
   was made before (localStorage). Whatever the choice, nothing is tracked: the choice is
   only remembered. */

import { switchField } from "./choices.js";
import { h } from "./dom.js";

const KEY = "mes-consentement-cookies";
const DELAY_MS = 1000;

function remembered() {
  try {
    return window.localStorage.getItem(KEY) !== null;
  } catch (error) {
    return false;
  }
}

function remember(audience) {
  try {
    window.localStorage.setItem(KEY, JSON.stringify({ audience, date: new Date().toISOString() }));
  } catch (error) {
    // Private browsing: the question will come again, nothing else to do.
  }
}

const OUTSIDE = ["page"];

function open() {
  if (remembered() || document.getElementById("fenetre-cookies")) return;
  const previous = document.activeElement;
  const zone = document.getElementById("zone-modale");
  const title = h("h2", { id: "fenetre-cookies-titre", text: "Vos préférences de cookies" });
  const text = h("p", {
    id: "fenetre-cookies-texte",
    text:
      "Mon espace santé utilise des cookies nécessaires à son fonctionnement. Avec votre " +
      "accord, nous utiliserions aussi des cookies de mesure d'audience, anonymes, pour " +
      "améliorer le service.",
  });
  const audience = switchField({
    name: "audience",
    label: "Mesure d'audience",
    description: "Statistiques de visite anonymes.",
  });
  const settings = h(
    "div",
    { class: "cookies__reglages", hidden: true },
    h("p", { text: "Cookies nécessaires au fonctionnement du site : toujours actifs." }),
    audience.root,
  );
  const dialog = h("div", {
    role: "dialog",
    "aria-modal": "true",
    "aria-labelledby": title.id,
    "aria-describedby": text.id,
    class: "cookies",
    id: "fenetre-cookies",
    tabindex: "-1",
  });
  const backdrop = h("div", { class: "voile" }, dialog);

  function choose(consent) {
    remember(consent);
    backdrop.remove();
    for (const id of OUTSIDE) document.getElementById(id)?.removeAttribute("inert");
    if (previous && previous.isConnected && previous.focus) previous.focus();
  }
  const accept = h("button", { type: "button", class: "bouton", text: "Accepter" });
  accept.addEventListener("click", () => choose(true));
  const refuse = h("button", {
    type: "button",
    class: "bouton bouton--secondaire",
    text: "Continuer sans accepter",
  });
  refuse.addEventListener("click", () => choose(false));
  const configure = h("button", {
    type: "button",
    class: "bouton bouton--tertiaire",
    text: "Paramétrer",
  });
  const save = h("button", {
    type: "button",
    class: "bouton",
    text: "Enregistrer mes choix",
    hidden: true,
  });
  configure.addEventListener("click", () => {
    settings.hidden = false;
    save.hidden = false;
    configure.hidden = true;
    audience.focus();
  });
  save.addEventListener("click", () => choose(audience.value() === "oui"));

  dialog.append(
    title,
    text,
    settings,
    h("div", { class: "actions" }, accept, refuse, configure, save),
  );
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const focusable = [...dialog.querySelectorAll("button:not([hidden])")].filter(
      (el) => el.offsetParent !== null,
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  for (const id of OUTSIDE) document.getElementById(id)?.setAttribute("inert", "");
  zone.append(backdrop);
  dialog.focus();
}

let scheduled = false;

/** After the first view: the dialog comes a moment later, if no choice was made. */
export function scheduleConsent() {
  if (scheduled || remembered()) return;
  scheduled = true;
  setTimeout(open, DELAY_MS);
}
