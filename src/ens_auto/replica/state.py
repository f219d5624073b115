"""In-memory state of the replica: faults, sessions, what was recorded, one-time codes.

Everything runs on the server's event loop (one thread), so no lock is needed.
"""

from __future__ import annotations

import secrets
import string
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

PARIS = ZoneInfo("Europe/Paris")
SESSION_COOKIE = "ens_replica_session"


class Faults(BaseModel):
    """Switches that make the replica misbehave like the real site may."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    maintenance: bool = False
    latency_ms: int = Field(default=0, ge=0, le=60_000)
    late_render_ms: int = Field(default=0, ge=0, le=60_000)
    pdf: Literal["ok", "error", "corrupt"] = "ok"
    session_ttl_s: float | None = Field(default=None, gt=0)
    #: How the justificatif is delivered; None: the skin's own way.
    download_mode: Literal["script", "attachment", "inline"] | None = None


def now() -> datetime:
    return datetime.now(PARIS)


def new_reference(prefix: str) -> str:
    alphabet = string.ascii_uppercase + string.digits
    return f"{prefix}-{now():%Y%m%d}-" + "".join(secrets.choice(alphabet) for _ in range(6))


@dataclass
class Session:
    id: str
    last_seen: float = field(default_factory=time.monotonic)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Record:
    """An opposition or an activation."""

    person: str
    reference: str
    at: datetime
    via_representant: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "reference": self.reference,
            "at": self.at.isoformat(),
            "via_representant": self.via_representant,
        }


@dataclass
class Closure:
    account: str
    suppression_donnees: bool
    at: datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "suppression_donnees": self.suppression_donnees,
            "at": self.at.isoformat(),
        }


class ReplicaState:
    def __init__(self, initial_faults: Faults | None = None, skin: str = "classique") -> None:
        self.initial_faults = (initial_faults or Faults()).model_copy()
        self.initial_skin = skin
        self.reset()

    def reset(self, skin: str | None = None) -> None:
        """Forget everything recorded and every session; faults back to the initial ones;
        the skin given (or the initial one) is shown from now on."""
        self.skin = skin or self.initial_skin
        self.faults = self.initial_faults.model_copy()
        self.sessions: dict[str, Session] = {}
        self.expired: set[str] = set()
        self.oppositions: list[Record] = []
        self.activations: list[Record] = []
        self.closures: list[Closure] = []
        self.otps: dict[str, str] = {}  # identifiant (lower case) -> last code sent
        self.otps_used: set[str] = set()  # identifiants whose last code was used

    def set_faults(self, values: dict[str, Any]) -> Faults:
        """Apply a subset of faults (validated all together, applied only if all are valid)."""
        self.faults = Faults.model_validate({**self.faults.model_dump(), **values})
        return self.faults

    # -- sessions -------------------------------------------------------------------------

    def session(self, sid: str | None) -> tuple[Session, bool]:
        """The session for a cookie value: (session, expired). Unknown ids get a new one."""
        expired = False
        current = time.monotonic()
        ttl = self.faults.session_ttl_s
        if sid and sid in self.sessions:
            sess = self.sessions[sid]
            if ttl is not None and current - sess.last_seen > ttl:
                del self.sessions[sid]
                self.expired.add(sid)
                expired = True
            else:
                sess.last_seen = current
                return sess, False
        elif sid and sid in self.expired:
            expired = True
        sess = Session(id=secrets.token_urlsafe(24))
        self.sessions[sess.id] = sess
        return sess, expired

    # -- records --------------------------------------------------------------------------

    def opposition_of(self, person_id: str) -> Record | None:
        return next((r for r in self.oppositions if r.person == person_id), None)

    def activation_of(self, person_id: str) -> Record | None:
        return next((r for r in self.activations if r.person == person_id), None)

    def closure_of(self, account_id: str) -> Closure | None:
        return next((c for c in self.closures if c.account == account_id), None)

    def record_opposition(self, person_id: str, via_representant: bool) -> Record:
        rec = Record(person_id, new_reference("OPP"), now(), via_representant)
        self.oppositions.append(rec)
        return rec

    def record_activation(self, person_id: str, via_representant: bool) -> Record:
        rec = Record(person_id, new_reference("ACT"), now(), via_representant)
        self.activations.append(rec)
        return rec

    def record_closure(self, account_id: str, suppression: bool) -> Closure:
        rec = Closure(account_id, suppression, now())
        self.closures.append(rec)
        return rec

    def new_otp(self, identifiant: str) -> str:
        code = f"{secrets.randbelow(1_000_000):06d}"
        self.otps[identifiant.lower()] = code
        self.otps_used.discard(identifiant.lower())
        return code

    def use_otp(self, identifiant: str, code: str) -> bool:
        """True once for the last code sent to that account; a code is good for one login."""
        key = identifiant.lower()
        if key in self.otps_used or self.otps.get(key) != code:
            return False
        self.otps_used.add(key)
        return True

    def as_json(self) -> dict[str, Any]:
        return {
            "oppositions": [r.as_json() for r in self.oppositions],
            "activations": [r.as_json() for r in self.activations],
            "closures": [c.as_json() for c in self.closures],
            "faults": self.faults.model_dump(),
            "skin": self.skin,
        }
