"""Typed errors raised by the library; adapters translate them for their users."""

from __future__ import annotations


class RagError(Exception):
    """Base class of every error the library raises on purpose."""


class BadQuestion(RagError):
    """The question cannot be asked (empty, too long, unprintable)."""


class BadDocument(RagError):
    """A file cannot be read as an article (empty, binary, wrong encoding, too large)."""


class ConfigError(RagError):
    """A setting is missing or wrong; the message names the setting."""


class StoreUnavailable(RagError):
    """The store cannot be opened or is empty; the message names the setting to fix."""
