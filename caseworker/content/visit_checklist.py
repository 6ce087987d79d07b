"""The home visit checklist as data: data/checklists/visit.toml, loaded and validated
like the pre-CAF checklist (caseworker.content.checklist), with the same reader.

The file names the items a visit note asks, in order: each with a stable id, a label, an
optional hint, the set of answers it takes, when it is asked ("always"; "child", when a
child lives with the client or visits; "medication_and_child", when the client also has
take-home medication) and, for a change
in the household, the re-assessment trigger a "yes" raises. Everything is checked on
loading: an unknown or missing key, an id used twice, an answer set that is not defined,
an unknown condition or trigger is a ContentFileError naming the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from caseworker.content.reader import ContentReader, read_toml
from caseworker.core.errors import NotFound
from caseworker.core.paths import content_dir

ALWAYS, CHILD, MEDICATION_AND_CHILD = "always", "child", "medication_and_child"
ASKED = (ALWAYS, CHILD, MEDICATION_AND_CHILD)
# The triggers the assessment's rules know (caseworker.assessment.dues reads their kind);
# a "yes" to an item naming one writes it.
TRIGGERS = ("child_returned", "new_adult")
# The answer that raises an item's trigger.
YES = "yes"

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {"id", "version", "answer_sets", "items"}
_ITEM_KEYS = {"id", "label", "answers", "asked", "hint", "trigger"}


@dataclass(frozen=True)
class VisitItem:
    id: str
    label: str
    answers: tuple[tuple[str, str], ...]  # (id, label), in the file's order
    asked: str  # ALWAYS or MEDICATION_AND_CHILD
    hint: str = ""
    trigger: str | None = None  # a TRIGGERS kind, raised by a YES

    def answer_label(self, answer: str) -> str:
        return dict(self.answers).get(answer, answer)


@dataclass(frozen=True)
class VisitChecklist:
    id: str
    version: str
    items: tuple[VisitItem, ...]
    path: str = ""

    def item(self, item_id: str) -> VisitItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise NotFound(f"the visit checklist has no item {item_id!r}")

    def asked(self, *, child: bool, medication: bool) -> tuple[VisitItem, ...]:
        """The items asked on this visit: `child`, a child lives with the client or visits;
        `medication`, the client has take-home medication."""
        wanted = {ALWAYS} | ({CHILD} if child else set())
        if child and medication:
            wanted.add(MEDICATION_AND_CHILD)
        return tuple(i for i in self.items if i.asked in wanted)


def visit_checklist_path() -> Path:
    return content_dir() / "checklists" / "visit.toml"


@lru_cache(maxsize=1)
def load_visit_checklist() -> VisitChecklist:
    """The shipped checklist (cached)."""
    return load_visit_checklist_file(visit_checklist_path())


def check_visit_checklist() -> None:
    """Validate the shipped file: for `caseworker check`."""
    load_visit_checklist_file(visit_checklist_path())


def _id(r: ContentReader, value: Any, where: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise r.fail(f"{where} {value!r} must be lower-case letters, digits and _")
    return value


def load_visit_checklist_file(path: Path | str) -> VisitChecklist:
    """Load and validate a visit checklist file (see the module's docstring)."""
    path = Path(path)
    r = ContentReader(path)
    raw = read_toml(path)
    if raw is None:
        raise r.fail("file not found")
    r.obj(raw, "the file", tuple(sorted(_TOP_KEYS)), _TOP_KEYS)
    if raw["id"] != "visit":
        raise r.fail(f"id must be 'visit' (answers are stored under it), got {raw['id']!r}")
    version = r.text(raw["version"], "version")
    sets_raw = raw["answer_sets"]
    if not isinstance(sets_raw, dict) or not sets_raw:
        raise r.fail("answer_sets must be a table of answer sets, each [answer_sets.NAME]")
    sets: dict[str, tuple[tuple[str, str], ...]] = {}
    for name, labels in sets_raw.items():
        where = f"answer_sets.{_id(r, name, 'answer set')}"
        if not isinstance(labels, dict) or not labels:
            raise r.fail(f"{where} must be a table naming at least one answer")
        sets[name] = tuple((_id(r, k, f"{where} key"), r.text(v, f"{where}.{k}"))
                           for k, v in labels.items())  # fmt: skip
    items: list[VisitItem] = []
    used: set[str] = set()
    for raw_item in r.list_(raw["items"], "items"):
        if not isinstance(raw_item, dict):
            raise r.fail(f"each item must be a table, got {raw_item!r}")
        item_id = _id(r, raw_item.get("id"), "an item id")
        where = f"item {item_id!r}"
        r.obj(raw_item, where, ("id", "label", "answers", "asked"), _ITEM_KEYS)
        if item_id in {i.id for i in items}:
            raise r.fail(f"{where} appears twice")
        answers = raw_item["answers"]
        if answers not in sets:
            raise r.fail(f"{where} answers {answers!r}: use one of {', '.join(sorted(sets))}")
        used.add(answers)
        if raw_item["asked"] not in ASKED:
            raise r.fail(f"{where} asked {raw_item['asked']!r}: use one of {', '.join(ASKED)}")
        trigger = raw_item.get("trigger")
        if trigger is not None:
            if trigger not in TRIGGERS:
                raise r.fail(f"{where} trigger {trigger!r}: use one of {', '.join(TRIGGERS)}")
            if YES not in dict(sets[answers]):
                raise r.fail(f"{where} has a trigger, so its answers must include {YES!r}")
        items.append(
            VisitItem(
                id=item_id,
                label=r.text(raw_item["label"], f"{where} label"),
                answers=sets[answers],
                asked=raw_item["asked"],
                hint=r.optional_text(raw_item.get("hint"), f"{where} hint"),
                trigger=trigger,
            )
        )
    unused = sorted(set(sets) - used)
    if unused:
        raise r.fail(f"answer_sets {', '.join(unused)} is used by no item")
    return VisitChecklist(raw["id"], version, tuple(items), str(path))
