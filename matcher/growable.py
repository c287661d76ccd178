"""Arrays that grow in place: appending n rows costs O(n) amortised, not a copy of them all."""

from __future__ import annotations

import copy
from typing import Any, TypeVar

import numpy as np

__all__ = ["Growable", "copy_state"]

T = TypeVar("T")


class Growable:
    """A 1-D array (or a 2-D array of fixed width) with spare capacity at the end."""

    def __init__(self, dtype: np.dtype | type, width: int | None = None) -> None:
        self.dtype = np.dtype(dtype)
        self.width = width
        self._data = np.zeros(self._shape(0), dtype=self.dtype)
        self.size = 0

    def _shape(self, rows: int) -> tuple[int, ...]:
        return (rows,) if self.width is None else (rows, self.width)

    @property
    def view(self) -> np.ndarray:
        """Return the filled part (a view: it changes when the array grows)."""
        return self._data[: self.size]

    def extend(self, values: np.ndarray) -> None:
        """Append rows, doubling the capacity when it runs out."""
        values = np.asarray(values)
        needed = self.size + len(values)
        if needed > len(self._data):
            capacity = max(needed, 2 * len(self._data), 16)
            data = np.zeros(self._shape(capacity), dtype=self.dtype)
            data[: self.size] = self._data[: self.size]
            self._data = data
        self._data[self.size : needed] = values
        self.size = needed

    def replace(self, values: np.ndarray) -> None:
        """Replace the content (after dropping rows), keeping no spare capacity."""
        self._data = np.ascontiguousarray(values, dtype=self.dtype).reshape(
            self._shape(len(values))
        )
        self.size = len(values)

    def copy(self) -> Growable:
        """Return an independent copy (without spare capacity)."""
        clone = Growable(self.dtype, self.width)
        clone.replace(self.view.copy())
        return clone

    def trim(self) -> None:
        """Give back the spare capacity."""
        if len(self._data) != self.size:
            self._data = self._data[: self.size].copy()

    @property
    def nbytes(self) -> int:
        """Return the bytes allocated, spare capacity included."""
        return int(self._data.nbytes)


def copy_state(obj: T) -> T:
    """Return a copy of an index-like object that shares nothing that changes in place.

    Growable arrays, lists and dicts are copied, and so is any attribute whose class sets
    `copy_state = True` (recursively); everything else is shared: numpy arrays (replaced,
    never written, when the object changes), frozen records, embedders.
    """
    clone = copy.copy(obj)
    for name, value in vars(obj).items():
        setattr(clone, name, _copied(value))
    return clone


def _copied(value: Any) -> Any:
    if isinstance(value, Growable):
        return value.copy()
    if isinstance(value, list):
        return [_copied(v) for v in value]
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    if getattr(type(value), "copy_state", False) is True:
        return copy_state(value)
    return value
