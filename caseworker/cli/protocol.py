"""`caseworker protocol`: the local protocol in force, setting by setting and rule by rule
(named as a protocol file writes them: rules.rescreen), and where each value comes from.
Needs no caseload and no passphrase: it reads only the two protocol files, so a service
can check its edits before anyone opens the app."""

from __future__ import annotations

import argparse


def cmd_protocol(args: argparse.Namespace) -> int:
    from caseworker.content.protocol import default_path, effective_settings, local_protocol_path

    local = local_protocol_path()
    # Everything is read before anything is printed: a broken file gives its one-line
    # error (main() prints it) and no half table.
    settings = effective_settings()
    state = "in use" if local.exists() else "not there: every setting is the default"
    print(f"Local protocol file: {local} ({state})")
    print(f"Defaults, and what each setting means: {default_path()}")
    print()
    width = max(len(s.name) for s in settings)
    values = max(len(str(s.value)) for s in settings)
    print(f"{'setting':<{width}}  {'value':<{values}}  from")
    for s in settings:
        print(f"{s.name:<{width}}  {s.value!s:<{values}}  {s.source}")
    return 0
