"""What every capability stands on: the error tree, UK dates, vocabularies, where files
live, atomic file writes and form reading. Standard library only, so that anything may
import it without weighing down start-up."""

from caseworker.core import dates, errors, files, paths, validation, vocab

__all__ = ["dates", "errors", "files", "paths", "validation", "vocab"]
