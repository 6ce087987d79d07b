"""Small dialogs: confirmation before anything destructive, and the generated help."""

__all__ = ["confirm", "help"]
