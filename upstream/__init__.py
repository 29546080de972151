"""Upstream: anonymous, two-way well-being feedback for clinicians."""

__version__ = "0.1.0"
