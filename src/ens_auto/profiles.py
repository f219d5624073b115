"""Household profiles: who a run is for. Non-secret part in a file, secrets in the keyring.

The file ``profils.json`` in the config folder holds only labels, relations, card models and
dates (mode 0600, folder 0700). NIR, codes, serial, birth date, login and password go
through :class:`ens_auto.keystore.SecretStore`, and only when the keyring is safe.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ens_auto.config import Settings, get_settings
from ens_auto.errors import EnsAutoError, InputError
from ens_auto.identity import (
    KEYRING_FIELDS,
    DetailError,
    card_type_slug,
    dependency_order,
    parse_detail,
)
from ens_auto.keystore import SecretStore

Relation = Literal["moi", "enfant", "majeur_represente"]
RELATIONS: tuple[str, ...] = ("moi", "enfant", "majeur_represente")
RELATION_LABELS = {
    "moi": "moi",
    "enfant": "enfant",
    "majeur_represente": "majeur représenté",
}
CardType = Literal["sans_photo", "avec_photo"]

PROFILES_FILE = "profils.json"
_LABEL = re.compile(r"^[a-z0-9_-]{1,32}$")
MSG_LABEL = (
    "Nom de profil invalide : 1 à 32 caractères, lettres minuscules sans accent, "
    "chiffres, « - » ou « _ » (par exemple : moi, enfant-1, lea)."
)
MSG_RELATION = "Relation inconnue : choisir moi, enfant ou majeur_represente."


def check_label(label: str) -> str:
    """The label if valid, else :class:`InputError` with a French message."""
    if not isinstance(label, str) or not _LABEL.match(label):
        raise InputError(MSG_LABEL)
    return label


class Profile(BaseModel):
    """One member of the household, without any secret."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    label: str
    relation: Relation = "moi"
    carte_vitale_type: CardType | None = None
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    @field_validator("label")
    @classmethod
    def _check_label(cls, value: str) -> str:
        if not _LABEL.match(value):
            raise ValueError(MSG_LABEL)
        return value

    @field_validator("relation", mode="before")
    @classmethod
    def _check_relation(cls, value: object) -> object:
        if value not in RELATIONS:
            raise ValueError(MSG_RELATION)
        return value

    @field_validator("carte_vitale_type", mode="before")
    @classmethod
    def _check_card(cls, value: object) -> object:
        if value is None or value == "":
            return None
        slug = card_type_slug(str(value))
        if slug is None:
            raise ValueError(
                "Sélectionner un modèle de carte Vitale (« sans photo » ou « avec photo »)"
            )
        return slug

    @classmethod
    def new(
        cls, label: str, relation: str = "moi", carte_vitale_type: str | None = None
    ) -> Profile:
        """Build a profile; French :class:`InputError` instead of pydantic's errors."""
        try:
            return cls(label=label, relation=relation, carte_vitale_type=carte_vitale_type)  # type: ignore[arg-type]
        except ValidationError as exc:
            raise InputError(_french(exc)) from None

    @property
    def needs_representative(self) -> bool:
        return self.relation in {"enfant", "majeur_represente"}

    @property
    def relation_label(self) -> str:
        return RELATION_LABELS[self.relation]


