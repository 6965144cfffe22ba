"""sora-meta: find who, how much and when in a multilingual news corpus."""

from __future__ import annotations

__version__ = "0.1.0"
