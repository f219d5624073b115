/* The header's right side: « Se connecter », or, logged in, the person's name as a button
   that opens a panel of two buttons, « Paramètres » and « Se déconnecter ». */

import { act } from "./api.js";
import { config, pathOf } from "./config.js";
import { h, replaceChildren } from "./dom.js";
import { handleFailure, navigate } from "./router.js";

const WITHOUT_LINK = ["connexion", "connexion_canal", "connexion_otp", "profil_cloture"];

let close = () => {};

function accountMenu(fullName) {
  const panel = h("div", { class: "compte__panneau", id: "panneau-compte", hidden: true });
  const toggle = h(
    "button",
    {
      type: "button",
      class: "compte__bouton",
      id: "bouton-compte",
      "aria-expanded": "false",
      "aria-controls": panel.id,
    },
    h("span", { class: "compte__icone", "aria-hidden": "true" }),
    fullName,
  );
  function setOpen(open) {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }
  close = () => setOpen(false);
  toggle.addEventListener("click", () => setOpen(panel.hidden));

  const settings = h("button", { type: "button", class: "compte__action", text: "Paramètres" });
  settings.addEventListener("click", () => {
    setOpen(false);
    navigate(pathOf("parametres"));
  });
  const logout = h("button", { type: "button", class: "compte__action", text: "Se déconnecter" });
  logout.addEventListener("click", async () => {
    setOpen(false);
    try {
      await act("deconnexion");
    } catch (error) {
      if (handleFailure(error)) return;
    }
    navigate(pathOf("accueil"));
  });
  panel.append(h("ul", {}, h("li", {}, settings), h("li", {}, logout)));
  return h("div", { class: "compte" }, toggle, panel);
}

/** The header for the view of `page` (its facts say who is logged in). */
export function updateAccount(page, data) {
  const zone = document.getElementById("zone-compte");
  if (!zone) return;
  close = () => {};
  const account = data && data.compte;
  if (account && (config.connecte || []).includes(page)) {
    replaceChildren(zone, accountMenu(account.nom_complet));
  } else if (WITHOUT_LINK.includes(page)) {
    replaceChildren(zone);
  } else {
    replaceChildren(
      zone,
      h("a", { class: "lien-entete", href: pathOf("connexion"), text: "Se connecter" }),
    );
  }
}

document.addEventListener("click", (event) => {
  if (!event.target.closest(".compte")) close();
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && document.querySelector(".compte [aria-expanded=true]")) {
    close();
    document.getElementById("bouton-compte").focus();
  }
});
