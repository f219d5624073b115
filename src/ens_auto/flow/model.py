"""The flow format: a flow is data (YAML), checked by these pydantic models.

A flow says, step by step, what to do on one site, with several candidates to find each
element (``candidates.py``) and steps (``steps.py``). It also declares, once:
- ``overlays``: what may cover any page (cookie consent, survey...) and how to dismiss it;
- ``outcomes``: the pages that say « this cannot go on » (already done, site refused,
  maintenance...), each with its French message and its result (an exit code).
Values typed into the page come only from the person's details, written as
``{{ name }}`` placeholders; a flow never holds a personal value.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from ens_auto.errors import (
    EXIT_ALREADY_DONE,
    EXIT_FAILED,
    EXIT_NOT_POSSIBLE,
    EXIT_REFUSED,
    EXIT_SESSION_EXPIRED,
    EXIT_UNAVAILABLE,
)
from ens_auto.flow.candidates import (
    ANY_BRACES,
    CANDIDATE_KINDS,
    PLACEHOLDER,
    Candidate,
    Condition,
    Strict,
    Target,
    as_list,
)
from ens_auto.flow.steps import (
    STEP_TYPES,
    Branch,
    CheckAllSpec,
    CheckAllStep,
    CheckStep,
    ChooseSpec,
    ChooseStep,
    ClickStep,
    DownloadSpec,
    DownloadStep,
    ExpectStep,
    FillStep,
    GotoStep,
    ManualSpec,
    ManualStep,
    OneOfStep,
    PressSpec,
    PressStep,
    PromptSpec,
    PromptStep,
    ScreenshotSpec,
    ScreenshotStep,
    SelectStep,
    Step,
    StepBase,
    TargetValue,
    UncheckStep,
    WaitForStep,
    walk,
    walk_numbered,
)
from ens_auto.flow.texts import fold

__all__ = [
    "ANY_BRACES",
    "CANDIDATE_KINDS",
    "PLACEHOLDER",
    "STEP_TYPES",
    "Branch",
    "Candidate",
    "CheckAllSpec",
    "CheckAllStep",
    "CheckStep",
    "ChooseSpec",
    "ChooseStep",
    "ClickStep",
    "Condition",
    "DownloadSpec",
    "DownloadStep",
    "ExpectStep",
    "FillStep",
    "Flow",
    "GotoStep",
    "ManualSpec",
    "ManualStep",
    "OneOfStep",
    "Outcome",
    "Overlay",
    "PressSpec",
    "PressStep",
    "PromptSpec",
    "PromptStep",
    "ScreenshotSpec",
    "ScreenshotStep",
    "SelectStep",
    "Step",
    "StepBase",
    "Target",
    "TargetValue",
    "UncheckStep",
    "WaitForStep",
    "check_site",
    "flow_json_schema",
    "is_loopback",
    "walk",
]

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}

#: What an outcome means for the person, and the exit code it gives.
RESULTS: dict[str, int] = {
    "deja_fait": EXIT_ALREADY_DONE,  # nothing to do: it was done before
    "impossible": EXIT_NOT_POSSIBLE,  # not possible this way (another command, the phone)
    "refuse": EXIT_REFUSED,  # the site refused the details typed
    "indisponible": EXIT_UNAVAILABLE,  # maintenance, server error
    "session_expiree": EXIT_SESSION_EXPIRED,
    "echec": EXIT_FAILED,
}

#: Words of a button that would accept tracking (never what an overlay's dismiss presses).
_ACCEPTS = ("accept", "autoris", "d'accord", "ok pour", "consent")
_DECLINES = ("sans accepter", "refus", "ne pas accepter", "non merci", "continuer sans")


def speaks_of_accepting(text: str) -> bool:
    folded = fold(text.strip("/"))
    return any(a in folded for a in _ACCEPTS) and not any(d in folded for d in _DECLINES)


class Overlay(Strict):
    """Something that may cover any page (cookie consent, survey, information modal):
    dismissed whenever it shows, at any step. ``dismiss`` is tried in order, the first
    present is pressed: put the choice that shares least first (« Tout refuser »,
    « Continuer sans accepter »). A flow never accepts tracking."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    say: str = Field(min_length=1)
    present: Target
    dismiss: Target

    @field_validator("present", "dismiss", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return as_list(v)

    @field_validator("dismiss")
    @classmethod
    def _never_accepts(cls, v: list[Candidate]) -> list[Candidate]:
        for cand in v:
            for key in ("clickable", "name", "text", "label", "title"):
                texts = getattr(cand, key)
                for item in texts.alternatives if texts else ():
                    if speaks_of_accepting(item):
                        raise ValueError(
                            f"« dismiss » ne presse jamais un bouton qui accepte (« {item} ») : "
                            "un parcours refuse le suivi (« Tout refuser », « Continuer sans "
                            "accepter »)"
                        )
        return v


class Outcome(Strict):
    """A page that says the procedure cannot go on (or need not): recognised the moment it
    shows, during any wait, and reported with its own message and result."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    say: str = Field(min_length=1, description="Ce que la page dit (pour le déroulement).")
    recognise: Condition
    result: Literal["deja_fait", "impossible", "refuse", "indisponible", "session_expiree", "echec"]
    message: str = Field(min_length=1, description="Message en français pour la personne.")
    hint: str | None = Field(default=None, description="Que faire ensuite (ex. le 3422).")
    when: str | None = None
    unless: str | None = None
    until: str | None = Field(
        default=None,
        description=(
            "Identifiant d'une étape : l'issue n'est plus guettée une fois cette étape faite "
            "(ex. « Profil opposé » annonce un refus déjà fait avant la confirmation, mais "
            "la réussite après)."
        ),
    )
    after: str | None = Field(
        default=None,
        description=(
            "Identifiant d'une étape : l'issue n'est guettée qu'une fois cette étape faite "
            "(ex. une page d'accueil peut titrer « Mon profil est activé ? » pour orienter, "
            "ce n'est une issue qu'après la saisie du code)."
        ),
    )

    @model_validator(mode="after")
    def _recognisable(self) -> Outcome:
        cond = self.recognise
        if cond.text is None and cond.visible is None and cond.url is None:
            raise ValueError(
                "« recognise » d'une issue a au moins « text », « visible » ou « url » "
                "(ce qui la montre sur la page)"
            )
        for text in (self.say, self.message, self.hint or ""):
            if ANY_BRACES.search(text):
                raise ValueError("une issue ne contient pas de {{ valeur }}")
        return self

    @property
    def exit_code(self) -> int:
        return RESULTS[self.result]


def is_loopback(host: str | None) -> bool:
    return (host or "").lower() in LOOPBACK_HOSTS


def check_site(site: str) -> str:
    """A flow's site: an https origin, or http on a loopback address (the replica)."""
    parts = urlsplit(site)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"« {site} » n'est pas une adresse de site (https://...)")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValueError("le site doit être en https (http seulement pour une adresse locale)")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("« site » est une origine seule, sans chemin (ex. https://exemple.fr)")
    return f"{parts.scheme}://{parts.netloc}"


