"""Recording a flow: Playwright plays the person on the replica, the recorder writes the
flow; the flow holds no personal value, every candidate was unique at record time, and the
recorded flow replays end to end (justificatif checked, opposition recorded)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import pytest

from ens_auto.flow.load import load_flow
from ens_auto.flow.model import ChooseStep, ClickStep, DownloadStep, FillStep, GotoStep
from ens_auto.flow.recording import FreeText, Recorder, SubmitStep
from ens_auto.leaks import find_leaks

pytestmark = pytest.mark.e2e

PERSON = "adulte_sans_photo"


class Answers:
    """The person's answers to the questions at the end of the recording."""

    def __init__(self, irreversible: str) -> None:
        self.irreversible_say = irreversible
        self.free: list[FreeText] = []
        self.submits: list[SubmitStep] = []

    def free_text(self, item: FreeText) -> str | None:
        self.free.append(item)
        return None

    def irreversible(self, steps: Sequence[SubmitStep]) -> Collection[int]:
        self.submits = list(steps)
        return [s.number for s in steps if self.irreversible_say in s.say]


def _spellings(value: str) -> list[str]:
    """The value as it could be written: plain, spaced, grouped like a NIR."""
    groups = [value[0], value[1:3], value[3:5], value[5:7], value[7:10], value[10:13], value[13:]]
    return [value, " ".join(value), " ".join(g for g in groups if g), value.lower()]


def _record_opposition(browser: Any, site: str, person: Any) -> tuple[Recorder, Any]:
    context = browser.new_context(accept_downloads=True, locale="fr-FR")
    recorder = Recorder(context, site=site)
    page = recorder.attach()
    recorder.open("/enrolement/cloture/accueil")
    page.get_by_role("link", name="Je m'oppose à la création de mon profil").click()
    page.get_by_label("Saisir le code provisoire à 12 caractères").fill(person.code_provisoire)
    page.get_by_role("button", name="Valider").click()
    nir = person.nir
    spaced = f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}"
    page.get_by_label("Mon numéro de sécurité sociale").fill(spaced)
    page.get_by_label("Carte Vitale sans photo").check()
    page.get_by_label("Mon numéro de série").fill(person.carte_vitale_serie)
    page.get_by_role("button", name="Valider").click()
    page.get_by_label("Je m'oppose à la création de Mon espace santé").check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("button", name="Confirmer mon opposition").click()
    with page.expect_download():
        page.get_by_role("button", name="Télécharger le justificatif").click()
    recorder.stop()
    return recorder, context


