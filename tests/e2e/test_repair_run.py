"""The repair inside a run, in a visible browser (Xvfb): a step's element is no longer
found, the run asks the person to show it, checks it, plays the step with it, goes on,
and saves a repaired copy that later runs use (headless, without help).

Playwright plays the person: the real mouse on the real element, from the run UI's
callback (the same thread as the runner: the sync API cannot click from another one)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ens_auto.flow.load import load_flow, lookup_flow, parse_flow
from ens_auto.flow.model import ClickStep, ExpectStep, Flow
from ens_auto.flow.results import RepairAnswer, RepairRequest
from ens_auto.flow.run import FlowRunner, RunOptions, RunResult
from ens_auto.identity import Detail
from ens_auto.leaks import find_leaks
from tests.e2e.conftest import ScriptedUI, opposition_details

pytestmark = pytest.mark.e2e

FLOW = """\
name: essai-reparation
title: Essai de réparation
procedure: opposition
site: {site}
steps:
  - say: Ouvrir la page de confirmation
    goto: /repair/page.html
  - say: Vérifier la page de confirmation
    expect:
      visible: {{role: heading, name: Confirmez votre opposition}}
  - say: Confirmer mon opposition
    irreversible: true
    click: {{role: button, name: Confirmer mon opposition, exact: true}}
  - say: Vérifier que la demande est reçue
    expect:
      text: Demande reçue
