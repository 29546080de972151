"""What management commands print goes through translation (issue 12).

Read from the source with `ast`, so it holds for the next command someone writes: a string with
words in it, passed straight to stdout.write, stderr.write, CommandError or a `help`, fails unless
it sits inside a gettext call. Computed values (a token, JSON, str(error)) pass: they are data or
were translated where they were made.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

import upstream
from upstream.ops.management.commands.backup import Command as BackupCommand

ROOT = Path(upstream.__file__).parent
COMMAND_MODULES = sorted(ROOT.glob("*/management/**/*.py"))
TRANSLATING = {"gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "_"}
WORDS = re.compile(r"[^\W\d_]{2,}")


def called_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def messages(tree: ast.AST):
    """(line, expression) of everything shown to a person as text."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = called_name(node)
            if name == "write" and isinstance(node.func, ast.Attribute) and node.args:
                stream = node.func.value
                if isinstance(stream, ast.Attribute) and stream.attr in {"stdout", "stderr"}:
                    yield node.lineno, node.args[0]
            if name == "CommandError" and node.args:
                yield node.lineno, node.args[0]
            yield from ((kw.value.lineno, kw.value) for kw in node.keywords if kw.arg == "help")
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "help" for t in node.targets):
            yield node.lineno, node.value


def untranslated_words(expression: ast.AST) -> list[str]:
    """Literal text in the expression that is outside any gettext call (keys and indexes aside)."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Call) and called_name(node) in TRANSLATING:
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and WORDS.search(node.value):
            found.append(node.value)
        for name, child in ast.iter_fields(node):
            if isinstance(node, ast.Subscript) and name == "slice":
                continue
            if isinstance(node, ast.Dict) and name == "keys":
                continue
            for item in child if isinstance(child, list) else [child]:
                if isinstance(item, ast.AST):
                    visit(item)

    visit(expression)
    return found


def problems(source: str, label: str) -> list[str]:
    return [
        f"{label}:{line}: {text!r}"
        for line, expression in messages(ast.parse(source))
        for text in untranslated_words(expression)
    ]


def test_the_check_finds_the_commands():
    names = {path.stem for path in COMMAND_MODULES}
    assert {"backup", "create_token", "load_demo", "rotate_speakup_key", "evaluate"} <= names


def test_every_command_message_goes_through_gettext():
    found = [
        problem
        for path in COMMAND_MODULES
        for problem in problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert found == []


@pytest.mark.parametrize(
    "line",
    [
        'self.stdout.write(f"Released {count} submissions.")',
        'self.stderr.write("Nothing to do")',
        'raise CommandError("No unit with code " + code)',
        'parser.add_argument("--out", help="Where to write it.")',
        'self.stdout.write(self.style.SUCCESS(f"Loaded {n} items"))',
        'self.stdout.write(gettext("Wrote %(file)s") % {"file": name} + " for you")',
    ],
)
def test_it_catches_an_english_only_message(line):
    assert problems(line, "new_command.py")


@pytest.mark.parametrize(
    "line",
    [
        'self.stdout.write(gettext("Wrote %(file)s.") % {"file": options["out"]})',
        "raise CommandError(str(error))",
        'parser.add_argument("--out", help=gettext_lazy("Where to write it."))',
        'self.stdout.write(token, ending="")',
        'self.stdout.write("\\n" + gettext("Demo logins:"))',
    ],
)
def test_it_lets_translated_text_and_data_through(line):
    assert problems(line, "new_command.py") == []


@pytest.fixture
def marked_spanish(monkeypatch):
    """Spanish active, with a catalogue that marks every message (the real one may lag the code)."""
    with translation.override("es"):
        catalogue = trans_real.translation("es")
        monkeypatch.setattr(catalogue, "gettext", lambda message: f"[es] {message}")
        monkeypatch.setattr(catalogue, "ngettext", lambda one, many, n: f"[es] {one if n == 1 else many}")
        yield


def test_help_is_shown_in_the_active_language(marked_spanish):
    parser = BackupCommand().create_parser("upstream", "backup")
    text = " ".join(parser.format_help().split())
    assert "[es] Write a backup of the database" in text
    assert "[es] Where to write the backup." in text


@pytest.mark.django_db
def test_output_is_printed_in_the_active_language(marked_spanish):
    out = StringIO()
    call_command("release_now", stdout=out)
    assert out.getvalue() == "[es] Released 0 pending submissions.\n"


def deployment_language(tmp_path, value: str) -> subprocess.CompletedProcess:
    code = "import django; django.setup(); from django.utils import translation as t; print(t.get_language())"
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "upstream.config.settings",
        "UPSTREAM_DATA_DIR": str(tmp_path),
        "UPSTREAM_LANGUAGE_CODE": value,
    }
    return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True)  # noqa: S603


def test_the_operator_chooses_the_commands_language_in_the_environment(tmp_path):
    assert deployment_language(tmp_path, "es").stdout.strip() == "es"
    assert deployment_language(tmp_path, "").stdout.strip() == "en-us"
    refused = deployment_language(tmp_path, "fr")
    assert refused.returncode != 0
    assert "UPSTREAM_LANGUAGE_CODE must be en-us or es" in refused.stderr


@pytest.mark.django_db
def test_the_spanish_catalogue_reaches_a_commands_output():
    # The real catalogue this time (the marked one above proves only the wiring): what an operator
    # with UPSTREAM_LANGUAGE_CODE=es reads, plural form included.
    out = StringIO()
    with translation.override("es"):
        call_command("release_now", stdout=out)
        help_text = " ".join(BackupCommand().create_parser("upstream", "backup").format_help().split())
    assert out.getvalue() == "Se liberaron 0 envíos pendientes.\n"
    assert "Dónde escribir la copia de seguridad." in help_text
