"""The embedded engine: ranked full-text search inside the database, over SearchUnit rows.

SQLite ranks with FTS5's bm25(), PostgreSQL with ts_rank_cd() over a weighted tsvector. Both
get the same pre-analysed tokens, filter by audience in the WHERE clause, and count facets in
one GROUP BY, so nothing is ranked or counted in Python and nothing restricted is ever counted.
"""

import logging
import re

from django.db import DatabaseError, connection

from . import EngineHit, EngineResponse, clamp_page, count_facets

logger = logging.getLogger("search")
TOKEN_RE = re.compile(r"^[^\W_]+$")
UNIT = "portal_search_searchunit"
TEXT = "portal_search_searchunittext"
FTS = "portal_search_unit_fts"
# Column weights: title, heading, body, extra (page title and joined hyphenated words).
SQLITE_BM25 = f"bm25({FTS}, 10.0, 6.0, 1.0, 0.2)"
# D (extra), C (body), B (heading), A (title); rank divided by length (normalisation 2), like
# bm25. Doubled braces survive str.format().
POSTGRES_WEIGHTS = "{{0.05, 0.4, 0.8, 1.0}}"
HIT_COLUMNS = "t.unit_id, u.page_id, t.anchor, t.title, t.heading, t.body, t.context_label, u.kind, t.url"
# Matches are filtered and counted on the narrow unit table; only the page of results shown
# reads the wide text rows.
SQL = {
    "sqlite": {
        "facets": (
            f"SELECT u.kind, u.agencies, COUNT(*) FROM {FTS} JOIN {UNIT} u ON u.id = {FTS}.rowid "
            f"WHERE {FTS} MATCH %s AND {{where}} GROUP BY u.kind, u.agencies"
        ),
        "ranked": (
            f"SELECT {FTS}.rowid AS id, {SQLITE_BM25} AS score FROM {FTS} "
            f"JOIN {UNIT} u ON u.id = {FTS}.rowid WHERE {FTS} MATCH %s AND {{where}} "
            "ORDER BY score, id LIMIT %s OFFSET %s"
        ),
        "order": "top.score, top.id",
    },
    "postgresql": {
        "facets": (
            f"SELECT u.kind, u.agencies, COUNT(*) FROM {TEXT} t JOIN {UNIT} u ON u.id = t.unit_id "
            "WHERE t.search_vector @@ to_tsquery('simple', %s) AND {where} "
            "GROUP BY u.kind, u.agencies"
        ),
        "ranked": (
            f"SELECT t.unit_id AS id, ts_rank_cd('{POSTGRES_WEIGHTS}', t.search_vector, q, 2) AS score "
            f"FROM {TEXT} t JOIN {UNIT} u ON u.id = t.unit_id CROSS JOIN to_tsquery('simple', %s) q "
            "WHERE t.search_vector @@ q AND {where} ORDER BY score DESC, id LIMIT %s OFFSET %s"
        ),
        "order": "top.score DESC, top.id",
    },
}


def _phrases(plan):
    for clause in plan.clauses:
        phrases = [p for p in clause.alternatives if p and all(TOKEN_RE.match(t) for t in p)]
        if phrases:
            yield phrases


def fts5_expression(plan, relaxed=False):
    """An FTS5 MATCH expression: every token is a quoted string, so no FTS5 syntax survives."""
    groups = [
        "(" + " OR ".join('"' + " ".join(t.replace('"', '""') for t in p) + '"' for p in phrases) + ")"
        for phrases in _phrases(plan)
    ]
    return (" OR " if relaxed else " AND ").join(groups)


def tsquery_expression(plan, relaxed=False):
    """A to_tsquery text: quoted lexemes, phrases joined with <->, synonyms with |."""
    groups = [
        "(" + " | ".join(" <-> ".join(f"'{t}'" for t in p) for p in phrases) + ")"
        for phrases in _phrases(plan)
    ]
    return (" | " if relaxed else " & ").join(groups)


def _filters(audiences, kinds, agencies):
    sql = [f"u.audience IN ({', '.join(['%s'] * len(audiences))})"]
    params = list(audiences)
    if kinds:
        sql.append(f"u.kind IN ({', '.join(['%s'] * len(kinds))})")
        params.extend(kinds)
    if agencies:
        sql.append("(" + " OR ".join(["u.agencies LIKE %s"] * len(agencies)) + ")")
        params.extend(f"% {slug} %" for slug in agencies)
    return " AND ".join(sql), params


class DatabaseEngine:
    name = "database"

    def _sql(self):
        return SQL["postgresql" if connection.vendor == "postgresql" else "sqlite"]

    def _facet_rows(self, expression, audiences):
        where, params = _filters(audiences, (), ())
        with connection.cursor() as cursor:
            cursor.execute(self._sql()["facets"].format(where=where), [expression, *params])
            return cursor.fetchall()

    def _hits(self, expression, audiences, kinds, agencies, limit, offset):
        where, params = _filters(audiences, kinds, agencies)
        sql = self._sql()
        query = (
            f"SELECT {HIT_COLUMNS} FROM ({sql['ranked'].format(where=where)}) top "
            f"JOIN {UNIT} u ON u.id = top.id JOIN {TEXT} t ON t.unit_id = top.id "
            f"ORDER BY {sql['order']}"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, [expression, *params, limit, offset])
            return [EngineHit(*row[:9]) for row in cursor.fetchall()]

    def search(self, plan, audiences, kinds, agencies, page_number, per_page):
        build = tsquery_expression if connection.vendor == "postgresql" else fts5_expression
        response = EngineResponse(engine=self.name)
        expression = build(plan)
        if not expression:
            return response
        try:
            rows = self._facet_rows(expression, audiences)
            if not rows and len(plan.clauses) > 1:
                expression = build(plan, relaxed=True)
                rows = self._facet_rows(expression, audiences)
                response.relaxed = bool(rows)
            response.total, response.kind_counts, response.agency_counts = count_facets(
                rows, kinds, agencies
            )
            response.page_number = clamp_page(page_number, response.total, per_page)
            if response.total:
                offset = (response.page_number - 1) * per_page
                response.hits = self._hits(expression, audiences, kinds, agencies, per_page, offset)
        except DatabaseError:
            # Only our own quoted tokens reach the engine; log anything odd, show no results.
            logger.exception("search: the database engine failed on %r", expression)
            return EngineResponse(engine=self.name)
        return response
