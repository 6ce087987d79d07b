"""`caseworker` with only the app's own options is parsed without building every
command's parser (or importing the commands): the same answers as the whole parser."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from caseworker.cli.commands import app_parser, build_parser, opens_the_app

APP = [[], ["--demo"], ["--data-dir", "/tmp/x"], ["--data-dir=/tmp/x"],
       ["--demo", "--data-dir", "/tmp/x"], ["--data-dir", "/a", "--data-dir", "/b"]]  # fmt: skip
NOT_APP = [["check"], ["--help"], ["-h"], ["--data-dir"], ["--data-dir", "--demo"],
           ["--data", "/tmp/x"], ["--demo", "check"], ["--nonsense"], ["/tmp/x"]]  # fmt: skip


@pytest.mark.parametrize("argv", APP)
def test_the_app_s_options_parse_as_the_whole_parser_parses_them(argv):
    assert opens_the_app(argv)
    whole = vars(build_parser().parse_args(argv))
    whole.pop("command")
    assert vars(app_parser().parse_args(argv)) == whole


@pytest.mark.parametrize("argv", NOT_APP)
def test_anything_else_goes_to_the_whole_parser(argv):
    assert not opens_the_app(argv)


def test_opening_the_app_imports_none_of_the_commands():
    code = (
        "import json, sys\n"
        "from caseworker.cli.commands import app_parser, opens_the_app\n"
        "assert opens_the_app(['--data-dir', '/tmp/x'])\n"
        "app_parser().parse_args(['--data-dir', '/tmp/x'])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('caseworker.cli.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert "caseworker.cli.letter" not in loaded and "caseworker.cli.maintenance" not in loaded
    assert "caseworker.cli.setup" in loaded  # the app's own command
