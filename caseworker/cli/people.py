"""`caseworker person add|list|remove`: the people who may open one caseload, each with
their own passphrase (a slot of the key file: caseworker.store.persons)."""

from __future__ import annotations

import argparse
import os

from caseworker.cli.terminal import EXIT_USAGE, CliError, interactive, no_caseload_yet, say
from caseworker.cli.terminal import passphrase as ask_passphrase
from caseworker.core.paths import database_url

DESCRIPTION = (
    "Each person on a caseload opens it with their own passphrase, and what they change is "
    "recorded as theirs. `add` needs the passphrase of someone already on it "
    "(CASEWORKER_PASSPHRASE, or asked), then the new person's, twice "
    "(CASEWORKER_NEW_PASSPHRASE without a terminal). Only a supervisor adds a supervisor "
    "(except the first). `remove` takes away a person's passphrase (their name stays on "
    "what they recorded): a worker may remove only themselves, a supervisor anyone, and "
    "never the last person. The passphrase given is the remover's own. On a server "
    "database each person is a database login instead, whose password is their passphrase: "
    "`add` and `remove` run with the caseload's owner login (the URL `init` used), and "
    "`add` prints the URL the new person opens the caseload with."
)


def add_person_parser(sub, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser(
        "person",
        parents=[common],
        help="add, list or remove the people who open this caseload",
        description=DESCRIPTION,
    )
    people = s.add_subparsers(dest="person", metavar="ACTION", required=True)
    a = people.add_parser(
        "add", parents=[common], help="let one more person open the caseload, as themselves"
    )
    a.add_argument("--name", required=True, help="their name, as it appears on the records")
    a.add_argument("--role", choices=["worker", "supervisor"], required=True)
    a.add_argument("--team", default="", help="their team (optional)")
    a.set_defaults(func=cmd_person_add)
    ls = people.add_parser("list", parents=[common], help="everyone on the caseload")
    ls.set_defaults(func=cmd_person_list)
    r = people.add_parser(
        "remove", parents=[common], help="take away a person's passphrase (asks yours)"
    )
    r.add_argument("--name", required=True, help="whose passphrase to remove")
    r.set_defaults(func=cmd_person_remove)


def _open(args: argparse.Namespace, prompt: str = "Your passphrase: "):
    """Open as whoever's passphrase this is; the passphrase too (remove needs it again)."""
    import caseworker.agenda  # noqa: F401 - due items stay derived on open, as for every command
    from caseworker.core.errors import WrongPassphrase
    from caseworker.store.database import open_database

    no_caseload_yet(args.data_dir)
    given = ask_passphrase(prompt)
    try:
        return open_database(args.data_dir, given), given
    except WrongPassphrase:
        raise CliError("That passphrase is not right. Nothing was changed.") from None


def _new_passphrase() -> str:
    new = os.environ.get("CASEWORKER_NEW_PASSPHRASE")
    if new:
        return new
    if not interactive():
        raise CliError(
            "Not a terminal, so the new person's passphrase cannot be asked: set "
            "CASEWORKER_NEW_PASSPHRASE.",
            EXIT_USAGE,
        )
    import getpass

    new = getpass.getpass("The new person's passphrase (8+ characters): ")
    if getpass.getpass("Again: ") != new:
        raise CliError("The two passphrases differ. Nothing was changed.")
    return new


def cmd_person_add(args: argparse.Namespace) -> int:
    from caseworker.core.errors import SetupError
    from caseworker.store.persons import add_person

    db, _ = _open(args, "Passphrase of someone on this caseload: ")
    try:
        new = _new_passphrase()
        try:
            person = add_person(db, args.name, args.role, new, team=args.team)
        except SetupError as exc:
            raise CliError(f"{exc} Nothing was changed.", EXIT_USAGE) from None
    finally:
        db.close()
    say(f"{args.name.strip()} ({args.role}) can now open this caseload with their passphrase.")
    if url := database_url():
        from caseworker.store.logins import url_for

        mine = url_for(url, person)
        say(f"On this server they connect as themselves: CASEWORKER_DATABASE_URL={mine}")
    return 0


def cmd_person_list(args: argparse.Namespace) -> int:
    from caseworker.store.logins import login_name
    from caseworker.store.persons import list_people

    server = database_url() is not None
    db, _ = _open(args)
    try:
        people = list_people(db)
        here = db.worker_id
    finally:
        db.close()
    for p in people:
        state = "can open" if p.has_slot else "removed"
        you = "  (you)" if p.id == here else ""
        team = f"  {p.team}" if p.team else ""
        login = f"  login {login_name(p.id)}" if server and p.has_slot else ""
        print(f"{p.name}  {p.role}  {state}{team}{login}{you}")
    return 0


def cmd_person_remove(args: argparse.Namespace) -> int:
    from caseworker.store.persons import find_person, remove_person

    db, given = _open(args, "Your passphrase (the remover's): ")
    try:
        person = find_person(db, args.name)
        remove_person(db, person.id, given)
    finally:
        db.close()
    say(f"{person.name} can no longer open this caseload; their records still name them.")
    return 0
