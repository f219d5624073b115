"""Skin « spa »: which logical page each client path shows, and the path of each page.

The server sends the same shell document for every path below; the application asks the
API (``GET /api/v1/page/<page>``) for the page of the path and renders it. The procedure
may answer with another page (the start of the procedure, a settled status...): the
application then shows that page at its own path (``PATHS``).
"""

from __future__ import annotations

from ens_auto.replica import procedure as p

#: Client path -> the logical page asked for there.
ROUTES: dict[str, str] = {
    "/": p.ACCUEIL,
    "/cgu": p.CGU,
    "/questions-frequentes": p.FAQ,
    "/enrolement/cloture/accueil": p.ENTREE,
    "/enrolement/code-provisoire": p.CODE,
    "/enrolement/nouveau-code": p.NOUVEAU_CODE,
    "/enrolement/nouveau-code/envoye": p.NOUVEAU_CODE_ENVOYE,
    "/enrolement/identite": p.IDENTITE,
    "/enrolement/representant-legal": p.REPRESENTANT,
    "/enrolement/representant-legal/refus": p.REPRESENTANT_REFUS,
    "/enrolement/choix": p.CHOIX,
    "/enrolement/profil-oppose": p.DEJA_OPPOSE,
    "/enrolement/profil-active": p.DEJA_ACTIVE,
    "/enrolement/opposition/confirmation": p.OPPOSITION_CONFIRMATION,
    "/enrolement/opposition/enregistree": p.OPPOSITION_ENREGISTREE,
    "/enrolement/activation/confirmation": p.ACTIVATION_CONFIRMATION,
    "/enrolement/activation/enregistree": p.ACTIVATION_ENREGISTREE,
    "/connexion": p.CONNEXION,
    "/connexion/code": p.CONNEXION_OTP,
    "/tableau-de-bord": p.TABLEAU_DE_BORD,
    "/parametres": p.PARAMETRES,
    "/profil-cloture": p.PROFIL_CLOTURE,
    "/session-expiree": p.SESSION_EXPIREE,
}

#: Logical page -> its path. The code is sent by SMS on the code's own page (no channel
#: page); the closure form is a tab of « Paramètres »; an unknown path is not routed (the
#: server answers 404 with the « introuvable » document).
PATHS: dict[str, str] = {
    **{page: path for path, page in ROUTES.items()},
    p.CONNEXION_CANAL: "/connexion/code",
    p.CLOTURE: "/parametres",
    p.CLOTURE_CONFIRMATION: "/parametres",
    p.INTROUVABLE: "/introuvable",
}

#: Paths an expired session may still see.
PUBLIC_PATHS: frozenset[str] = frozenset(
    {PATHS[page] for page in p.PUBLIC if page in PATHS} | {"/favicon.ico"}
)
