"""Instrument files: loading and validation (the model is in model.py).

An instrument file (data/instruments/<id>.json) holds an object with these keys:

  id, kind ("screening"), name, short_name?, version, timeframe, intro?
  option_sets?  {name: [{label, score}, ...]}      shared answer options
  sections      [{id, title, intro?}]
  items         [{number, section, text, options}]  options: a list or an option_sets name;
                                                    numbered 1..N in order; an answer is the
                                                    0-based index into this list
  rules?        [{id, kind: "skip" | "stop", when, skip?, outcome?, note?}]
                when: {"item": n, "option_in": [i, ...]} or {"sum_of": [n, ...], "equals": s}
                skip: item numbers after the condition; stop: every later item is skipped
  positive_at   an int, or {"config": "<protocol setting>"} (local configuration)
  bands         [{min, max, label, action?}] covering every possible total exactly once;
                a bound may be "positive_at" or "positive_at - 1"
  flags?        [{min, text}]                       raised when total >= min
  suggests      {positive, negative}                the next step, as text
  follow_on?    {when: "positive", instrument}      a fuller instrument to continue into
  carries_to?   {instrument: {"<item here>": item there}}  answers that carry over

Every problem is an ContentFileError naming the file and what is wrong.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from caseworker.content.instruments.model import (
    BAND_TOKENS,
    Condition,
    Flag,
    Instrument,
    Item,
    Option,
    Rule,
    Section,
)
from caseworker.content.protocol import Protocol, number_setting_names
from caseworker.content.reader import ContentReader
from caseworker.core.errors import ContentFileError

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


_TOP_KEYS = {
    "id", "kind", "name", "short_name", "version", "timeframe", "intro", "option_sets",
    "sections", "items", "rules", "positive_at", "bands", "flags", "suggests", "follow_on",
    "carries_to",
}  # fmt: skip
_REQUIRED = ("id", "kind", "name", "version", "timeframe", "sections", "items", "positive_at",
             "bands", "suggests")  # fmt: skip


def load_file(path: Path | str, protocol: Protocol | None = None) -> Instrument:
    """Load and validate one instrument file from any path (the id must match the file name)."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ContentFileError(path, "file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentFileError(path, f"cannot be read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ContentFileError(
            path, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    instrument = parse(raw, path, protocol)
    if instrument.id != path.stem:
        raise ContentFileError(
            path, f"id {instrument.id!r} does not match the file name {path.name!r}"
        )
    return instrument


def parse(
    raw: Any, path: Path | str = "<instrument>", protocol: Protocol | None = None
) -> Instrument:
    """Validate a decoded instrument definition and build the Instrument."""
    r = ContentReader(path)
    data = r.obj(raw, "the file", _REQUIRED, _TOP_KEYS)
    iid = r.text(data["id"], "id")
    if not _ID.match(iid):
        raise r.fail(f"id {iid!r} must be lower-case letters, digits and dashes")
    if data["kind"] != "screening":
        raise r.fail(f"kind must be 'screening' for a scored instrument, got {data['kind']!r}")

    option_sets = _option_sets(r, data.get("option_sets", {}))
    sections = _sections(r, data["sections"])
    items = _items(r, data["items"], option_sets, {s.id for s in sections})
    unused = [s.id for s in sections if s.id not in {i.section for i in items}]
    if unused:
        raise r.fail(f"section(s) {', '.join(map(repr, unused))} have no items")
    numbers = {i.number for i in items}
    by_number = {i.number: i for i in items}
    rules = _rules(r, data.get("rules", []), by_number)

    min_total = sum(min(i.scores) for i in items)
    max_total = sum(max(i.scores) for i in items)
    positive_at, setting = _positive_at(r, data["positive_at"], min_total, max_total)
    band_bounds = _band_bounds(r, data["bands"])
    flags = _flags(r, data.get("flags", []), min_total, max_total)
    suggests = r.obj(data["suggests"], "suggests", ("positive", "negative"),
                     {"positive", "negative"})  # fmt: skip

    follow_on = None
    if data.get("follow_on") is not None:
        fo = r.obj(data["follow_on"], "follow_on", ("when", "instrument"), {"when", "instrument"})
        if fo["when"] != "positive":
            raise r.fail(f"follow_on.when must be 'positive', got {fo['when']!r}")
        follow_on = r.text(fo["instrument"], "follow_on.instrument")

    carries_to = _carries_to(r, data.get("carries_to", {}), iid, numbers)
    if follow_on is not None and follow_on not in carries_to:
        raise r.fail(f"follow_on names {follow_on!r} but carries_to has no mapping for it")

    instrument = Instrument(
        id=iid,
        name=r.text(data["name"], "name"),
        short_name=r.text(data.get("short_name", data["name"]), "short_name"),
        version=r.text(data["version"], "version"),
        timeframe=r.text(data["timeframe"], "timeframe"),
        intro=r.optional_text(data.get("intro"), "intro"),
        sections=sections,
        items=items,
        rules=rules,
        positive_at=positive_at,
        positive_at_setting=setting,
        band_bounds=band_bounds,
        flags=flags,
        suggests_positive=r.text(suggests["positive"], "suggests.positive"),
        suggests_negative=r.text(suggests["negative"], "suggests.negative"),
        follow_on=follow_on,
        carries_to=carries_to,
        path=str(path),
    )
    try:
        cutoff = instrument.cutoff(protocol)
        instrument.bands(cutoff)
    except ContentFileError:
        raise  # the local protocol file is at fault, and its error names it
    except ValueError as exc:
        raise r.fail(str(exc)) from exc
    _check_stop_outcomes(r, instrument, cutoff)
    return instrument


def _options(r: ContentReader, value: Any, where: str) -> tuple[Option, ...]:
    options = []
    for n, raw in enumerate(r.list_(value, where)):
        o = r.obj(raw, f"{where} option {n}", ("label", "score"), {"label", "score"})
        options.append(
            Option(
                r.text(o["label"], f"{where} option {n} label"),
                r.int_(o["score"], f"{where} option {n} score", minimum=0),
            )
        )
    if len(options) < 2:
        raise r.fail(f"{where} must offer at least two options")
    labels = [o.label for o in options]
    if len(set(labels)) != len(labels):
        raise r.fail(f"{where} repeats an option label")
    return tuple(options)


def _option_sets(r: ContentReader, value: Any) -> dict[str, tuple[Option, ...]]:
    if not isinstance(value, dict):
        raise r.fail("option_sets must be an object of named option lists")
    return {name: _options(r, opts, f"option set {name!r}") for name, opts in value.items()}


def _sections(r: ContentReader, value: Any) -> tuple[Section, ...]:
    sections = []
    for n, raw in enumerate(r.list_(value, "sections")):
        s = r.obj(raw, f"section {n + 1}", ("id", "title"), {"id", "title", "intro"})
        sections.append(
            Section(
                r.text(s["id"], f"section {n + 1} id"),
                r.text(s["title"], f"section {n + 1} title"),
                r.optional_text(s.get("intro"), f"section {n + 1} intro"),
            )
        )
    ids = [s.id for s in sections]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise r.fail(f"duplicate section id(s) {', '.join(map(repr, dupes))}")
    return tuple(sections)


def _items(
    r: ContentReader, value: Any, option_sets: dict[str, tuple[Option, ...]], section_ids: set[str]
) -> tuple[Item, ...]:
    items = []
    for n, raw in enumerate(r.list_(value, "items")):
        where = f"items[{n}]"
        d = r.obj(raw, where, ("number", "section", "text", "options"),
                  {"number", "section", "text", "options"})  # fmt: skip
        number = r.int_(d["number"], f"{where} number", minimum=1)
        where = f"item {number}"
        if d["section"] not in section_ids:
            raise r.fail(f"{where} is in unknown section {d['section']!r}")
        opts = d["options"]
        if isinstance(opts, str):
            if opts not in option_sets:
                raise r.fail(f"{where} uses unknown option set {opts!r}")
            options = option_sets[opts]
        else:
            options = _options(r, opts, where)
        items.append(Item(number, d["section"], r.text(d["text"], f"{where} text"), options))
    seen: set[int] = set()
    for item in items:
        if item.number in seen:
            raise r.fail(f"duplicate item number {item.number}")
        seen.add(item.number)
    found = [i.number for i in items]
    if found != list(range(1, len(items) + 1)):
        raise r.fail(f"items must be numbered 1 to {len(items)} in order, found {found}")
    return tuple(items)


def _rules(r: ContentReader, value: Any, items: dict[int, Item]) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for n, raw in enumerate(r.list_(value, "rules", non_empty=False)):
        d = r.obj(raw, f"rules[{n}]", ("id", "kind", "when"),
                  {"id", "kind", "when", "skip", "outcome", "note"})  # fmt: skip
        rid = r.text(d["id"], f"rules[{n}] id")
        where = f"rule {rid!r}"
        if rid in {x.id for x in rules}:
            raise r.fail(f"duplicate rule id {rid!r}")
        when = _condition(r, d["when"], where, items)
        kind = d["kind"]
        skip: tuple[int, ...] = ()
        outcome = d.get("outcome")
        if kind == "skip":
            if outcome is not None:
                raise r.fail(f"{where}: only a stop rule can have an outcome")
            skip = tuple(
                r.int_(x, f"{where} skip") for x in r.list_(d.get("skip"), f"{where} skip")
            )
            for target in skip:
                if target not in items:
                    raise r.fail(f"{where} skips item {target}, which does not exist")
                if target <= max(when.items):
                    raise r.fail(
                        f"{where} skips item {target}, which does not come after the "
                        f"item(s) its condition depends on"
                    )
        elif kind == "stop":
            if "skip" in d:
                raise r.fail(f"{where}: a stop rule skips every later item; remove 'skip'")
            if outcome not in (None, "positive", "negative"):
                raise r.fail(f"{where} outcome must be 'positive' or 'negative', got {outcome!r}")
        else:
            raise r.fail(f"{where} kind must be 'skip' or 'stop', got {kind!r}")
        note = r.optional_text(d.get("note"), f"{where} note")
        rules.append(Rule(rid, kind, when, skip, outcome, note))
    return tuple(rules)


def _condition(r: ContentReader, value: Any, where: str, items: dict[int, Item]) -> Condition:
    d = r.obj(value, f"{where} 'when'", (), {"item", "option_in", "sum_of", "equals"})
    if set(d) == {"item", "option_in"}:
        number = r.int_(d["item"], f"{where} condition item")
        if number not in items:
            raise r.fail(f"{where} refers to item {number}, which does not exist")
        indexes = r.list_(d["option_in"], f"{where} option_in")
        count = len(items[number].options)
        for index in indexes:
            r.int_(index, f"{where} option_in")
            if not 0 <= index < count:
                raise r.fail(
                    f"{where} refers to option {index} of item {number}, "
                    f"which has options 0 to {count - 1}"
                )
        return Condition(item=number, option_in=frozenset(indexes))
    if set(d) == {"sum_of", "equals"}:
        numbers = tuple(
            r.int_(x, f"{where} sum_of") for x in r.list_(d["sum_of"], f"{where} sum_of")
        )
        for number in numbers:
            if number not in items:
                raise r.fail(f"{where} refers to item {number}, which does not exist")
        return Condition(sum_of=numbers, equals=r.int_(d["equals"], f"{where} equals"))
    raise r.fail(
        f"{where} 'when' must be {{'item', 'option_in'}} or {{'sum_of', 'equals'}}, got {sorted(d)}"
    )


def _positive_at(
    r: ContentReader, value: Any, low: int, high: int
) -> tuple[int | None, str | None]:
    if isinstance(value, dict):
        d = r.obj(value, "positive_at", ("config",), {"config"})
        setting = d["config"]
        if setting not in number_setting_names():
            raise r.fail(
                f"positive_at refers to unknown protocol setting {setting!r} (a cut-off may "
                f"use {', '.join(number_setting_names())})"
            )
        return None, setting
    cutoff = r.int_(value, "positive_at")
    if not low < cutoff <= high:
        raise r.fail(f"positive_at must be {low + 1} to {high} (the possible totals), got {cutoff}")
    return cutoff, None


def _band_bounds(r: ContentReader, value: Any) -> tuple[tuple[int | str, int | str, str, str], ...]:
    bands = []
    for n, raw in enumerate(r.list_(value, "bands")):
        d = r.obj(raw, f"bands[{n}]", ("min", "max", "label"), {"min", "max", "label", "action"})
        label = r.text(d["label"], f"bands[{n}] label")
        bounds = []
        for key in ("min", "max"):
            bound = d[key]
            if isinstance(bound, str):
                if bound not in BAND_TOKENS:
                    raise r.fail(
                        f"band {label!r} {key} must be a whole number or one of "
                        f"{', '.join(map(repr, BAND_TOKENS))}, got {bound!r}"
                    )
            else:
                r.int_(bound, f"band {label!r} {key}")
            bounds.append(bound)
        action = r.optional_text(d.get("action"), f"band {label!r} action")
        bands.append((bounds[0], bounds[1], label, action))
    labels = [b[2] for b in bands]
    if len(set(labels)) != len(labels):
        raise r.fail("two bands have the same label")
    return tuple(bands)


def _flags(r: ContentReader, value: Any, low: int, high: int) -> tuple[Flag, ...]:
    flags = []
    for n, raw in enumerate(r.list_(value, "flags", non_empty=False)):
        d = r.obj(raw, f"flags[{n}]", ("min", "text"), {"min", "text"})
        minimum = r.int_(d["min"], f"flags[{n}] min")
        if not low <= minimum <= high:
            raise r.fail(f"flags[{n}] min must be {low} to {high}, got {minimum}")
        flags.append(Flag(minimum, r.text(d["text"], f"flags[{n}] text")))
    return tuple(flags)


def _carries_to(
    r: ContentReader, value: Any, iid: str, numbers: set[int]
) -> dict[str, dict[int, int]]:
    if not isinstance(value, dict):
        raise r.fail("carries_to must be an object of {instrument: {item: item}}")
    result: dict[str, dict[int, int]] = {}
    for target, mapping in value.items():
        if target == iid:
            raise r.fail("carries_to cannot name the instrument itself")
        if not isinstance(mapping, dict) or not mapping:
            raise r.fail(f"carries_to {target!r} must map item numbers here to item numbers there")
        pairs: dict[int, int] = {}
        for here, there in mapping.items():
            if not (isinstance(here, str) and here.isdigit()) or int(here) not in numbers:
                raise r.fail(f"carries_to {target!r} maps from {here!r}, which is not an item here")
            pairs[int(here)] = r.int_(there, f"carries_to {target!r} item {here}", minimum=1)
        if len(set(pairs.values())) != len(pairs):
            raise r.fail(f"carries_to {target!r} maps two items onto the same item")
        result[target] = pairs
    return result


def _check_stop_outcomes(r: ContentReader, instrument: Instrument, cutoff: int) -> None:
    """A stop rule's stated outcome must agree with the cut-off for every total it can give."""
    skippable = {n for rule in instrument.rules for n in rule.skip}
    for rule in instrument.rules:
        if rule.kind == "stop":
            skippable.update(range(rule.position + 1, len(instrument.items) + 1))
    for rule in instrument.rules:
        if rule.kind != "stop" or rule.outcome is None or rule.when.item is None:
            continue
        before = instrument.items[: rule.when.item - 1]
        # An item some rule can skip may contribute 0 rather than its lowest score.
        low = sum(0 if i.number in skippable else min(i.scores) for i in before)
        high = sum(max(i.scores) for i in before)
        for index in sorted(rule.when.option_in):
            score = instrument.item(rule.when.item).options[index].score
            lo, hi = low + score, high + score
            if rule.outcome == "positive" and lo < cutoff:
                raise r.fail(
                    f"rule {rule.id!r} says positive, but it can stop at a total of {lo}, "
                    f"below the cut-off {cutoff}"
                )
            if rule.outcome == "negative" and hi >= cutoff:
                raise r.fail(
                    f"rule {rule.id!r} says negative, but it can stop at a total of {hi}, "
                    f"at or above the cut-off {cutoff}"
                )
