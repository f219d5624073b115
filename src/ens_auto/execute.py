"""One run of a flow for one person, with everything around it: the journal row, the run
folder, the justificatif checked and kept, the confirmation screenshot beside it.

``replay``, ``oppose`` and ``close`` all go through :func:`execute`, so that nothing is
lost: a run that fails still ends with its evidence and a journal row.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ens_auto.config import ConfirmMode, Settings
from ens_auto.errors import EnsAutoError
from ens_auto.flow.model import DownloadStep, Flow, ScreenshotStep
from ens_auto.flow.run import FlowRunner, RunOptions, RunResult, RunUI, StepFailed
from ens_auto.identity import Detail, Scrubber
from ens_auto.journal import Journal
from ens_auto.proof import check_pdf, keep_suspect, save_proof


class SuspectProof(StepFailed):
    """The file the site gave is not the justificatif it should be."""


@dataclass
class RunRequest:
    flow: Flow
    details: Mapping[str, Detail]
    label: str
    site: str | None = None
    headless: bool = True
    confirm: ConfirmMode = "page"
    trace: bool = False


@dataclass
class ExecutionReport:
    run_id: str
    result: RunResult
    justificatif: Path | None = None
    justificatif_sha256: str | None = None
    confirmation: Path | None = None


class ProofKeeper:
    """Checks what the run downloads and keeps it in the download folder, journaled."""

    def __init__(
        self, *, folder: Path, label: str, procedure: str, journal: Journal, run_id: str
    ) -> None:
        self.folder = folder
        self.label = label
        self.procedure = procedure if procedure != "autre" else "demarche"
        self.journal = journal
        self.run_id = run_id
        self.justificatif: Path | None = None
        self.sha256: str | None = None
        self.confirmation: Path | None = None

    def downloaded(self, step: DownloadStep, data: bytes, suggested_name: str) -> Path:
        spec = step.download
        if spec.kind == "justificatif":
            check = check_pdf(data, must_contain=spec.must_contain)
            if not check.ok:
                kept = keep_suspect(
                    data,
                    folder=self.folder,
                    label=self.label,
                    procedure=self.procedure,
                    reason=check.reason,
                )
                self.journal.add_file(self.run_id, "suspect", kept.path, kept.sha256, kept.size)
                raise SuspectProof(
                    f"Le justificatif reçu n'est pas valable : {check.reason} "
                    f"Il est gardé à part pour vérification : {kept.path}. "
                    "Votre démarche a peut-être été enregistrée : ne la refaites pas "
                    "sans avoir vérifié ; demandez le justificatif au 3422."
                )
            suffix = ".pdf"
        else:
            suffix = Path(suggested_name).suffix.lower() or ".bin"
        saved = save_proof(
            data, folder=self.folder, label=self.label, procedure=self.procedure, suffix=suffix
        )
        kind = "justificatif" if spec.kind == "justificatif" else "capture"
        self.journal.add_file(self.run_id, kind, saved.path, saved.sha256, saved.size)
        if spec.kind == "justificatif":
            self.justificatif, self.sha256 = saved.path, saved.sha256
        return saved.path

    def proof_screenshot(self, step: ScreenshotStep, png: bytes, page_text: str) -> Path:
        shot = save_proof(
            png,
            folder=self.folder,
            label=self.label,
            procedure=self.procedure,
            suffix=f"_{step.screenshot.name}.png",
        )
        self.journal.add_file(
            self.run_id, "capture_confirmation", shot.path, shot.sha256, shot.size
        )
        text = save_proof(
            page_text.encode("utf-8"),
            folder=self.folder,
            label=self.label,
            procedure=self.procedure,
            suffix=f"_{step.screenshot.name}.txt",
        )
        self.journal.add_file(self.run_id, "texte_confirmation", text.path, text.sha256, text.size)
        self.confirmation = shot.path
        return shot.path


def execute(
    request: RunRequest,
    ui: RunUI,
    settings: Settings,
    *,
    browser: object | None = None,
) -> ExecutionReport:
    """Run ``request.flow`` for one person. Never raises for a failure of the site or the
    flow: the report's result says it, and the journal row is always finished."""
    journal = Journal(settings.journal_path)
    site = request.site or request.flow.site
    run_id = journal.start_run(request.flow.name, request.label, site)
    run_dir = settings.runs_path / run_id
    scrubber = Scrubber(request.details)
    keeper = ProofKeeper(
        folder=settings.download_dir,
        label=request.label,
        procedure=request.flow.procedure,
        journal=journal,
        run_id=run_id,
    )
    options = RunOptions(
        run_dir=run_dir,
        site=request.site,
        headless=request.headless,
        confirm=request.confirm,
        timeout_ms=settings.timeout_ms,
        navigation_timeout_ms=settings.navigation_timeout_ms,
        trace=request.trace,
        screenshots=settings.step_screenshots,
    )
    progress = StepProgress(journal, run_id)
    try:
        runner = FlowRunner(
            request.flow,
            request.details,
            options,
            ui,
            sink=keeper,
            scrubber=scrubber,
            browser=browser,  # type: ignore[arg-type]
            on_step=progress,
        )
    except EnsAutoError as exc:  # never leave a run « en cours » in the journal
        journal.finish_run(run_id, "echec", scrubber(exc.message))
        raise
    try:
        result = runner.run()
    finally:
        progress.close()
    _journal_files(journal, run_id, result)
    message = scrubber(result.error.message) if isinstance(result.error, EnsAutoError) else ""
    last = (result.last_number, result.last_say) if result.last_number else None
    journal.finish_run(run_id, result.outcome, message, last_step=last)
    return ExecutionReport(
        run_id=run_id,
        result=result,
        justificatif=keeper.justificatif,
        justificatif_sha256=keeper.sha256,
        confirmation=keeper.confirmation,
    )


class StepProgress:
    """The step reached, written to the journal as the run goes (another process may look:
    ``ens-auto journal``), by a thread of its own: a write is a transaction on disk, and the
    run never waits for one. Only the latest step is written; the last one is written by
    ``finish_run`` anyway."""

    def __init__(self, journal: Journal, run_id: str) -> None:
        self.journal = journal
        self.run_id = run_id
        self._latest: tuple[int, str] | None = None
        self._changed = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._write, name="ens-auto-journal", daemon=True)
        self._thread.start()

    def __call__(self, number: int, say: str) -> None:
        with self._changed:
            self._latest = (number, say)
            self._changed.notify()

    def _write(self) -> None:
        while True:
            with self._changed:
                while self._latest is None and not self._closed:
                    self._changed.wait()
                if self._latest is None:
                    return
                latest, self._latest = self._latest, None
            with contextlib.suppress(Exception):  # progress only: the end is written anyway
                self.journal.update_step(self.run_id, *latest)

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._latest = None  # the end of the run writes the last step itself
            self._changed.notify()
        self._thread.join(timeout=5)


def _journal_files(journal: Journal, run_id: str, result: RunResult) -> None:
    from ens_auto.proof import sha256_file

    for path in result.files:  # the proof files in the download folder are journaled already
        if path.parent != result.run_dir or not path.exists():
            continue
        kind = "trace" if path.suffix == ".zip" else "capture"
        journal.add_file(run_id, kind, path, sha256_file(path), path.stat().st_size)
