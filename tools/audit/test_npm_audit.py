"""The JavaScript audit's verdicts, from npm audit's own report shapes (no network: canned reports)."""
# ruff: noqa: S101 - pytest asserts are the point of a test (pyproject exempts only **/tests/*)

from __future__ import annotations

import subprocess

import npm_audit

CLEAN = {
    "auditReportVersion": 2,
    "vulnerabilities": {},
    "metadata": {
        "vulnerabilities": {"info": 0, "low": 0, "moderate": 0, "high": 0, "critical": 0, "total": 0},
        "dependencies": {"prod": 3, "dev": 27, "optional": 25, "peer": 0, "peerOptional": 0, "total": 29},
    },
}
ADVISORY = {
    "source": 1096727,
    "name": "sjcl",
    "dependency": "sjcl",
    "title": "Example weakness in sjcl",
    "url": "https://github.com/advisories/GHSA-xxxx-xxxx-xxxx",
    "severity": "high",
    "range": "<=1.0.8",
}
VULNERABLE = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "sjcl": {
            "name": "sjcl",
            "severity": "high",
            "via": [ADVISORY],
            "range": "<=1.0.8",
            "fixAvailable": False,
        },
        "@cloudflare/blindrsa-ts": {
            "name": "@cloudflare/blindrsa-ts",
            "severity": "high",
            "via": ["sjcl"],
            "range": "*",
            "fixAvailable": False,
        },
    },
    "metadata": {
        "vulnerabilities": {"info": 0, "low": 0, "moderate": 0, "high": 2, "critical": 0, "total": 2},
        "dependencies": {"total": 29},
    },
}
# What a registry mirror that serves packages but not advisories answers (seen on Upstream's CI).
MIRROR = {
    "message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
    "statusCode": 405,
    "error": {"summary": "", "detail": ""},
}
OFFLINE = {"error": {"code": "ENOTFOUND", "summary": "request to https://registry.npmjs.org failed"}}


def test_it_passes_a_tree_with_nothing_known(capsys):
    assert npm_audit.judge(CLEAN) == 0
    assert "29 packages checked, 0 with known vulnerabilities" in capsys.readouterr().out


def test_it_fails_on_a_known_vulnerability_and_names_the_advisory(capsys):
    assert npm_audit.judge(VULNERABLE) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE sjcl <=1.0.8: Example weakness in sjcl (high, https://github.com/advisories/" in out
    assert "VULNERABLE @cloudflare/blindrsa-ts *: through sjcl" in out


def test_an_info_note_alone_does_not_fail():
    info = {**CLEAN, "metadata": {**CLEAN["metadata"], "vulnerabilities": {"info": 1, "total": 1}}}
    assert npm_audit.judge(info) == 0


def test_an_unreachable_advisory_endpoint_is_skipped_loudly_not_passed(capsys):
    for answer, reason in ((MIRROR, "405 Method Not Allowed"), (OFFLINE, "ENOTFOUND")):
        assert npm_audit.judge(answer) == 0
        out = capsys.readouterr().out
        assert out.startswith("SKIPPED npm audit (tools/blindrsa):") and reason in out
        assert "packages checked" not in out


def test_no_npm_or_no_report_is_skipped_loudly(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(npm_audit.shutil, "which", lambda name: None)
    assert npm_audit.main() == 0
    assert "SKIPPED npm audit (tools/blindrsa): npm is not installed" in capsys.readouterr().out

    monkeypatch.setattr(npm_audit.shutil, "which", lambda name: "/usr/bin/npm")
    (tmp_path / "package-lock.json").write_text("{}")

    def garbled(*args, **kwargs):
        return subprocess.CompletedProcess(args, 1, stdout="", stderr="npm error network down\n")

    monkeypatch.setattr(npm_audit.subprocess, "run", garbled)
    assert npm_audit.main(tmp_path) == 0
    assert "npm audit gave no report (npm error network down)" in capsys.readouterr().out
