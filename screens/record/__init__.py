"""One client's record (screen), its sections (sections) and the record forms (forms).

Submodules load on demand, when a record is first opened."""

__all__ = ["forms", "screen", "sections"]
