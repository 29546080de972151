"""gunicorn's error log under Upstream's config names no client address and no raw path.

gunicorn refuses a malformed request itself, before Django, and logged "Invalid request from
ip=ADDRESS: ..." with the request line quoted; `--config python:upstream.ops.gunicorn_hooks` (which
`upstream serve` and the documented command pass) installs a logger that drops both.
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from gunicorn.app.base import Application
from gunicorn.config import Config

from upstream.ops.gunicorn_hooks import AddressFreeLogger


class _Loaded(Application):
    def __init__(self) -> None:  # no command line to parse: only the config module is read
        self.cfg = Config()

    def init(self, parser, opts, args):  # pragma: no cover - not called
        return None

    def load(self):  # pragma: no cover - not called
        return None


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def logged():
    log = AddressFreeLogger(Config())
    collect = _Collect()
    log.error_log.addHandler(collect)
    yield log, collect.lines
    log.error_log.removeHandler(collect)


def test_the_config_module_installs_the_logger():
    app = _Loaded()
    app.load_config_from_module_name_or_filename("python:upstream.ops.gunicorn_hooks")
    assert app.cfg.logger_class is AddressFreeLogger


@pytest.mark.parametrize(
    ("address", "error", "kept"),
    [
        (
            "203.0.113.9",
            "Invalid HTTP request line: 'GET /speak/?x=1 HTTP/1.1 junk'",
            "Invalid HTTP request line",
        ),
        ("2001:db8::7", "Request Line is too large (9000 > 8190)", "Request Line is too large (9000 > 8190)"),
        ("203.0.113.9", "Proxy request from '203.0.113.9' not allowed", "Proxy request from"),
    ],
)
def test_it_handles_an_invalid_request_without_the_address_or_the_request(logged, address, error, kept):
    log, lines = logged
    log.warning(f"Invalid request from ip={address}: {error}")
    [line] = lines
    assert address not in line and "/speak/" not in line
    assert line.endswith(kept) and "client address not logged" in line


def test_it_drops_the_raw_path_of_a_request_that_failed_outside_the_app(logged):
    log, lines = logged
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("Error handling request %s %s", "POST", "/speak/?unit=4west")
    assert lines == ["Error handling request (path not logged)"]


def test_other_lines_pass_unchanged(logged):
    log, lines = logged
    log.warning("Worker with pid %s was terminated due to signal %s", 42, 9)
    assert lines == ["Worker with pid 42 was terminated due to signal 9"]


def test_the_debug_hook_and_the_access_log_write_no_path_even_when_an_operator_turns_them_on():
    """An audit with `GUNICORN_CMD_ARGS="--log-level debug"` found "POST /speak/" logged to the second
    for every anonymous request by gunicorn's default pre_request hook, beside the same worker's
    sign-in and token requests; `--access-logfile` would add the address too."""
    app = _Loaded()
    app.load_config_from_module_name_or_filename("python:upstream.ops.gunicorn_hooks")
    app.cfg.set("loglevel", "debug")
    app.cfg.set("accesslog", "-")
    log = AddressFreeLogger(app.cfg)
    collect = _Collect()
    for logger in (log.error_log, log.access_log):
        logger.addHandler(collect)

    class Worker:
        pass

    worker = Worker()
    worker.log = log
    request = type("Req", (), {"method": "POST", "path": "/speak/", "headers": [], "uri": "/speak/"})()
    answer = type("Resp", (), {"status": "303 See Other", "headers": [], "response_length": 0, "sent": 0})()
    app.cfg.pre_request(worker, request)
    environ = {
        "REMOTE_ADDR": "203.0.113.9",
        "PATH_INFO": "/speak/",
        "RAW_URI": "/speak/",
        "REQUEST_METHOD": "POST",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "",
    }
    log.access(answer, request, environ, dt.timedelta(milliseconds=40))
    log.debug("a debug line still passes")
    assert collect.lines == ["a debug line still passes"]
