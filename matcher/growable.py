"""Arrays that grow in place: appending n rows costs O(n) amortised, not a copy of them all."""

from __future__ import annotations

import copy
import mmap
import os
import tempfile
import weakref
from typing import IO, Any, TypeVar

import numpy as np

from matcher.errors import StorageError

__all__ = ["FileGrowable", "Growable", "copy_state", "ranges"]

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

    def spans(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Return rows starts[i]:ends[i] one span after another, as one array."""
        return self.view[ranges(starts, ends)]

    def select(self, rows: np.ndarray) -> None:
        """Keep only the given rows (an index array or a boolean mask), in that order."""
        self.replace(self.view[rows])

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


class FileGrowable(Growable):
    """A Growable kept in a temporary file instead of the process's memory.

    Rankings read a few thousand rows at a time (`spans`, one positioned read per span), so
    the rows stay in the operating system's page cache (shared, and given back under memory
    pressure) and never count against the process. The file is unlinked from the start, so
    it goes with the process.
    """

    _COPY_ROWS = 65_536

    def __init__(self, dtype: np.dtype | type, width: int | None = None) -> None:
        self.dtype = np.dtype(dtype)
        self.width = width
        self._open()

    def _open(self) -> None:
        """Start a new, empty file (closing the old one: maps of it stay valid)."""
        closer = getattr(self, "_close", None)
        if closer is not None:
            closer()
        # Closed by the finalizer (or the next _open), not by a with-block: the file lives on.
        self._file: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115
            prefix="counterpart-rows-", buffering=0
        )
        self._close = weakref.finalize(self, self._file.close)
        self.size = 0

    @property
    def view(self) -> np.ndarray:
        """Return every row, mapped read-only from the file (for whole-array work)."""
        if self.size == 0:
            return np.zeros(self._shape(0), dtype=self.dtype)
        mapped = mmap.mmap(self._file.fileno(), self.file_bytes, prot=mmap.PROT_READ)
        return np.frombuffer(mapped, dtype=self.dtype).reshape(self._shape(self.size))

    def spans(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Return rows starts[i]:ends[i] one span after another, read from the file."""
        counts = np.asarray(ends, dtype=np.int64) - np.asarray(starts, dtype=np.int64)
        out = np.empty(self._shape(int(counts.sum())), dtype=self.dtype)
        buffer = out.reshape(-1).view(np.uint8).data
        fd, row, at = self._file.fileno(), self._row_bytes, 0
        for start, count in zip(np.asarray(starts).tolist(), counts.tolist(), strict=True):
            size = count * row
            if size and os.preadv(fd, [buffer[at : at + size]], start * row) != size:
                raise StorageError(f"short read from the rows file at row {start}")
            at += size
        return out

    def extend(self, values: np.ndarray) -> None:
        """Append rows at the end of the file."""
        values = np.ascontiguousarray(values, dtype=self.dtype).reshape(self._shape(-1))
        data, end = values.reshape(-1).view(np.uint8).data, self.file_bytes
        fd = self._file.fileno()
        try:
            while data:
                written = os.pwrite(fd, data, end)
                data, end = data[written:], end + written
        except OSError as exc:
            os.ftruncate(fd, self.file_bytes)  # keep the rows written before
            raise StorageError(
                f"cannot write {values.nbytes:,} more bytes of vectors to a temporary file in "
                f"{tempfile.gettempdir()} (holding {self.file_bytes:,} bytes so far): "
                f"{exc.strerror or exc}; point TMPDIR at a disk with room"
            ) from exc
        self.size += len(values)

    def replace(self, values: np.ndarray) -> None:
        """Write the content to a new file (maps of the old one stay valid while in use)."""
        self._open()
        self.extend(values)

    def select(self, rows: np.ndarray) -> None:
        """Keep only the given rows, copied to a new file."""
        source, positions = self.view, np.arange(self.size)[rows]
        self._open()
        self._append_rows(source, positions)

    def copy(self) -> FileGrowable:
        """Return an independent copy in a file of its own."""
        clone = FileGrowable(self.dtype, self.width)
        clone._append_rows(self.view, np.arange(self.size))
        return clone

    def _append_rows(self, source: np.ndarray, positions: np.ndarray) -> None:
        """Append source[positions] a chunk at a time (never all of it in memory)."""
        for start in range(0, len(positions), self._COPY_ROWS):
            self.extend(source[positions[start : start + self._COPY_ROWS]])

    def trim(self) -> None:
        """Nothing to give back: the file holds no spare capacity."""

    @property
    def _row_bytes(self) -> int:
        return self.dtype.itemsize * (self.width or 1)

    @property
    def nbytes(self) -> int:
        """Return the bytes held in the process's memory: none (see file_bytes)."""
        return 0

    @property
    def file_bytes(self) -> int:
        """Return the size of the file that holds the rows."""
        return self.size * self._row_bytes


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


def ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Return the concatenation of arange(s, e) for each pair, as int64."""
    lengths = ends - starts
    keep = lengths > 0
    starts, ends, lengths = starts[keep], ends[keep], lengths[keep]
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    steps = np.ones(total, dtype=np.int64)
    steps[0] = starts[0]
    # Where each range begins, jump from the previous range's last index to its start.
    steps[np.cumsum(lengths)[:-1]] = starts[1:] - (ends[:-1] - 1)
    return np.cumsum(steps)
