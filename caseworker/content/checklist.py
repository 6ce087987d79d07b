"""The pre-CAF checklist as data: data/checklists/precaf.toml, loaded and validated.

The file names, per child, the domains (the three CAF domains and the substance-specific
section) and their elements: each with a stable id, a label, an optional hint and whether
it is a *safety* element. It also labels the fixed ids the rules and the stored ratings
use: the four ratings, the three sources of evidence and the three decisions, and it gives
the words of each vocabulary ("caf" or "early_help", the protocol setting `vocabulary`),
which labels may use as {assessment} and {title}.

Everything is checked on loading, every vocabulary whichever is in force (so switching
the setting can never uncover a broken label): an unknown or missing key, a value of the
wrong type, an element id used twice, a placeholder no vocabulary defines, or a missing
element the rules depend on is a ContentFileError naming the file and the key. Suggesting
a decision from the ratings is the assessment capability's job (caseworker.assessment);
this module only reads the file.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from caseworker.content.protocol import VOCABULARIES, load_protocol
from caseworker.content.reader import ContentReader, read_toml
from caseworker.core.errors import NotFound
from caseworker.core.paths import content_dir

# The ids are the code's (the rules and the stored ratings hang on them); the file labels
# them, in this order. A rating from least to most concern is no_concern, not_known,
# some_concern, serious_concern (caseworker.assessment explains why).
RATINGS = ("no_concern", "some_concern", "serious_concern", "not_known")
SOURCES = ("self_reported", "observed", "confirmed_by_agency")
DECISIONS = ("no_additional_needs", "caf", "csc")
# Elements the rules name (caseworker.assessment.rules): each must be in the file and be a
# safety element, since each is about the child's safety [004 TS-4; 003 Introduction].
RULE_ELEMENTS = ("basic_care_safety", "substance_use_impact", "domestic_abuse", "child_caring_role")

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {"id", "version", "vocabulary", "ratings", "sources", "decisions", "domains"}
_DOMAIN_KEYS = {"id", "title", "elements"}
_ELEMENT_KEYS = {"id", "label", "safety", "hint"}


@dataclass(frozen=True)
class Element:
    """One thing rated for each child."""

    id: str
    domain: str  # the id of its Domain
    label: str
    safety: bool  # about the child's safety: see caseworker.assessment.rules
    hint: str = ""  # what to look at, for the screen (may be empty)


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    elements: tuple[str, ...]  # element ids, in the file's order


@dataclass(frozen=True)
class Checklist:
    """The checklist in one vocabulary's words."""

    id: str
    version: str
    vocabulary: str  # "caf" or "early_help"
    title: str  # "Pre-CAF assessment", or the Early Help words
    domains: tuple[Domain, ...]
    elements: tuple[Element, ...]  # every element, domain by domain
    ratings: tuple[tuple[str, str], ...]  # (id, label) in RATINGS order
    sources: tuple[tuple[str, str], ...]  # (id, label) in SOURCES order
    decisions: tuple[tuple[str, str], ...]  # (id, label) in DECISIONS order
    path: str = ""

    def element(self, element_id: str) -> Element:
        for element in self.elements:
            if element.id == element_id:
                return element
        raise NotFound(f"the {self.title} has no element {element_id!r}")

    def rating_label(self, rating: str) -> str:
        return dict(self.ratings)[rating]

    def source_label(self, source: str) -> str:
        return dict(self.sources)[source]

    def decision_label(self, decision: str) -> str:
        return dict(self.decisions)[decision]


def checklist_path() -> Path:
    return content_dir() / "checklists" / "precaf.toml"


@lru_cache(maxsize=2)
def _load_shipped(vocabulary: str) -> Checklist:
    return load_checklist_file(checklist_path(), vocabulary)


def load_checklist(vocabulary: str | None = None) -> Checklist:
    """The shipped checklist in the words of `vocabulary` (default: the protocol's).
    Cached; clear_cache() re-reads the file."""
    return _load_shipped(vocabulary or load_protocol().vocabulary)


def clear_cache() -> None:
    _load_shipped.cache_clear()


def check_checklist() -> None:
    """Validate the shipped file (every vocabulary): for `caseworker check`."""
    load_checklist_file(checklist_path(), VOCABULARIES[0])


