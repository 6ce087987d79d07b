"""One client's record (screen), its sections (sections), their reads (loading) and the
record forms (forms).

Submodules load on demand, when a record is first opened."""

__all__ = ["forms", "loading", "screen", "sections"]
