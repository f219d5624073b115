"""The replica's server logic, shared by every skin: what each submission does, where the
person goes next, what each page may show. No HTML here.

A skin (``replica/skins/``) is presentation and page sequence only: it renders the logical
pages named below and sends its forms' values (canonical names) to these functions. The
JSON API (``replica/api.py``) calls the same functions for client-rendered skins.

Known facts (``SITE.md``) decide the rules and the field error messages (``validation``);
the texts SITE.md does not know (an unknown code, a mismatch...) are message *keys* with a
default text that a skin may word its own way (:attr:`Result.message_key`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ens_auto.replica import validation as v
from ens_auto.replica.identities import Account, Identities, Person
from ens_auto.replica.state import Closure, Record, ReplicaState, Session

# -- logical pages (a skin maps each to a URL and a view) --------------------------------------
ACCUEIL = "accueil"
CGU = "cgu"
FAQ = "faq"
ENTREE = "entree"  # /enrolement/cloture/accueil (the entry path known from the app)
CODE = "code"
NOUVEAU_CODE = "nouveau_code"
NOUVEAU_CODE_ENVOYE = "nouveau_code_envoye"
IDENTITE = "identite"
REPRESENTANT = "representant"
REPRESENTANT_REFUS = "representant_refus"
CHOIX = "choix"
DEJA_OPPOSE = "deja_oppose"
DEJA_ACTIVE = "deja_active"
OPPOSITION_CONFIRMATION = "opposition_confirmation"
OPPOSITION_ENREGISTREE = "opposition_enregistree"
ACTIVATION_CONFIRMATION = "activation_confirmation"
ACTIVATION_ENREGISTREE = "activation_enregistree"
CONNEXION = "connexion"
CONNEXION_CANAL = "connexion_canal"
CONNEXION_OTP = "connexion_otp"
TABLEAU_DE_BORD = "tableau_de_bord"
PARAMETRES = "parametres"
CLOTURE = "cloture"  # the closure form, for skins that show it apart from the settings
CLOTURE_CONFIRMATION = "cloture_confirmation"  # « are you sure? », for skins that ask it
PROFIL_CLOTURE = "profil_cloture"
SESSION_EXPIREE = "session_expiree"
MAINTENANCE = "maintenance"
INTROUVABLE = "introuvable"
ERREUR_PDF = "erreur_pdf"

#: Every logical page, in the order of the procedures.
PAGES = (
    ACCUEIL, CGU, FAQ, ENTREE, CODE, NOUVEAU_CODE, NOUVEAU_CODE_ENVOYE, IDENTITE,
    REPRESENTANT, REPRESENTANT_REFUS, CHOIX, DEJA_OPPOSE, DEJA_ACTIVE,
    OPPOSITION_CONFIRMATION, OPPOSITION_ENREGISTREE, ACTIVATION_CONFIRMATION,
    ACTIVATION_ENREGISTREE, CONNEXION, CONNEXION_CANAL, CONNEXION_OTP, TABLEAU_DE_BORD,
    PARAMETRES, CLOTURE, CLOTURE_CONFIRMATION, PROFIL_CLOTURE, SESSION_EXPIREE, MAINTENANCE,
    INTROUVABLE, ERREUR_PDF,
)  # fmt: skip

#: Pages any visitor may see (an expired session does not send them elsewhere).
PUBLIC = {ACCUEIL, CGU, FAQ, ENTREE, SESSION_EXPIREE, MAINTENANCE, INTROUVABLE}

#: Canonical field names of the forms (a skin may name its inputs otherwise and say so).
FIELDS = (
    "parcours", "codeProvisoire", "nir", "typeCarte", "numeroSerie", "dateNaissance", "canal",
    "representant", "choix", "action", "identifiant", "motDePasse", "codeUnique",
    "consentementFermeture", "consentementConfirmation", "suppressionDonnees",
)  # fmt: skip

# -- messages SITE.md does not know (keys, with the replica's default wording) -----------------
MESSAGES = {
    "code_inconnu": "Ce code provisoire n'est pas valide. Vérifiez-le ou générez-en un nouveau.",
    "identite_differente": "Les informations saisies ne correspondent pas à ce code provisoire.",
    "deja_oppose": "Vous vous êtes déjà opposé(e) à la création de Mon espace santé.",
    "deja_active": "Votre profil Mon espace santé est déjà activé.",
    "representant_requis": "Sélectionner une réponse",
    "choix_requis": "Sélectionner une option",
    "identifiants": "Identifiant ou mot de passe incorrect.",
    "identifiant_vide": "Saisir votre identifiant",
    "mot_de_passe_vide": "Saisir votre mot de passe",
    "code_unique_faux": "Code incorrect.",
    "consentement": "Cocher cette case pour clôturer votre profil",
    "mot_de_passe_faux": "Mot de passe incorrect.",
    "opposition_enregistree": (
        "Votre opposition à la création de Mon espace santé a bien été enregistrée."
    ),
    "choix_pris_en_compte": "Votre choix a bien été pris en compte.",
    "pdf_echec": "Le justificatif n'a pas pu être généré. Veuillez réessayer plus tard.",
    "canal_requis": v.MSG_CHANNEL,
}

PHONE = (
    "Vous pouvez aussi appeler le 3422 (service gratuit + prix d'un appel), du lundi au "
    "vendredi de 8 h 30 à 17 h 30."
)


@dataclass
class Result:
    """What a submission gives: the page to go to, or the same page again with errors.

    ``errors`` are per field (canonical names, SITE.md's messages); ``message_key`` is a
    form-level message (a key of :data:`MESSAGES`)."""

    page: str
    errors: dict[str, str] = field(default_factory=dict)
    message_key: str | None = None
    status: int = 200
    #: Show ``page`` as the answer to this submission (a dead end such as the refusal of
    #: a legal representative) instead of sending the visitor to it.
    in_place: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and self.message_key is None and self.status < 400

    @property
    def message(self) -> str | None:
        return MESSAGES.get(self.message_key) if self.message_key else None

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "page": self.page,
            "errors": self.errors,
            "message_key": self.message_key,
            "message": self.message,
        }


def _error(page: str, status: int, *, errors: dict[str, str] | None = None,
           message_key: str | None = None) -> Result:  # fmt: skip
    return Result(page, errors or {}, message_key, status)


class Procedure:
    """One request's view of the procedures: the replica's state, the visitor's session."""

    def __init__(self, state: ReplicaState, identities: Identities, session: Session) -> None:
        self.state = state
        self.ids = identities
        self.session = session

    @property
    def data(self) -> dict[str, Any]:
        return self.session.data

    # -- who is there ----------------------------------------------------------------------
    @property
    def person(self) -> Person | None:
        pid = self.data.get("person")
        return self.ids.person(pid) if pid else None

    @property
    def account(self) -> Account | None:
        aid = self.data.get("account")
        return self.ids.account(aid) if aid else None

    @property
    def pending_account(self) -> Account | None:
        aid = self.data.get("pending_account")
        return self.ids.account(aid) if aid else None

    @property
    def parcours(self) -> str:
        return self.data.get("parcours", "activation")

    def already_opposed(self, person: Person) -> bool:
        return person.statut == "oppose" or self.state.opposition_of(person.id) is not None

    def already_active(self, person: Person) -> bool:
        return person.statut == "active" or self.state.activation_of(person.id) is not None

    def may_choose(self) -> Person | None:
        """The person whose identity was checked (and, if represented, vouched for)."""
        person = self.person
        if person is None or not self.data.get("identified"):
            return None
        if person.represented and not self.data.get("representant_ok"):
            return None
        return person

    def own_opposition(self) -> tuple[Person, Record] | None:
        """The opposition this session just recorded (for its page and its justificatif)."""
        reference = self.data.get("reference")
        person = self.person
        if not reference or person is None:
            return None
        record = self.state.opposition_of(person.id)
        if record is None or record.reference != reference:
            return None
        return person, record

    def own_activation(self) -> Record | None:
        person = self.person
        reference = self.data.get("activation")
        record = self.state.activation_of(person.id) if person and reference else None
        return record if record is not None and record.reference == reference else None

    def closure(self) -> Closure | None:
        account = self.account
        return self.state.closure_of(account.id) if account else None

    # -- where the visitor may be ------------------------------------------------------------
    def where(self, page: str) -> str:
        """The page to show when ``page`` is asked for: itself, or where the visitor must go
        instead (start of the procedure, the settled status of a profile...)."""
        if page in (IDENTITE,) and self.person is None:
            return CODE
        if page == REPRESENTANT:
            person = self.person
            if person is None or not self.data.get("identified"):
                return CODE
            if not person.represented:
                return self.where(CHOIX)
        if page in (CHOIX, DEJA_OPPOSE, DEJA_ACTIVE):
            person = self.may_choose()
            if person is None:
                return CODE
            if self.already_opposed(person):
                return DEJA_OPPOSE
            if self.already_active(person):
                return DEJA_ACTIVE
            return CHOIX
        if page in (OPPOSITION_CONFIRMATION, ACTIVATION_CONFIRMATION):
            choice = "opposition" if page == OPPOSITION_CONFIRMATION else "activation"
            person = self.may_choose()
            if person is None:
                return CODE
            if choice == "opposition" and self.own_opposition() is not None:
                return OPPOSITION_ENREGISTREE  # confirmed already (double click, back button)
            if choice == "activation" and self.own_activation() is not None:
                return ACTIVATION_ENREGISTREE
            if self.data.get("choix") != choice:
                return self.where(CHOIX)
        if page == OPPOSITION_ENREGISTREE and self.own_opposition() is None:
            return CODE
        if page == ACTIVATION_ENREGISTREE and self.own_activation() is None:
            return CODE
        if page in (CONNEXION_CANAL, CONNEXION_OTP) and self.pending_account is None:
            return CONNEXION
        if page == CONNEXION_OTP and self.data.get("otp_canal") is None:
            return CONNEXION_CANAL
        if page in (TABLEAU_DE_BORD, PARAMETRES, CLOTURE, CLOTURE_CONFIRMATION):
            if self.account is None:
                return CONNEXION
            if self.closure() is not None:
                return PROFIL_CLOTURE
            if page == CLOTURE_CONFIRMATION and "cloture_en_attente" not in self.data:
                return self.data.get("cloture_depuis", PARAMETRES)
        if page == PROFIL_CLOTURE and self.closure() is None:
            return CONNEXION
        return page

    # -- enrolment: opposition or activation ---------------------------------------------------
    def start(self, parcours: str | None) -> None:
        """A new enrolment (« activation » or « opposition »): forget the previous one."""
        for key in ("person", "identified", "representant_ok", "choix", "reference", "activation"):
            self.data.pop(key, None)
        if parcours in ("activation", "opposition"):
            self.data["parcours"] = parcours

    def note_parcours(self, parcours: str | None) -> None:
        if parcours in ("activation", "opposition"):
            self.data["parcours"] = parcours

    def submit_code(self, values: dict[str, str]) -> Result:
        code = values.get("codeProvisoire", "")
        error = v.check_code(code)
        if error:
            return _error(CODE, 422, errors={"codeProvisoire": error})
        person = self.ids.person_by_code(code)
        if person is None:
            return _error(CODE, 422, message_key="code_inconnu")
        parcours = values.get("parcours") or self.data.get("parcours")
        self.start(parcours if parcours in ("activation", "opposition") else "activation")
        self.data["person"] = person.id
        return Result(IDENTITE)

    def submit_identity(self, values: dict[str, str]) -> Result:
        person = self.person
        if person is None:
            return Result(CODE)
        errors: dict[str, str] = {}
        error = v.check_nir(values.get("nir", ""))
        if error:
            errors["nir"] = error
        errors.update(check_card_fields(values))
        if errors:
            return _error(IDENTITE, 422, errors=errors)
        matches = (
            v.normalize_nir(values["nir"]) == person.nir
            and values["typeCarte"] == person.carte_vitale_type
            and v.normalize_serie(values["numeroSerie"]) == person.carte_vitale_serie
        )
        if not matches:
            return _error(IDENTITE, 422, message_key="identite_differente")
        self.data["identified"] = True
        self.data["representant_ok"] = False
        return Result(REPRESENTANT if person.represented else self.where(CHOIX))

    def submit_identification(self, values: dict[str, str]) -> Result:
        """Code and identity on one page (skins that ask everything at once)."""
        result = self.submit_code(values)
        if not result.ok:
            errors = dict(result.errors)
            errors.update(_identity_errors(values))
            return _error(IDENTITE, 422, errors=errors, message_key=result.message_key)
        return self.submit_identity(values)

    def submit_new_code(self, values: dict[str, str]) -> Result:
        errors: dict[str, str] = {}
        for name, error in (
            ("nir", v.check_nir(values.get("nir", ""))),
            ("dateNaissance", v.check_date(values.get("dateNaissance", ""))),
            ("canal", None if values.get("canal") in ("sms", "email") else v.MSG_CHANNEL),
        ):
            if error:
                errors[name] = error
        errors.update(check_card_fields(values))
        if errors:
            return _error(NOUVEAU_CODE, 422, errors=errors)
        self.data["nouveau_code_canal"] = values["canal"]
        return Result(NOUVEAU_CODE_ENVOYE)

    def submit_representant(self, values: dict[str, str]) -> Result:
        person = self.person
        if person is None or not self.data.get("identified"):
            return Result(CODE)
        if not person.represented:
            return Result(self.where(CHOIX))
        answer = values.get("representant")
        if answer not in ("oui", "non"):
            return _error(
                REPRESENTANT, 422, errors={"representant": MESSAGES["representant_requis"]}
            )
        if answer == "non":
            self.data["refused_person"] = person.id
            self.start(self.parcours)
            return Result(REPRESENTANT_REFUS, status=403, in_place=True)
        self.data["representant_ok"] = True
        return Result(self.where(CHOIX))

    def submit_choice(self, values: dict[str, str]) -> Result:
        person = self.may_choose()
        if person is None:
            return Result(CODE)
        settled = self.where(CHOIX)
        if settled != CHOIX:
            return Result(settled)
        choice = values.get("choix")
        if choice not in ("activation", "opposition"):
            return _error(CHOIX, 422, errors={"choix": MESSAGES["choix_requis"]})
        self.data["choix"] = choice
        return Result(
            OPPOSITION_CONFIRMATION if choice == "opposition" else ACTIVATION_CONFIRMATION
        )

    def confirm(self, choice: str, values: dict[str, str]) -> Result:
        """« Confirmer » on the confirmation page of ``choice``: records it. Anything else
        (« Retour ») goes back to the choice."""
        page = OPPOSITION_CONFIRMATION if choice == "opposition" else ACTIVATION_CONFIRMATION
        where = self.where(page)
        if where != page:
            return Result(where)
        person = self.may_choose()
        assert person is not None
        if values.get("action") != "confirmer":
            return Result(CHOIX)
        if choice == "opposition":
            record = self.state.record_opposition(person.id, via_representant=person.represented)
            self.data["reference"] = record.reference
            return Result(OPPOSITION_ENREGISTREE)
        record = self.state.record_activation(person.id, via_representant=person.represented)
        self.data["activation"] = record.reference
        return Result(ACTIVATION_ENREGISTREE)

    # -- closure -------------------------------------------------------------------------------
    def login(self, values: dict[str, str]) -> Result:
        errors: dict[str, str] = {}
        if not values.get("identifiant", "").strip():
            errors["identifiant"] = MESSAGES["identifiant_vide"]
        if not values.get("motDePasse", ""):
            errors["motDePasse"] = MESSAGES["mot_de_passe_vide"]
        if errors:
            return _error(CONNEXION, 422, errors=errors)
        account = self.ids.account_by_identifiant(values["identifiant"])
        if account is None or account.mot_de_passe != values["motDePasse"]:
            return _error(CONNEXION, 401, message_key="identifiants")
        self.data.pop("account", None)
        self.data["pending_account"] = account.id
        return Result(CONNEXION_CANAL)

    def choose_channel(self, values: dict[str, str]) -> Result:
        account = self.pending_account
        if account is None:
            return Result(CONNEXION)
        canal = values.get("canal")
        if canal not in ("sms", "email"):
            return _error(CONNEXION_CANAL, 422, errors={"canal": v.MSG_CHANNEL})
        self.state.new_otp(account.identifiant)
        self.data["otp_canal"] = canal
        return Result(CONNEXION_OTP)

    def verify_otp(self, values: dict[str, str]) -> Result:
        account = self.pending_account
        if account is None:
            return Result(CONNEXION)
        if self.data.get("otp_canal") is None:
            return Result(CONNEXION_CANAL)
        code = values.get("codeUnique", "").strip()
        error = v.check_otp(code)
        if error:
            return _error(CONNEXION_OTP, 422, errors={"codeUnique": error})
        if not self.state.use_otp(account.identifiant, code):
            return _error(CONNEXION_OTP, 401, message_key="code_unique_faux")
        for key in ("pending_account", "otp_canal"):
            self.data.pop(key, None)
        self.data["account"] = account.id
        return Result(TABLEAU_DE_BORD)

    def close(self, values: dict[str, str], *, page: str = PARAMETRES) -> Result:
        """The closure form (on ``page``), recorded at once: two consents, the password
        again, the optional deletion of the data. Only ``consentementFermeture`` and
        ``consentementConfirmation`` are the consents; ``suppressionDonnees`` (any non-empty
        value) is the deletion request."""
        refused = self._check_closure(values, page)
        if refused is not None:
            return refused
        assert self.account is not None
        self.state.record_closure(self.account.id, bool(values.get("suppressionDonnees")))
        return Result(PROFIL_CLOTURE)

    def prepare_close(self, values: dict[str, str], *, page: str = CLOTURE) -> Result:
        """The closure form for skins that ask « are you sure? » on a page of their own:
        checked and kept in the session, nothing recorded yet."""
        refused = self._check_closure(values, page)
        if refused is not None:
            return refused
        self.data["cloture_en_attente"] = bool(values.get("suppressionDonnees"))
        self.data["cloture_depuis"] = page
        return Result(CLOTURE_CONFIRMATION)

    def confirm_close(self, values: dict[str, str]) -> Result:
        """« Confirmer » on the closure's confirmation page records the closure prepared
        before; anything else (« Annuler ») goes back to the form."""
        where = self.where(CLOTURE_CONFIRMATION)
        if where != CLOTURE_CONFIRMATION:
            return Result(where)
        back = self.data.get("cloture_depuis", PARAMETRES)
        deletion = bool(self.data.pop("cloture_en_attente"))
        if values.get("action") != "confirmer":
            return Result(back)
        assert self.account is not None
        self.state.record_closure(self.account.id, deletion)
        return Result(PROFIL_CLOTURE)

    def _check_closure(self, values: dict[str, str], page: str) -> Result | None:
        """None when the closure form may be acted on; else where to go, or its errors."""
        where = self.where(page)
        if where != page:
            return Result(where)
        account = self.account
        assert account is not None
        errors: dict[str, str] = {}
        for name in ("consentementFermeture", "consentementConfirmation"):
            if not values.get(name):
                errors[name] = MESSAGES["consentement"]
        password = values.get("motDePasse", "")
        if not password:
            errors["motDePasse"] = MESSAGES["mot_de_passe_vide"]
        elif not errors and password != account.mot_de_passe:
            errors["motDePasse"] = MESSAGES["mot_de_passe_faux"]
        if errors:
            return _error(page, 422, errors=errors)
        return None

    def choose_entry(self, values: dict[str, str]) -> Result:
        """A choice on the entry page: « opposition » starts an opposition (code provisoire),
        « cloture » leads to the login."""
        choice = values.get("parcours")
        if choice == "opposition":
            self.start("opposition")
            return Result(CODE)
        if choice == "cloture":
            return Result(CONNEXION)
        return _error(ENTREE, 422, errors={"parcours": MESSAGES["choix_requis"]})

    def logout(self) -> Result:
        self.data.clear()
        return Result(ACCUEIL)

    # -- the justificatif --------------------------------------------------------------------
    def justificatif(self) -> bytes | None:
        """The PDF of this session's opposition, as the faults want it (None: generation
        failed, or no opposition of one's own)."""
        from ens_auto.replica.pdf import corrupt_pdf, justificatif_opposition

        own = self.own_opposition()
        if own is None or self.state.faults.pdf == "error":
            return None
        if self.state.faults.pdf == "corrupt":
            return corrupt_pdf()
        return justificatif_opposition(*own)

    # -- what a page shows (for views and the JSON API) ----------------------------------------
    def view_data(self, page: str) -> dict[str, Any]:
        """The facts a page may show, as plain data (names, masked contacts, references)."""
        data: dict[str, Any] = {"page": page, "parcours": self.parcours}
        person = self.person
        if person is not None and page in (
            IDENTITE, REPRESENTANT, CHOIX, DEJA_OPPOSE, DEJA_ACTIVE, OPPOSITION_CONFIRMATION,
            ACTIVATION_CONFIRMATION, OPPOSITION_ENREGISTREE, ACTIVATION_ENREGISTREE,
        ):  # fmt: skip
            data["personne"] = {
                "nom_complet": person.nom_complet,
                "represente": person.represented,
            }
        if page == REPRESENTANT_REFUS:
            refused = self.data.get("refused_person")
            if refused:
                data["personne"] = {"nom_complet": self.ids.person(refused).nom_complet}
        own = self.own_opposition()
        if page == OPPOSITION_ENREGISTREE and own is not None:
            data["reference"] = own[1].reference
            data["date"] = f"{own[1].at:%d/%m/%Y}"
        activation = self.own_activation()
        if page == ACTIVATION_ENREGISTREE and activation is not None:
            data["reference"] = activation.reference
        account = self.account or self.pending_account
        if account is not None:
            data["compte"] = {
                "nom_complet": account.nom_complet,
                "prenom": account.prenom,
                "identifiant": account.identifiant,
                "email": account.email,
                "telephone": account.telephone,
            }
            data["canal"] = self.data.get("otp_canal")
        closure = self.closure()
        if "cloture_en_attente" in self.data:
            data["cloture_demandee"] = {"suppression_donnees": self.data["cloture_en_attente"]}
        if closure is not None:
            data["cloture"] = {
                "suppression_donnees": closure.suppression_donnees,
                "date": f"{closure.at:%d/%m/%Y à %H:%M}",
            }
        if page == NOUVEAU_CODE_ENVOYE:
            data["canal"] = self.data.get("nouveau_code_canal", "sms")
        return data


def check_card_fields(values: dict[str, str]) -> dict[str, str]:
    """The card model and serial rules (SITE.md), as field errors."""
    errors: dict[str, str] = {}
    card = values.get("typeCarte") or None
    error = v.check_card_type(card)
    if error:
        errors["typeCarte"] = error
    error = v.check_serie(values.get("numeroSerie", ""), card)
    if error:
        errors["numeroSerie"] = error
    return errors


def _identity_errors(values: dict[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    error = v.check_nir(values.get("nir", ""))
    if error:
        errors["nir"] = error
    errors.update(check_card_fields(values))
    return errors
