"""The flow builder: a recording becomes a readable flow.

Each recorded action becomes a draft step; typed values become ``{{ placeholders }}`` (a
one-time code a ``prompt`` step); the person is asked, at the end, about text typed that
is not one of their details (fixed value or input) and about the submits that cannot be
undone (those act on a recognised page, with exact names only). The flow is written with
:func:`~ens_auto.flow.recording.dump.dump_flow` and must load back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from ens_auto.flow.load import parse_flow
from ens_auto.flow.model import (
    Candidate,
    CheckStep,
    ChooseSpec,
    ChooseStep,
    ClickStep,
    Condition,
    DownloadSpec,
    DownloadStep,
    ExpectStep,
    FillStep,
    Flow,
    GotoStep,
    PressSpec,
    PressStep,
    PromptSpec,
    PromptStep,
    ScreenshotSpec,
    ScreenshotStep,
    SelectStep,
    StepBase,
    TargetValue,
    UncheckStep,
)
from ens_auto.flow.recording.candidates import CandidateCheck, raw_candidates, select_checks
from ens_auto.flow.recording.dump import dump_flow
from ens_auto.flow.recording.recorder import RecordedAction, RecordError
from ens_auto.flow.recording.says import quoted, say_for
from ens_auto.flow.recording.values import (
    ONE_TIME_CODE,
    ONE_TIME_QUESTION,
    classify_value,
    compact,
    looks_personal,
)
from ens_auto.identity import CARD_TYPES, INPUTS, Detail

if TYPE_CHECKING:
    from ens_auto.flow.recording.recorder import Recorder

__all__ = [
    "FlowBuilder",
    "FreeText",
    "RecordQuestions",
    "RecordedFlow",
    "SubmitStep",
    "dump_flow",
    "say_for",
]


@dataclass(frozen=True)
class FreeText:
    """Text typed that is not a known detail: keep it, or make it an input?"""

    number: int
    field: str
    value: str


@dataclass(frozen=True)
class SubmitStep:
    """A step that sent a form: can it be undone?"""

    number: int
    say: str


class RecordQuestions(Protocol):
    """The questions asked at the end of a recording (terminal, or tests)."""

    def free_text(self, item: FreeText) -> str | None:
        """None keeps the text as a fixed value; a name makes it an input of the flow."""
        ...

    def irreversible(self, steps: Sequence[SubmitStep]) -> Collection[int]:
        """Numbers of the listed steps that cannot be undone."""
        ...


@dataclass
class RecordedFlow:
    """The flow made from a recording, its YAML text, and what its candidates gave."""

    flow: Flow
    text: str
    #: step number -> the checks of the candidates written for that step
    checks: dict[int, list[CandidateCheck]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Draft:
    action: RecordedAction
    kind: str  # step action
    placeholder: str | None = None
    fixed_value: str | None = None
    submit: bool = False
    irreversible: bool = False


def _element_name(info: Mapping[str, Any]) -> str:
    for key in ("name", "label", "text", "placeholder", "title", "alt"):
        value = str(info.get(key) or "")
        if value:
            return value
    css = info.get("css") or {}
    return str(css.get("name") or info.get("tag") or "")


class FlowBuilder:
    """Turns a recording into a flow: drafts, questions at the end, steps, the file."""

    def __init__(
        self, recorder: Recorder, questions: RecordQuestions, base_steps: list[StepBase]
    ) -> None:
        self.rec = recorder
        self.questions = questions
        self.base = base_steps
        self.warnings: list[str] = list(recorder.warnings)

    def _drafts(self) -> list[_Draft]:
        drafts: list[_Draft] = []
        known = self.rec.known
        for action in self.rec.actions:
            info = action.info
            if action.kind in ("goto", "expect"):
                drafts.append(_Draft(action, action.kind))
            elif action.kind == "click":
                kind = "download" if action.downloaded else "click"
                submit = bool(info.get("isSubmit")) and not action.downloaded
                drafts.append(_Draft(action, kind, submit=submit))
            elif action.kind == "press":
                drafts.append(_Draft(action, "press", submit=True))
            elif action.kind == "fill":
                placeholder = classify_value(
                    action.value or "",
                    input_type=str(info.get("type") or ""),
                    autocomplete=str(info.get("autocomplete") or ""),
                    known=known,
                )
                if info.get("secret"):
                    placeholder = "mot_de_passe"
                if placeholder is None and not (action.value or "").strip():
                    continue  # a field left empty
                if (
                    drafts
                    and drafts[-1].kind in ("fill", "prompt")
                    and _same_field(drafts[-1].action, action)
                ):
                    drafts.pop()  # typed again in the same field: the last value counts
                kind = "prompt" if placeholder == ONE_TIME_CODE else "fill"
                drafts.append(_Draft(action, kind, placeholder=placeholder))
            elif action.kind in ("check", "uncheck"):
                drafts.append(_Draft(action, action.kind))
            elif action.kind == "choose":
                option = str(info.get("option") or "")
                placeholder = _choice_placeholder(option, known)
                usable = any(c.ok for c in action.choose_checks)
                drafts.append(
                    _Draft(action, "choose" if usable else "check", placeholder=placeholder)
                )
            elif action.kind == "select":
                option = str(info.get("option") or "")
                placeholder = classify_value(option, known=known)
                drafts.append(_Draft(action, "select", placeholder=placeholder))
        return _drop_repeats(drafts)

    def build(
        self, name: str, *, title: str | None, procedure: str | None, notes: str | None
    ) -> RecordedFlow:
        drafts = self._drafts()
        if not drafts:
            raise RecordError("Rien n'a été enregistré : aucune action dans le navigateur.")
        offset = len(self.base)
        # 1. text typed that is not a known detail: fixed, or an input?
        for number, draft in enumerate(drafts, offset + 1):
            if draft.kind == "fill" and draft.placeholder is None:
                label = _element_name(draft.action.info)
                answer = self.questions.free_text(
                    FreeText(number, label, (draft.action.value or "").strip())
                )
                if answer:
                    answer = answer.strip()
                    if not re.fullmatch(r"[a-z][a-z0-9_]*", answer):
                        raise RecordError(
                            f"Nom de donnée refusé : « {answer} » (lettres minuscules, "
                            "chiffres et _)."
                        )
                    draft.placeholder = answer
                else:
                    draft.fixed_value = (draft.action.value or "").strip()
        # 2. which submits cannot be undone?
        submits = [
            SubmitStep(number, self._say(draft))
            for number, draft in enumerate(drafts, offset + 1)
            if draft.submit
        ]
        chosen = set(self.questions.irreversible(submits)) if submits else set()
        for number, draft in enumerate(drafts, offset + 1):
            draft.irreversible = draft.submit and number in chosen
        # 3. the steps
        steps: list[StepBase] = list(self.base)
        checks: dict[int, list[CandidateCheck]] = {}
        last_irreversible: int | None = None
        for draft in drafts:
            step, used = self._step(draft)
            if draft.irreversible and not _recognised(steps):
                steps.append(self._recognise(draft))  # an irreversible act needs its page
            steps.append(step)
            if used:
                checks[len(steps)] = used
            if draft.irreversible:
                last_irreversible = len(steps)
        if last_irreversible is not None:
            at = last_irreversible
            while at < len(steps) and isinstance(steps[at], ExpectStep):
                at += 1
            steps.insert(
                at,
                ScreenshotStep(
                    say="Garder une capture de la page de confirmation",
                    screenshot=ScreenshotSpec(name="confirmation", proof=True),
                ),
            )
            checks = {(n + 1 if n > at else n): c for n, c in checks.items()}
        flow = self._flow(name, steps, title=title, procedure=procedure, notes=notes, checks=checks)
        text = dump_flow(flow)
        self._check_private(text)
        parse_flow(text, source=f"{name}.yaml")  # what is written must load
        return RecordedFlow(flow, text, checks, self.warnings)

    # -------------------------------------------------------------- one step
    def _say(self, draft: _Draft) -> str:
        action, info = draft.action, draft.action.info
        if draft.kind in ("goto", "expect"):
            return say_for(draft.kind, self._page_title(action) or action.path)
        if draft.kind == "choose" or (draft.kind == "check" and action.kind == "choose"):
            option = str(info.get("option") or "")
            return say_for("choose", placeholder=draft.placeholder, option=option)
        if draft.kind == "select":
            option = None if draft.placeholder else str(info.get("option") or "")
            return say_for("select", _element_name(info), option=option)
        return say_for(draft.kind, _element_name(info), placeholder=draft.placeholder)

    def _recognise(self, draft: _Draft) -> ExpectStep:
        """A check of the page an irreversible step acts on: its address, and its main
        heading when it says nothing personal."""
        doc = draft.action.info.get("doc") or {}
        path = urlsplit(draft.action.doc_path).path or "/"
        heading = str(doc.get("h1") or "").strip()
        if heading and not looks_personal(heading, self.rec.known):
            cond = Condition(url=path, visible=[Candidate(role="heading", name=heading)])
            return ExpectStep(say=say_for("expect", heading), expect=cond)
        title = str(doc.get("title") or "")
        shown = title if title and not looks_personal(title, self.rec.known) else path
        return ExpectStep(say=say_for("expect", shown), expect=Condition(url=path))

    def _page_title(self, action: RecordedAction) -> str:
        """The title of the page an address led to (seen on the next event there)."""
        index = self.rec.actions.index(action)
        path = urlsplit(action.path).path
        for later in self.rec.actions[index + 1 :]:
            doc = later.info.get("doc") or {}
            if doc.get("path") == path and doc.get("title"):
                title = str(doc["title"])
                return "" if looks_personal(title, self.rec.known) else title
            if later.kind in ("goto", "expect"):
                break
        return ""

    def _target(self, draft: _Draft) -> tuple[list[Candidate], list[CandidateCheck]]:
        action = draft.action
        exact_only = draft.irreversible
        chosen = select_checks(action.checks, exact_only=exact_only)
        if chosen:
            return [c.candidate for c in chosen], chosen
        raw = raw_candidates(action.info, self.rec.known)
        what = quoted(_element_name(action.info))
        self.warnings.append(
            f"Aucun repère sûr pour {what} "
            f"({action.error or 'aucun ne désignait cet élément seul'}) : "
            "vérifiez ce parcours avant de l'utiliser."
        )
        if not raw:
            raise RecordError(f"Impossible de retrouver l'élément {what} : aucun repère.")
        return raw[:3], []

    def _step(self, draft: _Draft) -> tuple[StepBase, list[CandidateCheck]]:
        action = draft.action
        say = self._say(draft)
        common: dict[str, Any] = {"say": say}
        if draft.irreversible:
            common["irreversible"] = True
        if draft.kind == "goto":
            return GotoStep(goto=action.path, **common), []
        if draft.kind == "expect":
            return ExpectStep(expect=Condition(url=urlsplit(action.path).path), **common), []
        value = f"{{{{ {draft.placeholder} }}}}" if draft.placeholder else draft.fixed_value
        if draft.kind == "choose":
            option = str(action.info.get("option") or "")
            used = [c for c in action.choose_checks if c.ok]
            spec = ChooseSpec(option=value if draft.placeholder else option)
            return ChooseStep(choose=spec, **common), used
        target, used = self._target(draft)
        if draft.kind == "click":
            return ClickStep(click=target, **common), used
        if draft.kind == "download":
            procedure_word = ["opposition"] if _mentions_opposition(self.rec.actions) else []
            spec = DownloadSpec(target=target, must_contain=procedure_word)
            return DownloadStep(download=spec, **common), used
        if draft.kind == "press":
            return PressStep(press=PressSpec(key="Enter", target=target), **common), used
        if draft.kind == "prompt":
            spec = PromptSpec(name=ONE_TIME_CODE, question=ONE_TIME_QUESTION, target=target)
            return PromptStep(prompt=spec, **common), used
        if draft.kind == "fill":
            return FillStep(fill=TargetValue(target=target, value=value or ""), **common), used
        if draft.kind == "select":
            option = value if draft.placeholder else str(action.info.get("option") or "")
            return SelectStep(select=TargetValue(target=target, value=option), **common), used
        if draft.kind == "check":
            return CheckStep(check=target, **common), used
        if draft.kind == "uncheck":
            return UncheckStep(uncheck=target, **common), used
        raise RecordError(f"Action inconnue : {draft.kind}")

    # -------------------------------------------------------------- the whole flow
    def _flow(
        self,
        name: str,
        steps: list[StepBase],
        *,
        title: str | None,
        procedure: str | None,
        notes: str | None,
        checks: Mapping[int, list[CandidateCheck]],
    ) -> Flow:
        names: set[str] = set()
        asked = {s.prompt.name for s in steps if isinstance(s, PromptStep)}
        for step in steps:
            names |= step.placeholders()
        names -= asked
        order = list(INPUTS)
        inputs = sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n))
        if procedure is None:
            procedure = _guess_procedure(self.rec.actions)
        written = sum(len(c) for c in checks.values())
        note = (
            f"Enregistré avec « ens-auto record » sur {self.rec.site} : les {written} repères "
            "écrits désignaient chacun exactement un élément de la page à l'enregistrement."
        )
        return Flow(
            name=name,
            title=title or f"Parcours enregistré « {name} »",
            site=self.rec.site,
            inputs=inputs,
            procedure=procedure,  # type: ignore[arg-type]
            checked=f"{date.today().isoformat()}, enregistré sur {self.rec.site}",
            notes=(notes + "\n" + note) if notes else note,
            steps=steps,
        )

    def _check_private(self, text: str) -> None:
        """Last guard: no value turned into a placeholder may appear in the text."""
        packed = compact(text)
        for action in self.rec.actions:
            value = compact(action.value or "")
            if action.kind != "fill" or len(value) < 6:
                continue
            kind = classify_value(
                action.value or "",
                input_type=str(action.info.get("type") or ""),
                autocomplete=str(action.info.get("autocomplete") or ""),
                known=self.rec.known,
            )
            if kind is not None and value in packed:
                raise RecordError(
                    "Arrêt par sécurité : une donnée personnelle apparaîtrait dans le parcours."
                )


def _recognised(steps: Sequence[StepBase]) -> bool:
    """Whether the page now shown was checked by an ``expect`` since it last changed."""
    for step in reversed(steps):
        if isinstance(step, ExpectStep):
            return True
        if step.changes_page:
            return False
    return False


def _same_field(a: RecordedAction, b: RecordedAction) -> bool:
    return a.info.get("css") == b.info.get("css") and a.doc_path == b.doc_path


def _drop_repeats(drafts: list[_Draft]) -> list[_Draft]:
    """Two expects of the same page in a row, or a goto and its expect, say one thing."""
    kept: list[_Draft] = []
    for draft in drafts:
        if (
            kept
            and draft.kind == "expect"
            and kept[-1].kind in ("expect", "goto")
            and urlsplit(kept[-1].action.path).path == draft.action.path
        ):
            continue
        kept.append(draft)
    return kept


def _choice_placeholder(option: str, known: Mapping[str, Detail]) -> str | None:
    if option in CARD_TYPES.values():
        return "carte_vitale_type"
    for name, detail in known.items():
        spec = INPUTS.get(name)
        if spec is not None and not spec.yes_no and detail.value and detail.value == option:
            return name
    return None


def _texts(actions: Sequence[RecordedAction]) -> str:
    parts: list[str] = []
    for action in actions:
        doc = action.info.get("doc") or {}
        parts += [str(doc.get("title") or ""), str(action.info.get("name") or ""), action.path]
    return " ".join(parts).lower()


def _mentions_opposition(actions: Sequence[RecordedAction]) -> bool:
    return "opposition" in _texts(actions) or "oppose" in _texts(actions)


def _guess_procedure(actions: Sequence[RecordedAction]) -> str:
    text = _texts(actions)
    if "opposition" in text or "m'oppose" in text:
        return "opposition"
    if "clôtur" in text or "clotur" in text:
        return "cloture"
    return "autre"


# ---------------------------------------------------------------------------- by hand


@dataclass
class HandSteps:
    """What « continuer à la main » recorded, as steps for the repaired copy.

    ``steps``: the steps to write (empty: nothing usable); ``dropped``: French notes on
    what was done but is not written (free text, a password not among the details...);
    ``activation``: what the person pressed that speaks of activating (the copy must not
    be saved then); ``warnings``: the builder's (an element without a sure candidate...)."""

    steps: list[StepBase] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    activation: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


