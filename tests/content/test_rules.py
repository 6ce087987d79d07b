"""The protocol's timers: the [rules] and [session_contract] tables, checked as strictly as
every other setting (the file and the key named), and the whole-day settings of earlier
releases still read as the rules they became."""

from __future__ import annotations

import pytest

from caseworker.content import RULES, Protocol, Rule, SessionContract
from caseworker.content.protocol import (
    ProtocolSetting,
    effective_settings,
    load_protocol,
    load_protocol_file,
    local_protocol_path,
    parse_protocol,
)
from caseworker.core.durations import Duration, Unit
from caseworker.core.errors import ContentFileError, TimerError


def write_local(text: str):
    path = local_protocol_path()
    path.write_text(text, encoding="utf-8")
    load_protocol.cache_clear()
    return path


def test_every_rule_id_of_the_diary_issue_has_a_default():
    assert list(RULES) == [
        "csc_written_confirmation", "referral_acknowledgement", "assessment_warning",
        "assessment_due", "multi_agency_review", "family_plan_review", "core_group_first",
        "cp_review_first", "cp_review_next", "minutes_distribution", "rescreen", "precaf_due",
        "top_review", "supervision", "no_contact", "training_refresh",
    ]  # fmt: skip
    p = Protocol()
    assert [str(r) for r in p.rules] == [
        "48 hours", "1 working day", "4 weeks", "6 weeks", "1 month",
        "6 weeks, overdue after 8 weeks", "10 working days", "3 months", "6 months",
        "5 working days", "91 days", "28 days", "6 months", "1 month", "28 days", "2 years",
    ]  # fmt: skip
    assert p.rule("family_plan_review") == Rule(
        "family_plan_review", Duration(6, Unit.WEEKS), Duration(8, Unit.WEEKS)
    )
    assert p.session_contract == SessionContract(6, 5, 4, 3)


def test_a_protocol_always_holds_every_rule_once_in_order():
    p = Protocol(rules=(Rule("rescreen", Duration(30, Unit.DAYS)),))
    assert [r.id for r in p.rules] == list(RULES)
    assert str(p.rule("rescreen")) == "30 days" and str(p.rule("precaf_due")) == "28 days"
    with pytest.raises(TimerError, match="unknown rule 'rescreeen'"):
        Protocol(rules=(Rule("rescreeen", Duration(30, Unit.DAYS)),))
    assert Protocol().with_rules(rescreen="30 days") == p
    assert Protocol().with_rules(rescreen=Duration(30, Unit.DAYS)) == p
    assert hash(p) == hash(Protocol().with_rules(rescreen="30 days"))  # frozen all through
    with pytest.raises(ContentFileError, match=r"rules\.rescreen must be longer than '0 days'"):
        Protocol().with_rules(rescreen="0 days")


# ---- validation: the file and the key named ---------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('[rules]\nrescreeen = "91 days"', "unknown rule 'rescreeen' in [rules]; did you mean "
         "'rescreen'? known rules: assessment_due, assessment_warning, core_group_first"),
        ('[rules]\nassessment_due = "6 weaks"', "rules.assessment_due: '6 weaks' is not a "
         "duration: 'weaks' is not a unit (days, weeks, months, years, working days or "
         "hours); did you mean 'weeks'?"),
        ('[rules]\nrescreen = "0 days"', "rules.rescreen must be longer than '0 days'"),
        ('[rules]\nmulti_agency_review = "-1 month"',
         "rules.multi_agency_review: '-1 month' is not a duration: a duration cannot be negative"),
        ("[rules]\nrescreen = 91",
         'rules.rescreen must be a duration in quotes, such as "91 days", got 91'),
        ("[rules]\ntop_review = true",
         'rules.top_review must be a duration in quotes, such as "6 months", got True'),
        ('[rules]\nrescreen = "about three months"', "rules.rescreen: 'about three months' is "
         'not a duration: write a whole number and a unit, such as "6 weeks"'),
        ('[rules]\nrescreen = "48 hours"', "rules.rescreen cannot be counted in hours: it "
         "counts from a parental screen, which has a date but no time of day"),
        ('rules = "91 days"', "rules must be a table: [rules] then one"),
        ('rescreen = "91 days"', "'rescreen' is a rule: write it in the [rules] table"),
        ('[rules]\nfamily_plan_review = { due = "6 weeks", late = "8 weeks" }',
         "rules.family_plan_review must be a duration such as \"6 weeks\", or a table "
         "{ due = \"6 weeks\", overdue = \"8 weeks\" }; got the keys ['due', 'late']"),
        ('[rules]\nfamily_plan_review = { due = "8 weeks", overdue = "6 weeks" }',
         'rules.family_plan_review.overdue ("6 weeks") must be as long as its due ("8 weeks")'),
        ('[rules.family_plan_review]\ndue = "6 weeks"\noverdue = "nine weeks"',
         "rules.family_plan_review.overdue: 'nine weeks' is not a duration"),
        ('[rules]\ncsc_written_confirmation = { due = "48 hours", overdue = "3 days" }',
         "rules.csc_written_confirmation.overdue (\"3 days\") must be as long as its due "
         '("48 hours") or longer, and in hours only if due is'),
        ('rescreen_interval_days = 30\n[rules]\nrescreen = "30 days"',
         "rescreen_interval_days and rules.rescreen both set the same timer: keep "
         "rules.rescreen and delete rescreen_interval_days"),
        ("top_review_interval_days = 0", "top_review_interval_days must be 1 or more, got 0"),
        ("rescreen_interval_days = '30'",
         "rescreen_interval_days must be a whole number, got '30'"),
        ("[session_contract]\nblock = 0", "session_contract.block must be 1 or more, got 0"),
        ("[session_contract]\nblock = '4'", "session_contract.block must be a whole number"),
        ("[session_contract]\nblocks = 4", "unknown setting 'blocks' in [session_contract]; "
         "known: sessions, review_after, block, block_review_after"),
        ("session_contract = 6", "session_contract must be a table"),
        ("rescreen_interval_days = 10000000", "rescreen_interval_days is 10000000: no timer "
         "may be longer than 5 years (a slip for a smaller number?)"),
        ('[rules]\nrescreen = "100000 years"', "rules.rescreen is '100000 years': no timer"),
        ('[rules]\ntraining_refresh = "61 months"', "rules.training_refresh is '61 months'"),
        ("[session_contract]\nreview_after = 7", "session_contract.review_after (7) must not "
         "be more than session_contract.sessions (6)"),
    ],
)  # fmt: skip
def test_bad_rules_are_refused_naming_file_and_key(tmp_path, content, problem):
    path = tmp_path / "protocol.toml"
    path.write_text(content + "\n", encoding="utf-8")
    with pytest.raises(ContentFileError) as err:
        load_protocol_file(path)
    assert err.value.path == str(path)
    assert str(err.value).startswith(f"{path}: {problem}")


