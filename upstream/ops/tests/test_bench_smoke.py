"""The bench smoke run (bench/scale/smoke.py) uses the database its URL names, and drops only one it
created. It used to ignore the name: `.../any` meant "create, fill and drop upstream_bench_smoke on
that server", so a database of that name was dropped without being named, and the one named was not
used. Most statements it would send are recorded here, not run: the run itself is too heavy for the
suite (CI runs it once, in .ci/run). On PostgreSQL, a run is started and stopped with SIGTERM as
soon as it has made its database: a run killed midway used to leave that database behind."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SERVER = "postgres://postgres@127.0.0.1:5432"


def postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{SERVER}/postgres", connect_timeout=3).close()
    except Exception:  # noqa: BLE001 - any failure means: no server to test against
        return False
    return True


needs_postgres = pytest.mark.skipif(not postgres_available(), reason="needs PostgreSQL at 127.0.0.1:5432")


@pytest.fixture
def smoke():
    spec = importlib.util.spec_from_file_location("bench_scale_smoke", ROOT / "bench" / "scale" / "smoke.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Server:
    """Stands in for `smoke.admin`: records each statement and knows which databases exist, and the
    comment each carries (none unless given)."""

    def __init__(self, *existing: str, comments: dict[str, str] | None = None) -> None:
        self.comments = dict.fromkeys(existing) | (comments or {})
        self.sent: list[str] = []

    def __call__(self, url, statement, params=()):
        text = statement if isinstance(statement, str) else statement.as_string(None)
        self.sent.append(text % tuple(repr(p) for p in params) if params else text)
        if text.startswith("SELECT"):
            return [(self.comments[params[0]],)] if params[0] in self.comments else []
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
        assert server.sent[1:] == [
            'CREATE DATABASE "ci_bench_smoke"',
            f"COMMENT ON DATABASE \"ci_bench_smoke\" IS '{smoke.MARK}'",
        ]
    assert server.sent[3:] == ['DROP DATABASE IF EXISTS "ci_bench_smoke" WITH (FORCE)']
    assert not any("upstream_bench_smoke" in sent or '"test"' in sent for sent in server.sent)


@pytest.mark.parametrize("stop", [RuntimeError("the generator failed"), KeyboardInterrupt(), SystemExit(143)])
def test_it_drops_the_database_it_made_however_the_run_ends(smoke, monkeypatch, stop):
    server = Server()
    monkeypatch.setattr(smoke, "admin", server)
    url = "postgres://postgres@127.0.0.1:5432/ci_bench_smoke"
    with pytest.raises(type(stop)), smoke.bench_database(url, "ci_bench_smoke"):
        raise stop
    assert server.sent[-1] == 'DROP DATABASE IF EXISTS "ci_bench_smoke" WITH (FORCE)'


def test_it_refills_and_drops_a_database_a_stopped_run_left_behind(smoke, monkeypatch, capsys):
    server = Server(comments={"ci_bench_smoke": smoke.MARK})
    monkeypatch.setattr(smoke, "admin", server)
    url = "postgres://postgres@127.0.0.1:5432/ci_bench_smoke"
    with smoke.bench_database(url, "ci_bench_smoke"):
        assert [s for s in server.sent if not s.startswith("SELECT")] == []  # used as it is: refilled
    assert server.sent[1:] == ['DROP DATABASE IF EXISTS "ci_bench_smoke" WITH (FORCE)']
    assert capsys.readouterr().out == (
        "ci_bench_smoke was left by a smoke run stopped midway: refilling it, and dropping it at the end.\n"
    )


@pytest.mark.parametrize("comment", [None, "Our own bench copy; keep."])
def test_it_leaves_a_database_that_was_there_in_place(smoke, monkeypatch, comment):
    server = Server(comments={"upstream_bench_smoke": comment})
    monkeypatch.setattr(smoke, "admin", server)
    url = "postgres://postgres@127.0.0.1:5432/upstream_bench_smoke"
    with pytest.raises(RuntimeError), smoke.bench_database(url, "upstream_bench_smoke"):
        raise RuntimeError("the generator failed")
    assert [s for s in server.sent if not s.startswith("SELECT")] == []


def exists(smoke, name: str) -> bool:
    return bool(smoke.admin(f"{SERVER}/postgres", "SELECT 1 FROM pg_database WHERE datname = %s", (name,)))


def drop(smoke, name: str) -> None:
    smoke.admin(f"{SERVER}/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@needs_postgres
def test_it_drops_the_database_it_made_when_stopped_with_sigterm(smoke):
    name = f"upstream_bench_smoke_{uuid.uuid4().hex[:10]}"
    run = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, "bench/scale/smoke.py"],
        cwd=ROOT,
        env=dict(os.environ, BENCH_DATABASE_URL=f"{SERVER}/{name}"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not exists(smoke, name):
            assert run.poll() is None, run.communicate()[0]
            assert time.monotonic() < deadline, "the run never made its database"
            time.sleep(0.05)
        run.send_signal(signal.SIGTERM)
        output = run.communicate(timeout=90)[0]
        assert run.returncode == 128 + signal.SIGTERM, output
        assert not exists(smoke, name)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        drop(smoke, name)


@needs_postgres
def test_on_postgresql_it_tells_a_database_a_stopped_run_left_from_the_users(smoke, capsys):
    from psycopg import sql

    left, users = (f"upstream_bench_smoke_{uuid.uuid4().hex[:10]}" for _ in range(2))
    try:
        for name in (left, users):
            smoke.admin(f"{SERVER}/postgres", sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        comment = sql.SQL("COMMENT ON DATABASE {} IS {}").format(
            sql.Identifier(left), sql.Literal(smoke.MARK)
        )
        smoke.admin(f"{SERVER}/postgres", comment)
        for name in (left, users):
            with smoke.bench_database(f"{SERVER}/{name}", name):
                assert exists(smoke, name)
        assert not exists(smoke, left)
        assert exists(smoke, users)
        assert capsys.readouterr().out == (
            f"{left} was left by a smoke run stopped midway: refilling it, and dropping it at the end.\n"
        )
    finally:
        drop(smoke, left)
        drop(smoke, users)
