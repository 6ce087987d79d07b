"""Letter templates as data: data/letters/<id>.toml, and the service's own in the config
folder (core.paths.config_dir() / "letters"), loaded and validated.

A template is plain text a service can edit: a title, the default recipient (whose
consent is checked when the letter is finalised), whether it is about one child, and the
body, paragraphs separated by blank lines, a line starting "## " a heading, and
``{field}`` where a fact of the record goes (``{{`` and ``}}`` for a brace). A file in the
config folder with a shipped template's id replaces it (a service's own wording), one with
a new id adds a letter; shipped files are never edited in place, so a reinstall keeps the
service's. The Word file every letter is printed into is letter.docx (docxtpl: a service
restyles it in Word, its letterhead fields filled from letterhead.toml); the config
folder's copy of either wins the same way.

Everything is checked on loading: an unknown key, a missing title or body, a field no
record provides (usually a typo) is a ContentFileError naming the file and the field.
When a letter is drafted, a field the record does not hold for this family (no child
named, no referral call) is LetterFieldMissing naming the template and the field.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseworker.content.reader import ContentReader, read_toml
from caseworker.core.errors import CaseworkerError, ContentFileError, NotFound
from caseworker.core.paths import config_dir, content_dir

LETTERS_DIR = "letters"
BASE_DOCX = "letter.docx"
LETTERHEAD = "letterhead.toml"

# Every field a template may use, with what it holds (the facts are gathered by
# caseworker.referrals.letters, each with where it came from).
FIELDS: dict[str, str] = {
    "client_name": "the client's name",
    "client_dob": "the client's date of birth",
    "client_address": "the client's address",
    "children": "each child: name, age, school, who they live with",
    "child_name": "the child the letter is about",
    "child_age": "that child's age",
    "child_dob": "that child's date of birth (or due date)",
    "child_school": "that child's school or nursery",
    "child_gp": "that child's GP",
    "child_health_visitor": "that child's health visitor",
    "agencies": "the agencies involved (the client's network)",
    "concerns": "the concerns by domain, from the latest pre-CAF",
    "parenting_capacity": "the parenting capacity ratings, from the latest pre-CAF",
    "caring_roles": "children with a caring role",
    "desired_outcome": "what the worker wants to happen",
    "consent": "the consent position for the recipient, or why consent was not sought",
    "alcohol": "the reported alcohol consumption, from the latest AUDIT or AUDIT-C",
    "recipient": "to whom the letter goes",
    "worker_name": "the worker writing",
    "service_name": "the service (letterhead.toml, or as named at set-up)",
    "today": "the letter's date",
    "call_at": "the date and time of the verbal referral's call",
    "call_to": "whom the call was made to",
    "call_said": "what was said on the call",
}
# Left for the worker to write when the record does not say it: finalising refuses while
# one remains in the text (a referral with no stated outcome is what the seeds complain of).
WRITE_MARK = "[write:"

_KEYS = {"id", "title", "recipient", "about", "body", "summary"}
_ABOUT = ("family", "child")
_LETTERHEAD_KEYS = {"service_name", "service_address", "service_phone", "footer"}


class LetterFieldMissing(ContentFileError):
    """A template uses a field the record does not hold for this family."""

    def __init__(self, template: LetterTemplate, field: str, why: str = "") -> None:
        self.template_id = template.id
        self.field = field
        extra = f" ({why})" if why else ""
        super().__init__(
            template.path,
            f"the letter {template.id!r} uses the field {field!r} "
            f"({FIELDS.get(field, 'unknown')}), which the record does not have{extra}",
        )


class ChildToChoose(LetterFieldMissing):
    """A letter about one child, for a client with several children (or none) and no
    child chosen: said plainly, with the children to choose from; not a template fault."""

    def __init__(self, template: LetterTemplate, children: list[str]) -> None:
        self.template_id, self.field, self.children = template.id, "child_name", children
        self.path, self.problem = str(template.path), "no child chosen"
        if children:
            words = f"This letter is about one child: choose which ({', '.join(children)})."
        else:
            words = "This letter is about a child, and none is on this client's register yet."
        CaseworkerError.__init__(self, words)


@dataclass(frozen=True)
class LetterTemplate:
    id: str
    title: str
    recipient: str  # the default recipient: the consent checked is theirs
    about: str  # "family" or "child" (a child must be chosen)
    body: str
    summary: str = ""  # one line for the list of templates
    path: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields the title and body use, in the order they first appear."""
        return tuple(dict.fromkeys(_fields_of(self.title) + _fields_of(self.body)))

    def fill(self, values: dict[str, str]) -> tuple[str, str]:
        """(title, body) with the record's values in; a field without a value is
        LetterFieldMissing naming this template and the field."""
        for name in self.fields:
            if name not in values:
                raise LetterFieldMissing(self, name)
        return self.title.format_map(values), self.body.format_map(values)


