"""What a run takes and gives: its options, the record of each step, its result, and the
two parties it talks to (the person watching it, and where its proof goes)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from ens_auto.config import ConfirmMode
from ens_auto.errors import EnsAutoError
from ens_auto.flow.model import PLACEHOLDER, DownloadStep, ScreenshotStep, StepBase
from ens_auto.identity import Detail

Answer = Literal["continuer", "passer", "arreter"]
#: What the person may type at the terminal while a repair waits for a click in the browser.
RepairAnswer = Literal["arreter", "main"]
Outcome = Literal["reussi", "echec", "annule", "issue"]


class StepFailed(EnsAutoError):
    """A step could not be done; the message says which, why, and where the evidence is."""


class ForeignOrigin(EnsAutoError):
    """The browser tried to leave the flow's site."""


@dataclass(frozen=True)
class PlannedStep:
    """One thing a page's confirmation lists: what will be done, with the value masked."""

    say: str
    shown_value: str | None = None
    optional: bool = False
    irreversible: bool = False


@dataclass(frozen=True)
class PagePlan:
    """What the runner will do on the page now shown (one confirmation for all of it)."""

    number: int
    total: int
    heading: str
    steps: tuple[PlannedStep, ...]


@dataclass(frozen=True)
class RepairRequest:
    """A step whose element is no longer found: the person is asked to show it in the
    browser (``what``: « le bouton pour « Confirmer mon opposition » »). ``why``: what the
    runner found (or did not). ``by_hand``: « continuer à la main » is offered too.
    ``page_unknown``: no element to show, the page itself is not one the flow knows (only
    « continuer à la main » or « arrêter »). ``handing``: the person now has the browser
    (« continuer à la main » chosen): ens-auto records until it recognises a page."""

    number: int
    say: str
    what: str
    why: str
    irreversible: bool = False
    by_hand: bool = False
    page_unknown: bool = False
    handing: bool = False


class RunUI(Protocol):
    """What the runner needs from whoever watches the run (terminal, tests, recorder)."""

    def step(self, number: int, total: int, step: StepBase, shown_value: str | None) -> None: ...

    def confirm(
        self, number: int, step: StepBase, *, can_skip: bool, element: str | None = None
    ) -> Answer: ...

    def confirm_page(self, plan: PagePlan) -> Answer: ...

    def ask(self, question: str, *, secret: bool) -> str: ...

    def info(self, message: str) -> None: ...

    def warn(self, message: str) -> None: ...

    def repair_start(self, request: RepairRequest) -> None:
        """Say what to show in the browser; from now on the person may answer at the
        terminal (« arrêter », « continuer à la main »)."""
        ...

    def repair_answer(self) -> RepairAnswer | None:
        """What the person typed since :meth:`repair_start`, without waiting (None:
        nothing yet). Called a few times a second while the browser waits for a click."""
        ...

    def repair_end(self) -> None:
        """The repair is over (element shown, or stopped): stop listening."""
        ...


class ProofSink(Protocol):
    """Where the files a run produces as proof go (checked, saved, journaled)."""

    def downloaded(self, step: DownloadStep, data: bytes, suggested_name: str) -> Path: ...

    def proof_screenshot(self, step: ScreenshotStep, png: bytes, page_text: str) -> Path: ...


@dataclass
class RunOptions:
    run_dir: Path
    site: str | None = None
    headless: bool = True
    confirm: ConfirmMode = "page"
    timeout_ms: int = 15_000
    navigation_timeout_ms: int = 30_000
    trace: bool = False
    screenshots: bool = True
    until: int | None = None  # stop before this 0-based step index (recorder's --from)
    repair: bool = True  # a step whose element is not found may be repaired (if interactive)

    @property
    def interactive(self) -> bool:
        """A person watches a visible browser and answers: a repair can be asked."""
        return not self.headless and self.confirm != "none"


@dataclass
class StepRecord:
    number: int  # as shown to the person (0: not shown, e.g. skipped)
    say: str
    status: Literal["fait", "passe", "saute", "echec"]
    candidate: str | None = None
    elapsed_ms: float = 0.0
    screenshot: Path | None = None
    note: str | None = None


@dataclass
class RunResult:
    flow: str
    outcome: Outcome = "echec"
    steps: list[StepRecord] = field(default_factory=list)
    last_number: int = 0
    last_say: str = ""
    run_dir: Path | None = None
    files: list[Path] = field(default_factory=list)
    final_url: str = ""
    final_text: str = ""
    error: EnsAutoError | None = None
    outcome_id: str | None = None  # the declared outcome the site showed, if any
    overlays_dismissed: list[str] = field(default_factory=list)
    repaired_copy: Path | None = None  # the repaired flow saved by this run, if any

    @property
    def ok(self) -> bool:
        return self.outcome == "reussi"


def render(value: str, details: Mapping[str, Detail]) -> tuple[str, str]:
    """Replace ``{{ name }}`` by the detail's value; returns (typed, shown masked)."""

    def typed(m: re.Match[str]) -> str:
        return details[m.group(1)].value

    def shown(m: re.Match[str]) -> str:
        return details[m.group(1)].masked

    return PLACEHOLDER.sub(typed, value), PLACEHOLDER.sub(shown, value)
