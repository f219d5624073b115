"""Fixtures of the replica's own tests: an HTTP client with its own cookies, identities."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from ens_auto.replica.identities import Identities, load_identities


@pytest.fixture
def ids() -> Identities:
    return load_identities()


@pytest.fixture
def client(replica: object) -> Iterator[httpx.Client]:
    """A cookie-keeping client on the (reset) session replica, following redirects."""
    with httpx.Client(base_url=replica.url, follow_redirects=True, timeout=10) as c:  # type: ignore[attr-defined]
        yield c
