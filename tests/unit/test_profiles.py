"""Household profiles: file without secrets, secrets in the keyring, household order."""

from __future__ import annotations

import stat
from pathlib import Path

import keyring
import pytest

from ens_auto.config import get_settings
from ens_auto.errors import EnsAutoError, InputError
from ens_auto.identity import DetailError
from ens_auto.profiles import Profile, ProfileStore, household_order
from tests.support.keyrings import FailingKeyring, MemoryKeyring
from tests.unit.test_identity import make_nir

NIR = make_nir("2850375123456")
SECRETS = {
    "nir": "2 85 03 75 123 456 " + NIR[13:],
    "code_provisoire": "ZXCV12BNM345",
    "carte_vitale_serie": "8025000002 98765432109",
    "date_naissance": "5/3/1985",
    "identifiant": "camille.martin",
    "mot_de_passe": "Horse-Battery-42",
}
CLEAR = [NIR, "ZXCV12BNM345", "98765432109", "05/03/1985", "camille.martin", "Horse-Battery-42"]


class PlaintextKeyring(MemoryKeyring):
    pass


def test_label_and_relation_rules_in_french() -> None:
    assert Profile.new("lea-2_b", "enfant").needs_representative
    assert Profile.new("tonton", "majeur_represente").needs_representative
    assert not Profile.new("moi").needs_representative
    for bad in ("", "Léa", "a b", "x" * 33, "UPPER", "a/b"):
        with pytest.raises(InputError) as info:
            Profile.new(bad, "moi")
        assert "Nom de profil invalide" in info.value.message
    with pytest.raises(InputError) as info:
        Profile.new("lea", "cousin")
    assert info.value.message == "Relation inconnue : choisir moi, enfant ou majeur_represente."
    assert Profile.new("lea", "moi", "Carte Vitale avec photo").carte_vitale_type == "avec_photo"


def test_round_trip_secrets_never_in_file(isolated_env: dict[str, Path]) -> None:
    store = ProfileStore()
    result = store.add(Profile.new("camille", "moi", "avec_photo"), SECRETS)
    assert result.notice is None
    assert result.saved == [
        "code_provisoire",
        "nir",
        "carte_vitale_serie",
        "date_naissance",
        "identifiant",
        "mot_de_passe",
    ]

    path = isolated_env["config"] / "profils.json"
    text = path.read_text(encoding="utf-8")
    assert "camille" in text and "avec_photo" in text
    for clear in CLEAR:
        assert clear not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700

    again = ProfileStore()
    assert [p.label for p in again.list()] == ["camille"]
    loaded = again.get("camille")
    assert loaded.relation == "moi" and loaded.carte_vitale_type == "avec_photo"
    assert loaded.created_at is not None
    secrets = again.secrets("camille")
    assert secrets["nir"] == NIR  # normalized before saving
    assert secrets["date_naissance"] == "05/03/1985"
    assert secrets["carte_vitale_serie"] == "98765432109"
    assert secrets["mot_de_passe"] == "Horse-Battery-42"


def test_only_given_secrets_are_saved() -> None:
    store = ProfileStore()
    result = store.add(Profile.new("lea", "enfant"), {"code_provisoire": "ABCDEF123456"})
    assert result.saved == ["code_provisoire"]
    assert store.secrets("lea") == {"code_provisoire": "ABCDEF123456"}


def test_card_type_given_with_secrets_goes_to_profile() -> None:
    store = ProfileStore()
    store.add(
        Profile.new("lea", "enfant"),
        {"carte_vitale_type": "sans photo", "carte_vitale_serie": "123456789"},
    )
    assert store.get("lea").carte_vitale_type == "sans_photo"


def test_invalid_secrets_save_nothing(isolated_env: dict[str, Path]) -> None:
    store = ProfileStore()
    with pytest.raises(DetailError) as info:
        store.add(
            Profile.new("lea", "enfant", "avec_photo"),
            {"nir": "123", "carte_vitale_serie": "12345678"},
        )
    assert set(info.value.errors) == {"nir", "carte_vitale_serie"}
    assert not (isolated_env["config"] / "profils.json").exists()
    assert store.secrets("lea") == {}


def test_duplicate_and_unknown_labels() -> None:
    store = ProfileStore()
    with pytest.raises(InputError) as info:
        store.get("lea")
    assert "Aucun profil" in info.value.message
    store.add(Profile.new("moi"))
    store.add(Profile.new("lea", "enfant"))
    with pytest.raises(InputError) as info:
        store.add(Profile.new("lea", "enfant"))
    assert "existe déjà" in info.value.message
    with pytest.raises(InputError) as info:
        store.get("paul")
    assert "« paul »" in info.value.message and "moi, lea" in info.value.message


def test_remove_deletes_keyring_entries() -> None:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    store = ProfileStore()
    store.add(Profile.new("camille", "moi", "avec_photo"), SECRETS)
    store.add(Profile.new("lea", "enfant"), {"code_provisoire": "ABCDEF123456"})
    assert len(backend.store) == 7
    store.remove("camille")
    assert [p.label for p in store.list()] == ["lea"]
    assert {user for _, user in backend.store} == {"lea:code_provisoire"}
    with pytest.raises(InputError):
        store.remove("camille")


@pytest.mark.parametrize("backend", [FailingKeyring(), PlaintextKeyring()])
def test_profile_kept_when_keyring_unusable_or_unsafe(
    backend: MemoryKeyring, isolated_env: dict[str, Path]
) -> None:
    keyring.set_keyring(backend)
    store = ProfileStore()
    result = store.add(Profile.new("camille", "moi", "sans_photo"), {"nir": SECRETS["nir"]})
    assert result.saved == []
    assert result.notice and "demandées à chaque fois" in result.notice
    assert store.get("camille").carte_vitale_type == "sans_photo"
    assert store.secrets("camille") == {}
    assert getattr(backend, "store", {}) == {}
    assert NIR not in (isolated_env["config"] / "profils.json").read_text(encoding="utf-8")


def test_plaintext_allowed_by_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from ens_auto.config import reset_settings

    backend = PlaintextKeyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv("ENS_AUTO_KEYRING_ALLOW_PLAINTEXT", "true")
    reset_settings()
    store = ProfileStore(get_settings())
    result = store.add(Profile.new("camille"), {"nir": SECRETS["nir"]})
    assert result.saved == ["nir"]
    assert backend.store[("ens-auto", "camille:nir")] == NIR


def test_corrupt_file_is_a_clear_error(isolated_env: dict[str, Path]) -> None:
    path = isolated_env["config"] / "profils.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(EnsAutoError) as info:
        ProfileStore().list()
    assert "illisible" in info.value.message
    assert info.value.hint and "supprimez-le" in info.value.hint


def test_household_order_children_first() -> None:
    profiles = [
        Profile.new("moi", "moi"),
        Profile.new("papy", "majeur_represente"),
        Profile.new("lea", "enfant"),
        Profile.new("conjoint", "moi"),
        Profile.new("tom", "enfant"),
    ]
    assert [p.label for p in household_order(profiles)] == [
        "lea",
        "tom",
        "papy",
        "moi",
        "conjoint",
    ]