def _french(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors(include_input=False, include_url=False):
        cause = (error.get("ctx") or {}).get("error")
        lines.append(str(cause) if cause else f"{'.'.join(map(str, error['loc']))} : invalide")
    return "\n".join(dict.fromkeys(lines))


_ORDER = {"enfant": 0, "majeur_represente": 1, "moi": 2}


def household_order(profiles: Iterable[Profile]) -> list[Profile]:
    """Children first, then represented adults, then oneself (advice seen: children first)."""
    return sorted(profiles, key=lambda p: _ORDER.get(p.relation, 3))


@dataclass
class AddResult:
    profile: Profile
    saved: list[str] = field(default_factory=list)  # secrets saved in the keyring
    notice: str | None = None  # French, when secrets could not be saved


class ProfileStore:
    """The household's profiles (file) and their secrets (keyring)."""

    def __init__(self, settings: Settings | None = None, secrets: SecretStore | None = None):
        self.settings = settings or get_settings()
        self.secret_store = secrets or SecretStore(
            allow_plaintext=self.settings.keyring_allow_plaintext
        )

    @property
    def path(self) -> Path:
        return self.settings.config_path / PROFILES_FILE

    # -- file ---------------------------------------------------------------------------

    def _load(self) -> list[Profile]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise EnsAutoError(
                f"Impossible de lire le fichier des profils {self.path} : {exc.strerror}."
            ) from None
        try:
            data = json.loads(text)
            return [Profile.model_validate(item) for item in data.get("profils", [])]
        except (ValueError, AttributeError, TypeError, ValidationError):
            raise EnsAutoError(
                f"Le fichier des profils est illisible : {self.path}",
                hint="Corrigez-le ou supprimez-le, puis recréez les profils.",
            ) from None

    def _save(self, profiles: list[Profile]) -> None:
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
        payload = {
            "version": 1,
            "profils": [p.model_dump(mode="json") for p in profiles],
        }
        fd, tmp = tempfile.mkstemp(prefix=".profils-", suffix=".json", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=False, indent=2)
                handle.write("\n")
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # -- API ----------------------------------------------------------------------------

    def list(self) -> list[Profile]:
        return self._load()

    def labels(self) -> list[str]:
        return [p.label for p in self._load()]

    def get(self, label: str) -> Profile:
        profiles = self._load()
        for profile in profiles:
            if profile.label == label:
                return profile
        if not profiles:
            raise InputError(
                f"Profil inconnu : « {label} ». Aucun profil n'est enregistré.",
                hint="Créez-en un avec : ens-auto profile add NOM --relation moi",
            )
        known = ", ".join(p.label for p in profiles)
        raise InputError(f"Profil inconnu : « {label} ». Profils enregistrés : {known}.")

    def add(
        self, profile: Profile, secrets: Mapping[str, str] | None = None, *, replace: bool = False
    ) -> AddResult:
        """Save the profile, then its secrets in the keyring (only those given).

        Secrets are validated first (nothing is saved when one is wrong). When the keyring
        is missing or unsafe the profile is saved all the same and ``notice`` says that
        the secrets will be asked at each run.
        """
        secrets = {k: v for k, v in (secrets or {}).items() if v not in (None, "")}
        card = secrets.pop("carte_vitale_type", None)
        if card is not None:
            parse_detail("carte_vitale_type", card)  # French error when unknown
            profile = profile.model_copy(update={"carte_vitale_type": card_type_slug(card)})
        unknown = [name for name in secrets if name not in KEYRING_FIELDS]
        if unknown:
            raise InputError(
                "Information non enregistrable dans un profil : " + ", ".join(sorted(unknown))
            )
        values = self._validate(profile, secrets)

        profiles = self._load()
        existing = [p for p in profiles if p.label == profile.label]
        if existing and not replace:
            raise InputError(
                f"Un profil nommé « {profile.label} » existe déjà.",
                hint=f"Supprimez-le d'abord : ens-auto profile remove {profile.label}",
            )
        profiles = [p for p in profiles if p.label != profile.label] + [profile]
        self._save(profiles)

        result = AddResult(profile)
        if not values:
            return result
        if not self.secret_store.available:
            result.notice = self.secret_store.status.message
            return result
        for name, value in values.items():
            try:
                self.secret_store.set(profile.label, name, value)
            except EnsAutoError as exc:
                result.notice = exc.message
                break
            result.saved.append(name)
        return result

    @staticmethod
    def _validate(profile: Profile, secrets: Mapping[str, str]) -> dict[str, str]:
        context = {}
        if profile.carte_vitale_type:
            context["carte_vitale_type"] = parse_detail(
                "carte_vitale_type", profile.carte_vitale_type
            )
        values: dict[str, str] = {}
        errors: dict[str, str] = {}
        for name in dependency_order(secrets):
            try:
                values[name] = parse_detail(name, secrets[name], context=context).value
            except DetailError as exc:
                errors.update(exc.errors)
        if errors:
            raise DetailError(errors)
        return {name: values[name] for name in KEYRING_FIELDS if name in values}

    def remove(self, label: str) -> Profile:
        """Remove the profile and its keyring entries."""
        profile = self.get(label)
        self._save([p for p in self._load() if p.label != label])
        self.secret_store.delete_profile(label, KEYRING_FIELDS)
        return profile

    def secrets(self, label: str) -> dict[str, str]:
        """What the keyring holds for this profile (empty when the keyring is unavailable)."""
        found: dict[str, str] = {}
        for name in KEYRING_FIELDS:
            value = self.secret_store.get(label, name)
            if value:
                found[name] = value
        return found
