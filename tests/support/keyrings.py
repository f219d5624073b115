"""Keyring backends for tests: the real default backend has no Secret Service here."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A safe in-memory keyring (what a working OS keyring looks like to the code)."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.store[(service, username)]
        except KeyError:
            raise PasswordDeleteError(username) from None


class FailingKeyring(KeyringBackend):
    """A keyring that fails like a headless Linux without Secret Service."""

    priority = 0  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("No recommended backend was available (test).")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("No recommended backend was available (test).")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringError("No recommended backend was available (test).")
