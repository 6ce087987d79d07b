"""Content a service reads and may change without code (data/ and the local settings):
screening instruments, the TOP grid and the local protocol, each loaded and validated
so that a broken file is named with its problem."""

from caseworker.content.problems import content_problems
from caseworker.content.protocol import Protocol, load_protocol

__all__ = ["Protocol", "content_problems", "load_protocol"]