"""

#: The replica's confirmation button, renamed as the real site might one day do.
RENAME = """
document.addEventListener("DOMContentLoaded", () => {
  for (const b of document.querySelectorAll("button[value=confirmer]")) {
    if (/opposition/i.test(b.textContent)) { b.textContent = "Poursuivre la démarche"; }
  }
});
"""


class Person:
    """Plays the person during a repair: once the page waits for a click (the picker's
    banner is up), clicks the next element of ``clicks``; with nothing left to click,
    types « arrêter » at the terminal."""

    def __init__(self, browser: Any, *clicks: str) -> None:
        self.browser = browser
        self.clicks = list(clicks)
        self.clicked: list[str] = []

    def page(self) -> Any:
        return self.browser.contexts[-1].pages[0]

    def __call__(self, request: RepairRequest, polls: int) -> RepairAnswer | None:
        page = self.page()
        state = page.evaluate("() => window.__ensPick ? window.__ensPick.state : null")
        if state != "waiting":
            return None
        if not self.clicks:
            return "arreter"
        selector = self.clicks.pop(0)
        box = page.locator(selector).bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        self.clicked.append(selector)
        return None


def _run(
    browser: Any,
    flow: Flow,
    site: str,
    ui: ScriptedUI,
    run_dir: Path,
    *,
    details: dict[str, Detail] | None = None,
    before: Callable[[FlowRunner], None] | None = None,
    **options: Any,
) -> RunResult:
    options.setdefault("confirm", "irreversible")
    options.setdefault("timeout_ms", 1_500)
    opts = RunOptions(run_dir=run_dir, site=site, headless=False, **options)
    holder: list[FlowRunner] = []

    def on_step(number: int, say: str) -> None:
        if before is not None and number == 1:
            before(holder[0])

    runner = FlowRunner(flow, details or {}, opts, ui, browser=browser, on_step=on_step)
    holder.append(runner)
    return runner.run()


def test_a_renamed_button_is_shown_checked_confirmed_and_the_copy_replays_headless(
    headed_browser: Any, lab: Any, play_lab: Any, tmp_path: Path
) -> None:
    from tests.support.cli import invoke

    started = time.monotonic()
    flow = parse_flow(FLOW.format(site=lab.url))
    person = Person(headed_browser, "#activer", "#valider")
    ui = ScriptedUI(repair_reply=person)
    result = _run(headed_browser, flow, lab.url, ui, tmp_path / "run")
    assert result.ok, result.error and result.error.message

    # Asked once, in French, saying what to show.
    assert [(r.number, r.what) for r in ui.repairs] == [
        (3, "le bouton pour « Confirmer mon opposition »")
    ]
    assert "Introuvable sur la page" in ui.repairs[0].why
    # The activation button was refused with a French message; nothing was pressed then.
    refused = [w for w in ui.warnings if "parle d'activer" in w]
    assert refused and "Activer mon profil" in refused[0] and "opposition" in refused[0]
    assert person.clicked == ["#activer", "#valider"]
    assert lab.log.acts == ["opposition"]  # the one act: the element shown, once accepted
    # The irreversible step asked twice, both times naming the element really pressed.
    assert [irreversible for _, irreversible, _ in ui.confirmed] == [True, True]
    assert ui.elements == ["bouton « Valider ma décision »"] * 2

    # The copy: saved, used by name, valid, the new candidate first, the old one kept.
    path = result.repaired_copy
    assert path is not None and path.is_file()
    assert any(str(path) in info and "flows diff essai-reparation" in info for info in ui.infos)
    found = lookup_flow("essai-reparation")
    assert found.repaired and found.path == path
    text = path.read_text(encoding="utf-8")
    assert find_leaks(text) == []
    repaired = load_flow("essai-reparation")
    step = repaired.steps[2]
    assert isinstance(step, ClickStep) and step.irreversible
    assert step.click[0].role == "button" and step.click[0].exact  # irreversible: exact
    assert step.click[-1] == flow.steps[2].click[0]  # type: ignore[attr-defined]
    assert "réparé" in (repaired.checked or "")
    assert "(réparé)" in (tmp_path / "run" / "deroulement.txt").read_text(encoding="utf-8")

    # Later runs: headless, nobody to help, the repaired copy goes through.
    lab.log.reset()
    replayed = play_lab(repaired)
    assert replayed.result.ok, replayed.result.error
    assert lab.log.acts == ["opposition"] and replayed.ui.repairs == []

    # flows export: the leak check passes, the file is the copy.
    exported = tmp_path / "a-envoyer.yaml"
    out = invoke(["flows", "export", "essai-reparation", str(exported)])
    assert out.code == 0, out
    assert exported.read_text(encoding="utf-8") == text
    assert time.monotonic() - started < 20


def test_stopping_at_the_terminal_fails_cleanly_and_saves_nothing(
    headed_browser: Any, lab: Any, tmp_path: Path
) -> None:
    flow = parse_flow(FLOW.format(site=lab.url))
    ui = ScriptedUI(repair_reply=Person(headed_browser))  # nothing to click: « arrêter »
    result = _run(headed_browser, flow, lab.url, ui, tmp_path / "run")
    assert result.outcome == "echec" and result.error is not None
    message = result.error.message
    assert "L'étape 3 n'a pas pu être faite : Confirmer mon opposition." in message
    assert "Réparation arrêtée à votre demande." in message
    assert "Capture de la page" in message  # the usual evidence
    assert (tmp_path / "run" / "03-echec.jpg").is_file()
    from ens_auto.flow.copies import find_copy

    assert result.repaired_copy is None and find_copy("essai-reparation") is None
    assert lab.log.acts == []


def test_headless_or_yes_runs_say_how_to_repair(play_lab: Any, lab: Any) -> None:
    flow = parse_flow(FLOW.format(site=lab.url))
    headless = play_lab(flow, timeout_ms=1_000, confirm="irreversible")
    error = headless.result.error
    assert error is not None and error.hint is not None
    assert "--headed" in error.hint and "--yes" not in error.hint
    assert "cliquer sur l'élément" in error.hint
    assert headless.ui.repairs == []
    scripted = play_lab(flow, timeout_ms=1_000)  # confirm none: --yes
    hint = scripted.result.error.hint  # type: ignore[union-attr]
    assert hint is not None and "--headed" in hint and "sans --yes" in hint


def test_the_replica_with_a_renamed_button_ends_with_the_checked_justificatif(
    headed_browser: Any, replica: Any, play: Any, settings: Any, tmp_path: Path
) -> None:
    """The shipped opposition flow, on the replica whose confirmation button was renamed:
    the page check and the click are both repaired by showing the button; the PDF is
    checked; the copy holds nothing personal and replays headless."""
    from ens_auto.proof import check_pdf

    details = opposition_details("adulte_sans_photo")
    person = Person(headed_browser, "button[value=confirmer]", "button[value=confirmer]")
    ui = ScriptedUI(repair_reply=person)
    sink_dir = tmp_path / "preuves"

    class Sink:
        justificatif: bytes | None = None

        def downloaded(self, step: Any, data: bytes, suggested_name: str) -> Path:
            Sink.justificatif = data
            sink_dir.mkdir(exist_ok=True)
            path = sink_dir / "justificatif.pdf"
            path.write_bytes(data)
            return path

        def proof_screenshot(self, step: Any, png: bytes, page_text: str) -> Path:
            sink_dir.mkdir(exist_ok=True)
            path = sink_dir / "confirmation.png"
            path.write_bytes(png)
            return path

    opts = RunOptions(
        run_dir=tmp_path / "run",
        site=replica.url,
        headless=False,
        confirm="irreversible",
        timeout_ms=1_500,
    )
    runner = FlowRunner(
        load_flow("opposition"), details, opts, ui, sink=Sink(), browser=headed_browser
    )
    runner.on_step = lambda number, say: (
        runner.context.add_init_script(RENAME) if number == 1 else None  # type: ignore[union-attr]
    )
    result = runner.run()
    assert result.ok, result.error and result.error.message
    assert Sink.justificatif is not None and check_pdf(Sink.justificatif).ok
    assert [o["person"] for o in replica.control.state()["oppositions"]] == ["adulte_sans_photo"]
    assert [r.what.split(" pour ")[0] for r in ui.repairs] == [
        "un élément qui montre que la page est la bonne",
        "le bouton ou le lien",
    ]
    assert ui.elements == ["bouton « Poursuivre la démarche »"] * 2

    path = result.repaired_copy
    assert path is not None
    text = path.read_text(encoding="utf-8")
    secrets = {name: detail.value for name, detail in details.items() if detail.secret}
    assert find_leaks(text, secrets) == [], text
    repaired = load_flow("opposition")
    confirmation = next(s for s in repaired.steps if s.id == "confirmation")
    assert isinstance(confirmation, ExpectStep) and confirmation.expect.visible
    assert confirmation.expect.visible[0].role == "button"

    replica.control.reset()
    replayed = play(
        repaired,
        details,
        hook=lambda r, number, say: r.context.add_init_script(RENAME) if number == 1 else None,
    )
    assert replayed.result.ok, replayed.result.error and replayed.result.error.message
    assert replayed.ui.repairs == []


def test_commands_say_when_the_repaired_copy_is_used_and_when_it_is_stale(
    settings: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ens_auto.cli.common import reset_consoles
    from ens_auto.cli.running import load_announced
    from ens_auto.flow.candidates import Candidate
    from ens_auto.flow.copies import Repair, StepAt, save_repaired

    shipped = load_flow("opposition")
    index = shipped.index_of("confirmer")
    new = [Candidate(role="button", name="Poursuivre la démarche", exact=True)]
    path = save_repaired(shipped, [Repair(StepAt(index), new)])
    monkeypatch.setenv("COLUMNS", "400")  # no line wrapped in a path
    reset_consoles()
    flow = load_announced("opposition")
    said = capsys.readouterr().err
    assert f"Parcours réparé utilisé : {path}" in said
    assert "plus récente" not in said
    assert flow.steps[index].click[0] == new[0]  # type: ignore[attr-defined]

    text = path.read_text(encoding="utf-8")
    path.write_text(
        "\n".join(
            line.replace(line.split("version fournie ")[-1], "0123456789abcdef")
            if "version fournie" in line
            else line
            for line in text.splitlines()
        ),
        "utf-8",
    )
    reset_consoles()
    load_announced("opposition")
    said = " ".join(capsys.readouterr().err.split())
    assert "Parcours réparé utilisé" in said and "version plus récente" in said
    assert "ens-auto flows diff opposition" in said