#: What the person pressed that may speak of activating: all that the element says.
_SAID_KEYS = ("name", "label", "text", "value", "option", "title", "placeholder", "alt")


def _said(info: Mapping[str, Any]) -> list[str]:
    said = [str(info.get(key) or "") for key in _SAID_KEYS]
    said += [str(n) for n in info.get("names") or [] if n]
    return [s for s in said if s]


def hand_steps(
    recorder: Recorder,
    *,
    definitive: Callable[[Sequence[SubmitStep]], Collection[int]],
    details: Mapping[str, Detail],
) -> HandSteps:
    """The steps made from what the person did by hand (after :meth:`Recorder.stop`).

    - addresses and pages reached are not written: the flow recognises its own pages;
    - a typed value equal to one of the person's ``details`` becomes its placeholder, a
      one-time code a ``prompt`` step; any other typed text is **not** written (said in
      ``dropped``);
    - ``definitive(submits)`` tells which recorded submits cannot be undone: they are
      written ``irreversible`` (exact names only, after a check of their page);
    - anything pressed that speaks of activating is listed in ``activation``."""
    from ens_auto.flow.safety import speaks_of_activating

    builder = FlowBuilder(recorder, _NoQuestions(), [])
    found = HandSteps(warnings=builder.warnings)
    drafts: list[_Draft] = []
    for draft in builder._drafts():
        info = draft.action.info
        if draft.kind in ("goto", "expect"):
            continue
        if draft.kind not in ("fill", "prompt"):
            bad = next((s for s in _said(info) if speaks_of_activating(s)), None)
            if bad is not None:
                found.activation.append(bad[:80])
                continue
        if draft.kind == "fill" and (draft.placeholder is None or draft.placeholder not in details):
            found.dropped.append(
                f"le texte saisi dans « {_element_name(info)[:60]} » (il pourrait être "
                "personnel : il n'est pas gardé)"
            )
            continue
        drafts.append(draft)
    submits = [
        SubmitStep(number, builder._say(draft))
        for number, draft in enumerate(drafts, 1)
        if draft.submit
    ]
    chosen = set(definitive(submits)) if submits else set()
    steps: list[StepBase] = []
    for number, draft in enumerate(drafts, 1):
        draft.irreversible = draft.submit and number in chosen
        step, _ = builder._step(draft)
        if draft.irreversible:
            steps.append(builder._recognise(draft))  # an irreversible act needs its page
        steps.append(step)
    found.steps = steps
    inputs = sorted({n for step in steps for n in step.placeholders()})
    flow = Flow(
        name="a-la-main",
        title="à la main",
        site=recorder.site,
        inputs=inputs,
        steps=steps or [_DUMMY],
    )
    text = dump_flow(flow)
    builder._check_private(text)  # last guard: no personal value in what is written
    return found


_DUMMY = ExpectStep(say="Page", expect=Condition(url="/"))


class _NoQuestions:
    """The builder's questions are not asked by hand: :func:`hand_steps` decides."""

    def free_text(self, item: FreeText) -> str | None:
        return None

    def irreversible(self, steps: Sequence[SubmitStep]) -> Collection[int]:
        return set()
