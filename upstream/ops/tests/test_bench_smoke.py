"""The bench smoke run (bench/scale/smoke.py) uses the database its URL names, and drops only one it
created. It used to ignore the name: `.../any` meant "create, fill and drop upstream_bench_smoke on
that server", so a database of that name was dropped without being named, and the one named was not
used. The statements it would send are recorded here, not run: the run itself is too heavy for the
suite (CI runs it once, in .ci/run)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def smoke():
    spec = importlib.util.spec_from_file_location("bench_scale_smoke", ROOT / "bench" / "scale" / "smoke.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Server:
    """Stands in for `smoke.admin`: records each statement and knows which databases exist."""

    def __init__(self, *existing: str) -> None:
        self.existing = set(existing)
        self.sent: list[str] = []

    def __call__(self, url, statement, params=()):
        text = statement if isinstance(statement, str) else statement.as_string(None)
        self.sent.append(text % tuple(repr(p) for p in params) if params else text)
        if text.startswith("SELECT"):
            return [(1,)] if params[0] in self.existing else []
        return []


def test_it_uses_the_database_the_url_names(smoke):
    url = "postgres://postgres@127.0.0.1:5432/ci_bench_smoke"
    assert smoke.target({"DATABASE_URL": url}) == (url, "ci_bench_smoke")
    # make bench-scale-smoke's variable wins over a DATABASE_URL left in the environment.
    both = {"BENCH_DATABASE_URL": url, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/upstream"}
    assert smoke.target(both) == (url, "ci_bench_smoke")


@pytest.mark.parametrize(
    "url",
    [
        "postgres://postgres@127.0.0.1:5432/test",  # .ci/run's test database
        "postgres://postgres@127.0.0.1:5432/upstream",
        "postgres://postgres@127.0.0.1:5432/",
        "sqlite:///var/upstream_bench.sqlite3",
        "",
    ],
)
def test_it_refuses_a_database_not_meant_for_the_bench(smoke, url):
    """The generator wipes the tables of the database it fills: only a name with "bench" in it."""
    with pytest.raises(SystemExit) as refused:
        smoke.target({"DATABASE_URL": url})
    assert "bench" in str(refused.value)


def test_it_creates_and_drops_a_database_that_was_not_there(smoke, monkeypatch):
    server = Server("upstream_bench_smoke", "test")
    monkeypatch.setattr(smoke, "admin", server)
    url = "postgres://postgres@127.0.0.1:5432/ci_bench_smoke"
    with smoke.bench_database(url, "ci_bench_smoke"):
        assert server.sent[1:] == ['CREATE DATABASE "ci_bench_smoke"']
    assert server.sent[2:] == ['DROP DATABASE IF EXISTS "ci_bench_smoke" WITH (FORCE)']
    assert not any("upstream_bench_smoke" in sent or '"test"' in sent for sent in server.sent)


def test_it_leaves_a_database_that_was_there_in_place(smoke, monkeypatch):
    server = Server("upstream_bench_smoke")
    monkeypatch.setattr(smoke, "admin", server)
    url = "postgres://postgres@127.0.0.1:5432/upstream_bench_smoke"
    with pytest.raises(RuntimeError), smoke.bench_database(url, "upstream_bench_smoke"):
        raise RuntimeError("the generator failed")
    assert [s for s in server.sent if not s.startswith("SELECT")] == []
