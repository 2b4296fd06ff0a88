"""YAML data -> model objects plus every problem found (second pipeline stage)."""

from .candidates import validate_candidates
from .criteria import validate_criteria

__all__ = ["validate_candidates", "validate_criteria"]