def load_checklist_file(path: Path | str, vocabulary: str = VOCABULARIES[0]) -> Checklist:
    """Load and validate a checklist file (see the module's docstring)."""
    path = Path(path)
    r = ContentReader(path)
    raw = read_toml(path)
    if raw is None:
        raise r.fail("file not found")
    if vocabulary not in VOCABULARIES:
        raise r.fail(f"there is no vocabulary {vocabulary!r}; use one of {', '.join(VOCABULARIES)}")
    r.obj(raw, "the file", tuple(sorted(_TOP_KEYS)), _TOP_KEYS)
    if raw["id"] != "precaf":
        raise r.fail(f"id must be 'precaf' (ratings are stored under it), got {raw['id']!r}")
    version = r.text(raw["version"], "version")
    terms = _vocabularies(r, raw["vocabulary"])

    def words(value: Any, where: str) -> str:
        return _fill(r, r.text(value, where), where, terms, vocabulary)

    ratings = _labels(r, raw["ratings"], "ratings", RATINGS, words)
    sources = _labels(r, raw["sources"], "sources", SOURCES, words)
    decisions = _labels(r, raw["decisions"], "decisions", DECISIONS, words)

    domains: list[Domain] = []
    elements: list[Element] = []
    for raw_domain in r.list_(raw["domains"], "domains"):
        domain = r.obj(raw_domain, "each domain", ("id", "title", "elements"), _DOMAIN_KEYS)
        domain_id = _id(r, domain["id"], "domain id")
        where = f"domain {domain_id!r}"
        if domain_id in {d.id for d in domains}:
            raise r.fail(f"{where} appears twice")
        ids = []
        for raw_element in r.list_(domain["elements"], f"{where} elements"):
            element = _element(r, raw_element, domain_id, words)
            if element.id in {e.id for e in elements}:
                raise r.fail(f"element {element.id!r} appears twice")
            elements.append(element)
            ids.append(element.id)
        domains.append(Domain(domain_id, words(domain["title"], f"{where} title"), tuple(ids)))

    by_id = {e.id: e for e in elements}
    for needed in RULE_ELEMENTS:
        if needed not in by_id:
            raise r.fail(
                f"the element {needed!r} is missing: the rules that suggest a decision use it"
            )
        if not by_id[needed].safety:
            raise r.fail(f"element {needed!r} must be a safety element (safety = true)")
    return Checklist(
        id=raw["id"],
        version=version,
        vocabulary=vocabulary,
        title=terms[vocabulary]["title"],
        domains=tuple(domains),
        elements=tuple(elements),
        ratings=ratings,
        sources=sources,
        decisions=decisions,
        path=str(path),
    )


def _id(r: ContentReader, value: Any, where: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise r.fail(f"{where} {value!r} must be lower-case letters, digits and _")
    return value


def _vocabularies(r: ContentReader, raw: Any) -> dict[str, dict[str, str]]:
    """Each vocabulary's words: the same keys in every one, each a non-empty text."""
    tables = r.obj(raw, "vocabulary", VOCABULARIES, set(VOCABULARIES))
    terms: dict[str, dict[str, str]] = {}
    for name in VOCABULARIES:
        where = f"vocabulary.{name}"
        table = r.obj(tables[name], where, ("title",), set(tables[name]) | {"title"})
        terms[name] = {
            _id(r, k, f"{where} key"): r.text(v, f"{where}.{k}") for k, v in table.items()
        }
    first, *others = VOCABULARIES
    for name in others:
        if set(terms[name]) != set(terms[first]):
            differ = sorted(set(terms[name]) ^ set(terms[first]))
            raise r.fail(
                f"vocabulary.{first} and vocabulary.{name} must have the same keys; "
                f"only one has {', '.join(differ)}"
            )
    return terms


def _fill(
    r: ContentReader, text: str, where: str, terms: dict[str, dict[str, str]], vocabulary: str
) -> str:
    """The text with each {name} replaced by the vocabulary's words. Every vocabulary has
    the same keys (_vocabularies), so a label that works in one works in all."""
    known = terms[vocabulary]
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:  # a lone { or }
        raise r.fail(f"{where} {text!r} has a stray brace ({exc}); write {{{{ or }}}}") from None
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in known or spec or conversion:
            raise r.fail(
                f"{where} uses {{{name}{'!' + conversion if conversion else ''}"
                f"{':' + spec if spec else ''}}}; a label may use "
                f"{', '.join('{' + k + '}' for k in sorted(known))}"
            )
    return text.format_map(known)


def _labels(
    r: ContentReader, raw: Any, where: str, ids: tuple[str, ...], words: Any
) -> tuple[tuple[str, str], ...]:
    table = r.obj(raw, where, ids, set(ids))
    return tuple((i, words(table[i], f"{where}.{i}")) for i in ids)


def _element(r: ContentReader, raw: Any, domain_id: str, words: Any) -> Element:
    if not isinstance(raw, dict):
        raise r.fail(f"each element of domain {domain_id!r} must be a table, got {raw!r}")
    element_id = _id(r, raw.get("id"), f"an element id in domain {domain_id!r}")
    where = f"element {element_id!r}"
    r.obj(raw, where, ("id", "label", "safety"), _ELEMENT_KEYS)
    if not isinstance(raw["safety"], bool):
        raise r.fail(f"{where} safety must be true or false, got {raw['safety']!r}")
    hint = words(raw["hint"], f"{where} hint") if "hint" in raw else ""
    return Element(
        id=element_id,
        domain=domain_id,
        label=words(raw["label"], f"{where} label"),
        safety=raw["safety"],
        hint=hint,
    )
