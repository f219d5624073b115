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
