"""Upstream's embedded text model: embedders, theme classifier and crisis detection.

Plain Python (no Django models); settings are read lazily inside functions. The public interface:
"""

from __future__ import annotations

from upstream.themes.textmodel.classifier import Classification, ModelLoadError, ThemeModel
from upstream.themes.textmodel.crisis import CrisisAssessment, assess_crisis, detect_crisis
from upstream.themes.textmodel.service import (
    classify_text,
    classify_texts,
    current_classifier,
    train_and_save,
)

__all__ = [
    "Classification",
    "CrisisAssessment",
    "ModelLoadError",
    "ThemeModel",
    "assess_crisis",
    "classify_text",
    "classify_texts",
    "current_classifier",
    "detect_crisis",
    "train_and_save",
]
