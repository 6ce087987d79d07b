"""Synthetic families for the demo and the benchmark, written only through the
capabilities' public functions."""

from caseworker.demo.caseload import create_demo_caseload, populate

__all__ = ["create_demo_caseload", "populate"]
