"""The flow format: a flow is data (YAML), checked by these pydantic models.

A flow says, step by step, what to do on one site, with several candidates to find each
element. Values typed into the page come only from the person's details, written as
``{{ name }}`` placeholders; a flow never holds a personal value.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")
_ANY_BRACES = re.compile(r"\{\{|\}\}")

#: Candidate kinds, in the order a recorder should prefer them (Playwright's own priority).
CANDIDATE_KINDS = ("role", "label", "placeholder", "text", "title", "alt", "testid", "css")

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Candidate(_Strict):
    """One way to find an element. Exactly one kind: role (+ name), label, placeholder,
    text, title, alt, testid or css. ``exact: true`` asks for the whole accessible name,
    label or text (default, as Playwright: a case-insensitive part of it is enough).
    Steps that cannot be undone should use exact names."""

    role: str | None = None
    name: str | None = None
    label: str | None = None
    placeholder: str | None = None
    text: str | None = None
    title: str | None = None
    alt: str | None = None
    testid: str | None = None
    css: str | None = None
    exact: bool | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Candidate:
        kinds = [k for k in CANDIDATE_KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(
                "un candidat a exactement une clé parmi "
                + ", ".join(CANDIDATE_KINDS)
                + (f" (trouvé : {', '.join(kinds)})" if kinds else "")
            )
        if self.name is not None and self.role is None:
            raise ValueError("« name » ne s'emploie qu'avec « role »")
        for key in (*CANDIDATE_KINDS, "name"):
            value = getattr(self, key)
            if value is not None and _ANY_BRACES.search(value):
                raise ValueError("un candidat ne contient pas de {{ valeur }}")
            if value is not None and not value.strip():
                raise ValueError(f"« {key} » est vide")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in CANDIDATE_KINDS if getattr(self, k) is not None)

    def describe(self) -> str:
        """Short human form, e.g. ``role=button « Confirmer »``."""
        kind = self.kind
        if kind == "role":
            return f"role={self.role}" + (f" « {self.name} »" if self.name else "")
        return f"{kind} « {getattr(self, kind)} »"


def _as_list(value: Any) -> Any:
    if isinstance(value, dict):
        return [value]
    return value


Target = Annotated[list[Candidate], Field(min_length=1)]


class Condition(_Strict):
    """What must hold on the page. Every key given must hold."""

    text: str | None = None
    text_absent: str | None = None
    url: str | None = Field(default=None, description="Sous-chaîne attendue dans l'adresse.")
    visible: Target | None = None
    hidden: Target | None = None
    checked: Target | None = None

    @field_validator("visible", "hidden", "checked", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return _as_list(v)

    @model_validator(mode="after")
    def _not_empty(self) -> Condition:
        if all(
            getattr(self, k) is None
            for k in ("text", "text_absent", "url", "visible", "hidden", "checked")
        ):
            raise ValueError(
                "une condition a au moins une clé : text, text_absent, url, visible, hidden, "
                "checked"
            )
        for key in ("text", "text_absent", "url"):
            value = getattr(self, key)
            if value is not None and _ANY_BRACES.search(value):
                raise ValueError("une condition ne contient pas de {{ valeur }}")
        return self


class StepBase(_Strict):
    say: str = Field(min_length=1, description="Ce que fait l'étape, en français.")
    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    irreversible: bool = False
    consequence: str | None = Field(
        default=None, description="Ce qui ne pourra pas être annulé (étape irréversible)."
    )
    optional: bool = False
    timeout_ms: int | None = Field(default=None, ge=100, le=600_000)
    when: str | None = Field(default=None, description="Étape jouée si cette donnée est « oui ».")
    unless: str | None = Field(
        default=None, description="Étape sautée si cette donnée est « oui »."
    )

    action: ClassVar[str] = ""

    def placeholders(self) -> set[str]:
        """Names of the person's details this step types or tests."""
        names = set()
        for value in self._values():
            names.update(PLACEHOLDER.findall(value))
        names.update(n for n in (self.when, self.unless) if n)
        return names

    def _values(self) -> list[str]:
        return []

    def targets(self) -> list[list[Candidate]]:
        return []

    @model_validator(mode="after")
    def _say_plain(self) -> StepBase:
        if _ANY_BRACES.search(self.say):
            raise ValueError("« say » ne contient pas de {{ valeur }}")
        return self


