"""The replica's fake identities and accounts (``fixtures/identities.yaml``)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ens_auto.replica import validation as v

FIXTURE = "identities.yaml"


class Person(BaseModel):
    """A fake insured person known to the replica (never a real one)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    prenom: str
    nom: str
    nir: str = Field(repr=False)
    date_naissance: str
    code_provisoire: str = Field(repr=False)
    carte_vitale_type: Literal["sans_photo", "avec_photo"]
    carte_vitale_serie: str = Field(repr=False)
    role: Literal["adulte", "enfant", "majeur_represente"] = "adulte"
    representant: str | None = None
    statut: Literal["nouveau", "oppose", "active"] = "nouveau"

    @field_validator("nir")
    @classmethod
    def _nir(cls, value: str) -> str:
        value = v.normalize_nir(value)
        if v.check_nir(value):
            raise ValueError("NIR invalide (format ou clé)")
        return value

    @field_validator("code_provisoire")
    @classmethod
    def _code(cls, value: str) -> str:
        if v.check_code(value):
            raise ValueError("code provisoire invalide (12 lettres ou chiffres)")
        return v.normalize_code(value)

    @field_validator("date_naissance")
    @classmethod
    def _date(cls, value: str) -> str:
        if v.check_date(value):
            raise ValueError("date de naissance attendue au format jj/mm/aaaa")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Person:
        if v.check_serie(self.carte_vitale_serie, self.carte_vitale_type):
            raise ValueError(f"numéro de série invalide pour {self.id}")
        if self.role == "adulte" and self.representant:
            raise ValueError(f"{self.id}: un adulte n'a pas de représentant légal")
        if self.role != "adulte" and not self.representant:
            raise ValueError(f"{self.id}: représentant légal manquant")
        return self

    def opposition_inputs(self) -> dict[str, str]:
        """The opposition flow's inputs for this fake person, as typed by someone."""
        return {
            "code_provisoire": self.code_provisoire,
            "nir": self.nir,
            "carte_vitale_type": self.carte_vitale_type,
            "carte_vitale_serie": self.carte_vitale_serie,
            "representant_legal": "oui" if self.represented else "non",
        }

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}"

    @property
    def nir_masque(self) -> str:
        return v.mask_nir(self.nir)

    @property
    def represented(self) -> bool:
        return self.role in ("enfant", "majeur_represente")


class Account(BaseModel):
    """A fake account of an existing profile (closure path)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    identifiant: str
    mot_de_passe: str = Field(repr=False)
    prenom: str
    nom: str
    email: str  # masked display
    telephone: str  # masked display

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}"


class Identities(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    persons: list[Person]
    accounts: list[Account]

    @model_validator(mode="after")
    def _unique(self) -> Identities:
        ids = [p.id for p in self.persons] + [a.id for a in self.accounts]
        if len(ids) != len(set(ids)):
            raise ValueError("identifiants de fixture en double")
        codes = [p.code_provisoire for p in self.persons]
        if len(codes) != len(set(codes)):
            raise ValueError("codes provisoires en double")
        known = {p.id for p in self.persons}
        for p in self.persons:
            if p.representant and p.representant not in known:
                raise ValueError(f"{p.id}: représentant inconnu {p.representant}")
        return self

    def person(self, person_id: str) -> Person:
        for p in self.persons:
            if p.id == person_id:
                return p
        raise KeyError(person_id)

    def account(self, account_id: str) -> Account:
        for a in self.accounts:
            if a.id == account_id:
                return a
        raise KeyError(account_id)

    def person_by_code(self, code: str) -> Person | None:
        code = v.normalize_code(code)
        return next((p for p in self.persons if p.code_provisoire == code), None)

    def account_by_identifiant(self, identifiant: str) -> Account | None:
        identifiant = identifiant.strip().lower()
        return next((a for a in self.accounts if a.identifiant.lower() == identifiant), None)


@cache
def load_identities() -> Identities:
    """The fixture file, parsed and checked (cached: the models are frozen)."""
    text = resources.files("ens_auto.replica").joinpath("fixtures", FIXTURE).read_text("utf-8")
    return Identities.model_validate(yaml.safe_load(text))
