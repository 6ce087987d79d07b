"""The caseload list: keyset paging, filters and search, straight from the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from caseworker.caseload import page as caseload
from caseworker.caseload.listing import FILTERS, Cursor, filter_label, next_filter
from caseworker.caseload.page import fetch_page
from caseworker.core.errors import CaseworkerError
from caseworker.diary import DueKind, latest_start
from caseworker.people import clients, family
from caseworker.store.models import Client, Screening
from screens import wording


def _page(db, today, **kw) -> caseload.CaseloadPage:
    with db.session() as s:
        return fetch_page(s, today=today, **kw)


def _ids(page) -> list:
    return [r.client_id for r in page.rows]


# ---- paging ---------------------------------------------------------------------------


@pytest.fixture
def forty(db, today) -> list[Client]:
    """40 clients; five share one name, so paging must break ties by id."""
    made = []
    with db.session() as s:
        for i in range(35):
            made.append(
                clients.create_client(
                    s,
                    {"given_name": f"Given{i:02d}", "family_name": f"Family{(i * 7) % 35:02d}"},
                    today,
                )
            )
        for _ in range(5):
            made.append(
                clients.create_client(s, {"given_name": "John", "family_name": "Smith"}, today)
            )
    return made


def _expected_order(made: list[Client]) -> list:
    return [c.id for c in sorted(made, key=lambda c: (c.sort_key, c.id.hex))]


def test_paging_forward_visits_everyone_once_in_order(db, today, forty):
    seen, pages = [], []
    page = _page(db, today, size=15)
    while True:
        pages.append(page)
        seen.extend(_ids(page))
        if not page.has_next:
            break
        page = _page(db, today, size=15, after=page.last)
        assert len(pages) < 10, "paging does not end"
    assert [len(p.rows) for p in pages] == [15, 15, 10]
    assert all(p.total == 40 for p in pages)
    assert seen == _expected_order(forty)
    assert len(set(seen)) == 40
    assert [p.has_prev for p in pages] == [False, True, True]


def test_paging_back_returns_the_previous_page_exactly(db, today, forty):
    p1 = _page(db, today, size=15)
    p2 = _page(db, today, size=15, after=p1.last)
    p3 = _page(db, today, size=15, after=p2.last)
    back2 = _page(db, today, size=15, before=p3.first)
    assert _ids(back2) == _ids(p2)
    assert back2.has_prev and back2.has_next
    back1 = _page(db, today, size=15, before=back2.first)
    assert _ids(back1) == _ids(p1)
    assert not back1.has_prev and back1.has_next


def test_at_reloads_the_same_page(db, today, forty):
    p1 = _page(db, today, size=15)
    p2 = _page(db, today, size=15, after=p1.last)
    again = _page(db, today, size=15, at=p2.first)
    assert _ids(again) == _ids(p2)
    assert again.has_prev and again.has_next
    assert (again.first, again.last) == (p2.first, p2.last)


def test_page_cursor_is_sort_key_and_id(db, today, forty):
    page = _page(db, today, size=3)
    assert isinstance(page.first, Cursor)
    first = min(forty, key=lambda c: (c.sort_key, c.id.hex))
    assert page.first == Cursor(first.sort_key, first.id)


def test_empty_caseload_page(db, today):
    page = _page(db, today)
    assert (page.rows, page.total, page.has_next, page.has_prev) == ([], 0, False, False)
    assert page.first is None and page.last is None


# ---- filters --------------------------------------------------------------------------


@pytest.fixture
def mixed(db, today) -> None:
    def new(s, family_name, **extra):
        return clients.create_client(
            s, {"given_name": "X", "family_name": family_name, **extra}, today
        )

    yesterday = today - timedelta(days=1)
    with db.session() as s:
        new(s, "Parent", parental_status="some_live_with")
        new(s, "Pregnant", parental_status="not_a_parent", pregnant=True)
        with_child = new(s, "HasChild")  # parental status not asked, but a child is recorded
        family.add_child(
            s,
            with_child.id,
            {"client_role": "mother", "given_name": "C", "date_of_birth": "01/01/2020"},
            today,
        )
        new(s, "NotParent", parental_status="not_a_parent")
        csc = new(s, "CscChild", parental_status="all_live_with")
        family.add_child(
            s,
            csc.id,
            {
                "client_role": "mother",
                "given_name": "C",
                "date_of_birth": "01/01/2018",
                "current_help": "cp_plan",
            },
            today,
        )
        eh = new(s, "EarlyHelpChild", parental_status="all_live_with")
        family.add_child(
            s,
            eh.id,
            {
                "client_role": "mother",
                "given_name": "C",
                "date_of_birth": "01/01/2018",
                "current_help": "early_help",
            },
            today,
        )
        # Due items come from the rules: a parental screen 91 days before the re-screen.
        for name, due in (("OverdueYesterday", yesterday), ("DueToday", today)):
            c = new(s, name, parental_status="not_a_parent")
            s.add(screened(c, "parental", "review", latest_start("rescreen", due)))
        # TOP was due yesterday, and the exit TOP then ended it: nothing is due any more.
        done = new(s, "DoneOverdue", parental_status="not_a_parent")
        s.add(screened(done, "top", "start", latest_start("top_review", yesterday)))
        s.add(screened(done, "top", "exit", today))
        # A closed case has nothing due, however long ago its last screen was.
        closed = new(s, "Closed", parental_status="some_live_with", status="closed")
        s.add(screened(closed, "parental", "review", latest_start("rescreen", yesterday)))
        new(s, "ClosedNotAsked", status="closed")


def screened(client, instrument: str, occasion: str, on) -> Screening:
    return Screening(client_id=client.id, instrument=instrument, occasion=occasion,
                     status="complete", answers={}, started_on=on, completed_on=on)  # fmt: skip


def _names(db, today, filter_id, query="") -> set[str]:
    page = _page(db, today, filter_id=filter_id, query=query, size=100)
    assert page.total == len(page.rows)
    return {r.name.split(",")[0] for r in page.rows}


OPEN = {
    "Parent",
    "Pregnant",
    "HasChild",
    "NotParent",
    "CscChild",
    "EarlyHelpChild",
    "OverdueYesterday",
    "DueToday",
    "DoneOverdue",
}


@pytest.mark.parametrize(
    ("filter_id", "expected"),
    [
        ("open", OPEN),
        ("parents", {"Parent", "Pregnant", "HasChild", "CscChild", "EarlyHelpChild"}),
        ("children_csc", {"CscChild"}),
        ("overdue", {"OverdueYesterday"}),
        ("not_asked", {"HasChild"}),
        ("closed", {"Closed", "ClosedNotAsked"}),
        ("all", OPEN | {"Closed", "ClosedNotAsked"}),
    ],
)
def test_filters(db, today, mixed, filter_id, expected):
    assert _names(db, today, filter_id) == expected


def test_every_filter_is_tested():
    tested = {"open", "parents", "children_csc", "overdue", "not_asked", "closed", "all"}
    assert {f for f, _ in FILTERS} == tested


def test_due_today_is_not_overdue_but_yesterday_is(db, today, mixed):
    rows = {r.name.split(",")[0]: r for r in _page(db, today, size=100).rows}
    yesterday = today - timedelta(days=1)
    overdue = rows["OverdueYesterday"]
    assert overdue.overdue
    assert (overdue.next_due.kind, overdue.next_due.due_on) == (DueKind.RESCREEN, yesterday)
    assert wording.due_short(overdue.next_due, today) == f"{yesterday:%d/%m/%y} OVERDUE rescreen"
    due_today = rows["DueToday"]
    assert not due_today.overdue
    assert due_today.next_due.due_on == today
    assert wording.due_short(due_today.next_due, today) == f"{today:%d/%m/%y} rescreen"
    assert rows["DoneOverdue"].next_due is None and not rows["DoneOverdue"].overdue
    assert wording.due_short(rows["DoneOverdue"].next_due, today) == ""
    closed = _page(db, today, filter_id="closed").rows
    assert [(r.next_due, r.overdue) for r in closed] == [(None, False), (None, False)]


def test_row_summaries(db, today, mixed):
    # Values here; the words are the screen's (screens/wording.py), checked once below.
    rows = {r.name.split(",")[0]: r for r in _page(db, today, size=100).rows}
    csc, has_child = rows["CscChild"], rows["HasChild"]
    assert (csc.children, csc.unborn, csc.highest_help) == (1, 0, "cp_plan")
    assert (has_child.children, has_child.highest_help) == (1, None)
    assert has_child.parental_status == "not_asked"
    assert rows["EarlyHelpChild"].highest_help == "early_help"
    assert (rows["Parent"].children, rows["Parent"].parental_status) == (0, "some_live_with")
    assert "pregnant" in rows["Pregnant"].flags
    assert "pregnant" not in rows["Parent"].flags

    def words(row) -> str:
        return wording.children_text(row.children, row.unborn, row.highest_help,
                                     row.parental_status)  # fmt: skip

    assert words(csc) == "CP plan · 1"
    assert words(has_child).startswith("1") and "CP plan" not in words(has_child)
    assert "parent" in words(rows["Parent"])
    assert words(rows["NotParent"]) == "not a parent"
    assert "pregnant" in wording.flag_words(rows["Pregnant"].flags)


def test_unknown_filter_is_refused(db, today):
    with pytest.raises(CaseworkerError, match="unknown caseload filter"):
        _page(db, today, filter_id="everyone-ever")


def test_filter_cycle():
    ids = [f for f, _ in FILTERS]
    seen = [ids[0]]
    for _ in ids:
        seen.append(next_filter(seen[-1]))
    assert seen[:-1] == ids and seen[-1] == ids[0]
    assert filter_label("overdue") == "Something overdue"


# ---- search ---------------------------------------------------------------------------


@pytest.fixture
def searchable(db, today) -> None:
    with db.session() as s:
        for given, fam, aliases in (
            ("Ada", "Lovelace", ""),
            ("Ada", "Smith", ""),
            ("Bob", "Smith", "Robert Smythe"),
            ("Under_score", "Person", ""),
            ("Underxscore", "Person", ""),
            ("Fifty", "Percent%", ""),
            ("Plain", "Name", ""),
            ("Back\\slash", "Person", ""),
        ):
            clients.create_client(
                s, {"given_name": given, "family_name": fam, "aliases": aliases}, today
            )


def _found(db, today, query) -> list[str]:
    return [r.name for r in _page(db, today, query=query, size=100).rows]


def test_underscore_is_not_a_wildcard(db, today, searchable):
    assert _found(db, today, "under_") == ["Person, Under_score"]
    assert _found(db, today, "underx") == ["Person, Underxscore"]


def test_percent_is_not_a_wildcard(db, today, searchable):
    assert _found(db, today, "%") == ["Percent%, Fifty"]
    assert _found(db, today, "a%a") == []


def test_backslash_is_literal(db, today, searchable):
    assert _found(db, today, "\\") == ["Person, Back\\slash"]


def test_multi_word_search_narrows(db, today, searchable):
    assert set(_found(db, today, "ada")) == {"Lovelace, Ada", "Smith, Ada"}
    assert set(_found(db, today, "smith")) == {"Smith, Ada", "Smith, Bob"}
    assert _found(db, today, "ada smith") == ["Smith, Ada"]
    assert _found(db, today, "SMITH   ada") == ["Smith, Ada"]
    assert _found(db, today, "robert") == ["Smith, Bob"]
    assert _found(db, today, "ada nobody") == []


def test_search_finds_a_name_with_or_without_its_accents(db, today):
    # Typed without the accents a worker's keyboard lacks, or with them: the same people.
    with db.session() as s:
        for given, fam, aliases in (("Siobhán", "Ní Bhriain", ""), ("Zoe", "Moore", "Zoë M"),
                                    ("Łukasz", "Szymański", ""), ("明", "李", "")):  # fmt: skip
            clients.create_client(
                s, {"given_name": given, "family_name": fam, "aliases": aliases}, today
            )
    assert _found(db, today, "siobhan") == ["Ní Bhriain, Siobhán"]
    assert _found(db, today, "SIOBHÁN ni") == ["Ní Bhriain, Siobhán"]
    assert _found(db, today, "zoë") == ["Moore, Zoe"]
    assert _found(db, today, "lukasz szymanski") == ["Szymański, Łukasz"]
    assert _found(db, today, "李") == ["李, 明"]
    with db.session() as s:  # the palette's search too (the same page, any filter)
        assert [r.name for r in fetch_page(s, today=today, query="zoe", filter_id="all").rows] == [
            "Moore, Zoe"
        ]


def test_search_combines_with_filter_and_paging(db, today, searchable):
    page = _page(db, today, query="smith", size=1)
    assert page.total == 2 and len(page.rows) == 1 and page.has_next
    nxt = _page(db, today, query="smith", size=1, after=page.last)
    assert {page.rows[0].name, nxt.rows[0].name} == {"Smith, Ada", "Smith, Bob"}
    assert not nxt.has_next
    assert _page(db, today, query="smith", filter_id="closed").rows == []


@pytest.mark.parametrize(
    ("child", "flagged"),
    [
        ({"lives_with": "client"}, True),
        ({"lives_with": "grandparent", "contact_arrangement": "informal"}, True),
        ({"lives_with": "grandparent", "contact_arrangement": "none"}, False),
    ],
)
def test_take_home_flag_only_where_a_child_lives_or_visits(db, today, child, flagged):
    with db.session() as s:
        c = clients.create_client(
            s, {"given_name": "Tom", "family_name": "Hale", "take_home_medication": True}, today
        )
        family.add_child(
            s,
            c.id,
            {"client_role": "mother", "given_name": "Ava", "date_of_birth": "01/01/2018", **child},
            today,
        )
    with db.session() as s:
        [row] = fetch_page(s, today=today).rows
    assert ("take_home_medication" in row.flags) is flagged
    assert ("take-home meds" in wording.flag_words(row.flags)) is flagged


# ---- counts ---------------------------------------------------------------------------


class CountStatements:
    """The COUNT statements the engine runs while this is listening."""

    def __init__(self, engine) -> None:
        self.engine, self.statements = engine, []

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if "count(" in statement.lower():
            self.statements.append(statement)

    def __enter__(self) -> CountStatements:
        event.listen(self.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def test_a_page_with_a_known_total_counts_nothing(db, today, forty):
    with CountStatements(db.engine) as counts:
        first = _page(db, today, size=15)
    assert (first.total, len(counts.statements)) == (40, 1)
    with CountStatements(db.engine) as counts:
        second = _page(db, today, size=15, after=first.last, total=first.total)
        back = _page(db, today, size=15, before=second.first, total=first.total)
        again = _page(db, today, size=15, at=first.first, total=first.total)
    assert counts.statements == []
    assert second.total == back.total == again.total == 40
    assert _ids(back) == _ids(again) == _ids(first)
    # The total given is the caller's to keep right: it is passed through as it is.
    assert _page(db, today, size=15, after=first.last, total=7).total == 7


@pytest.mark.parametrize("filter_id", [f for f, _ in FILTERS])
def test_count_clients_is_the_number_of_rows_the_filter_shows(db, today, mixed, filter_id):
    with db.session() as s:
        # A closed case with a child on a plan: the counting form must still leave it out.
        closed = clients.create_client(
            s, {"given_name": "X", "family_name": "ClosedCsc", "status": "closed"}, today
        )
        family.add_child(
            s,
            closed.id,
            {
                "client_role": "mother",
                "given_name": "C",
                "date_of_birth": "01/01/2018",
                "current_help": "looked_after",
            },
            today,
        )
    for query in ("", "x", "csc", "nobody"):
        with db.session() as s:
            count = caseload.count_clients(s, today=today, query=query, filter_id=filter_id)
            rows = fetch_page(s, today=today, query=query, filter_id=filter_id, size=100).rows
        assert count == len(rows), (filter_id, query)


@pytest.mark.sqlcipher
@pytest.mark.parametrize("query", ["", "smith"])
@pytest.mark.parametrize("filter_id", [f for f, _ in FILTERS])
def test_no_filter_reads_the_whole_client_table(db, today, filter_id, query):
    """Each filter's count and page read an index (caseworker/store/models/client.py), not
    every row of the wide client table; nor does the page sort the whole filter. Without
    a search, the count never reads the table at all."""
    with db.session() as s:
        for counting in (True, False):
            conds = caseload._conditions(filter_id, query, today, counting=counting)
            if counting:
                stmt = select(func.count()).select_from(Client).where(*conds)
            else:
                stmt = select(Client).where(*conds).order_by(Client.sort_key, Client.id).limit(16)
            sql = stmt.compile(s.get_bind(), compile_kwargs={"literal_binds": True})
            plan = [r[-1] for r in s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
            assert "SCAN client" not in plan, (counting, plan)
            assert not any("TEMP B-TREE" in step for step in plan), (counting, plan)
            if counting and not query:
                assert any("client USING COVERING INDEX" in step for step in plan), plan
            if counting and query and filter_id in ("open", "all"):
                # Only the names and the status: the narrow index, not ix_client_caseload.
                assert any("COVERING INDEX ix_client_search" in step for step in plan), plan
