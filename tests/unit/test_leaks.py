"""The leak check (tests and ``flows export``): personal data by value, in every spelling
and encoding, and by shape; a finding says what kind and where, never the value."""

from __future__ import annotations

import pytest

from ens_auto.flow.load import load_flow
from ens_auto.flow.recording import dump_flow
from ens_auto.leaks import (
    BIRTH_DATE,
    CODE,
    DIGITS,
    EMAIL,
    NAME,
    NIR,
    PHONE,
    find_leaks,
    find_secrets,
    find_shapes,
    spellings,
)

CORSICAN_NIR = "178112A00412310"  # the replica's fake person (valid key)


def test_a_value_is_found_in_every_spelling_and_encoding() -> None:
    assert "1 78 11 2A 004 123 10" in spellings(CORSICAN_NIR)
    assert "K7M2 Q9X4 B1T8" in spellings("K7M2Q9X4B1T8")
    for haystack in (
        b"NIR 1 78 11 2A 004 123 10.",
        b"nir: 1.78.11.2A.004.123.10",
        CORSICAN_NIR.encode("utf-16-le"),
        CORSICAN_NIR.lower().encode(),
    ):
        assert find_secrets(haystack, {"NIR": CORSICAN_NIR}) != [], haystack
    assert find_secrets("1 78 11 •• ••• ••• 10".encode(), {"NIR": CORSICAN_NIR}) == []
    found = find_secrets("a\nb\nNir : 178112a00412310", {"NIR": CORSICAN_NIR})
    assert [str(f) for f in found] == ["NIR, ligne 3"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("nir: 2 85 03 75 112 345 44", NIR),
        ("nir: 178112A00412310", NIR),
        ("code: K7M2Q9X4B1T8", CODE),
        ("code: k7m2-q9x4-b1t8", CODE),
        ("serie: 4738291056", DIGITS),
        ("serie: 4738 2910 56", DIGITS),
        ("mail: camille.martin@example.fr", EMAIL),
        ("tel: 06 12 34 56 78", PHONE),
        ("tel: +33 6 12 34 56 78", PHONE),
        ("né le 14/03/1985", BIRTH_DATE),
        ("Je certifie être le représentant légal de Camille Martin.", NAME),
        ("Bonjour MARTIN Camille", NAME),
        ("Profil de Paul-Antoine Santoni", NAME),
    ],
)
def test_shapes_of_personal_data(text: str, kind: str) -> None:
    found = find_shapes("intro\n" + text)
    assert [(f.kind, f.where) for f in found if f.kind == kind] == [(kind, "ligne 2")]
    assert all(text.split(": ")[-1] not in str(f) for f in found)  # never the value


@pytest.mark.parametrize(
    "text",
    [
        "nir: 285037511234545",  # a wrong key: not a NIR (but a long digit run: see below)
        "mars 2026 avec les autres",
        "checked: 2026-11-23, réplique locale",
        "du lundi au vendredi de 8 h 30 à 17 h 30, au 3422",
        "css: '#tarteaucitronAlertBig, #didomi-notice'",
        "{clickable: ['/t[ée]l[ée]charger/']} {{ code_provisoire }}",
        "sha256 3f2a9c81e0d47b6a55e2c1d09f8b7a6e5d4c3b2a1908f7e6d5c4b3a29180f7e6",
        "Martin est un prénom ; Camille aussi.",
    ],
)
def test_ordinary_text_is_not_personal(text: str) -> None:
    found = find_shapes(text)
    if text.startswith("nir:"):
        assert [f.kind for f in found] == [DIGITS]
    else:
        assert found == [], found


@pytest.mark.parametrize("name", ["opposition", "cloture"])
def test_the_shipped_flows_hold_no_personal_data(name: str) -> None:
    from ens_auto.flow.load import shipped_flows_dir

    assert find_leaks((shipped_flows_dir() / f"{name}.yaml").read_text(encoding="utf-8")) == []
    assert find_leaks(dump_flow(load_flow(name))) == []


def test_bytes_are_searched_by_value_and_shape() -> None:
    data = "début\n".encode() + b"\x00\xff" + b"2 85 03 75 112 345 44"
    kinds = {f.kind for f in find_leaks(data, {"code": "K7M2Q9X4B1T8"})}
    assert kinds == {NIR}
    assert find_leaks(data, shapes=False) == []