def test_recorded_opposition_is_private_checked_and_replays(
    browser: Any, replica: Any, tmp_path: Path, settings: Any
) -> None:
    from ens_auto.replica.identities import load_identities

    person = load_identities().person(PERSON)
    recorder, context = _record_opposition(browser, replica.url, person)
    try:
        answers = Answers("Confirmer mon opposition")
        recorded = recorder.build("opposition-enregistree", answers, title="Mon opposition")
    finally:
        context.close()
    out = tmp_path / "opposition-enregistree.yaml"
    out.write_text(recorded.text, encoding="utf-8")
    print(recorded.text)

    # The file is a valid flow, with the person's details as placeholders.
    flow = load_flow(out)
    assert flow.site == replica.url
    assert flow.procedure == "opposition"
    assert flow.inputs == ["code_provisoire", "nir", "carte_vitale_type", "carte_vitale_serie"]
    assert (
        isinstance(flow.steps[0], GotoStep) and flow.steps[0].goto == "/enrolement/cloture/accueil"
    )
    fills = {s.fill.value for s in flow.steps if isinstance(s, FillStep)}
    assert fills == {"{{ code_provisoire }}", "{{ nir }}", "{{ carte_vitale_serie }}"}
    chooses = [s.choose.option.alternatives[0] for s in flow.steps if isinstance(s, ChooseStep)]
    assert chooses == ["{{ carte_vitale_type }}", "Je m'oppose à la création de Mon espace santé"]
    assert answers.free == []  # nothing typed was left unclassified

    # None of the typed personal values, in any spacing; nothing shaped like personal data.
    text = recorded.text
    secrets = {
        "nir": person.nir,
        "code": person.code_provisoire,
        "serie": person.carte_vitale_serie,
    }
    assert find_leaks(text, secrets) == []
    packed = re.sub(r"\s", "", text).lower()
    for value in (person.nir, person.code_provisoire, person.carte_vitale_serie):
        for spelling in _spellings(value):
            assert spelling.lower() not in text.lower()
        assert value.lower() not in packed

    # Submits were listed; only the one marked is irreversible, with exact names.
    says = [s.say for s in answers.submits]
    assert any("Confirmer mon opposition" in s for s in says)
    assert any("Valider" in s for s in says)
    irreversible = [s for s in flow.steps if s.irreversible]
    assert len(irreversible) == 1 and isinstance(irreversible[0], ClickStep)
    assert "Confirmer mon opposition" in irreversible[0].say
    assert all(c.exact for c in irreversible[0].click if c.kind in ("role", "text"))
    download = [s for s in flow.steps if isinstance(s, DownloadStep)]
    assert len(download) == 1 and download[0].download.must_contain == ["opposition"]

    # Every candidate written matched exactly one element, that element, at record time.
    for number, step in enumerate(flow.steps, 1):
        for target in step.targets():
            checks = recorded.checks[number]
            assert [c.candidate for c in checks] == target
            assert all(c.count == 1 and c.same_element for c in checks), step.say
    assert recorded.warnings == []

    # Replayed end to end on a reset replica: a checked PDF, an opposition recorded.
    from ens_auto.execute import RunRequest, execute
    from tests.e2e.conftest import ScriptedUI, opposition_details

    replica.control.reset()
    report = execute(
        RunRequest(
            flow=flow,
            details=opposition_details(PERSON),
            label="moi",
            site=replica.url,
            confirm="none",
        ),
        ScriptedUI(),
        settings,
        browser=browser,
    )
    assert report.result.ok, report.result.error
    assert report.justificatif is not None and report.justificatif.read_bytes()[:4] == b"%PDF"
    state = replica.control.state()
    assert PERSON in str(state)


def test_record_from_a_replayed_flow_keeps_its_steps(
    browser: Any, replica: Any, tmp_path: Path
) -> None:
    """``--from opposition --until choix``: the replayed steps, then what was recorded."""
    from ens_auto.flow.run import FlowRunner, RunOptions
    from tests.e2e.conftest import ScriptedUI, opposition_details

    base = load_flow("opposition")
    stop_at = base.index_of("choix")
    details = opposition_details(PERSON)
    runner = FlowRunner(
        base,
        details,
        RunOptions(
            run_dir=tmp_path / "run",
            site=replica.url,
            confirm="none",
            until=stop_at,
            screenshots=False,
        ),
        ScriptedUI(),
        browser=browser,
    )
    result = runner.run(keep_open=True)
    try:
        assert result.ok, result.error
        recorder = Recorder(runner.context, site=replica.url, details=details)
        page = recorder.attach(runner.page)
        page.get_by_label("Je m'oppose à la création de Mon espace santé").check()
        page.get_by_role("button", name="Continuer").click()
        page.get_by_role("button", name="Confirmer mon opposition").click()
        page.get_by_text("bien été enregistrée").wait_for()
        recorder.stop()
    finally:
        runner.close(own_browser=False)
    recorded = recorder.build(
        "opposition-suite",
        Answers("Confirmer mon opposition"),
        base_steps=base.steps[:stop_at],
        procedure=base.procedure,
    )
    flow = load_flow_text(recorded.text, tmp_path)
    assert [s.say for s in flow.steps[:stop_at]] == [s.say for s in base.steps[:stop_at]]
    new = flow.steps[stop_at:]
    assert isinstance(new[0], ChooseStep)
    assert any(s.irreversible and "Confirmer mon opposition" in s.say for s in new)
    assert set(flow.inputs) == set(base.inputs)
    assert replica.control.state()["oppositions"]  # the recording really did it


def load_flow_text(text: str, folder: Path) -> Any:
    path = folder / "suite.yaml"
    path.write_text(text, encoding="utf-8")
    return load_flow(path)
