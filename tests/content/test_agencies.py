"""The local agency directory: the shipped one loads (with children's social care marked);
a broken one is refused naming the file and the key."""

from __future__ import annotations

import pytest

from caseworker.content import content_problems, load_agencies
from caseworker.content.agencies import load_agencies_file
from caseworker.core.errors import ContentFileError


def test_the_shipped_directory_names_childrens_social_care():
    agencies = {a.id: a for a in load_agencies()}
    assert agencies["csc_front_door"].is_csc
    assert not agencies["health_visiting"].is_csc
    assert agencies["midwifery"].team == "Substance misuse midwife"
    assert content_problems() == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('id = "agencies"\nversion = "1"\n[[agencies]]\nid = "x"\nname = "X"\nkind = "pub"\n',
         "agency 'x' kind 'pub'"),
        ('id = "agencies"\nversion = "1"\n[[agencies]]\nid = "x"\nname = "X"\nkind = "csc"\n'
         '[[agencies]]\nid = "x"\nname = "Y"\nkind = "csc"\n', "agency 'x' appears twice"),
        ('id = "agencies"\nversion = "1"\n[[agencies]]\nid = "x"\nkind = "csc"\n', "name"),
        ('id = "agencies"\nversion = "1"\n[[agencies]]\nid = "X y"\nname = "X"\nkind = "csc"\n',
         "lower-case"),
    ],
)  # fmt: skip
def test_a_broken_directory_is_refused_by_name(tmp_path, body, problem):
    path = tmp_path / "agencies.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ContentFileError) as refused:
        load_agencies_file(path)
    assert problem in str(refused.value)
    assert "agencies.toml" in str(refused.value)
