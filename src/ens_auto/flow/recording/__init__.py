"""Record a flow from the browser, and find an element again: what the person does becomes
a readable YAML flow; an element the person points at becomes checked candidates.

- :mod:`.values`: what a typed value is (``{{ nir }}``...), what text may be personal;
- :mod:`.candidates`: candidates for one element, each checked on the live page (shared
  by the recorder and the repair: :func:`candidates_for`);
- :mod:`.recorder`: the recorder (page script ``recorder.js`` + ``describe.js``);
- :mod:`.builder`: a recording -> a flow (:mod:`.says` for its sentences);
- :mod:`.dump`: a flow -> readable YAML (the whole format, loads back the same).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ens_auto.flow.recording.builder import (
        FlowBuilder,
        FreeText,
        RecordedFlow,
        RecordQuestions,
        SubmitStep,
    )
    from ens_auto.flow.recording.candidates import (
        CandidateCheck,
        candidates_for,
        check_candidate,
        check_element,
        css_candidates,
        describe_element,
        is_stable_id,
        order_candidates,
        raw_candidates,
        select_checks,
    )
    from ens_auto.flow.recording.dump import dump_flow
    from ens_auto.flow.recording.recorder import RecordedAction, Recorder, RecordError
    from ens_auto.flow.recording.says import quoted, say_for
    from ens_auto.flow.recording.values import classify_value, compact, looks_personal, safe_path

#: Where each name lives: imported on first use, so that a run that never records or
#: repairs loads none of the recorder.
_WHERE = {
    "CandidateCheck": "ens_auto.flow.recording.candidates",
    "FlowBuilder": "ens_auto.flow.recording.builder",
    "FreeText": "ens_auto.flow.recording.builder",
    "RecordError": "ens_auto.flow.recording.recorder",
    "RecordQuestions": "ens_auto.flow.recording.builder",
    "RecordedAction": "ens_auto.flow.recording.recorder",
    "RecordedFlow": "ens_auto.flow.recording.builder",
    "Recorder": "ens_auto.flow.recording.recorder",
    "SubmitStep": "ens_auto.flow.recording.builder",
    "candidates_for": "ens_auto.flow.recording.candidates",
    "check_candidate": "ens_auto.flow.recording.candidates",
    "check_element": "ens_auto.flow.recording.candidates",
    "classify_value": "ens_auto.flow.recording.values",
    "compact": "ens_auto.flow.recording.values",
    "css_candidates": "ens_auto.flow.recording.candidates",
    "describe_element": "ens_auto.flow.recording.candidates",
    "dump_flow": "ens_auto.flow.recording.dump",
    "is_stable_id": "ens_auto.flow.recording.candidates",
    "looks_personal": "ens_auto.flow.recording.values",
    "order_candidates": "ens_auto.flow.recording.candidates",
    "quoted": "ens_auto.flow.recording.says",
    "raw_candidates": "ens_auto.flow.recording.candidates",
    "safe_path": "ens_auto.flow.recording.values",
    "say_for": "ens_auto.flow.recording.says",
    "select_checks": "ens_auto.flow.recording.candidates",
}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where), name)
    globals()[name] = value
    return value


__all__ = [
    "CandidateCheck",
    "FlowBuilder",
    "FreeText",
    "RecordError",
    "RecordQuestions",
    "RecordedAction",
    "RecordedFlow",
    "Recorder",
    "SubmitStep",
    "candidates_for",
    "check_candidate",
    "check_element",
    "classify_value",
    "compact",
    "css_candidates",
    "describe_element",
    "dump_flow",
    "is_stable_id",
    "looks_personal",
    "order_candidates",
    "quoted",
    "raw_candidates",
    "safe_path",
    "say_for",
    "select_checks",
]
