"""The keyring: detection of missing or plaintext backends, and the secret store."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringLocked

from ens_auto.errors import EnsAutoError
from ens_auto.keystore import MSG_UNUSABLE, SERVICE, SecretStore, backend_status
from tests.support.keyrings import FailingKeyring, MemoryKeyring


class PlaintextKeyring(MemoryKeyring):
    """Looks like keyrings.alt's PlaintextKeyring (secrets readable in a file)."""


class RecordingKeyring(MemoryKeyring):
    """Counts writes, to prove that detection never writes."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def set_password(self, service: str, username: str, password: str) -> None:
        self.writes += 1
        super().set_password(service, username, password)


def test_memory_keyring_is_safe_and_probe_does_not_write() -> None:
    backend = RecordingKeyring()
    keyring.set_keyring(backend)
    status = backend_status()
    assert status.usable and status.safe
    assert status.backend == "RecordingKeyring"
    assert backend.writes == 0 and backend.store == {}


@pytest.mark.parametrize("backend", [FailingKeyring(), fail.Keyring(), null.Keyring()])
def test_missing_keyring_is_unusable(backend: KeyringBackend) -> None:
    keyring.set_keyring(backend)
    status = backend_status()
    assert not status.usable and not status.safe
    assert status.message == MSG_UNUSABLE
    assert "Aucun trousseau sécurisé" in status.message


def test_plaintext_keyring_is_usable_but_not_safe() -> None:
    keyring.set_keyring(PlaintextKeyring())
    status = backend_status()
    assert status.usable and not status.safe
    assert "en clair" in status.message and "ENS_AUTO_KEYRING_ALLOW_PLAINTEXT" in status.message


def test_chainer_without_backends_is_unusable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ChainerBackend, "backends", [])
    status = backend_status(ChainerBackend())
    assert not status.usable


def test_chainer_judged_by_the_backend_that_would_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ChainerBackend, "backends", [PlaintextKeyring(), MemoryKeyring()])
    assert not backend_status(ChainerBackend()).safe
    monkeypatch.setattr(ChainerBackend, "backends", [MemoryKeyring(), PlaintextKeyring()])
    status = backend_status(ChainerBackend())
    assert status.usable and status.safe


def test_secret_store_round_trip_with_key_format() -> None:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    store = SecretStore()
    store.set("lea", "nir", "VALUE-1")
    store.set("lea", "code_provisoire", "VALUE-2")
    assert backend.store[(SERVICE, "lea:nir")] == "VALUE-1"
    assert store.get("lea", "nir") == "VALUE-1"
    assert store.get("moi", "nir") is None
    assert store.delete_profile("lea", ["nir", "code_provisoire", "mot_de_passe"]) == [
        "nir",
        "code_provisoire",
    ]
    assert backend.store == {}


def test_secret_store_refuses_when_unusable() -> None:
    keyring.set_keyring(FailingKeyring())
    store = SecretStore()
    assert not store.available
    assert store.get("moi", "nir") is None
    with pytest.raises(EnsAutoError) as info:
        store.set("moi", "nir", "VALUE-1")
    assert "Aucun trousseau sécurisé" in info.value.message
    assert "VALUE-1" not in info.value.message
    assert store.delete_profile("moi", ["nir"]) == []


def test_secret_store_never_stores_in_clear_silently() -> None:
    backend = PlaintextKeyring()
    keyring.set_keyring(backend)
    store = SecretStore()
    with pytest.raises(EnsAutoError) as info:
        store.set("moi", "nir", "VALUE-1")
    assert "en clair" in info.value.message
    assert backend.store == {}
    assert store.get("moi", "nir") is None


def test_secret_store_plaintext_when_allowed() -> None:
    backend = PlaintextKeyring()
    keyring.set_keyring(backend)
    store = SecretStore(allow_plaintext=True)
    assert store.available
    assert "autorisé" in store.status.message
    store.set("moi", "nir", "VALUE-1")
    assert store.get("moi", "nir") == "VALUE-1"


def test_backend_error_on_write_is_french_and_value_free() -> None:
    class BrokenWrites(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise KeyringLocked(f"locked while saving {password}")

    keyring.set_keyring(BrokenWrites())
    with pytest.raises(EnsAutoError) as info:
        SecretStore().set("moi", "nir", "VALUE-1")
    assert "trousseau" in info.value.message and "VALUE-1" not in info.value.message
