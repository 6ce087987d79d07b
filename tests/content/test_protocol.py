"""The local protocol: shipped defaults in data/protocol.toml, the service's own file in
the config folder overriding any of them, both validated, and `caseworker protocol`."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

import caseworker
from caseworker.cli import commands as cli
from caseworker.content import content_problems, protocol
from caseworker.content.protocol import (
    RULES,
    Protocol,
    ProtocolSetting,
    effective_settings,
    load_protocol,
    load_protocol_file,
    local_protocol_path,
    parse_protocol,
)
from caseworker.core.errors import CaseworkerError, ContentFileError
from caseworker.core.paths import config_dir, content_dir


def write_local(text: str) -> Path:
    path = local_protocol_path()
    path.write_text(text, encoding="utf-8")
    load_protocol.cache_clear()
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------ the shipped defaults


def test_shipped_protocol_has_the_defaults():
    p = protocol.load_protocol()
    assert (p.audit_c_cutoff, str(p.rule("rescreen"))) == (5, "91 days")
    assert p == Protocol()


def test_shipped_file_is_toml_and_explains_every_setting_with_its_source():
    path = protocol.default_path()
    assert path == content_dir() / "protocol.toml"
    text = path.read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    assert list(raw) == [*protocol.setting_names(), "rules", "session_contract"]
    assert list(raw["rules"]) == list(RULES)  # every rule, in the order the code lists them
    assert protocol.parse_protocol(raw, path) == Protocol()  # the code's defaults, repeated
    names = [*protocol.setting_names(), *RULES, r"\[session_contract\]"]
    for name in names:
        # The comment block just above each setting says what it is and where it comes from.
        block = re.search(rf"((?:#.*\n)+){name}( = |\n)", text)
        assert block, f"{name} has no comment above it"
        assert "Source:" in block.group(1), f"{name}'s comment gives no source"


def test_a_broken_shipped_file_is_named(tmp_path, monkeypatch):
    shipped = tmp_path / "protocol.toml"
    shipped.write_text("audit_c_cutoff = 5\nprecaf_due_dayz = 28\n", encoding="utf-8")
    monkeypatch.setattr(protocol, "default_path", lambda: shipped)
    with pytest.raises(ContentFileError, match=r"unknown setting 'precaf_due_dayz'") as err:
        load_protocol()
    assert err.value.path == str(shipped)


# ------------------------------------------------------------ validation, either file


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            "audit_c_cuttoff = 5",
            "unknown setting 'audit_c_cuttoff'; did you mean 'audit_c_cutoff'? "
            "known settings: audit_c_cutoff, rules, session_contract",
        ),
        ('audit_c_cutoff = "5"', "audit_c_cutoff must be a whole number, got '5'"),
        ("audit_c_cutoff = 5.0", "audit_c_cutoff must be a whole number, got 5.0"),
        ("audit_c_cutoff = true", "audit_c_cutoff must be a whole number, got True"),
        ("audit_c_cutoff = 13", "audit_c_cutoff must be 1 to 12, got 13"),
        ("rescreen_interval_days = 0", "rescreen_interval_days must be 1 or more, got 0"),
        ("precaf_due_days = -1", "precaf_due_days must be 0 or more, got -1"),
        ("[rescreen]\ninterval_days = 30", "'rescreen' is a rule: write it in the [rules] table"),
        ("rescreen_interval_days = 30\nrescreen_interval_days = 31", "is not valid TOML"),
    ],
)
def test_bad_protocol_values_are_clear_errors(tmp_path, content, problem):
    path = tmp_path / "protocol.toml"
    path.write_text(content + "\n", encoding="utf-8")
    with pytest.raises(ContentFileError) as err:
        load_protocol_file(path)
    assert isinstance(err.value, CaseworkerError)
    assert str(err.value).startswith(f"{path}: ")
    assert problem in str(err.value)


def test_a_decoded_protocol_must_be_a_mapping():
    with pytest.raises(ContentFileError, match="must hold settings, one `name = value` a line"):
        parse_protocol([5], "p.toml")
    assert parse_protocol({"precaf_due_days": 0}) == Protocol().with_rules(precaf_due="0 days")


def test_protocol_defaults_fill_gaps_and_comments_are_allowed(tmp_path):
    path = tmp_path / "protocol.toml"
    path.write_text("# local\naudit_c_cutoff = 4  # our service\n", encoding="utf-8")
    assert load_protocol_file(path) == Protocol(audit_c_cutoff=4)
    assert load_protocol_file(tmp_path / "missing.toml") == Protocol()
    path.write_text("audit_c_cutoff = 4\nrescreen_interval_days = \n", encoding="utf-8")
    with pytest.raises(ContentFileError, match=r"not valid TOML: .*\(at line 2, column 26\)"):
        load_protocol_file(path)


def test_an_unreadable_file_is_named(tmp_path):
    path = tmp_path / "protocol.toml"
    path.write_bytes(b"audit_c_cutoff = 5 # \xff\n")
    with pytest.raises(ContentFileError, match=r"protocol\.toml: cannot be read"):
        load_protocol_file(path)


# ------------------------------------------------------------ the service's own file


def test_the_local_file_overrides_only_what_it_sets():
    path = write_local('# Our service re-screens monthly.\n[rules]\nrescreen = "1 month"\n')
    assert load_protocol() == Protocol().with_rules(rescreen="1 month")
    settings = effective_settings()
    first_rule = RULES["csc_written_confirmation"].default
    assert settings[:3] == [
        ProtocolSetting("audit_c_cutoff", 5, "default"),
        ProtocolSetting("vocabulary", "caf", "default"),
        ProtocolSetting("rules.csc_written_confirmation", first_rule, "default"),
    ]
    rescreen = Protocol().with_rules(rescreen="1 month").rule("rescreen")
    assert ProtocolSetting("rules.rescreen", rescreen, str(path)) in settings
    assert [s.name for s in settings if s.source != "default"] == ["rules.rescreen"]
    assert len(settings) == 2 + len(RULES) + 4  # two plain settings, the rules, the contract


def test_the_local_file_may_switch_the_vocabulary_to_early_help():
    path = write_local('vocabulary = "early_help"\n')
    assert load_protocol().vocabulary == "early_help"
    settings = {s.name: s for s in effective_settings()}
    assert settings["vocabulary"] == ProtocolSetting("vocabulary", "early_help", str(path))
    write_local("vocabulary = 1\n")
    with pytest.raises(ContentFileError, match=r'vocabulary must be "caf" or "early_help", got 1'):
        load_protocol()


def test_no_local_file_means_every_default():
    assert not local_protocol_path().exists()
    assert {s.source for s in effective_settings()} == {"default"}
    assert load_protocol() == Protocol()


def test_load_protocol_is_cached_until_cleared():
    assert str(load_protocol().rule("precaf_due")) == "28 days"
    local_protocol_path().write_text('rules.precaf_due = "14 days"\n', encoding="utf-8")
    assert str(load_protocol().rule("precaf_due")) == "28 days"  # read once, at open
    load_protocol.cache_clear()
    assert str(load_protocol().rule("precaf_due")) == "14 days"


def test_a_typo_in_the_local_file_is_refused_naming_file_and_key():
    path = write_local("rescreen_intervall_days = 30\n")
    with pytest.raises(ContentFileError) as err:
        load_protocol()
    message = str(err.value)
    assert message == (
        f"{path}: unknown setting 'rescreen_intervall_days'; did you mean rules.rescreen "
        "(once rescreen_interval_days)? known settings: audit_c_cutoff, rules, session_contract, "
        "vocabulary"
    )
    assert content_problems() == [message]  # said once, though AUDIT-C reads the file too


def test_the_local_file_lives_outside_the_installed_package(monkeypatch):
    # With no CASEWORKER_CONFIG_DIR: the platform's user config folder, never the package
    # (which a reinstall replaces, shipped defaults and all).
    monkeypatch.delenv("CASEWORKER_CONFIG_DIR")
    from platformdirs import user_config_dir

    package = Path(caseworker.__file__).resolve().parent
    local = local_protocol_path().resolve()
    assert local.parent == Path(user_config_dir("caseworker", appauthor=False)).resolve()
    for shipped in (package, content_dir().resolve()):
        assert not local.is_relative_to(shipped)
    assert protocol.default_path().resolve().is_relative_to(content_dir().resolve())


def test_the_config_folder_can_be_chosen(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEWORKER_CONFIG_DIR", str(tmp_path / "svc"))
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "protocol.toml").write_text("audit_c_cutoff = 6\n", encoding="utf-8")
    load_protocol.cache_clear()
    assert config_dir() == tmp_path / "svc"
    assert load_protocol().audit_c_cutoff == 6


# ------------------------------------------------------------ caseworker protocol


def test_protocol_command_shows_every_setting_and_its_source(capsys):
    code, out, err = run(capsys, "protocol")
    assert (code, err) == (0, "")
    local = local_protocol_path()
    assert f"Local protocol file: {local} (not there: every setting is the default)" in out
    assert str(protocol.default_path()) in out
    rows = [re.split(r"  +", line) for line in out.splitlines()[3:]]
    assert rows[:4] == [
        ["setting", "value", "from"],
        ["audit_c_cutoff", "5", "default"],
        ["vocabulary", "caf", "default"],
        ["rules.csc_written_confirmation", "48 hours", "default"],
    ]
    assert ["rules.family_plan_review", "6 weeks, overdue after 8 weeks", "default"] in rows
    assert ["rules.core_group_first", "10 working days", "default"] in rows
    assert ["rules.rescreen", "91 days", "default"] in rows
    assert ["rules.top_review", "6 months", "default"] in rows
    assert rows[-1] == ["session_contract.block_review_after", "3", "default"]
    # Every rule, named as a protocol file writes it.
    assert [r[0] for r in rows if r[0].startswith("rules.")] == [f"rules.{r}" for r in RULES]


def test_protocol_command_names_the_local_file_for_what_it_sets(capsys):
    path = write_local('top_review_interval_days = 90\n[rules]\nrescreen = "13 weeks"\n')
    code, out, _ = run(capsys, "protocol")
    assert code == 0
    assert f"Local protocol file: {path} (in use)" in out
    where = re.escape(str(path))
    # An earlier release's setting, shown as the rule it sets and under its old name.
    assert re.search(
        rf"^rules.top_review +90 days +{where} \(as top_review_interval_days\)$", out, re.M
    )
    assert re.search(rf"^rules.rescreen +13 weeks +{where}$", out, re.M)
    assert re.search(r"^rules.precaf_due +28 days +default$", out, re.M)


def test_protocol_command_refuses_a_broken_local_file_in_one_line(capsys):
    path = write_local("audit_c_cutoff = 20\n")
    code, out, err = run(capsys, "protocol")
    assert code == cli.EXIT_ERROR
    assert out == ""  # no half table
    assert err == f"caseworker: {path}: audit_c_cutoff must be 1 to 12, got 20\n"


def test_protocol_command_needs_no_caseload(capsys, tmp_path):
    code, _, err = run(capsys, "--data-dir", os.fspath(tmp_path / "nothing"), "protocol")
    assert (code, err) == (0, "")