class Flow(Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    site: str = Field(description="La seule origine que le parcours peut visiter.")
    inputs: list[str] = Field(default_factory=list)
    procedure: Literal["opposition", "cloture", "autre"] = "autre"
    checked: str | None = Field(default=None, description="Dernière vérification (date, source).")
    notes: str | None = None
    overlays: list[Overlay] = Field(
        default_factory=list, description="Ce qui peut couvrir n'importe quelle page."
    )
    outcomes: list[Outcome] = Field(
        default_factory=list, description="Pages qui disent que la démarche ne peut continuer."
    )
    steps: Annotated[list[Step], Field(min_length=1)]

    @field_validator("site")
    @classmethod
    def _site(cls, v: str) -> str:
        return check_site(v)

    @model_validator(mode="after")
    def _coherent(self) -> Flow:
        declared = set(self.inputs)
        numbered = walk_numbered(self.steps)
        asked = {s.prompt.name for _, _, s in numbered if isinstance(s, PromptStep)}
        ids: set[str] = set()
        for label, _, step in numbered:
            where = f"étape {label}"
            missing = (step.placeholders() - declared - asked) if "branche" not in label else set()
            if missing:
                raise ValueError(
                    f"{where} : donnée non déclarée dans « inputs » : " + ", ".join(sorted(missing))
                )
            if isinstance(step, GotoStep) and step.goto.startswith("http"):
                origin = check_site(_origin(step.goto))
                if origin != self.site:
                    raise ValueError(f"{where} : « goto » sort du site du parcours ({self.site})")
            if step.id:
                if step.id in ids:
                    raise ValueError(f"{where} : identifiant « {step.id} » en double")
                ids.add(step.id)
            if step.optional and step.irreversible:
                raise ValueError(f"{where} : une étape irréversible n'est pas facultative")
        for outcome in self.outcomes:
            missing = {n for n in (outcome.when, outcome.unless) if n} - declared
            if missing:
                raise ValueError(
                    f"issue « {outcome.id} » : donnée non déclarée : {', '.join(sorted(missing))}"
                )
            for key in ("until", "after"):
                step_id = getattr(outcome, key)
                if step_id is not None and step_id not in ids:
                    raise ValueError(
                        f"issue « {outcome.id} » : « {key} » nomme une étape inconnue "
                        f"(« {step_id} »)"
                    )
        _check_recognised_before_irreversible(numbered)
        _check_optional_decidable(numbered)
        for kind, items in (("overlays", self.overlays), ("outcomes", self.outcomes)):
            names = [i.id for i in items]
            if len(names) != len(set(names)):
                raise ValueError(f"« {kind} » : identifiant en double")
        return self

    def index_of(self, ref: str) -> int:
        """0-based index of a step given by id or 1-based number."""
        for i, step in enumerate(self.steps):
            if step.id == ref:
                return i
        if ref.isdigit() and 1 <= int(ref) <= len(self.steps):
            return int(ref) - 1
        raise ValueError(f"étape « {ref} » introuvable dans le parcours « {self.name} »")


def _check_recognised_before_irreversible(
    numbered: list[tuple[str, tuple[Any, ...], StepBase]],
) -> None:
    """An irreversible step acts only on a page that was recognised: an ``expect`` (or
    ``wait_for``) comes before it, after the last step that may change the page (in a
    branch, the branch's own steps or those before the ``one_of``)."""
    recognised: dict[tuple[Any, ...], bool] = {}
    for label, loc, step in numbered:
        parent = loc[:-1]
        index = loc[-1]
        if index == 0:
            grand = parent[:-3] if len(parent) > 1 else None
            start = recognised.get(grand, False) if grand is not None else False
            recognised[parent] = start
        if step.irreversible and not recognised[parent]:
            raise ValueError(
                f"étape {label} : une étape irréversible suit une vérification de la page "
                "(« expect ») faite depuis le dernier changement de page"
            )
        if isinstance(step, ExpectStep | WaitForStep):
            recognised[parent] = True
        elif step.changes_page or isinstance(step, OneOfStep):
            recognised[parent] = False


def _check_optional_decidable(numbered: list[tuple[str, tuple[Any, ...], StepBase]]) -> None:
    """An optional step is decided by what comes next: some later step of its list (or,
    in a branch, after its ``one_of``) must look for something on the page."""
    by_list: dict[tuple[Any, ...], list[StepBase]] = {}
    for _, loc, step in numbered:
        by_list.setdefault(loc[:-1], []).append(step)
    for label, loc, step in numbered:
        if not step.optional:
            continue
        parent, index = loc[:-1], loc[-1]
        later = list(by_list[parent][index + 1 :])
        while len(parent) > 1 and not any(s.anchors() for s in later):
            parent_index = parent[-3]
            parent = parent[:-3]
            later = list(by_list[parent][parent_index + 1 :])
        if not any(s.anchors() for s in later):
            raise ValueError(
                f"étape {label} : une étape facultative est suivie d'une étape qui cherche un "
                "élément de la page (c'est elle qui dit qu'on peut s'en passer)"
            )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def flow_json_schema() -> dict[str, Any]:
    return Flow.model_json_schema(by_alias=True)
