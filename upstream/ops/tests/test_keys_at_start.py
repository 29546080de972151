"""Each process says where its keys came from, and a new data directory is private.

A fresh (or mistyped) data directory used to get three new key files without a word, and a new
receipt key makes every earlier receipt unreadable; the directory and the SQLite file were created
0755 and 0644.
"""

from __future__ import annotations

import stat
from pathlib import Path

from upstream.ops.tests.test_data_dir import start

KEYS = ("UPSTREAM_SECRET_KEY", "UPSTREAM_RECEIPT_KEY", "UPSTREAM_INTAKE_KEY")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_it_handles_a_fresh_data_directory_by_saying_each_key_is_new(tmp_path):
    lines = start(tmp_path)
    data = tmp_path / "data"
    for name in KEYS:
        [line] = [line for line in lines if f" {name}: " in line]
        assert "WARNING" in line and f"newly generated into {data / name.lower()}" in line
        assert (data / name.lower()).read_text() not in "\n".join(lines)
        assert mode(data / name.lower()) == 0o600
    assert mode(data) == 0o700
    assert mode(data / "upstream.sqlite3") == 0o600


def test_it_says_a_key_came_from_its_file_or_the_environment(tmp_path):
    start(tmp_path)
    secret = "s" * 40
    lines = start(tmp_path, UPSTREAM_SECRET_KEY=secret)
    found = {name: [line for line in lines if f" {name}: " in line] for name in KEYS}
    assert all(len(matching) == 1 for matching in found.values())  # once per process
    assert found["UPSTREAM_SECRET_KEY"][0].endswith(
        "INFO upstream.ops.apps UPSTREAM_SECRET_KEY: from the environment"
    )
    receipt_file = tmp_path / "data" / "upstream_receipt_key"
    assert found["UPSTREAM_RECEIPT_KEY"][0].endswith(f"UPSTREAM_RECEIPT_KEY: from the file {receipt_file}")
    assert secret not in "\n".join(lines) and not any("WARNING" in line for line in lines)


def test_an_existing_data_directory_keeps_its_mode(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o750)
    data.chmod(0o750)
    start(tmp_path)
    assert mode(data) == 0o750
