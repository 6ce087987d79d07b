"""Where things live on disk: the caseload's data folder, the service's config folder and
the shipped data/ folder."""

from __future__ import annotations

import os
from pathlib import Path

DB_FILENAME = "caseworker.db"
KEY_FILENAME = "caseworker.key"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("caseworker", appauthor=False))


def config_dir() -> Path:
    """The service's own settings (protocol.toml, settings.toml): CASEWORKER_CONFIG_DIR,
    else the platform's user config folder. Outside the package, so a reinstall never
    touches it."""
    env = os.environ.get("CASEWORKER_CONFIG_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("caseworker", appauthor=False))


def report_dir() -> Path:
    """Where a crash report goes (CASEWORKER_REPORT_DIR, else the platform's log folder)."""
    env = os.environ.get("CASEWORKER_REPORT_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir("caseworker", appauthor=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir beats CASEWORKER_DATA_DIR beats the platform default."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("CASEWORKER_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return default_data_dir()


def content_dir() -> Path:
    """The declarative content folder (instruments, demo ingredients, protocol).

    Installed, it is caseworker/data (see pyproject force-include); in a source
    checkout or an editable install it is the repository's top-level data/.
    """
    package = Path(__file__).resolve().parents[1]  # caseworker/
    installed = package / "data"
    if installed.is_dir():
        return installed
    return package.parent / "data"


def database_url() -> str | None:
    """CASEWORKER_DATABASE_URL: a server database (PostgreSQL) instead of the local file."""
    return os.environ.get("CASEWORKER_DATABASE_URL") or None


def caseload_files_exist(data_dir: Path) -> bool:
    """Cheap check (no database imports) that an encrypted caseload is in data_dir."""
    return (data_dir / DB_FILENAME).exists() and (data_dir / KEY_FILENAME).exists()


def missing_caseload_file(data_dir: Path) -> str | None:
    """When one of the caseload's two files is in data_dir without the other, what is
    missing, in words (None when both or neither are there). Cheap: files only, so the
    CLI can say it before importing the database layer or asking for a passphrase, and
    never offers to set up a new caseload over what is left of one."""
    has_db = (data_dir / DB_FILENAME).exists()
    has_key = (data_dir / KEY_FILENAME).exists()
    if has_db and not has_key:
        return (
            f"The key file {KEY_FILENAME} is missing from {data_dir} (the database is "
            "there). The caseload cannot be opened without it: copy caseworker.key back "
            "from a backup of this caseload (it opens with the passphrase it had then)."
        )
    if has_key and not has_db:
        return (
            f"The database {DB_FILENAME} is missing from {data_dir} (its key file is "
            "there). Restore the caseload from your latest backup: "
            "caseworker restore BACKUP_DIR"
        )
    return None
