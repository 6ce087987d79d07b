"""Shared pieces of every screen: the base screens with the common keys (screen), the
validated form (form), and user text shown as text, never markup (text)."""

__all__ = ["form", "screen", "text"]
