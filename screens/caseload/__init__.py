"""The caseload: the paged, filtered, searchable list of clients (screen, its reads) and the
palette provider that opens any client by name or alias (finder).

Submodules load on demand: the app imports a screen only when it is first shown, so
start-up stays lean."""

__all__ = ["finder", "reads", "screen"]