def _fields_of(text: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def _check_text(r: ContentReader, text: str, where: str) -> None:
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:  # a lone brace
        raise r.fail(f"{where}: {exc} (write {{{{ or }}}} for a brace)") from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in FIELDS:
            raise r.fail(
                f"{where} uses the field {{{name}}}, which no record provides; "
                f"the fields are: {', '.join(FIELDS)}"
            )
        if spec or conversion:
            raise r.fail(f"{where}: write {{{name}}} plainly (no format or conversion)")


def read_template(path: Path) -> LetterTemplate:
    raw = read_toml(path)
    if raw is None:
        raise ContentFileError(path, "does not exist")
    r = ContentReader(path)
    r.obj(raw, "the template", ("id", "title", "recipient", "body"), _KEYS)
    template_id = r.text(raw["id"], "id")
    if template_id != path.stem:
        raise r.fail(f"id {template_id!r} must be the file's name ({path.stem!r})")
    about = raw.get("about", "family")
    if about not in _ABOUT:
        raise r.fail(f"about must be one of {', '.join(_ABOUT)}, got {about!r}")
    title = r.text(raw["title"], "title")
    body = r.text(raw["body"], "body")
    _check_text(r, title, "title")
    _check_text(r, body, "body")
    return LetterTemplate(
        id=template_id,
        title=title,
        recipient=r.text(raw["recipient"], "recipient"),
        about=about,
        body=body.strip("\n"),
        summary=r.optional_text(raw.get("summary"), "summary"),
        path=str(path),
    )


def _folders() -> list[Path]:
    """Where templates are read from: shipped first, then the service's (which wins)."""
    return [content_dir() / LETTERS_DIR, config_dir() / LETTERS_DIR]


def load_templates() -> dict[str, LetterTemplate]:
    """Every template by id, sorted by id: the service's replacing the shipped one."""
    found: dict[str, LetterTemplate] = {}
    for folder in _folders():
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                if path.name != LETTERHEAD:
                    found[path.stem] = read_template(path)
    return dict(sorted(found.items()))


def letter_template(template_id: str) -> LetterTemplate:
    templates = load_templates()
    try:
        return templates[template_id.strip()]
    except KeyError:
        raise NotFound(
            f"No letter template {template_id.strip()!r}: the templates are {', '.join(templates)}"
        ) from None


def _local_first(name: str) -> Path:
    local = config_dir() / LETTERS_DIR / name
    return local if local.is_file() else content_dir() / LETTERS_DIR / name


def base_docx(template_id: str | None = None) -> Path:
    """The Word template a letter is printed into: the service's own for this letter
    (letters/<template id>.docx in the config folder, made in Word from letter.docx), else
    the service's letter.docx, else the shipped one."""
    if template_id:
        own = config_dir() / LETTERS_DIR / f"{template_id}.docx"
        if own.is_file():
            return own
    return _local_first(BASE_DOCX)


def letterhead() -> dict[str, str]:
    """The letterhead's fields (service_name, service_address, service_phone, footer)."""
    path = _local_first(LETTERHEAD)
    raw: Any = read_toml(path) or {}
    r = ContentReader(path)
    r.obj(raw, "the letterhead", (), _LETTERHEAD_KEYS)
    out = {key: "" for key in sorted(_LETTERHEAD_KEYS)}
    for key, value in raw.items():
        if not isinstance(value, str):
            raise r.fail(f"{key} must be text, got {value!r}")
        out[key] = value
    return out


def check_letters() -> None:
    """For `caseworker check`: every template (the service's too) and the letterhead load,
    and the Word template is there. A problem is a ContentFileError naming the file."""
    load_templates()
    letterhead()
    if not base_docx().is_file():
        raise ContentFileError(base_docx(), "is missing: every letter is printed into it")
