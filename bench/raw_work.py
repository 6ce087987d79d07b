"""The lower bound for `caseworker check`, `export` and `backup`: the same work done on the
raw SQLCipher driver, no SQLAlchemy in the loop, as a whole process like the command
(the key unwrapped from the key file with the passphrase first, as the command does).

    CASEWORKER_PASSPHRASE=... python bench/raw_work.py check DATA_DIR
    CASEWORKER_PASSPHRASE=... python bench/raw_work.py export DATA_DIR OUT.json
    CASEWORKER_PASSPHRASE=... python bench/raw_work.py backup DATA_DIR EMPTY_DIR

- check: PRAGMA integrity_check and cipher_integrity_check, then every trail event's hash
  recomputed in order from the rows the cursor returns (the command's row_digest);
- export: every table's rows in primary-key order as one JSON document, written to a
  temporary file, fsynced and renamed;
- backup: ATTACH a new file with the same key, sqlcipher_export into it, copy the key file.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from caseworker.core.paths import DB_FILENAME, KEY_FILENAME
from caseworker.store import raw
from caseworker.store.keyfile import read, unwrap


def connect(data_dir: Path):
    key = unwrap(read(data_dir / KEY_FILENAME), os.environ["CASEWORKER_PASSPHRASE"])
    return raw.connect(data_dir / DB_FILENAME, key), key


def check(data_dir: Path) -> None:
    from caseworker.store.trail import CHAIN_COLUMNS, GENESIS, row_digest

    conn, _ = connect(data_dir)
    cur = conn.cursor()
    assert cur.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert cur.execute("PRAGMA cipher_integrity_check").fetchall() == []
    cur.execute(f"SELECT {', '.join(CHAIN_COLUMNS)} FROM trail_event ORDER BY seq")
    prev, n = GENESIS, 0
    while batch := cur.fetchmany(2000):
        for row in batch:
            n += 1
            assert row[0] == n and row[10] == prev and row_digest(prev, row) == row[11]
            prev = row[11]
    print(f"{n} events")


def export(data_dir: Path, out: Path) -> None:
    conn, _ = connect(data_dir)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]  # fmt: skip
    tmp = out.with_name(out.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write('{\n  "tables": {')
        for ti, table in enumerate(tables):
            cur = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
            names = [d[0] for d in cur.description]
            fh.write(("," if ti else "") + f"\n    {json.dumps(table)}: [")
            n = 0
            while batch := cur.fetchmany(1000):
                for row in batch:
                    line = json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False)
                    fh.write(("," if n else "") + "\n      " + line)
                    n += 1
            fh.write("\n    ]" if n else "]")
        fh.write("\n  }\n}\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out)


def backup(data_dir: Path, target: Path) -> None:
    conn, key = connect(data_dir)
    target.mkdir(parents=True, exist_ok=True)
    path = str(target / DB_FILENAME).replace("'", "''")
    conn.execute(f"ATTACH DATABASE '{path}' AS backup KEY \"x'{key.hex()}'\"")
    conn.execute("BEGIN")
    conn.execute("SELECT sqlcipher_export('backup')")
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE backup")
    conn.close()
    shutil.copy2(data_dir / KEY_FILENAME, target / KEY_FILENAME)


if __name__ == "__main__":
    what, *paths = sys.argv[1:]
    {"check": check, "export": export, "backup": backup}[what](*map(Path, paths))
