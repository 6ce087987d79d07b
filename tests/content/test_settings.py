"""settings.toml, the local settings (the keymap): read from the config folder, validated so
that a mistake is named with the file and the setting, never silently dropped."""

from __future__ import annotations

import pytest

from caseworker.content import Settings, load_settings, settings_path
from caseworker.core.errors import CaseworkerError, ContentFileError
from caseworker.core.paths import config_dir


def write(text: str):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_lives_in_the_config_folder_and_may_be_absent():
    assert settings_path() == config_dir() / "settings.toml"
    assert load_settings() == Settings()


def test_keymap_quoted_dotted_and_several_keys():
    path = write(
        "[keymap]\n"
        '"caseload.new_client" = "ctrl+n"\n'
        'record.add_child = ["c", "ctrl+k"]\n'
        '"form.save" = "ctrl+s,f2"\n'
    )
    settings = load_settings()
    assert settings.path == path
    assert settings.keymap == {
        "caseload.new_client": "ctrl+n",
        "record.add_child": "c,ctrl+k",
        "form.save": "ctrl+s,f2",
    }


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('[keymapp]\n"caseload.new_client" = "n"\n', "'keymapp'"),
        ("theme = 'dark'\n", "'theme'"),
        ("keymap = 'n'\n", "keymap"),
        ('[keymap]\n"caseload.new_client" = 3\n', "'caseload.new_client'"),
        ('[keymap]\n"caseload.new_client" = ["n", 3]\n', "'caseload.new_client'"),
        ('[keymap]\n"caseload.new_client" = ""\n', "'caseload.new_client'"),
        ('[keymap]\n"caseload.new_client" = "ctrl + n"\n', "'caseload.new_client'"),
        ("[keymap\n", "not valid TOML"),
    ],
)
def test_a_mistake_names_the_file_and_the_setting(text, names):
    path = write(text)
    with pytest.raises(ContentFileError) as caught:
        load_settings()
    assert str(path) in str(caught.value) and names in str(caught.value)
    assert isinstance(caught.value, CaseworkerError)  # screens and the CLI catch the base


def test_an_unreadable_file_is_named(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_bytes(b"\xff\xfe[keymap]")
    with pytest.raises(ContentFileError, match=r"settings\.toml"):
        load_settings(path)


def test_the_idle_lock_defaults_to_ten_minutes_and_takes_a_fraction():
    assert load_settings().idle_minutes == 10
    write("[lock]\nidle_minutes = 2.5\n")
    assert load_settings().idle_minutes == 2.5
    write('[keymap]\n"app.lock" = "f12"\n[lock]\nidle_minutes = 5\n')
    settings = load_settings()
    assert settings.idle_minutes == 5 and settings.keymap == {"app.lock": "f12"}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[lock]\nidle_minutes = "ten"\n', "idle_minutes must be a number"),
        ("[lock]\nidle_minutes = true\n", "idle_minutes must be a number"),
        ("[lock]\nidle_minutes = 0\n", "more than 0"),
        ("[lock]\nidle_minutes = 100000\n", "at most 1440"),
        ("[lock]\nidle_minute = 5\n", "unknown setting 'idle_minute'"),
        ("lock = 5\n", "lock must be a table"),
    ],
)
def test_a_bad_idle_lock_is_named_with_the_file(text, named):
    path = write(text)
    with pytest.raises(ContentFileError) as caught:
        load_settings()
    assert named in str(caught.value) and str(path) in str(caught.value)