def test_good_rules_in_every_form_a_file_may_write(tmp_path):
    path = tmp_path / "protocol.toml"
    path.write_text(
        "[rules]\n"
        'precaf_due = "0 days"  # the day of the screen: allowed for the pre-CAF\n'
        'multi_agency_review = "6 weeks"\n'
        'family_plan_review = { due = "6 weeks", overdue = "2 months" }\n'
        'csc_written_confirmation = "2 working days"\n'
        'referral_acknowledgement = "24 hours"\n'
        "[rules.supervision]\n"
        'due = "4 weeks"\n',
        encoding="utf-8",
    )
    p = load_protocol_file(path)
    assert [str(p.rule(r)) for r in ("precaf_due", "multi_agency_review", "supervision")] == [
        "0 days",
        "6 weeks",
        "4 weeks",
    ]
    assert str(p.rule("family_plan_review")) == "6 weeks, overdue after 2 months"
    assert str(p.rule("csc_written_confirmation")) == "2 working days"
    assert str(p.rule("referral_acknowledgement")) == "24 hours"
    assert p.rule("rescreen") == Protocol().rule("rescreen")  # untouched: the default


def test_dotted_keys_are_the_same_rules():
    assert parse_protocol({"rules": {"rescreen": "13 weeks"}}) == Protocol().with_rules(
        rescreen="13 weeks"
    )


def test_a_local_contract_that_breaks_the_shipped_one_names_the_local_file():
    path = write_local("[session_contract]\nblock = 2\n")  # block_review_after stays 3
    with pytest.raises(ContentFileError) as err:
        load_protocol()
    assert str(err.value) == (
        f"{path}: session_contract.block_review_after (3) must not be more than "
        "session_contract.block (2)"
    )
    write_local("[session_contract]\nblock = 2\nblock_review_after = 2\n")
    assert load_protocol().session_contract == SessionContract(6, 5, 2, 2)


# ---- a local file written for an earlier release ---------------------------------------------


def test_a_local_file_of_the_earlier_release_keeps_working():
    path = write_local(
        "# Written for caseworker 0.1.\n"
        "audit_c_cutoff = 4\n"
        "rescreen_interval_days = 30\n"
        "precaf_due_days = 0\n"
        "top_review_interval_days = 182\n"
    )
    p = load_protocol()
    assert p.audit_c_cutoff == 4
    assert (p.rule("rescreen"), p.rule("precaf_due"), p.rule("top_review")) == (
        Rule("rescreen", Duration(30, Unit.DAYS)),
        Rule("precaf_due", Duration(0, Unit.DAYS)),
        Rule("top_review", Duration(182, Unit.DAYS)),
    )
    settings = {s.name: s for s in effective_settings()}
    assert settings["rules.rescreen"] == ProtocolSetting(
        "rules.rescreen", p.rule("rescreen"), f"{path} (as rescreen_interval_days)"
    )
    assert settings["rules.top_review"].source == f"{path} (as top_review_interval_days)"
    assert settings["rules.assessment_due"].source == "default"


def test_old_and_new_names_may_sit_in_different_files(tmp_path, monkeypatch):
    from caseworker.content import protocol

    shipped = tmp_path / "shipped.toml"
    shipped.write_text('[rules]\nrescreen = "91 days"\n', encoding="utf-8")
    monkeypatch.setattr(protocol, "default_path", lambda: shipped)
    write_local("rescreen_interval_days = 60\n")  # the local file wins, under either name
    assert str(load_protocol().rule("rescreen")) == "60 days"
