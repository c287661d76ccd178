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


def test_a_full_disk_stops_the_bench_with_a_clear_error() -> None:
    # A real refusal from the kernel: files of this process may not grow past 2 MB.
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (2**21, 2**21))\n"
        "from matcher.cli import main\n"
        "sys.exit(main(['bench', '--experts', '3000', '--index-precision', 'int8',\n"
        "               '--embed-texts', '0', '--queries', '2']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 2, result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("error: cannot write ")
    assert "File too large" in message and "point TMPDIR at a disk with room" in message
    assert "Traceback" not in result.stderr


def test_rows_written_before_a_failed_write_stay_readable() -> None:
    script = (
        "import resource, signal\n"
        "import numpy as np\n"
        "from matcher.errors import StorageError\n"
        "from matcher.growable import FileGrowable\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "array = FileGrowable(np.float32, 4)\n"
        "array.extend(np.arange(800).reshape(200, 4))\n"
        "try:\n"
        "    array.extend(np.ones((200, 4)))\n"
        "except StorageError:\n"
        "    print(array.size, array.file_bytes, int(array.view.sum()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["200", "3200", str(sum(range(800)))]
