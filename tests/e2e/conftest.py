"""Fixtures of the flow engine's end-to-end tests: a scripted run UI, the replica's fake
identities as validated details, and a helper that plays a flow with the session browser.

Everything runs for real: headless Chromium over HTTP against the replica."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from ens_auto.flow.model import Flow, StepBase
from ens_auto.flow.results import RepairAnswer, RepairRequest
from ens_auto.flow.run import Answer, FlowRunner, PagePlan, RunOptions, RunResult
from ens_auto.identity import Detail, parse_details


@dataclass
class ScriptedUI:
    """A run UI that answers like a person would, and remembers what it was shown.

    ``answer(number, step, can_skip)`` decides each confirmation (default: continue);
    ``ask(question, secret)`` gives typed values (default: fails the test);
    ``repair_reply(request, polls)`` plays the person during a repair, called a few times
    a second while the browser waits for a click (it may click in the page: same thread),
    and gives what the person types at the terminal (default: « arrêter » at once)."""

    answer: Callable[[int, StepBase, bool], Answer] | None = None
    reply: Callable[[str, bool], str] | None = None
    shown: list[tuple[int, int, str, str | None]] = field(default_factory=list)
    confirmed: list[tuple[int, bool, bool]] = field(default_factory=list)  # number, irrev, skip
    asked: list[tuple[str, bool]] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: list[PagePlan] = field(default_factory=list)  # page confirmations asked
    elements: list[str] = field(default_factory=list)  # names shown for irreversible steps
    page_answer: Callable[[PagePlan], Answer] | None = None
    repair_reply: Callable[[RepairRequest, int], RepairAnswer | None] | None = None
    repairs: list[RepairRequest] = field(default_factory=list)  # repairs asked
    _polls: int = 0

    def step(self, number: int, total: int, step: StepBase, shown_value: str | None) -> None:
        self.shown.append((number, total, step.say, shown_value))

    def confirm(
        self, number: int, step: StepBase, *, can_skip: bool, element: str | None = None
    ) -> Answer:
        self.confirmed.append((number, step.irreversible, can_skip))
        if element is not None:
            self.elements.append(element)
        return self.answer(number, step, can_skip) if self.answer else "continuer"

    def confirm_page(self, plan: PagePlan) -> Answer:
        self.pages.append(plan)
        return self.page_answer(plan) if self.page_answer else "continuer"

    def ask(self, question: str, *, secret: bool) -> str:
        self.asked.append((question, secret))
        if self.reply is None:
            raise AssertionError(f"unexpected question: {question}")
        return self.reply(question, secret)

    def info(self, message: str) -> None:
        self.infos.append(message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def repair_start(self, request: RepairRequest) -> None:
        self.repairs.append(request)
        self._polls = 0

    def repair_answer(self) -> RepairAnswer | None:
        if self.repair_reply is None:
            return "arreter"
        self._polls += 1
        return self.repair_reply(self.repairs[-1], self._polls - 1)

    def repair_end(self) -> None:
        pass

    @property
    def confirmed_numbers(self) -> list[int]:
        return [n for n, _, _ in self.confirmed]


def opposition_raw(person_id: str) -> dict[str, str]:
    """The opposition flow's inputs for one of the replica's fake persons."""
    from ens_auto.replica.identities import load_identities

    return load_identities().person(person_id).opposition_inputs()


def opposition_details(person_id: str = "adulte_sans_photo") -> dict[str, Detail]:
    return parse_details(opposition_raw(person_id))


def closure_details(account_id: str = "compte_cloture", *, suppression: bool) -> dict[str, Detail]:
    from ens_auto.replica.identities import load_identities

    account = load_identities().account(account_id)
    return parse_details(
        {
            "identifiant": account.identifiant,
            "mot_de_passe": account.mot_de_passe,
            "suppression_donnees": "oui" if suppression else "non",
        }
    )


@dataclass
class Played:
    """A finished run, with the runner (for its guard, page...) and the UI it talked to."""

    result: RunResult
    runner: FlowRunner
    ui: ScriptedUI
    seconds: float


@pytest.fixture
def play(browser: Any, replica: Any, tmp_path: Path) -> Iterator[Callable[..., Played]]:
    """``play(flow, details, ui=None, keep_open=False, hook=None, **options)``: run ``flow``
    on the replica with the session browser (a fresh context each time). ``hook(runner,
    number, say)`` is called before each step (to make the page misbehave); ``options`` go
    to :class:`RunOptions`. Runs kept open are closed at the end of the test."""
    import time

    opened: list[FlowRunner] = []
    counter = iter(range(1, 1000))

    def _play(
        flow: Flow,
        details: dict[str, Detail] | None = None,
        ui: ScriptedUI | None = None,
        *,
        keep_open: bool = False,
        hook: Callable[[FlowRunner, int, str], None] | None = None,
        **options: Any,
    ) -> Played:
        ui = ui or ScriptedUI()
        options.setdefault("confirm", "none")
        opts = RunOptions(run_dir=tmp_path / f"run{next(counter)}", site=replica.url, **options)
        holder: list[FlowRunner] = []

        def on_step(number: int, say: str) -> None:
            if hook is not None:
                hook(holder[0], number, say)

        runner = FlowRunner(flow, details or {}, opts, ui, browser=browser, on_step=on_step)
        holder.append(runner)
        started = time.monotonic()
        result = runner.run(keep_open=keep_open)
        if keep_open:
            opened.append(runner)
        return Played(result, runner, ui, time.monotonic() - started)

    yield _play
    for runner in opened:
        runner.close(own_browser=False)


@pytest.fixture
def settings(isolated_env: dict[str, Path]) -> Any:
    from ens_auto.config import get_settings, reset_settings

    reset_settings()
    return get_settings()


@dataclass
class Executed:
    """A run through :func:`ens_auto.execute.execute`, with its journal row."""

    report: Any  # ExecutionReport
    row: Any  # journal RunRecord
    ui: ScriptedUI
    settings: Any

    @property
    def result(self) -> RunResult:
        return self.report.result


@pytest.fixture
def run_exec(
    browser: Any, replica: Any, monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Executed]:
    """``run_exec(flow, details, ui=None, confirm='none', timeout_ms=None,
    navigation_timeout_ms=None, label='test')``: the whole execution (journal row, proof
    kept in the download folder) on the replica, with the session browser."""
    from ens_auto.config import get_settings, reset_settings
    from ens_auto.execute import RunRequest, execute
    from ens_auto.journal import Journal

    def _run(
        flow: Flow,
        details: dict[str, Detail] | None = None,
        ui: ScriptedUI | None = None,
        *,
        confirm: str = "none",
        timeout_ms: int | None = None,
        navigation_timeout_ms: int | None = None,
        label: str = "test",
    ) -> Executed:
        if timeout_ms is not None:
            monkeypatch.setenv("ENS_AUTO_TIMEOUT_MS", str(timeout_ms))
        if navigation_timeout_ms is not None:
            monkeypatch.setenv("ENS_AUTO_NAVIGATION_TIMEOUT_MS", str(navigation_timeout_ms))
        reset_settings()
        settings = get_settings()
        ui = ui or ScriptedUI()
        request = RunRequest(
            flow=flow,
            details=details or {},
            label=label,
            site=replica.url,
            headless=True,
            confirm=confirm,  # type: ignore[arg-type]
        )
        report = execute(request, ui, settings, browser=browser)
        row = Journal(settings.journal_path).get_run(report.run_id)
        return Executed(report, row, ui, settings)

    return _run


@pytest.fixture(scope="session")
def headed_browser(
    playwright_instance: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """A visible Chromium on a virtual screen (Xvfb), for the whole session: what a person
    sees by default. Skips the test where Xvfb is not installed (CI installs it)."""
    import shutil
    import subprocess
    import time

    from tests.conftest import CHROMIUM_ARGS, chromium_path

    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb absent (apt-get install xvfb)")
    # Xvfb picks a free display itself and writes its number (two test sessions at once,
    # or a desktop already on :0, never collide).
    screen = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert screen.stdout is not None
    number = screen.stdout.readline().strip()
    if not number.isdigit():
        screen.kill()
        pytest.skip("Xvfb n'a pas démarré")
    display = f":{number}"
    time.sleep(0.1)
    try:
        browser = playwright_instance.chromium.launch(
            executable_path=chromium_path(),
            headless=False,
            args=CHROMIUM_ARGS,
            env={"DISPLAY": display, "HOME": str(tmp_path_factory.mktemp("home"))},
        )
        yield browser
        browser.close()
    finally:
        screen.terminate()
        screen.wait(timeout=5)


@pytest.fixture(scope="session")
def lab_server() -> Iterator[Any]:
    from tests.support.lab import LabServer

    server = LabServer().start()
    yield server
    server.stop()


@pytest.fixture
def lab(lab_server: Any) -> Any:
    """The lab's pages (``tests/e2e/lab/``), its log emptied."""
    lab_server.log.reset()
    return lab_server


