"""The steps of a flow: one action each (goto, click, fill...), plus ``one_of`` (branches
by page shape) and ``check_all`` (tick every box of a kind)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from ens_auto.flow.candidates import (
    ANY_BRACES,
    PLACEHOLDER,
    Candidate,
    Condition,
    Strict,
    Target,
    TextsField,
    as_list,
)
from ens_auto.flow.texts import Texts


class StepBase(Strict):
    say: str = Field(min_length=1, description="Ce que fait l'étape, en français.")
    id: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    irreversible: bool = False
    consequence: str | None = Field(
        default=None, description="Ce qui ne pourra pas être annulé (étape irréversible)."
    )
    optional: bool = Field(
        default=False,
        description=(
            "Étape qui peut être sans objet : jouée si sa cible s'affiche, passée si la page "
            "montre déjà ce que le parcours attend ensuite (sans attendre de délai)."
        ),
    )
    timeout_ms: int | None = Field(default=None, ge=100, le=600_000)
    when: str | None = Field(default=None, description="Étape jouée si cette donnée est « oui ».")
    unless: str | None = Field(
        default=None, description="Étape sautée si cette donnée est « oui »."
    )

    action: ClassVar[str] = ""
    #: The page may show something new after this step (a new page, a menu...).
    changes_page: ClassVar[bool] = False
    #: The step acts on the page (the others only look at it).
    acts: ClassVar[bool] = True

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
        """Every target the step looks for (the first is the one it acts on)."""
        return []

    def anchors(self) -> list[list[Candidate]]:
        """What shows on the page when this step can be played (to decide, at once, whether
        an optional step before it is needed)."""
        targets = self.targets()
        return targets[:1]

    @model_validator(mode="after")
    def _say_plain(self) -> StepBase:
        if ANY_BRACES.search(self.say):
            raise ValueError("« say » ne contient pas de {{ valeur }}")
        return self


def check_value(value: str) -> str:
    """A value is fixed text or {{ placeholders }}; braces that are not a placeholder are
    an error (a typo would otherwise be typed into the page)."""
    rest = PLACEHOLDER.sub("", value)
    if ANY_BRACES.search(rest):
        raise ValueError(f"valeur mal formée : « {value} » (attendu : {{{{ nom }}}})")
    return value


class TargetValue(Strict):
    target: Target
    value: str

    @field_validator("target", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return as_list(v)

    @field_validator("value")
    @classmethod
    def _value(cls, v: str) -> str:
        return check_value(v)


class GotoStep(StepBase):
    goto: str = Field(description="Chemin (/...) ou adresse sur le site du parcours.")

    action: ClassVar[str] = "goto"
    changes_page: ClassVar[bool] = True

    @field_validator("goto")
    @classmethod
    def _no_placeholder(cls, v: str) -> str:
        if ANY_BRACES.search(v):
            raise ValueError("« goto » ne contient jamais de {{ valeur }} (adresse fixe)")
        if not (v.startswith("/") or v.startswith("https://") or v.startswith("http://")):
            raise ValueError("« goto » est un chemin commençant par / ou une adresse http(s)")
        return v


class _TargetStep(StepBase):
    """A step whose one key is a target (click, check, uncheck)."""

    @field_validator("click", "check", "uncheck", mode="before", check_fields=False)
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return as_list(v)


class ClickStep(_TargetStep):
    click: Target
    action: ClassVar[str] = "click"
    changes_page: ClassVar[bool] = True

    def targets(self) -> list[list[Candidate]]:
        return [self.click]


class FillStep(StepBase):
    fill: TargetValue
    action: ClassVar[str] = "fill"

    @model_validator(mode="after")
    def _fields_only(self) -> FillStep:
        for cand in self.fill.target:
            cand.typable()
        return self

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


class CheckStep(_TargetStep):
    check: Target
    action: ClassVar[str] = "check"

    def targets(self) -> list[list[Candidate]]:
        return [self.check]


class UncheckStep(_TargetStep):
    uncheck: Target
    action: ClassVar[str] = "uncheck"

    def targets(self) -> list[list[Candidate]]:
        return [self.uncheck]


class CheckAllSpec(Strict):
    """Tick every box that ``target`` finds (inside ``within`` if given, except those
    ``except`` finds); with ``count``, exactly that many must be found. For boxes whose
    wording nobody knows (« the two consent boxes »)."""

    target: Target
    within: Target | None = Field(
        default=None,
        description="Où chercher : le premier candidat qui désigne un seul élément visible.",
    )
    except_: Target | None = Field(default=None, alias="except")
    count: int | None = Field(default=None, ge=1, le=20)

    model_config = Strict.model_config | {"populate_by_name": True}

    @field_validator("target", "within", "except_", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return as_list(v)


class CheckAllStep(StepBase):
    check_all: CheckAllSpec
    action: ClassVar[str] = "check_all"

    def targets(self) -> list[list[Candidate]]:
        spec = self.check_all
        return [spec.target] + [t for t in (spec.within, spec.except_) if t]

    def anchors(self) -> list[list[Candidate]]:
        return [self.check_all.within or self.check_all.target]


#: How a choice may be offered: its option's text is the control's accessible name.
CHOICE_ROLES = ("radio", "checkbox", "switch", "option", "menuitemradio", "tab")
PRESSABLE_ROLES = ("button", "link")


def choice_candidates(option: Texts) -> list[Candidate]:
    """Every way a page may offer the option named ``option`` (a <select> aside)."""
    found = [Candidate(role=r, name=option) for r in CHOICE_ROLES]
    found.append(Candidate(label=option))
    found += [Candidate(role=r, name=option) for r in PRESSABLE_ROLES]
    return found


class ChooseSpec(Strict):
    """Pick the option named ``option`` however the page offers it: a radio button (native
    or ARIA), an option of a list, a pressed button, or a link or button that leads on.
    ``option`` is a text (alternatives allowed) or ``{{ carte_vitale_type }}``; ``group``
    (optional) narrows the search to one group."""

    option: TextsField
    group: Target | None = None

    @field_validator("group", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return as_list(v)

    @field_validator("option")
    @classmethod
    def _value(cls, v: Texts) -> Texts:
        for item in v.alternatives:
            check_value(item)
        return v


class ChooseStep(StepBase):
    choose: ChooseSpec
    action: ClassVar[str] = "choose"
    # A choice offered as a link or a button leads on: the runner knows it when it acts.

    def _values(self) -> list[str]:
        return list(self.choose.option.alternatives)

    def targets(self) -> list[list[Candidate]]:
        return [self.choose.group] if self.choose.group else []

    def anchors(self) -> list[list[Candidate]]:
        if PLACEHOLDER.search(" ".join(self.choose.option.alternatives)):
            return self.targets()[:1]
        return [choice_candidates(self.choose.option)]


class PressSpec(Strict):
    key: str
    target: Target | None = None

    @field_validator("target", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return as_list(v)


class PressStep(StepBase):
    press: PressSpec
    action: ClassVar[str] = "press"
    changes_page: ClassVar[bool] = True

    def targets(self) -> list[list[Candidate]]:
        return [self.press.target] if self.press.target else []


class ExpectStep(StepBase):
    expect: Condition
    action: ClassVar[str] = "expect"
    acts: ClassVar[bool] = False

    def targets(self) -> list[list[Candidate]]:
        return self.expect.targets()

    def anchors(self) -> list[list[Candidate]]:
        return self.expect.anchors()[:1]


class WaitForStep(StepBase):
    wait_for: Condition
    action: ClassVar[str] = "wait_for"
    acts: ClassVar[bool] = False

    def targets(self) -> list[list[Candidate]]:
        return self.wait_for.targets()

    def anchors(self) -> list[list[Candidate]]:
        return self.wait_for.anchors()[:1]


class PromptSpec(Strict):
    """Ask the person for a value during the run (a one-time code) and type it into
    ``target``. The value is never stored."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    question: str = Field(min_length=1)
    secret: bool = True
    target: Target

    @field_validator("target", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return as_list(v)


class PromptStep(StepBase):
    prompt: PromptSpec
    action: ClassVar[str] = "prompt"

    @model_validator(mode="after")
    def _fields_only(self) -> PromptStep:
        for cand in self.prompt.target:
            cand.typable()
        return self

    def targets(self) -> list[list[Candidate]]:
        return [self.prompt.target]


class ManualSpec(Strict):
    """Hand the browser to the person (login, captcha) until ``until`` holds."""

    instructions: str = Field(min_length=1)
    until: Condition
    timeout_s: int = Field(default=600, ge=5, le=3600)


class ManualStep(StepBase):
    manual: ManualSpec
    action: ClassVar[str] = "manual"
    changes_page: ClassVar[bool] = True


class DownloadSpec(Strict):
    """Click ``target`` and keep the file it gives (attachment, new tab, inline PDF or a
    file made by script). ``kind`` says what the file is (checked and kept as proof)."""

    target: Target
    kind: Literal["justificatif", "fichier"] = "justificatif"
    must_contain: list[str] = Field(default_factory=lambda: ["opposition"])

    @field_validator("target", mode="before")
    @classmethod
    def _listify(cls, v: Any) -> Any:
        return as_list(v)


class DownloadStep(StepBase):
    download: DownloadSpec
    action: ClassVar[str] = "download"
    changes_page: ClassVar[bool] = True

    def targets(self) -> list[list[Candidate]]:
        return [self.download.target]


class ScreenshotSpec(Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    proof: bool = Field(default=False, description="Capture gardée comme preuve.")
    full_page: bool = True


class ScreenshotStep(StepBase):
    screenshot: ScreenshotSpec
    action: ClassVar[str] = "screenshot"
    acts: ClassVar[bool] = False


class Branch(Strict):
    """One way the page may be: played when its first target is on the page."""

    say: str = Field(min_length=1, description="La forme de page que cette branche traite.")
    steps: Annotated[list[Step], Field(min_length=1)]

    @model_validator(mode="after")
    def _decidable(self) -> Branch:
        first = self.steps[0]
        if isinstance(first, OneOfStep):
            raise ValueError("une branche ne commence pas par un autre « one_of »")
        if not first.anchors():
            raise ValueError(
                "la première étape d'une branche doit chercher un élément de la page "
                "(c'est lui qui désigne la branche)"
            )
        for step in self.steps:
            if isinstance(step, OneOfStep):
                raise ValueError("« one_of » ne s'emboîte pas dans une branche")
        return self

    def anchor(self) -> list[Candidate]:
        return self.steps[0].anchors()[0]


class OneOfStep(StepBase):
    """The page may do one thing in different ways: the branch whose first target is on
    the page is played, at once. Two branches on the page at once is a stop."""

    one_of: list[Branch]
    action: ClassVar[str] = "one_of"

    @field_validator("one_of")
    @classmethod
    def _two_at_least(cls, v: list[Branch]) -> list[Branch]:
        if len(v) < 2:
            raise ValueError("« one_of » a au moins deux branches (une par forme de page)")
        return v

    def placeholders(self) -> set[str]:
        names = super().placeholders()
        for branch in self.one_of:
            for step in branch.steps:
                names |= step.placeholders()
        return names

    def targets(self) -> list[list[Candidate]]:
        return [branch.anchor() for branch in self.one_of]

    def anchors(self) -> list[list[Candidate]]:
        return self.targets()


STEP_TYPES: dict[str, type[StepBase]] = {
    "goto": GotoStep,
    "click": ClickStep,
    "fill": FillStep,
    "select": SelectStep,
    "check": CheckStep,
    "uncheck": UncheckStep,
    "check_all": CheckAllStep,
    "choose": ChooseStep,
    "press": PressStep,
    "expect": ExpectStep,
    "wait_for": WaitForStep,
    "prompt": PromptStep,
    "manual": ManualStep,
    "download": DownloadStep,
    "screenshot": ScreenshotStep,
    "one_of": OneOfStep,
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
    | Annotated[CheckAllStep, Tag("check_all")]
    | Annotated[ChooseStep, Tag("choose")]
    | Annotated[PressStep, Tag("press")]
    | Annotated[ExpectStep, Tag("expect")]
    | Annotated[WaitForStep, Tag("wait_for")]
    | Annotated[PromptStep, Tag("prompt")]
    | Annotated[ManualStep, Tag("manual")]
    | Annotated[DownloadStep, Tag("download")]
    | Annotated[ScreenshotStep, Tag("screenshot")]
    | Annotated[OneOfStep, Tag("one_of")],
    Discriminator(
        _step_kind,
        custom_error_type="step_action",
        custom_error_message=("une étape a exactement une action parmi : " + ", ".join(STEP_TYPES)),
    ),
]

Branch.model_rebuild()
OneOfStep.model_rebuild()


def walk(steps: list[Any]) -> list[StepBase]:
    """Every step, branches' steps included (in order)."""
    out: list[StepBase] = []
    for step in steps:
        out.append(step)
        if isinstance(step, OneOfStep):
            for branch in step.one_of:
                out.extend(walk(branch.steps))
    return out


def walk_numbered(
    steps: list[Any], prefix: str = "", loc: tuple[Any, ...] = ("steps",)
) -> list[tuple[str, tuple[Any, ...], StepBase]]:
    """Every step with how to name it in a message (« étape 9 (branche 2, étape 1) ») and
    its location in the flow file (for the line number)."""
    out: list[tuple[str, tuple[Any, ...], StepBase]] = []
    for index, step in enumerate(steps):
        label = f"{prefix}{index + 1}" if not prefix else f"{prefix}étape {index + 1})"
        here = (*loc, index)
        out.append((label, here, step))
        if isinstance(step, OneOfStep):
            for b, branch in enumerate(step.one_of):
                out.extend(
                    walk_numbered(
                        branch.steps,
                        f"{label} (branche {b + 1}, ",
                        (*here, "one_of", b, "steps"),
                    )
                )
    return out
