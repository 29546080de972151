"""Name flagging and redaction of a listening-session transcript: time against its size.

Three transcripts, each read, flagged (`flag_names`) and redacted (`redact_turns`) as an upload and
its confirmation do:

- real speech: every turn of the real-speech name sets kept with the tests
  (`upstream/listening/tests/data/names-real*.txt`, published transcripts, marks removed), one turn
  per speaker line, over and over to 3,000 turns (the upload's limit);
- one title and name repeated 16,000 times ("Dr Ann Lee", 176 KB), which once took 53 s to flag;
- one turn of 2 MB holding about 120,000 different candidate names, the worst case we could build
  (redacting it once took 235 s).

Times must grow with the size, not its square. Uses a fresh SQLite database in a temporary
directory (the name lists read the staff directory and the unit names). Usage:

    .venv/bin/python bench/bench_listening_names.py [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = sorted((ROOT / "upstream" / "listening" / "tests" / "data").glob("names-real*.txt"))


def real_speech() -> str:
    from upstream.listening.forms import MAX_CHARACTERS
    from upstream.listening.transcripts import MAX_TURNS

    turns = [
        re.sub(r"\[\[|\]\]", "", line.strip())
        for path in REAL
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    # As many turns as an upload may hold (3,000), the real ones over and over.
    lines = [f"Participant {i % 7 + 1}: {turns[i % len(turns)]}" for i in range(MAX_TURNS)]
    return "\n".join(lines)[:MAX_CHARACTERS]


def repeated_title() -> str:
    return "Nurse: " + "Dr Ann Lee " * 16_000


def many_names() -> str:
    from upstream.listening.forms import MAX_CHARACTERS

    pick = random.Random(2026)  # noqa: S311 - made-up names, the same every run

    def name() -> str:
        return pick.choice(string.ascii_uppercase) + "".join(pick.choices(string.ascii_lowercase, k=6))

    words = " ".join(f"Dr {name()} {name()} told Maria and {name()} Smith." for _ in range(80_000))
    return ("Nurse: " + words)[:MAX_CHARACTERS]


def measure(label: str, text: str) -> dict:
    from upstream.listening.names import flag_names, redact_turns
    from upstream.listening.transcripts import parse_transcript

    started = time.perf_counter()
    turns = parse_transcript(text)
    parsed = time.perf_counter()
    names = flag_names(turns)
    flagged = time.perf_counter()
    redact_turns(turns, names)
    done = time.perf_counter()
    return {
        "transcript": label,
        "characters": len(text),
        "turns": len(turns),
        "names": len(names),
        "read_s": round(parsed - started, 2),
        "flag_s": round(flagged - parsed, 2),
        "redact_s": round(done - flagged, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("UPSTREAM_DATA_DIR", tempfile.mkdtemp(prefix="upstream-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upstream.config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rows = [
        measure("real speech, 3,000 turns", real_speech()),
        measure('"Dr Ann Lee" x 16,000', repeated_title()),
        measure("2 MB of different names", many_names()),
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| transcript | characters | turns | names flagged | read | flag | redact |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r['transcript']} | {r['characters']:,} | {r['turns']:,} | {r['names']:,} | "
            f"{r['read_s']} s | {r['flag_s']} s | {r['redact_s']} s |"
        )


if __name__ == "__main__":
    main()
