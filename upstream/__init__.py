"""Upstream: anonymous, two-way well-being feedback for clinicians."""

import os

__version__ = "0.2.0"

# onnxruntime (the text model, run in every web worker for the crisis screen) keeps usage events
# with millisecond times and a device id in ~/.cache/Microsoft/DeveloperTools/, outside the data
# directory, queued for upload to Microsoft, unless this is set before it is first imported (an
# anonymity audit found the file). Set here, the first module of every Upstream process.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"