@pytest.fixture
def play_lab(browser: Any, lab: Any, tmp_path: Path) -> Callable[..., Played]:
    """``play_lab(flow, details=None, ui=None, **options)``: run ``flow`` on the lab."""
    import time

    counter = iter(range(1, 1000))

    def _play(
        flow: Flow,
        details: dict[str, Detail] | None = None,
        ui: ScriptedUI | None = None,
        **options: Any,
    ) -> Played:
        ui = ui or ScriptedUI()
        options.setdefault("confirm", "none")
        options.setdefault("timeout_ms", 5_000)
        opts = RunOptions(run_dir=tmp_path / f"lab{next(counter)}", site=lab.url, **options)
        runner = FlowRunner(flow, details or {}, opts, ui, browser=browser)
        started = time.monotonic()
        result = runner.run()
        return Played(result, runner, ui, time.monotonic() - started)

    return _play


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The searches of the page made meanwhile: each of these calls is recorded, then made."""
    from playwright.sync_api import Locator

    calls: list[str] = []
    for name in ("count", "wait_for", "text_content"):
        original = getattr(Locator, name)
        monkeypatch.setattr(
            Locator,
            name,
            lambda loc, *a, _n=name, _o=original, **kw: calls.append(_n) or _o(loc, *a, **kw),
        )
    return calls
