"""``ens-auto oppose`` end to end: real subprocesses (in-process where noted), real Chromium,
the local replica.

What a person cares about: the justificatif PDF is in their documents, well named and
private, the journal says « réussie » with its fingerprint, and the site recorded an
opposition for that person (never an activation).
"""

from __future__ import annotations

import pytest

from ens_auto.errors import EXIT_ALREADY_DONE
from tests.support.cli import (
    assert_justificatif,
    invoke,
    journal_runs,
    person,
    person_env,
    run_cli,
    settings,
    site_args,
    today,
)

OPPOSE = ["oppose", "--yes"]


def _oppositions(replica: object) -> list[dict]:
    return replica.control.state()["oppositions"]  # type: ignore[attr-defined]


def test_adult_card_without_photo_then_a_second_time(replica: object) -> None:
    result = run_cli(*OPPOSE, *site_args(replica), env=person_env("adulte_sans_photo"))

    assert result.code == 0, result
    assert "Démarche terminée" in result.stdout
    assert "Aucun écran détecté" not in result.stderr  # --headless asked: nothing to say
    pdf = assert_justificatif(result, "moi")
    state = replica.control.state()  # type: ignore[attr-defined]
    assert [(o["person"], o["via_representant"]) for o in state["oppositions"]] == [
        ("adulte_sans_photo", False)
    ]
    assert state["activations"] == []
    # the representative page was not involved: its steps were skipped
    assert "Représentant légal" not in result.stderr

    # The same person again: the site says it is already done, which is recognised at
    # once (no timeout): nothing more is done, exit 3, the person is told what to do.
    again = run_cli(*OPPOSE, *site_args(replica), env=person_env("adulte_sans_photo"))

    assert again.code == EXIT_ALREADY_DONE == 3, again
    assert again.elapsed < 15
    assert "Rien à faire" in again.stdout
    assert "déjà enregistrée" in again.output and "3422" in again.output
    runs = journal_runs()
    assert [r.outcome for r in runs] == ["reussi", "deja_fait"]
    assert runs[1].message  # the reason is journaled
    assert not any(f.kind == "justificatif" for f in runs[1].files)
    assert len(_oppositions(replica)) == 1  # nothing new recorded
    assert sorted(p.name for p in pdf.parent.glob("*.pdf")) == [pdf.name]  # no second PDF
    # The site's own words reach the person.
    assert "déjà opposé" in again.output


def test_adult_card_with_photo_born_in_corsica(replica: object) -> None:
    """NIR with « 2A », card with photo, serial typed in full as printed on the card
    (8025000002 + 11 digits; the page shows the prefix itself). The 11-digit form is
    played end to end by test_privacy with the same person."""
    who = person("adulte_avec_photo_2a")
    assert who.nir[5:7] == "2A"
    env = person_env(
        "adulte_avec_photo_2a", carte_vitale_serie="8025000002" + who.carte_vitale_serie
    )
    env["ENS_AUTO_CARTE_VITALE_TYPE"] = "Carte Vitale avec photo"  # the page's own words

    result = run_cli(*OPPOSE, *site_args(replica), env=env)

    assert result.code == 0, result
    assert_justificatif(result, "moi")
    assert [o["person"] for o in _oppositions(replica)] == ["adulte_avec_photo_2a"]
    assert replica.control.state()["activations"] == []  # type: ignore[attr-defined]
    assert "Carte Vitale avec photo" in result.stderr  # the card model step showed it


def test_represented_adult(replica: object) -> None:
    result = run_cli(
        *OPPOSE,
        "--pour",
        "majeur_represente",
        *site_args(replica),
        env=person_env("majeur_represente"),
    )

    assert result.code == 0, result
    assert_justificatif(result, "majeur_represente")
    assert "Certifier être le représentant légal" in result.stderr  # the page was passed
    state = replica.control.state()  # type: ignore[attr-defined]
    assert [(o["person"], o["via_representant"]) for o in state["oppositions"]] == [
        ("majeur_represente", True)
    ]
    assert state["activations"] == []


def test_by_default_one_question_per_page_and_the_definitive_act_apart(replica: object) -> None:
    """Without --yes: one confirmation per page (what will be typed, masked, and pressed),
    and the definitive step confirmed on its own, shown the real name of its button."""
    args = ["oppose", "--headless", *site_args(replica)]
    result = run_cli(*args, env=person_env("adulte_sans_photo"), input="o\n" * 40)

    assert result.code == 0, result
    questions = result.stderr.count("[C]ontinuer")
    pages = result.stderr.count("Sur cette page, ens-auto va")
    assert pages >= 3 and questions <= pages + 2, result.stderr  # not one per step
    assert "Page 1/" in result.stderr
    assert "Élément qui sera pressé : bouton « Confirmer mon opposition »" in result.stderr
    assert "IRRÉVERSIBLE" in result.stderr
    assert "/m'opposer/" not in result.stderr  # a pattern is not something to show a person
    assert_justificatif(result, "moi")


def test_demo_without_terminal() -> None:
    """``ens-auto oppose --demo`` with stdin closed: its own replica (a skin drawn at
    random, and said), a fake identity, no question asked, the justificatif in
    download_dir/demo."""
    result = run_cli("oppose", "--demo", "--headless", timeout=120)

    assert result.code == 0, result
    assert "Démonstration" in result.stdout
    assert "tiré au hasard" in result.stdout
    folder = settings().download_dir / "demo"
    pdf = assert_justificatif(result, "demo", folder=folder)
    assert pdf == folder / f"{today()}_opposition_demo.pdf"
    assert not any(settings().download_dir.glob("*.pdf"))  # nothing outside demo/


@pytest.mark.parametrize("skin", ["dsfr", "ancien"])
def test_demo_on_a_chosen_skin(skin: str) -> None:
    """``--skin`` picks the replica's skin; the demo says which."""
    result = run_cli("oppose", "--demo", "--headless", "--skin", skin, timeout=120)

    assert result.code == 0, result
    assert f"« {skin} »" in result.stdout
    assert_justificatif(result, "demo", folder=settings().download_dir / "demo")


class _Stop(Exception):
    pass


@pytest.mark.parametrize(("flag", "headless"), [("--headless", True), ("--headed", False)])
def test_headed_flag_is_obeyed(
    replica: object, monkeypatch: pytest.MonkeyPatch, flag: str, headless: bool
) -> None:
    """``--headless`` hides the browser and ``--headed`` shows it (when a screen exists).
    Stops at the start of the run: only the request handed to the runner is looked at."""
    import ens_auto.execute

    seen: list[bool] = []

    def start(request: object, *args: object, **kwargs: object) -> None:
        seen.append(request.headless)  # type: ignore[attr-defined]
        raise _Stop

    monkeypatch.setattr(ens_auto.execute, "execute", start)
    monkeypatch.setenv("DISPLAY", ":99")  # a screen exists
    monkeypatch.delenv("ENS_AUTO_HEADLESS")
    for key, value in person_env("adulte_sans_photo").items():
        monkeypatch.setenv(key, value)

    with pytest.raises(_Stop):
        invoke(["oppose", "--yes", "--site", replica.url, flag])  # type: ignore[attr-defined]

    assert seen == [headless]
