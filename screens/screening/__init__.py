"""Screening: the keyboard questionnaire and the instrument picker (questionnaire) and
the TOP grid beside its start values (top). Submodules load on demand."""

__all__ = ["questionnaire", "top"]
