"""What is missing and what it is worth (issue 9): pure, no files, no words.

`assess(category, candidate)` returns an `Assessment`: per indicator the
points earned and still available, the keys behind it, and the steps that
earn more, each rescored with the engine. The render layer
(scoring/render/advice.py) turns it into words.
"""

from .model import (
    Aim,
    Assessment,
    Change,
    FieldKey,
    IndicatorAdvice,
    NoStep,
    PendingRange,
    Status,
    Step,
    StepKind,
)
from .steps import (
    DERIVED_LISTS,
    apply_changes,
    assess,
    change_to,
    field_key,
    input_fields,
    lower_bound,
    rescore,
    upper_bound,
)

__all__ = [
    "DERIVED_LISTS",
    "Aim",
    "Assessment",
    "Change",
    "FieldKey",
    "IndicatorAdvice",
    "NoStep",
    "PendingRange",
    "Status",
    "Step",
    "StepKind",
    "apply_changes",
    "assess",
    "change_to",
    "field_key",
    "input_fields",
    "lower_bound",
    "rescore",
    "upper_bound",
]
