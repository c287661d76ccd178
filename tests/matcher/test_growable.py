"""Growable arrays, in memory and in a file, behave alike."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from matcher.growable import FileGrowable, Growable


@pytest.mark.parametrize("kind", [Growable, FileGrowable])
def test_growable_arrays_append_select_and_copy(kind: type[Growable]) -> None:
    rows = np.arange(60, dtype=np.float16).reshape(20, 3)
    array = kind(np.float16, 3)
    array.extend(rows[:7])
    array.extend(rows[7:])
    assert np.array_equal(array.view, rows)
    clone = array.copy()
    array.select(np.array([4, 0, 19]))
    assert np.array_equal(array.view, rows[[4, 0, 19]])
    array.select(np.array([True, False, True]))
    assert np.array_equal(array.view, rows[[4, 19]])
    assert np.array_equal(clone.view, rows)  # the copy did not move
    clone.extend(rows[:1])
    assert clone.view.shape == (21, 3) and array.view.shape == (2, 3)
    starts, ends = np.array([18, 0, 5, 7]), np.array([21, 2, 5, 8])
    assert np.array_equal(clone.spans(starts, ends), rows[[18, 19, 0, 0, 1, 7]])


def test_a_file_array_lives_in_its_file_and_old_views_stay_readable() -> None:
    array = FileGrowable(np.float32, 4)
    assert array.view.shape == (0, 4)
    data = np.random.default_rng(0).standard_normal((1000, 4)).astype(np.float32)
    array.extend(data)
    before = array.view
    assert array.nbytes == 0 and array.file_bytes == data.nbytes
    array.select(np.arange(10))
    assert np.array_equal(before, data)  # a reader of the old rows is not disturbed
    assert np.array_equal(array.view, data[:10]) and array.file_bytes == 160


def _with_file_limit(limit: int, body: str) -> subprocess.CompletedProcess[str]:
    """Run Python in a process whose files may not grow past `limit` bytes: a real refusal
    from the kernel (EFBIG), as a full disk gives ENOSPC."""
    script = (
        "import resource, signal\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n{body}"
    )
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False
    )


def test_a_full_disk_stops_the_bench_with_a_clear_error() -> None:
    result = _with_file_limit(
        2**21,
        "import sys\n"
        "from matcher.cli import main\n"
        "sys.exit(main(['bench', '--experts', '3000', '--index-precision', 'int8',\n"
        "               '--embed-texts', '0', '--queries', '2']))\n",
    )
    assert result.returncode == 2, result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("error: cannot write ")
    assert "File too large" in message and "point TMPDIR at a disk with room" in message
    assert "Traceback" not in result.stderr


def test_rows_written_before_a_failed_write_stay_readable() -> None:
    result = _with_file_limit(
        4096,
        "import numpy as np\n"
        "from matcher.errors import StorageError\n"
        "from matcher.growable import FileGrowable\n"
        "array = FileGrowable(np.float32, 4)\n"
        "array.extend(np.arange(800).reshape(200, 4))\n"
        "try:\n"
        "    array.extend(np.ones((200, 4)))\n"
        "except StorageError:\n"
        "    print(array.size, array.file_bytes, int(array.view.sum()))\n",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "3200", str(sum(range(800)))]
