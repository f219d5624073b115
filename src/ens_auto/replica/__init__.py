"""Local replica of monespacesante.fr, for end-to-end tests, the demo and benchmarks.

It follows ``/work/shared/SITE.md`` (labels, messages, URLs). Everything it knows is fake
(``fixtures/identities.yaml``); its state lives in memory; a test-only door under
``/__replica__/`` resets it, sets faults and reads what was recorded.

- :mod:`ens_auto.replica.server`: :class:`ReplicaServer` (uvicorn in a thread), ``serve``.
- :mod:`ens_auto.replica.control`: :class:`ReplicaControl` (stdlib client of the door).
- :mod:`ens_auto.replica.identities`: the fake identities and accounts.
"""
