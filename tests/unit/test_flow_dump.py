"""``dump_flow`` writes the whole flow format readably, and what it writes loads back to
the same flow: the shipped flows, and every key of the format."""

from __future__ import annotations

import textwrap

import pytest

from ens_auto.flow.load import load_flow, parse_flow
from ens_auto.flow.model import Flow, GotoStep
from ens_auto.flow.recording import dump_flow

EVERYTHING = """\
name: tout
title: Tout le format
procedure: cloture
site: http://127.0.0.1:8765
inputs: [identifiant, mot_de_passe, suppression_donnees]
checked: "2026-11-23, réplique"
notes: >
  Une note longue qui dit beaucoup de choses sur ce parcours, assez pour tenir sur plusieurs
  lignes une fois écrite.
overlays:
  - id: cookies
    say: Bandeau fermé
    present: {css: ".bandeau"}
    dismiss:
      - {clickable: {guess: ["Tout refuser"]}, exact: true}
outcomes:
  - id: deja
    say: Déjà fait
    until: fin
    recognise:
      visible:
        - {css: ".alert", has_text: {known: ["Profil clôturé"], guess: ["/d[ée]j[àa]/"]}}
    result: deja_fait
    message: C'est déjà fait.
    hint: Appelez le 3422.
steps:
  - say: Ouvrir
    goto: /
  - say: Se connecter
    manual:
      instructions: Connectez-vous.
      until: {url: /compte}
      timeout_s: 300
  - say: Accepter si demandé
    optional: true
    timeout_ms: 2000
    click: {role: button, name: [Continuer, Suivant], exact: true}
  - say: Une page ou l'autre
    one_of:
      - say: un menu
        steps:
          - say: Ouvrir le menu
            click: {css: "header [aria-haspopup]"}
      - say: une liste
        steps:
          - say: Déplier
            click: {clickable: {known: [Mon compte]}}
          - say: Attendre
            wait_for: {visible: {text: Paramètres}}
  - say: Cocher les cases
    check_all:
      target: {role: checkbox}
      within: {css: form}
      except: {label: "/nouvelles/"}
      count: 2
  - say: Choisir
    when: suppression_donnees
    choose:
      option: {known: [Supprimer mes données]}
      group: {role: radiogroup}
  - say: Saisir
    fill: {target: {label: Identifiant}, value: "{{ identifiant }}"}
  - say: Mot de passe
    prompt: {name: code_usage_unique, question: Code ?, target: {placeholder: Code}}
  - say: Entrée
    press: {key: Enter}
  - say: Vérifier
    id: verifier
    expect:
      text: {known: [Confirmer]}
      text_absent: Erreur
      url: /confirmer
      hidden: {role: heading, name: "/activ/"}
  - say: Confirmer
    id: fin
    irreversible: true
    consequence: C'est définitif.
    click: {role: button, name: Confirmer, exact: true}
  - say: Capture
    screenshot: {name: confirmation, proof: true, full_page: false}
  - say: Justificatif
    download:
      target: {clickable: "/t[ée]l[ée]charger/"}
      kind: fichier
      must_contain: []
"""


@pytest.mark.parametrize("name", ["opposition", "cloture"])
def test_shipped_flows_round_trip(name: str) -> None:
    flow = load_flow(name)
    assert parse_flow(dump_flow(flow)) == flow


def test_every_key_of_the_format_round_trips_readably() -> None:
    flow = parse_flow(EVERYTHING)
    text = dump_flow(flow, "Une copie.\nDeux lignes.")
    assert parse_flow(text) == flow
    assert text.startswith("# Tout le format\n# Une copie.\n# Deux lignes.\nname: tout\n")
    for line in (
        "inputs: [identifiant, mot_de_passe, suppression_donnees]",
        "      - {clickable: Tout refuser, exact: true}",
        "        - {css: .alert, has_text: {known: [Profil clôturé], guess: ['/d[ée]j[àa]/']}}",
        "      except:",
        "    optional: true",
        "          - say: Ouvrir le menu",
        "      kind: fichier",
        "      must_contain: []",
    ):
        assert line in text, line
    # One block per step, a blank line between two; none after a key that opens a list.
    assert "\n\n  - say: Se connecter" in text
    assert "steps:\n  - say: Ouvrir\n" in text
    assert "one_of:\n      - say: un menu" in text
    assert "notes: >\n  Une note longue" in text  # prose folded, not quoted


def test_what_the_author_wrote_stays_even_when_it_is_the_default() -> None:
    flow = parse_flow(
        textwrap.dedent(
            """\
            name: x
            title: X
            site: https://www.monespacesante.fr
            steps:
              - say: Justificatif
                download: {target: {text: PDF}, kind: justificatif}
            """
        )
    )
    assert "kind: justificatif" in dump_flow(flow)


@pytest.mark.parametrize(
    "text",
    [
        "a  b   c",
        " espaces autour ",
        "deux\n\nparagraphes\n",
        "#, : - ? [x] {y} & * ! | > ' \" % @ `",
        "ligne finale\n\n\n",
        "très " * 40,
    ],
)
def test_any_text_round_trips(text: str) -> None:
    flow = Flow(
        name="x",
        title="X",
        site="https://www.monespacesante.fr",
        notes=text,
        steps=[GotoStep(say="Ouvrir " + text, goto="/")],
    )
    assert parse_flow(dump_flow(flow)) == flow
