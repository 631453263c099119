"""The full-text index over SearchUnit's analysed columns, per database vendor.

Version 2 (migration 0003, the current one) is what the database engine searches:

- SQLite: an external-content FTS5 table over the text columns plus two filter columns
  (`fts_audience`, `fts_filters`: one token for the audience, one for the kind, one per agency),
  so audiences, kinds and agencies are filtered and counted inside FTS5 without a join; and a
  second, small FTS5 table over titles and headings alone, to rank "the words are in the
  heading" matches without scoring every match. Triggers keep both in step.
- PostgreSQL: on the narrow SearchUnit table, a weighted `search_vector`, a `head_vector`
  (title and heading) and a `meta_vector` (the filter tokens), filled by statement-level
  triggers on SearchUnitText, with GIN indexes; nothing a search filters or counts reads the
  wide text rows.

Version 1 (migration 0002: a 4-column FTS5 table; a generated tsvector on the text table) is
kept as it was, because that migration calls `create()` without a version. The text is analysed
in Python before it is stored, so both vendors use plain tokenisation. `ensure_fulltext()`
recreates whatever is missing (a later SQLite migration that remakes the table drops triggers).
"""

from django.db import connection as default_connection
from django.db.utils import OperationalError

CURRENT = 2
MIGRATION = "0003_fulltext_filters_and_headings"  # the migration that made the current version
TABLE = "portal_search_searchunittext"
UNIT_TABLE = "portal_search_searchunit"
FTS = "portal_search_unit_fts"
HEAD_FTS = "portal_search_unit_head_fts"

# Filter tokens: a letter for what they say and the value in hex, so any audience label or
# agency slug is one token to FTS5 and PostgreSQL alike, and none can be typed by accident.
AUDIENCE_PREFIX, KIND_PREFIX, AGENCY_PREFIX = "xa", "xk", "xg"


def _token(prefix, value):
    return prefix + value.encode().hex()


def audience_token(audience):
    return _token(AUDIENCE_PREFIX, audience)


def kind_token(kind):
    return _token(KIND_PREFIX, kind)


def agency_token(slug):
    return _token(AGENCY_PREFIX, slug)


def agency_from_token(token):
    return bytes.fromhex(token[len(AGENCY_PREFIX) :]).decode()


def filter_text(kind, agencies):
    """The `fts_filters` text of a unit: its kind and each of its agencies, as tokens."""
    return " ".join([kind_token(kind), *(agency_token(slug) for slug in agencies)])


# -- version 1 (migration 0002) -----------------------------------------------------------

