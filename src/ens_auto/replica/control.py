"""Client of the replica's test-only door (``/__replica__/``), standard library only."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

FAULT_KEYS = (
    "maintenance",
    "latency_ms",
    "late_render_ms",
    "pdf",
    "session_ttl_s",
    "download_mode",
)


class ReplicaControlError(RuntimeError):
    pass


class ReplicaControl:
    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            f"{self.base_url}/__replica__/{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            raise ReplicaControlError(f"{method} {path}: HTTP {exc.code} {detail}") from None

    def reset(self, skin: str | None = None) -> dict[str, Any]:
        """Forget records, sessions and one-time codes; faults back to the server's initial;
        show ``skin`` from now on (default: the server's initial skin)."""
        return self._call("POST", "reset", {"skin": skin} if skin else {})

    def set_faults(self, **faults: Any) -> dict[str, Any]:
        """Set any subset of the faults; returns all current faults."""
        unknown = set(faults) - set(FAULT_KEYS)
        if unknown:
            raise ValueError(f"unknown faults: {sorted(unknown)}")
        return self._call("POST", "faults", faults)

    def faults(self) -> dict[str, Any]:
        return self._call("GET", "faults")

    def state(self) -> dict[str, Any]:
        return self._call("GET", "state")

    def otp(self, identifiant: str) -> str:
        """The last one-time code sent to that account (KeyError if none)."""
        query = urllib.parse.urlencode({"identifiant": identifiant})
        try:
            return str(self._call("GET", f"otp?{query}")["code"])
        except ReplicaControlError as exc:
            raise KeyError(identifiant) from exc
