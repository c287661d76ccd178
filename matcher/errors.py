"""Domain exceptions of the matching engine."""

from __future__ import annotations


class MatcherError(Exception):
    """Base class of every error the engine raises on purpose."""


class RecordError(MatcherError, ValueError):
    """One field of a record breaks a rule of FORMATS.md."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class InputError(MatcherError):
    """An input file cannot be used; the message reads `FILE:LINE: problem`."""


class UnknownIdError(MatcherError, KeyError):
    """An expert or assignment id is not known to the engine."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown id"


class StorageError(MatcherError, OSError):
    """The disk refused what the engine keeps there (no space left in TMPDIR, say)."""


class ConfigError(MatcherError, ValueError):
    """A configuration value (weights, model name, precision) is not valid."""