V1_COLUMNS = "fts_title, fts_heading, fts_body, fts_extra"
V1_SQLITE = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        {V1_COLUMNS}, content='{TABLE}', content_rowid='unit_id',
        tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER portal_search_unit_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, {V1_COLUMNS})
        VALUES (new.unit_id, new.fts_title, new.fts_heading, new.fts_body, new.fts_extra);
    END""",
    f"""CREATE TRIGGER portal_search_unit_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {V1_COLUMNS})
        VALUES ('delete', old.unit_id, old.fts_title, old.fts_heading, old.fts_body, old.fts_extra);
    END""",
    f"""CREATE TRIGGER portal_search_unit_au
        AFTER UPDATE OF fts_title, fts_heading, fts_body, fts_extra ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {V1_COLUMNS})
        VALUES ('delete', old.unit_id, old.fts_title, old.fts_heading, old.fts_body, old.fts_extra);
        INSERT INTO {FTS}(rowid, {V1_COLUMNS})
        VALUES (new.unit_id, new.fts_title, new.fts_heading, new.fts_body, new.fts_extra);
    END""",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
V1_POSTGRES = [
    f"""ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, fts_title), 'A')
        || setweight(to_tsvector('simple'::regconfig, fts_heading), 'B')
        || setweight(to_tsvector('simple'::regconfig, fts_body), 'C')
        || setweight(to_tsvector('simple'::regconfig, fts_extra), 'D')
    ) STORED""",
    f"CREATE INDEX portal_search_unit_vector ON {TABLE} USING GIN (search_vector)",
]

# -- version 2 (migration 0003) -----------------------------------------------------------

COLUMNS = "fts_title, fts_heading, fts_body, fts_extra, fts_audience, fts_filters"
NEW = "new.unit_id, new.fts_title, new.fts_heading, new.fts_body, new.fts_extra, new.fts_audience, new.fts_filters"
OLD = "old.unit_id, old.fts_title, old.fts_heading, old.fts_body, old.fts_extra, old.fts_audience, old.fts_filters"
HEAD_COLUMNS = "fts_title, fts_heading"
SQLITE_TRIGGERS = {
    "portal_search_unit_ai": f"""CREATE TRIGGER portal_search_unit_ai AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES ({NEW});
        INSERT INTO {HEAD_FTS}(rowid, {HEAD_COLUMNS})
        VALUES (new.unit_id, new.fts_title, new.fts_heading);
    END""",
    "portal_search_unit_ad": f"""CREATE TRIGGER portal_search_unit_ad AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS}) VALUES ('delete', {OLD});
        INSERT INTO {HEAD_FTS}({HEAD_FTS}, rowid, {HEAD_COLUMNS})
        VALUES ('delete', old.unit_id, old.fts_title, old.fts_heading);
    END""",
    "portal_search_unit_au": f"""CREATE TRIGGER portal_search_unit_au
        AFTER UPDATE OF {COLUMNS} ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {COLUMNS}) VALUES ('delete', {OLD});
        INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES ({NEW});
    END""",
    "portal_search_unit_head_au": f"""CREATE TRIGGER portal_search_unit_head_au
        AFTER UPDATE OF {HEAD_COLUMNS} ON {TABLE} BEGIN
        INSERT INTO {HEAD_FTS}({HEAD_FTS}, rowid, {HEAD_COLUMNS})
        VALUES ('delete', old.unit_id, old.fts_title, old.fts_heading);
        INSERT INTO {HEAD_FTS}(rowid, {HEAD_COLUMNS})
        VALUES (new.unit_id, new.fts_title, new.fts_heading);
    END""",
}
SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE {FTS} USING fts5(
        {COLUMNS}, content='{TABLE}', content_rowid='unit_id',
        tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE VIRTUAL TABLE {HEAD_FTS} USING fts5(
        {HEAD_COLUMNS}, content='{TABLE}', content_rowid='unit_id',
        tokenize='unicode61 remove_diacritics 2')""",
    *SQLITE_TRIGGERS.values(),
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    f"INSERT INTO {HEAD_FTS}({HEAD_FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS),
    f"DROP TABLE IF EXISTS {HEAD_FTS}",
    f"DROP TABLE IF EXISTS {FTS}",
]

VECTORS = """
    search_vector = setweight(to_tsvector('simple'::regconfig, n.fts_title), 'A')
        || setweight(to_tsvector('simple'::regconfig, n.fts_heading), 'B')
        || setweight(to_tsvector('simple'::regconfig, n.fts_body), 'C')
        || setweight(to_tsvector('simple'::regconfig, n.fts_extra), 'D'),
    head_vector = setweight(to_tsvector('simple'::regconfig, n.fts_title), 'A')
        || setweight(to_tsvector('simple'::regconfig, n.fts_heading), 'B'),
    meta_vector = to_tsvector('simple'::regconfig, n.fts_audience || ' ' || n.fts_filters)"""
