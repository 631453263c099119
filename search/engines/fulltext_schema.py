"""The full-text index over SearchUnit's analysed columns, per database vendor.

SQLite: an external-content FTS5 table kept in step by triggers (ranked with bm25()).
PostgreSQL: a generated, weighted tsvector column with a GIN index (ranked with ts_rank_cd()).
The text is analysed in Python before it is stored, so both use plain tokenisation. Migration
0002 creates it; `ensure_fulltext()` recreates anything missing (a later SQLite migration that
remakes the table drops its triggers), and rebuild_search_index calls it.
"""

from django.db import connection as default_connection
from django.db.utils import OperationalError

TABLE = "portal_search_searchunittext"
FTS = "portal_search_unit_fts"
COLUMNS = "fts_title, fts_heading, fts_body, fts_extra"

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        {COLUMNS}, content='{TABLE}', content_rowid='unit_id',
        tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER portal_search_unit_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, {COLUMNS})
        VALUES (new.unit_id, new.fts_title, new.fts_heading, new.fts_body, new.fts_extra);
    END""",
    f"""CREATE TRIGGER portal_search_unit_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.unit_id, old.fts_title, old.fts_heading, old.fts_body, old.fts_extra);
    END""",
    f"""CREATE TRIGGER portal_search_unit_au
        AFTER UPDATE OF fts_title, fts_heading, fts_body, fts_extra ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS})
        VALUES ('delete', old.unit_id, old.fts_title, old.fts_heading, old.fts_body, old.fts_extra);
        INSERT INTO {FTS}(rowid, {COLUMNS})
        VALUES (new.unit_id, new.fts_title, new.fts_heading, new.fts_body, new.fts_extra);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS portal_search_unit_au",
    "DROP TRIGGER IF EXISTS portal_search_unit_ad",
    "DROP TRIGGER IF EXISTS portal_search_unit_ai",
    f"DROP TABLE IF EXISTS {FTS}",
]

POSTGRES_FORWARD = [
    f"""ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, fts_title), 'A')
        || setweight(to_tsvector('simple'::regconfig, fts_heading), 'B')
        || setweight(to_tsvector('simple'::regconfig, fts_body), 'C')
        || setweight(to_tsvector('simple'::regconfig, fts_extra), 'D')
    ) STORED""",
    f"CREATE INDEX portal_search_unit_vector ON {TABLE} USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS portal_search_unit_vector",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


NO_FTS5 = (
    "This Python's SQLite was built without FTS5, which the portal's search needs. Use a Python "
    "whose sqlite3 module has FTS5 (the official builds have it) or PostgreSQL."
)


def sqlite_has_fts5(connection=default_connection):
    with connection.cursor() as cursor:
        try:
            cursor.execute("CREATE VIRTUAL TABLE temp.portal_search_probe USING fts5(x)")
            cursor.execute("DROP TABLE temp.portal_search_probe")
        except OperationalError:
            return False
    return True


def missing_parts(connection=default_connection):
    """Names of the full-text objects that should exist and do not."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
                [FTS, "portal_search_unit_ai", "portal_search_unit_ad", "portal_search_unit_au"],
            )
            found = {row[0] for row in cursor.fetchall()}
            wanted = [FTS, "portal_search_unit_ai", "portal_search_unit_ad", "portal_search_unit_au"]
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = 'search_vector'",
                [TABLE],
            )
            found = {row[0] for row in cursor.fetchall()}
            wanted = ["search_vector"]
        else:
            return []
    return [name for name in wanted if name not in found]


def create(connection=default_connection):
    vendor = connection.vendor
    if vendor == "sqlite":
        if not sqlite_has_fts5(connection):
            raise RuntimeError(NO_FTS5)
        statements = SQLITE_FORWARD
    elif vendor == "postgresql":
        statements = POSTGRES_FORWARD
    else:
        raise RuntimeError(f"The portal's search supports SQLite and PostgreSQL, not {vendor}.")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop(connection=default_connection):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def ensure_fulltext(connection=default_connection):
    """Recreate the full-text index objects if any is missing; True if it did."""
    if not missing_parts(connection):
        return False
    drop(connection)
    create(connection)
    return True


