"""Release handlers for the anonymous-write pipeline (co-signs, anonymous stories)."""

from __future__ import annotations
