"""What every capability stands on: the error tree, UK dates, vocabularies, where files
live, atomic file writes and form reading. Standard library only, so that anything may
import it without weighing down start-up.

Each part is imported by itself (``from caseworker.core.dates import format_uk``,
``from caseworker.core import vocab``): the package imports none of them, so that the
error tree the command line needs first does not bring in the date, file and form code.
"""

__all__ = ["dates", "errors", "files", "paths", "validation", "vocab"]
