"""What a run leaves in its folder: masked captures, ``deroulement.txt`` (each step, its
status, the candidate used, its time), and for a failure a report the person can act on
(the step, the page's heading, the candidates tried, the site's message, a capture)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ens_auto.flow.locate import CandidateReport
from ens_auto.flow.model import StepBase
from ens_auto.flow.plan import heading_of
from ens_auto.flow.results import RunOptions, RunResult, RunUI, StepFailed, StepRecord
from ens_auto.identity import Scrubber

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

    from ens_auto.flow.capture import Captures
    from ens_auto.flow.guard import OriginGuard
    from ens_auto.flow.watch import PageWatch

#: Said after any failure once an irreversible step was done.
AFTER_IRREVERSIBLE = (
    "Attention : l'étape définitive « {say} » a été faite. Votre démarche est sans doute "
    "enregistrée : ne la refaites pas à l'aveugle. Relancez plus tard (le site dira si elle "
    "est déjà faite) ou appelez le 3422 pour le vérifier et demander le justificatif."
)


class EvidenceMixin:
    """Captures and reports of :class:`~ens_auto.flow.run.FlowRunner`."""

    options: RunOptions
    result: RunResult
    scrubber: Scrubber
    ui: RunUI
    page: Page | None
    context: BrowserContext | None
    guard: OriginGuard
    watch: PageWatch
    irreversible_done: str | None
    _captured_url: str | None  # the URL of the page as last captured (None: changed since)
    captures: Captures | None

    def _record(self, record: StepRecord) -> None:
        """Keep the step's outcome, and a line in the run folder's « deroulement.txt »."""
        self.result.steps.append(record)
        number = f"{record.number:>3}" if record.number else "  -"
        line = f"{number} {record.status:<6} {record.elapsed_ms / 1000:6.2f} s  {record.say}"
        if record.candidate:
            line += f"  [{record.candidate}]"
        if record.note:
            line += f"  ({record.note})"
        self._log(line)

    def _log(self, line: str) -> None:
        with (
            contextlib.suppress(OSError),
            (self.options.run_dir / "deroulement.txt").open("a", encoding="utf-8") as log,
        ):
            log.write(self.scrubber(line) + "\n")

    def _heading(self) -> str:
        return heading_of(self.page, self.scrubber) if self.page is not None else ""

    def _fail(
        self,
        number: int,
        step: StepBase,
        why: str,
        reports: Sequence[CandidateReport],
        *,
        hint: str | None = None,
    ) -> None:
        """Stop the run with a report: what failed, on which page, what was tried (and
        ``hint``: what the person can do next, e.g. run again to repair the step)."""
        lines = [f"L'étape {number} n'a pas pu être faite : {step.say}.", self.scrubber(why)]
        heading = self._heading()
        if heading:
            lines.append(f"Page affichée : « {heading} »")
        if reports:
            lines.append("Repères essayés :")
            lines += [f"  - {r.describe()}" for r in reports]
        errors = [e for e in self.watch.messages(self.page) if e not in why]  # said once
        if errors:
            lines.append("Message affiché par le site :")
            lines += [f"  « {e} »" for e in errors]
        shot = self._screenshot(f"{number:02d}-echec", always=True)
        if shot:
            lines.append(f"Capture de la page : {shot}")
        if self.irreversible_done:
            lines.append(AFTER_IRREVERSIBLE.format(say=self.irreversible_done))
        self._record(StepRecord(number, step.say, "echec"))
        raise StepFailed("\n".join(lines), hint=hint)

    def _screenshot(self, name: str, *, always: bool = False) -> Path | None:
        """A masked capture in the run folder. Step captures can be turned off and are
        taken in the background (finished before the run acts on the page again); those of
        a failure and of the last page are always kept, and taken at once."""
        if self.page is None or self.captures is None or not (always or self.options.screenshots):
            return None
        path = self.options.run_dir / f"{name}.jpg"
        url = self.page.url
        if not always:
            self.captures.start(path, done=lambda kept: kept or self._capture_lost(path))
            self._captured_url = url
            return path
        try:
            path.write_bytes(self.captures.now())
        except Exception:
            return None
        self._captured_url = url
        return path

    def _capture_lost(self, path: Path) -> None:
        """A step capture that could not be kept (the page changed meanwhile): its step
        names none, and the last page is captured at the end."""
        self._captured_url = None
        for record in self.result.steps:
            if record.screenshot == path:
                record.screenshot = None

    def _final_evidence(self) -> None:
        if self.page is None:
            return
        try:
            self.result.final_url = self.page.url
            self.result.final_text = self.scrubber(
                self.page.locator("body").inner_text(timeout=2000)
            )
        except Exception:
            pass
        if self._captured_url != self.page.url:  # else: the page as it shows is captured
            shot = self._screenshot("fin", always=True)
            if shot:
                self.result.files.append(shot)
        if self.guard.blocked:
            self.ui.info(
                "Ressources externes bloquées pendant la démarche : "
                + ", ".join(sorted(set(self.guard.blocked)))
            )