POSTGRES_FORWARD = [
    f"""ALTER TABLE {UNIT_TABLE}
        ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector,
        ADD COLUMN head_vector tsvector NOT NULL DEFAULT ''::tsvector,
        ADD COLUMN meta_vector tsvector NOT NULL DEFAULT ''::tsvector""",
    f"""CREATE FUNCTION portal_search_unit_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {UNIT_TABLE} u SET {VECTORS}
        FROM new_rows n WHERE u.id = n.unit_id;
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER portal_search_unit_vectors_ai AFTER INSERT ON {TABLE}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION portal_search_unit_vectors()""",
    f"""CREATE TRIGGER portal_search_unit_vectors_au AFTER UPDATE ON {TABLE}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION portal_search_unit_vectors()""",
    f"UPDATE {UNIT_TABLE} u SET {VECTORS} FROM {TABLE} n WHERE u.id = n.unit_id",
    # One index for matching and filtering together, one for the heading tier.
    f"CREATE INDEX portal_search_unit_vectors ON {UNIT_TABLE} USING GIN (search_vector, meta_vector)",
    f"CREATE INDEX portal_search_unit_head ON {UNIT_TABLE} USING GIN (head_vector, meta_vector)",
    f"ANALYZE {UNIT_TABLE}",
]
POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS portal_search_unit_vectors_au ON {TABLE}",
    f"DROP TRIGGER IF EXISTS portal_search_unit_vectors_ai ON {TABLE}",
    "DROP FUNCTION IF EXISTS portal_search_unit_vectors()",
    "DROP INDEX IF EXISTS portal_search_unit_head",
    "DROP INDEX IF EXISTS portal_search_unit_vectors",
    f"""ALTER TABLE {UNIT_TABLE} DROP COLUMN IF EXISTS search_vector,
        DROP COLUMN IF EXISTS head_vector, DROP COLUMN IF EXISTS meta_vector""",
    # Version 1's objects, so drop() leaves no version behind.
    "DROP INDEX IF EXISTS portal_search_unit_vector",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]

STATEMENTS = {
    1: {"sqlite": V1_SQLITE, "postgresql": V1_POSTGRES},
    CURRENT: {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD},
}
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
    """Names of the current version's full-text objects that do not exist."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            wanted = [FTS, HEAD_FTS, *SQLITE_TRIGGERS]
            cursor.execute(
                f"SELECT name FROM sqlite_master WHERE name IN ({', '.join(['%s'] * len(wanted))})",
                wanted,
            )
            found = {row[0] for row in cursor.fetchall()}
            if FTS in found:  # a version 1 table has no filter columns
                cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS])
                if "fts_filters" not in cursor.fetchone()[0]:
                    found.discard(FTS)
        elif connection.vendor == "postgresql":
            wanted = [
                "search_vector",
                "head_vector",
                "meta_vector",
                "portal_search_unit_vectors_ai",
            ]
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = ANY(%s)",
                [UNIT_TABLE, wanted[:3]],
            )
            found = {row[0] for row in cursor.fetchall()}
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname = 'portal_search_unit_vectors_ai'"
            )
            found |= {row[0] for row in cursor.fetchall()}
        else:
            return []
    return [name for name in wanted if name not in found]


def create(connection=default_connection, version=1):
    """Create one version's objects; migration 0002 calls this for version 1."""
    vendor = connection.vendor
    if vendor == "sqlite" and not sqlite_has_fts5(connection):
        raise RuntimeError(NO_FTS5)
    if vendor not in STATEMENTS[version]:
        raise RuntimeError(f"The portal's search supports SQLite and PostgreSQL, not {vendor}.")
    with connection.cursor() as cursor:
        for statement in STATEMENTS[version][vendor]:
            cursor.execute(statement)


def drop(connection=default_connection):
    """Drop the full-text objects of every version."""
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}
    with connection.cursor() as cursor:
        for statement in statements.get(connection.vendor, []):
            cursor.execute(statement)


def ensure_fulltext(connection=default_connection):
    """Recreate the current full-text objects if any is missing; True if it did."""
    if not missing_parts(connection):
        return False
    drop(connection)
    create(connection, CURRENT)
    return True
