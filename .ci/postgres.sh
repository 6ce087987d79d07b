# Sourced by .ci/run: start a throwaway PostgreSQL 15 for the test suite and export
# CASEWORKER_TEST_DATABASE_URL pointing at it; the caller's EXIT trap stops it.
#
# Clean machines too: installs the Debian package if the binaries are missing, and runs
# the server as an unprivileged user (initdb and postgres refuse to run as root). It
# listens on a Unix socket in a temporary folder only (no TCP), on a free port number,
# with durability off: nothing in it outlives the run.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
    echo "PostgreSQL 15 not found in $PG_BIN: installing postgresql-15"
    export DEBIAN_FRONTEND=noninteractive
    as_root=""
    [ "$(id -u)" = 0 ] || as_root="sudo -E"
    $as_root apt-get update -qq
    $as_root apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
    PG_BIN=/usr/lib/postgresql/15/bin  # where the Debian package puts them
fi

pg_as() {  # run a server binary as the server's user
    if [ "$(id -u)" = 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}

PG_USER=$(id -un)
if [ "$(id -u)" = 0 ]; then
    PG_USER=${CASEWORKER_CI_PG_USER:-pg}
    id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
fi

PG_TMP=$(mktemp -d "${TMPDIR:-/tmp}/caseworker-ci-pg.XXXXXX")
chmod 0755 "$PG_TMP"
if [ "$(id -u)" = 0 ]; then chown "$PG_USER" "$PG_TMP"; fi
PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop_postgres() {
    pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
}

pg_as "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >/dev/null
# The admin login the tests connect as is trusted; every other login (each person's, made
# by `caseworker person add`) must give its password, as on a real server: trust would let
# any passphrase through and the tests of telling people apart could not fail.
printf 'local all postgres trust\nlocal all all scram-sha-256\n' |
    pg_as tee "$PG_TMP/data/pg_hba.conf" >/dev/null
pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $PG_TMP -p $PG_PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null

export CASEWORKER_TEST_DATABASE_URL="postgresql+psycopg://postgres@/postgres?host=$PG_TMP&port=$PG_PORT"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') for the tests: socket in $PG_TMP, port $PG_PORT"
