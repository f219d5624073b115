"""Texts matched by meaning: alternatives, case and accents free, whitespace and apostrophes
tolerant, regular expressions between slashes (and the same pattern works in the page)."""

from __future__ import annotations

import re

import pytest

from ens_auto.flow.texts import Texts, fold, fold_regex, plain_pattern


@pytest.mark.parametrize(
    ("wanted", "page"),
    [
        ("enregistree", "Votre opposition a bien été ENREGISTRÉE."),
        ("Enregistrée", "votre demande est enregistree"),
        ("prise en compte", "Elle a été prise\u00a0 en\n compte le 12/11"),
        ("l'opposition", "l’opposition s’applique"),
        ("m'opposer", "M’OPPOSER à Mon espace santé"),
        ("e-mail", "Par e‑mail"),  # a non-breaking hyphen
        ("Clôture du profil", "CLOTURE DU PROFIL"),
        ("déjà", "Vous êtes DEJA inscrit"),
    ],
)
def test_plain_texts_are_found_whatever_accents_case_spaces_or_apostrophes(
    wanted: str, page: str
) -> None:
    assert Texts.parse(wanted).found_in(page) == wanted


@pytest.mark.parametrize(
    ("wanted", "page"),
    [
        ("enregistree", "Votre opposition a été refusée."),
        ("activee", "Votre profil est activable"),
        ("m'opposer", "m opposer"),  # the apostrophe is required, in any form
    ],
)
def test_plain_texts_do_not_match_other_words(wanted: str, page: str) -> None:
    assert Texts.parse(wanted).found_in(page) is None


def test_alternatives_any_of_them() -> None:
    texts = Texts.parse(
        {"known": ["prise en compte"], "guess": ["enregistr", "/a bien [ée]t[ée]/"]}
    )
    assert texts.found_in("Votre choix a bien été noté") == "/a bien [ée]t[ée]/"
    assert texts.found_in("Demande ENREGISTRÉE") == "enregistr"
    assert texts.found_in("rien de tel") is None
    assert texts.is_known("prise en compte") and not texts.is_known("enregistr")


def test_regular_expressions_are_accent_free_too() -> None:
    texts = Texts.parse("/d[ée]j[àa].{0,40}oppos/")
    assert texts.found_in("Vous vous êtes DÉJÀ opposé(e)")
    assert texts.found_in("vous vous etes deja oppose")
    # A regex written without accents finds the accented words.
    assert Texts.parse("/deja oppose/").found_in("Déjà   opposé")


def test_exact_asks_for_the_whole_text() -> None:
    texts = Texts.parse("Valider")
    assert texts.pattern(exact=True).search("  valider ")
    assert not texts.pattern(exact=True).search("Valider mon identité")
    assert texts.pattern().search("Valider mon identité")


def test_one_pattern_for_all_alternatives_is_javascript_compatible() -> None:
    pattern = Texts.parse(["Télécharger", "/justificatif|attestation/", "(PDF)"]).pattern()
    assert pattern.flags & re.IGNORECASE
    # Only constructs JavaScript shares: no inline flags, lookbehind or named groups.
    assert "(?i" not in pattern.pattern and "(?<" not in pattern.pattern
    assert "(?P" not in pattern.pattern
    assert pattern.search("TELECHARGER le justificatif (pdf)")


def test_fold_and_the_pattern_builders() -> None:
    assert fold("  L’Opposition  ENREGISTRÉE ") == "l'opposition enregistree"
    assert re.fullmatch(plain_pattern("a b"), "A \t B", re.I)
    assert re.fullmatch(fold_regex("caf[eé]"), "CAFË", re.I)
    assert fold_regex("\\d+ e") == r"\d+\s+[eéèêë]"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ({"known": []}, "aucune variante"),
        ({"connu": ["x"]}, "clé inconnue"),
        (["ok", ""], "vide"),
        ("/[non fermé/", "expression régulière invalide"),
        (3, "une chaîne"),
    ],
)
def test_bad_texts_are_refused_in_french(value: object, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        Texts.parse(value)


def test_texts_dump_back_to_the_flow_files_form() -> None:
    assert Texts.parse("Valider").dump() == "Valider"
    assert Texts.parse(["a", "b"]).dump() == ["a", "b"]
    assert Texts.parse({"known": ["a"], "guess": ["b"]}).dump() == {"known": ["a"], "guess": ["b"]}
    assert Texts.parse({"known": ["a"]}).dump() == {"known": ["a"]}
