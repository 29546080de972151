"""The request limits `upstream serve` gives gunicorn, read back through gunicorn's own parsers.

No server is started: gunicorn's argument parser reads our command line, and its HTTP parser reads
a request from bytes, as a worker would.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from gunicorn.config import Config
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.http.parser import RequestParser

from upstream.ops.management.commands.serve import gunicorn_argv


def served_config(directory: Path) -> Config:
    argv = gunicorn_argv("python", "127.0.0.1", "8000", "2", directory)
    assert argv[1:3] == ["-m", "gunicorn"]
    config = Config()
    parsed = config.parser().parse_args(argv[3:])
    for name, value in vars(parsed).items():
        if value is not None and name in config.settings:
            config.set(name, value)
    return config


def parse(config: Config, request: bytes):  # type: ignore[no-untyped-def]
    return next(iter(RequestParser(config, io.BytesIO(request), ("127.0.0.1", 50000))))


def test_it_handles_request_lines_up_to_gunicorns_maximum(tmp_path):
    config = served_config(tmp_path)
    assert config.limit_request_line == 8190  # gunicorn's maximum; its default is 4094
    assert config.limit_request_field_size == 8190
    # A long filtered list or search (about 7,000 bytes of query string) reaches the app, which
    # answers in JSON, instead of gunicorn's own HTML 414 page.
    query = "q=" + "x" * 7000
    request = parse(config, f"GET /api/v1/community/resources?{query} HTTP/1.1\r\nHost: h\r\n\r\n".encode())
    assert request.query == query


def test_it_still_refuses_a_request_line_or_header_past_the_limit(tmp_path):
    config = served_config(tmp_path)
    with pytest.raises(LimitRequestLine):
        parse(config, b"GET /?q=" + b"x" * 8200 + b" HTTP/1.1\r\nHost: h\r\n\r\n")
    with pytest.raises(LimitRequestHeaders):
        parse(config, b"GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + b"x" * 8200 + b"\r\n\r\n")
