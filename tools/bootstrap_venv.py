"""Create the project's virtual environment with pip, even where `venv` ships without ensurepip.

Debian's python3 lacks ensurepip unless python3-venv is installed; rather than ask for root, we
create the environment without pip and install pip from the package index into it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

MIN_PYTHON = (3, 11)


def main(target: str) -> None:
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"Upstream needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]}+; this is {sys.version.split()[0]}.")
    path = Path(target)
    python = path / "bin" / "python"
    if (
        python.exists()
        and subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode == 0  # noqa: S603
    ):
        return
    try:
        venv.create(path, with_pip=True)
    except subprocess.CalledProcessError:
        print("ensurepip is not available; installing pip from the package index instead.")
        venv.create(path, with_pip=False, clear=True)
        _install_pip(python)


def _install_pip(python: Path) -> None:
    index = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple").rstrip("/")
    json_url = index.replace("/simple", "/pypi") + "/pip/json"
    with urllib.request.urlopen(json_url, timeout=60) as response:  # noqa: S310 - fixed https index
        release = json.load(response)
    wheel = next(f for f in release["urls"] if f["filename"].endswith(".whl"))
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / wheel["filename"]
        urllib.request.urlretrieve(wheel["url"], target)  # noqa: S310
        subprocess.run([python, f"{target}/pip", "install", "--quiet", str(target)], check=True)  # noqa: S603 - our venv, a wheel we fetched


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".venv")
