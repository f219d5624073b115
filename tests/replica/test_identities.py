"""The fake identities: complete, coherent, NIR keys valid (computed independently here)."""

from __future__ import annotations

import pytest

from ens_auto.replica import validation as v
from ens_auto.replica.identities import Identities

REQUIRED = [
    "adulte_sans_photo",
    "adulte_avec_photo_2a",
    "parent",
    "enfant_1",
    "enfant_2",
    "majeur_represente",
    "deja_oppose",
    "deja_active",
]


def independent_key(nir: str) -> int:
    digits = nir[:13].replace("2A", "19", 1) if nir[5:7] == "2A" else nir[:13]
    digits = digits.replace("2B", "18", 1) if nir[5:7] == "2B" else digits
    return 97 - int(digits) % 97


def test_required_identities_present(ids: Identities) -> None:
    for pid in REQUIRED:
        assert ids.person(pid).id == pid
    assert ids.account("compte_cloture").identifiant
    assert ids.account("compte_cloture_2").identifiant
    with pytest.raises(KeyError):
        ids.person("personne")


def test_nir_keys_valid_and_corsica(ids: Identities) -> None:
    for p in ids.persons:
        assert len(p.nir) == 15
        assert int(p.nir[13:]) == independent_key(p.nir), p.id
    assert ids.person("adulte_avec_photo_2a").nir[5:7] == "2A"


def test_roles_and_cards(ids: Identities) -> None:
    assert ids.person("adulte_sans_photo").carte_vitale_type == "sans_photo"
    photo = ids.person("adulte_avec_photo_2a")
    assert photo.carte_vitale_type == "avec_photo" and len(photo.carte_vitale_serie) == 11
    for child in ("enfant_1", "enfant_2"):
        c = ids.person(child)
        assert c.role == "enfant" and c.representant == "parent"
    assert ids.person("enfant_1").code_provisoire != ids.person("enfant_2").code_provisoire
    m = ids.person("majeur_represente")
    assert m.role == "majeur_represente" and ids.person(m.representant).role == "adulte"
    assert ids.person("deja_oppose").statut == "oppose"
    assert ids.person("deja_active").statut == "active"
    settled = {"deja_oppose", "deja_active"}
    assert all(p.statut == "nouveau" for p in ids.persons if p.id not in settled)


def test_person_repr_hides_secrets(ids: Identities) -> None:
    p = ids.person("adulte_sans_photo")
    assert p.nir not in repr(p) and p.code_provisoire not in repr(p)
    assert ids.account("compte_cloture").mot_de_passe not in repr(ids.account("compte_cloture"))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", v.MSG_NIR_EMPTY),
        ("   ", v.MSG_NIR_EMPTY),
        ("1 55 12 55", v.MSG_NIR_LENGTH),
        ("2 85 03 75 112 345 44", None),
        ("2 85 03 75 112 345 45", v.MSG_NIR_FORMAT),  # bad key
        ("3 85 03 75 112 345 44", v.MSG_NIR_FORMAT),  # sex
        ("2 85 13 75 112 345 44", v.MSG_NIR_FORMAT),  # month
        ("1 78 11 2a 004 123 10", None),  # 2A, lower case accepted
        ("1 78 11 2A 004 123 11", v.MSG_NIR_FORMAT),
    ],
)
def test_check_nir(value: str, message: str | None) -> None:
    assert v.check_nir(value) == message


def test_nir_key_2b() -> None:
    first13 = "17811" + "2B" + "004123"
    assert v.nir_key(first13) == 97 - int("17811" + "18" + "004123") % 97


def test_mask_nir() -> None:
    assert v.mask_nir("285037511234544") == "2 85 03 ** *** *** 44"
    assert v.mask_nir("1 78 11 2A 004 123 10") == "1 78 11 ** *** *** 10"