def _check_value(value: str) -> str:
    """A value is fixed text or {{ placeholders }}; braces that are not a placeholder are
    an error (a typo would otherwise be typed into the page)."""
    rest = PLACEHOLDER.sub("", value)
    if _ANY_BRACES.search(rest):
        raise ValueError(f"valeur mal formée : « {value} » (attendu : {{{{ nom }}}})")
    return value


class TargetValue(_Strict):
    target: Target
    value: str

    @field_validator("target", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return _as_list(v)

    @field_validator("value")
    @classmethod
    def _value(cls, v: str) -> str:
        return _check_value(v)


class GotoStep(StepBase):
    goto: str = Field(description="Chemin (/...) ou adresse sur le site du parcours.")

    action: ClassVar[str] = "goto"

    @field_validator("goto")
    @classmethod
    def _no_placeholder(cls, v: str) -> str:
        if _ANY_BRACES.search(v):
            raise ValueError("« goto » ne contient jamais de {{ valeur }} (adresse fixe)")
        if not (v.startswith("/") or v.startswith("https://") or v.startswith("http://")):
            raise ValueError("« goto » est un chemin commençant par / ou une adresse http(s)")
        return v


class ClickStep(StepBase):
    click: Target
    action: ClassVar[str] = "click"

    @field_validator("click", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return _as_list(v)

    def targets(self) -> list[list[Candidate]]:
        return [self.click]


class FillStep(StepBase):
    fill: TargetValue
    action: ClassVar[str] = "fill"

    def _values(self) -> list[str]:
        return [self.fill.value]

    def targets(self) -> list[list[Candidate]]:
        return [self.fill.target]


class SelectStep(StepBase):
    select: TargetValue
    action: ClassVar[str] = "select"

    def _values(self) -> list[str]:
        return [self.select.value]

    def targets(self) -> list[list[Candidate]]:
        return [self.select.target]


class CheckStep(StepBase):
    check: Target
    action: ClassVar[str] = "check"

    @field_validator("check", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return _as_list(v)

    def targets(self) -> list[list[Candidate]]:
        return [self.check]


class UncheckStep(StepBase):
    uncheck: Target
    action: ClassVar[str] = "uncheck"

    @field_validator("uncheck", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return _as_list(v)

    def targets(self) -> list[list[Candidate]]:
        return [self.uncheck]


class ChooseSpec(_Strict):
    """Pick a radio button by its label, e.g. ``option: "{{ carte_vitale_type }}"``;
    ``group`` (optional) narrows the search to one radio group."""

    option: str
    group: Target | None = None

    @field_validator("group", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return _as_list(v)

    @field_validator("option")
    @classmethod
    def _value(cls, v: str) -> str:
        return _check_value(v)


class ChooseStep(StepBase):
    choose: ChooseSpec
    action: ClassVar[str] = "choose"

    def _values(self) -> list[str]:
        return [self.choose.option]

    def targets(self) -> list[list[Candidate]]:
        return [self.choose.group] if self.choose.group else []


class PressSpec(_Strict):
    key: str
    target: Target | None = None

    @field_validator("target", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return _as_list(v)


class PressStep(StepBase):
    press: PressSpec
    action: ClassVar[str] = "press"

    def targets(self) -> list[list[Candidate]]:
        return [self.press.target] if self.press.target else []


class ExpectStep(StepBase):
    expect: Condition
    action: ClassVar[str] = "expect"

    def targets(self) -> list[list[Candidate]]:
        c = self.expect
        return [t for t in (c.visible, c.hidden, c.checked) if t]


class WaitForStep(StepBase):
    wait_for: Condition
    action: ClassVar[str] = "wait_for"

    def targets(self) -> list[list[Candidate]]:
        c = self.wait_for
        return [t for t in (c.visible, c.hidden, c.checked) if t]


class PromptSpec(_Strict):
    """Ask the person for a value during the run (a one-time code) and type it into
    ``target``. The value is never stored."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    question: str = Field(min_length=1)
    secret: bool = True
    target: Target

    @field_validator("target", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return _as_list(v)


class PromptStep(StepBase):
    prompt: PromptSpec
    action: ClassVar[str] = "prompt"

    def targets(self) -> list[list[Candidate]]:
        return [self.prompt.target]


class ManualSpec(_Strict):
    """Hand the browser to the person (login, captcha) until ``until`` holds."""

    instructions: str = Field(min_length=1)
    until: Condition
    timeout_s: int = Field(default=600, ge=5, le=3600)


class ManualStep(StepBase):
    manual: ManualSpec
    action: ClassVar[str] = "manual"


class DownloadSpec(_Strict):
    """Click ``target`` and keep the file it gives (attachment, new tab, inline PDF or a
    file made by script). ``kind`` says what the file is (checked and kept as proof)."""

    target: Target
    kind: Literal["justificatif", "fichier"] = "justificatif"
    must_contain: list[str] = Field(default_factory=lambda: ["opposition"])

    @field_validator("target", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return _as_list(v)


class DownloadStep(StepBase):
    download: DownloadSpec
    action: ClassVar[str] = "download"

    def targets(self) -> list[list[Candidate]]:
        return [self.download.target]


class ScreenshotSpec(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    proof: bool = Field(default=False, description="Capture gardée comme preuve.")
    full_page: bool = True


class ScreenshotStep(StepBase):
    screenshot: ScreenshotSpec
    action: ClassVar[str] = "screenshot"


STEP_TYPES: dict[str, type[StepBase]] = {
    "goto": GotoStep,
    "click": ClickStep,
    "fill": FillStep,
    "select": SelectStep,
    "check": CheckStep,
    "uncheck": UncheckStep,
    "choose": ChooseStep,
    "press": PressStep,
    "expect": ExpectStep,
    "wait_for": WaitForStep,
    "prompt": PromptStep,
    "manual": ManualStep,
    "download": DownloadStep,
    "screenshot": ScreenshotStep,
}


def _step_kind(value: Any) -> str | None:
    if isinstance(value, StepBase):
        return value.action
    if not isinstance(value, dict):
        return None
    found = [k for k in STEP_TYPES if k in value]
    return found[0] if len(found) == 1 else None


Step = Annotated[
    Annotated[GotoStep, Tag("goto")]
    | Annotated[ClickStep, Tag("click")]
    | Annotated[FillStep, Tag("fill")]
    | Annotated[SelectStep, Tag("select")]
    | Annotated[CheckStep, Tag("check")]
    | Annotated[UncheckStep, Tag("uncheck")]
    | Annotated[ChooseStep, Tag("choose")]
    | Annotated[PressStep, Tag("press")]
    | Annotated[ExpectStep, Tag("expect")]
    | Annotated[WaitForStep, Tag("wait_for")]
    | Annotated[PromptStep, Tag("prompt")]
    | Annotated[ManualStep, Tag("manual")]
    | Annotated[DownloadStep, Tag("download")]
    | Annotated[ScreenshotStep, Tag("screenshot")],
    Discriminator(
        _step_kind,
        custom_error_type="step_action",
        custom_error_message=("une étape a exactement une action parmi : " + ", ".join(STEP_TYPES)),
    ),
]


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


class Flow(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    site: str = Field(description="La seule origine que le parcours peut visiter.")
    inputs: list[str] = Field(default_factory=list)
    procedure: Literal["opposition", "cloture", "autre"] = "autre"
    checked: str | None = Field(default=None, description="Dernière vérification (date, source).")
    notes: str | None = None
    steps: Annotated[list[Step], Field(min_length=1)]

    @field_validator("site")
    @classmethod
    def _site(cls, v: str) -> str:
        return check_site(v)

    @model_validator(mode="after")
    def _coherent(self) -> Flow:
        declared = set(self.inputs)
        asked = {s.prompt.name for s in self.steps if isinstance(s, PromptStep)}
        ids: set[str] = set()
        for number, step in enumerate(self.steps, 1):
            missing = step.placeholders() - declared - asked
            if missing:
                raise ValueError(
                    f"étape {number} : donnée non déclarée dans « inputs » : "
                    + ", ".join(sorted(missing))
                )
            if isinstance(step, GotoStep) and step.goto.startswith("http"):
                origin = check_site(_origin(step.goto))
                if origin != self.site:
                    raise ValueError(
                        f"étape {number} : « goto » sort du site du parcours ({self.site})"
                    )
            if step.id:
                if step.id in ids:
                    raise ValueError(f"étape {number} : identifiant « {step.id} » en double")
                ids.add(step.id)
        return self

    def index_of(self, ref: str) -> int:
        """0-based index of a step given by id or 1-based number."""
        for i, step in enumerate(self.steps):
            if step.id == ref:
                return i
        if ref.isdigit() and 1 <= int(ref) <= len(self.steps):
            return int(ref) - 1
        raise ValueError(f"étape « {ref} » introuvable dans le parcours « {self.name} »")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def flow_json_schema() -> dict[str, Any]:
    return Flow.model_json_schema()
