"""Settings: ``ENS_AUTO_*`` environment variables and an optional ``.env`` file.

Only non-secret settings live here. The person's details (NIR, codes, password) are read
by :mod:`ens_auto.details` from the keyring, the environment or prompts, never from this
model, so that a settings dump can never show them.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "ens-auto"
REAL_SITE = "https://www.monespacesante.fr"

#: Launch flags that keep Chromium quiet on a closed network and work as root.
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _default_download_dir() -> Path:
    return Path(platformdirs.user_documents_dir()) / APP_NAME


class Settings(BaseSettings):
    """Every setting ``ens-auto`` reads; documented one by one in ``.env.example``."""

    model_config = SettingsConfigDict(
        env_prefix="ENS_AUTO_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    site: str = Field(default=REAL_SITE, description="Site visité par les parcours.")
    download_dir: Path = Field(default_factory=_default_download_dir)
    data_dir: Path | None = Field(default=None, description="Journal et dossiers d'exécution.")
    config_dir: Path | None = Field(default=None, description="Profils (sans secrets).")
    headless: bool | None = Field(default=None, description="None: visible si un écran existe.")
    browser_path: Path | None = None
    browser_channel: str | None = None
    timeout_ms: int = Field(default=15_000, ge=500, le=300_000)
    navigation_timeout_ms: int = Field(default=30_000, ge=1_000, le=300_000)
    keyring_allow_plaintext: bool = False
    step_screenshots: bool = Field(
        default=True, description="Capture (champs masqués) après chaque étape qui change la page."
    )

    @property
    def data_path(self) -> Path:
        return self.data_dir or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))

    @property
    def config_path(self) -> Path:
        return self.config_dir or Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))

    @property
    def runs_path(self) -> Path:
        return self.data_path / "runs"

    @property
    def journal_path(self) -> Path:
        return self.data_path / "journal.sqlite3"


@cache
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget the cached settings (tests change the environment between runs)."""
    get_settings.cache_clear()


def has_display() -> bool:
    """Whether a visible browser window can be opened."""
    if os.name == "nt" or os.uname().sysname == "Darwin":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def resolve_headless(requested: bool | None, settings: Settings | None = None) -> tuple[bool, str]:
    """Decide headless or headed; returns the choice and a French note when forced."""
    settings = settings or get_settings()
    wanted = requested if requested is not None else settings.headless
    if wanted is None:
        wanted = False  # a real run shows the browser: the person sees what happens
    if not wanted and not has_display():
        return True, "Aucun écran détecté : le navigateur fonctionnera sans fenêtre (headless)."
    return wanted, ""


ConfirmMode = Literal["page", "each", "irreversible", "none"]
