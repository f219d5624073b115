"""The keyring: where a profile's secrets live (never in a file of ours, never in clear).

:func:`backend_status` tells whether the machine's keyring can be used safely, without
ever writing into it; :class:`SecretStore` reads and writes one profile's secrets and
refuses to store anything when the keyring is missing or would keep secrets in clear.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import keyring
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringError, PasswordDeleteError

from ens_auto.errors import EnsAutoError

SERVICE = "ens-auto"
_PROBE_USER = "__ens_auto_probe__"

MSG_UNUSABLE = (
    "Aucun trousseau sécurisé n'est disponible sur cette machine : "
    "vos informations vous seront demandées à chaque fois."
)
MSG_UNSAFE = (
    "Le trousseau disponible ({backend}) enregistre les secrets en clair sur le disque : "
    "ens-auto ne l'utilise pas, vos informations vous seront demandées à chaque fois. "
    "Pour l'autoriser malgré tout (déconseillé) : ENS_AUTO_KEYRING_ALLOW_PLAINTEXT=true."
)
MSG_UNSAFE_ALLOWED = (
    "Attention : le trousseau disponible ({backend}) enregistre les secrets en clair sur le "
    "disque ; vous l'avez autorisé (ENS_AUTO_KEYRING_ALLOW_PLAINTEXT)."
)
MSG_SAFE = "Trousseau sécurisé disponible ({backend})."


@dataclass(frozen=True)
class KeyringStatus:
    backend: str  # class name of the backend in use
    usable: bool
    safe: bool
    message: str  # French, for the person
    effective: str = ""  # for a chainer: the backend that would store secrets


def _name(backend: KeyringBackend) -> str:
    return type(backend).__name__


def _is_null(backend: KeyringBackend) -> bool:
    module = type(backend).__module__
    return module in {"keyring.backends.fail", "keyring.backends.null"}


def _is_plaintext(backend: KeyringBackend) -> bool:
    """Backends that keep secrets readable on disk (keyrings.alt's file keyrings...)."""
    cls = type(backend)
    name = cls.__name__.lower()
    module = cls.__module__
    if "plaintext" in name or "uncrypted" in name or "unencrypted" in name:
        return True
    if "encrypted" in name:  # keyrings.alt EncryptedKeyring: protected by a master password
        return False
    return module.startswith(("keyrings.alt.file", "keyrings.alt.pyfs"))


def _chained(backend: KeyringBackend) -> list[KeyringBackend] | None:
    if isinstance(backend, ChainerBackend):
        try:
            return list(backend.backends)
        except Exception:
            return []
    return None


def backend_status(backend: KeyringBackend | None = None) -> KeyringStatus:
    """Whether the keyring can be used, and whether it is safe. Never writes to it."""
    backend = backend or keyring.get_keyring()
    name = _name(backend)
    chain = _chained(backend)
    if _is_null(backend) or chain == []:
        return KeyringStatus(name, False, False, MSG_UNUSABLE, name)
    # A chainer writes into its first backend: that one decides whether storing is safe.
    effective = chain[0] if chain else backend
    if chain and _is_null(effective):
        return KeyringStatus(name, False, False, MSG_UNUSABLE, name)
    try:
        backend.get_password(SERVICE, _PROBE_USER)  # harmless read
    except Exception:
        return KeyringStatus(name, False, False, MSG_UNUSABLE, name)
    used = _name(effective)
    if _is_plaintext(effective):
        return KeyringStatus(name, True, False, MSG_UNSAFE.format(backend=used), used)
    return KeyringStatus(name, True, True, MSG_SAFE.format(backend=used), used)


class SecretStore:
    """One profile's secrets in the keyring, under ``service`` with keys ``profile:field``."""

    def __init__(self, service: str = SERVICE, allow_plaintext: bool = False) -> None:
        self.service = service
        self.allow_plaintext = allow_plaintext
        self._status: KeyringStatus | None = None

    @property
    def status(self) -> KeyringStatus:
        if self._status is None:
            status = backend_status()
            if status.usable and not status.safe and self.allow_plaintext:
                message = MSG_UNSAFE_ALLOWED.format(backend=status.effective)
                status = KeyringStatus(status.backend, True, False, message, status.effective)
            self._status = status
        return self._status

    @property
    def available(self) -> bool:
        """Whether secrets may be stored and read (usable, and safe unless allowed)."""
        status = self.status
        return status.usable and (status.safe or self.allow_plaintext)

    @staticmethod
    def key(profile: str, field: str) -> str:
        return f"{profile}:{field}"

    def get(self, profile: str, field: str) -> str | None:
        if not self.available:
            return None
        try:
            return keyring.get_password(self.service, self.key(profile, field))
        except KeyringError:
            return None

    def set(self, profile: str, field: str, value: str) -> None:
        if not self.available:
            raise EnsAutoError(self.status.message)
        try:
            keyring.set_password(self.service, self.key(profile, field), value)
        except (KeyringError, NotImplementedError) as exc:
            # The backend's message may be technical but never holds the value.
            raise EnsAutoError(
                "Impossible d'enregistrer l'information dans le trousseau "
                f"({type(exc).__name__}) : elle vous sera demandée à chaque fois."
            ) from None

    def delete_profile(self, profile: str, fields: Iterable[str]) -> list[str]:
        """Delete what exists; returns the fields that were deleted. Never raises."""
        if not self.status.usable:
            return []
        deleted: list[str] = []
        for field in fields:
            try:
                keyring.delete_password(self.service, self.key(profile, field))
            except (PasswordDeleteError, KeyringError, NotImplementedError):
                continue
            deleted.append(field)
        return deleted
