"""The embedded engine: ranked full-text search inside the database, over SearchUnit rows.

SQLite ranks with FTS5's bm25(), PostgreSQL with ts_rank_cd() over a weighted tsvector; both get
the same pre-analysed tokens and filter by audience, kind and agency inside the full-text index
(filter tokens, see fulltext_schema.py), so nothing restricted is ever matched, counted or ranked.

What keeps a search of a common word fast at any size:

- Counts stop at COUNT_CAP: the total and each facet count are exact up to it, and above it the
  page and the API say "more than 2,000" (`EngineResponse.count_cap`); only that many results
  can be paged through. Up to the cap, one walk of the newest matches gives the total, and the
  facets are counted over those units alone.
- Up to RANK_ALL matches, every match is ranked. Above, the order is: first the matches whose
  title or heading alone holds the query (ranked among themselves on those fields, from a small
  index of titles and headings), then the RANK_WINDOW most recently indexed other matches
  (ranked), then the rest, newest first. A page of results then ranks at most a few thousand
  rows, whatever the number of matches, and a unit about the words (they are its heading)
  still comes before a passing mention.
"""

import logging
import re
import time

from django.db import DatabaseError, connection

from ..units import KIND_LABELS
from . import EngineHit, EngineResponse, clamp_page
from .fulltext_schema import (
    FTS,
    HEAD_FTS,
    TABLE,
    UNIT_TABLE,
    agency_token,
    audience_token,
    kind_token,
)

logger = logging.getLogger("search")
TOKEN_RE = re.compile(r"^[^\W_]+$")
COUNT_CAP = 2_000
RANK_ALL = 1_000
RANK_WINDOW = 500
KINDS = tuple(KIND_LABELS)
HIT_COLUMNS = (
    "t.unit_id, u.page_id, t.anchor, t.title, t.heading, t.body, t.context_label, u.kind, t.url"
)


def _phrases(plan):
    """Each clause's alternatives as token tuples; an alternative holding another one (as
    "level 3 meeting" holds "level 3") adds no match, only work, and is left out."""
    for clause in plan.clauses:
        phrases = [p for p in clause.alternatives if p and all(TOKEN_RE.match(t) for t in p)]
        phrases = [p for p in phrases if not any(q != p and _holds(p, q) for q in phrases)]
        if phrases:
            yield phrases


def _holds(phrase, part):
    size = len(part)
    return any(phrase[i : i + size] == part for i in range(len(phrase) - size + 1))


def fts5_expression(plan, relaxed=False):
    """An FTS5 MATCH expression: every token is a quoted string, so no FTS5 syntax survives."""
    groups = [
        "("
        + " OR ".join('"' + " ".join(t.replace('"', '""') for t in p) + '"' for p in phrases)
        + ")"
        for phrases in _phrases(plan)
    ]
    return (" OR " if relaxed else " AND ").join(groups)


def tsquery_expression(plan, relaxed=False):
    """A to_tsquery text: quoted lexemes, phrases joined with <->, synonyms with |.

    Built from our own analysed tokens rather than by websearch_to_tsquery(): the plan's
    alternatives are Snowball stems, glossary synonyms and hyphen-joined forms, which a parser
    of the reader's raw text cannot know; and a text of quoted lexemes made only of letters and
    digits can never be tsquery syntax.
    """
    groups = [
        "(" + " | ".join(" <-> ".join(f"'{t}'" for t in p) for p in phrases) + ")"
        for phrases in _phrases(plan)
    ]
    return (" | " if relaxed else " & ").join(groups)


class Sqlite:
    """The queries on SQLite: FTS5 tables, filter tokens in their own columns."""

    BM25 = f"bm25({FTS}, 10.0, 6.0, 1.0, 0.2, 0.0, 0.0)"
    HEAD_BM25 = f"bm25({HEAD_FTS}, 10.0, 6.0)"

    def __init__(self, plan, relaxed):
        self.query = fts5_expression(plan, relaxed)

    def match(self, audiences, kinds, agencies):
        """The query, in a readable audience, of the kinds and agencies chosen. The query is
        not limited to the text columns (that costs a third more): a reader who types a filter
        token finds units of that kind or agency, never a unit outside their audiences."""
        parts = [f"({self.query})"]
        parts.append("fts_audience : " + _any(audience_token(a) for a in audiences))
        if kinds:
            parts.append("fts_filters : " + _any(kind_token(k) for k in kinds))
        if agencies:
            parts.append("fts_filters : " + _any(agency_token(a) for a in agencies))
        return " AND ".join(parts)

    def newest_ids(self, f, limit):
        return _ids(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY rowid DESC LIMIT %s",
            [self.match(*f), limit],
        )

    def counts(self, specs, cap):
        """Capped counts, one per (audiences, kinds, agencies) spec, in one statement."""
        sql = " UNION ALL ".join(
            f"SELECT {n}, (SELECT count(*) FROM (SELECT 1 FROM {FTS} WHERE {FTS} MATCH %s LIMIT %s))"
            for n in range(len(specs))
        )
        params = [value for spec in specs for value in (self.match(*spec), cap + 1)]
        return _ordered(sql, params)

    def facet_rows(self, f, limit):
        """(kind, agencies, count) over at most `limit` matches."""
        return _rows(
            f"SELECT kind, agencies, count(*) FROM (SELECT u.kind, u.agencies FROM {FTS} "
            f"JOIN {UNIT_TABLE} u ON u.id = {FTS}.rowid WHERE {FTS} MATCH %s LIMIT %s) "
            "GROUP BY kind, agencies",
            [self.match(*f), limit],
        )

    def rank_among(self, f, ids):
        """These matches (ids of `f`'s matches) by relevance.

        Ranked over the id range they span, and kept to `ids` afterwards: FTS5 cannot rank a
        list of ids (it would run the query once per id). Without kind or agency filters the
        query is ranked alone, since bm25() scans every row holding each phrase it is given,
        the audience token's (nearly every unit) included.
        """
        members = set(ids)
        expression = self.match(*f) if f[1] or f[2] else self.query
        ranked = _ids(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s AND rowid BETWEEN %s AND %s "
            f"ORDER BY {self.BM25}, rowid",
            [expression, min(ids), max(ids)],
        )
        return [pk for pk in ranked if pk in members]

    def head_ids(self, f, limit, offset):
        where, params = _unit_filters(*f)
        return _ids(
            f"SELECT {HEAD_FTS}.rowid FROM {HEAD_FTS} JOIN {UNIT_TABLE} u ON u.id = {HEAD_FTS}.rowid "
            f"WHERE {HEAD_FTS} MATCH %s AND {where} ORDER BY {self.HEAD_BM25}, {HEAD_FTS}.rowid "
            "LIMIT %s OFFSET %s",
            [self.query, *params, limit, offset],
        )

    def head_count(self, f):
        where, params = _unit_filters(*f)
        return _ids(
            f"SELECT count(*) FROM {HEAD_FTS} JOIN {UNIT_TABLE} u ON u.id = {HEAD_FTS}.rowid "
            f"WHERE {HEAD_FTS} MATCH %s AND {where}",
            [self.query, *params],
        )[0]

    def head_among(self, first, last):
        """Units from `first` to `last` whose title or heading alone holds the query."""
        return set(
            _ids(
                f"SELECT rowid FROM {HEAD_FTS} WHERE {HEAD_FTS} MATCH %s AND rowid BETWEEN %s AND %s",
                [self.query, first, last],
            )
        )


class Postgres:
    """The queries on PostgreSQL: GIN-indexed vectors on the narrow SearchUnit table."""

    WEIGHTS = "{0.05, 0.4, 0.8, 1.0}"  # D (extra), C (body), B (heading), A (title)

    def __init__(self, plan, relaxed):
        self.query = tsquery_expression(plan, relaxed)

    def where(self, audiences, kinds, agencies, vector="search_vector"):
        groups = [[audience_token(a) for a in audiences]]
        if kinds:
            groups.append([kind_token(k) for k in kinds])
        if agencies:
            groups.append([agency_token(a) for a in agencies])
        meta = " & ".join("(" + " | ".join(f"'{t}'" for t in g) + ")" for g in groups)
        sql = (
            f"u.{vector} @@ to_tsquery('simple', %s) AND u.meta_vector @@ to_tsquery('simple', %s)"
        )
        return sql, [self.query, meta]

    def newest_ids(self, f, limit):
        where, params = self.where(*f)
        return _ids(
            f"SELECT u.id FROM {UNIT_TABLE} u WHERE {where} ORDER BY u.id DESC LIMIT %s",
            [*params, limit],
        )

    def counts(self, specs, cap):
        parts, params = [], []
        for n, spec in enumerate(specs):
            where, values = self.where(*spec)
            parts.append(
                f"SELECT {n}, (SELECT count(*) FROM (SELECT 1 FROM {UNIT_TABLE} u WHERE {where} "
                "LIMIT %s) s)"
            )
            params += [*values, cap + 1]
        return _ordered(" UNION ALL ".join(parts), params)

    def facet_rows(self, f, limit):
        where, params = self.where(*f)
        return _rows(
            f"SELECT kind, agencies, count(*) FROM (SELECT u.kind, u.agencies FROM {UNIT_TABLE} u "
            f"WHERE {where} LIMIT %s) s GROUP BY kind, agencies",
            [*params, limit],
        )

    def _rank(self, vector):
        return f"ts_rank_cd('{self.WEIGHTS}', u.{vector}, to_tsquery('simple', %s), 2)"

    def rank_among(self, f, ids):
        """These matches by relevance: PostgreSQL ranks a list of ids directly."""
        return _ids(
            f"SELECT u.id FROM {UNIT_TABLE} u WHERE u.id = ANY(%s) "
            f"ORDER BY {self._rank('search_vector')} DESC, u.id",
            [list(ids), self.query],
        )

    def head_ids(self, f, limit, offset):
        where, params = self.where(*f, vector="head_vector")
        return _ids(
            f"SELECT u.id FROM {UNIT_TABLE} u WHERE {where} "
            f"ORDER BY {self._rank('head_vector')} DESC, u.id LIMIT %s OFFSET %s",
            [*params, self.query, limit, offset],
        )

    def head_count(self, f):
        where, params = self.where(*f, vector="head_vector")
        return _ids(f"SELECT count(*) FROM {UNIT_TABLE} u WHERE {where}", params)[0]

    def head_among(self, first, last):
        return set(
            _ids(
                f"SELECT u.id FROM {UNIT_TABLE} u WHERE u.id BETWEEN %s AND %s "
                "AND u.head_vector @@ to_tsquery('simple', %s)",
                [first, last, self.query],
            )
        )


def _any(tokens):
    return "(" + " OR ".join(f'"{t}"' for t in tokens) + ")"


def _unit_filters(audiences, kinds, agencies):
    sql = [f"u.audience IN ({', '.join(['%s'] * len(audiences))})"]
    params = list(audiences)
    if kinds:
        sql.append(f"u.kind IN ({', '.join(['%s'] * len(kinds))})")
        params.extend(kinds)
    if agencies:
        sql.append("(" + " OR ".join(["u.agencies LIKE %s"] * len(agencies)) + ")")
        params.extend(f"% {slug} %" for slug in agencies)
    return " AND ".join(sql), params


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _ids(sql, params):
    return [row[0] for row in _rows(sql, params)]


def _ordered(sql, params):
    return [count for _, count in sorted(_rows(sql, params))]


_agencies = {"slugs": None, "read": 0.0}
AGENCIES_TTL = 60.0  # seconds a process keeps its list of agency slugs


def agency_slugs():
    """The agencies a facet can count: the slugs of live agency pages (units name agencies by
    their page's slug, and facets are labelled from those pages). Kept a minute per process:
    a new agency's count can be that late; a removed one is never shown (agency_facets reads
    the readable agency pages)."""
    from wagtail.models import Page

    from portal.agencies.models import AgencyPage

    now = time.monotonic()
    if _agencies["slugs"] is None or now - _agencies["read"] > AGENCIES_TTL:
        _agencies["slugs"] = _ids(
            f"SELECT p.slug FROM {AgencyPage._meta.db_table} a JOIN {Page._meta.db_table} p "
            "ON p.id = a.page_ptr_id WHERE p.live ORDER BY p.slug",
            [],
        )
        _agencies["read"] = now
    return _agencies["slugs"]


def _units_of(ids):
    """(id, kind, agencies) of these units, newest first, read by primary key."""
    if not ids:
        return []
    return _rows(
        f"SELECT id, kind, agencies FROM {UNIT_TABLE} WHERE id IN "
        f"({', '.join(['%s'] * len(ids))}) ORDER BY id DESC",
        ids,
    )


def count_facets(rows, kinds, agencies):
    """(total, kind counts, agency counts) from (kind, agencies, count) rows.

    Facets are multi-select: a facet's counts apply the other facet's filter, not its own.
    """
    kinds, agencies = set(kinds), set(agencies)
    total, kind_counts, agency_counts = 0, {}, {}
    for kind, row_agencies, count in rows:
        row_agencies = set((row_agencies or "").split())
        kind_ok = not kinds or kind in kinds
        agency_ok = not agencies or bool(row_agencies & agencies)
        if agency_ok:
            kind_counts[kind] = kind_counts.get(kind, 0) + count
        if kind_ok:
            for agency in row_agencies:
                agency_counts[agency] = agency_counts.get(agency, 0) + count
        if kind_ok and agency_ok:
            total += count
    return total, kind_counts, agency_counts


class DatabaseEngine:
    name = "database"

    def _dialect(self, plan, relaxed=False):
        return (Postgres if connection.vendor == "postgresql" else Sqlite)(plan, relaxed)

    def search(self, plan, audiences, kinds, agencies, page_number, per_page):
        response = EngineResponse(engine=self.name, count_cap=COUNT_CAP)
        dialect = self._dialect(plan)
        if not dialect.query:
            return response
        audiences, kinds, agencies = tuple(audiences), tuple(kinds), tuple(agencies)
        everything, chosen = (audiences, (), ()), (audiences, kinds, agencies)
        try:
            newest = dialect.newest_ids(everything, COUNT_CAP + 1)
            if not newest and len(plan.clauses) > 1:
                dialect = self._dialect(plan, relaxed=True)
                newest = dialect.newest_ids(everything, COUNT_CAP + 1)
                response.relaxed = bool(newest)
            if len(newest) <= COUNT_CAP:
                # Every match is known: count the facets over those units alone.
                units = _units_of(newest)
                total, response.kind_counts, response.agency_counts = count_facets(
                    [(kind, agencies_, 1) for _, kind, agencies_ in units], kinds, agencies
                )
                wanted = set(agencies)
                newest = [
                    pk
                    for pk, kind, agencies_ in units
                    if (not kinds or kind in kinds)
                    and (not wanted or wanted & set(agencies_.split()))
                ]
            else:
                self._capped_facets(dialect, response, audiences, kinds, agencies, len(newest))
                if kinds or agencies:
                    newest = dialect.newest_ids(chosen, COUNT_CAP + 1)  # the filtered matches
                total = len(newest)
            response.total = min(total, COUNT_CAP)
            response.total_is_lower_bound = total > COUNT_CAP
            response.page_number = clamp_page(page_number, response.total, per_page)
            if total:
                offset = (response.page_number - 1) * per_page
                if total <= RANK_ALL:
                    ranked = dialect.rank_among(chosen, newest)
                    ids = ranked[offset : offset + per_page]
                else:
                    ids = self._page(dialect, chosen, newest, offset, per_page)
                response.hits = self._hits(ids, audiences)
        except DatabaseError:
            # Only our own quoted tokens reach the engine; log anything odd, show no results.
            logger.exception("search: the database engine failed on %r", dialect.query)
            return EngineResponse(engine=self.name, count_cap=COUNT_CAP)
        return response

    def _capped_facets(self, dialect, response, audiences, kinds, agencies, matched):
        """Facet counts when more than COUNT_CAP units match (`matched` of them, counted up to
        the cap without filters): one capped count per kind, and the agencies from the
        (usually few) matches that name any agency.

        Without an agency filter the commonest kind ("page") is not walked again: it holds at
        least what the others leave of `matched`, and is shown as "more than" that.
        """
        slugs = agency_slugs()
        counted = KINDS if agencies else tuple(k for k in KINDS if k != "page")
        counts = dialect.counts([(audiences, (kind,), agencies) for kind in counted], COUNT_CAP)
        kind_counts = dict(zip(counted, counts, strict=True))
        if "page" not in kind_counts:
            rest = matched - sum(kind_counts.values())
            if max(counts, default=0) > COUNT_CAP or rest <= 0:
                (kind_counts["page"],) = dialect.counts([(audiences, ("page",), ())], COUNT_CAP)
            else:
                kind_counts["page"] = rest - 1  # at least `rest`: "more than rest - 1"
                response.lower_bound_kinds = {"page"}
        response.kind_counts = {
            k: c for k, c in kind_counts.items() if c or k in response.lower_bound_kinds
        }
        tagged = (
            dialect.facet_rows((audiences, kinds, tuple(slugs)), COUNT_CAP + 1) if slugs else []
        )
        if sum(count for *_, count in tagged) <= COUNT_CAP:
            response.agency_counts = count_facets(tagged, (), ())[2]
        else:
            counts = dialect.counts([(audiences, kinds, (slug,)) for slug in slugs], COUNT_CAP)
            response.agency_counts = {s: c for s, c in zip(slugs, counts, strict=True) if c}

    def _page(self, dialect, chosen, newest, offset, limit):
        """One page of the order the module docstring describes, for more than RANK_ALL
        matches; `newest` holds the ids of the newest COUNT_CAP + 1 of them."""
        ids = dialect.head_ids(chosen, limit, offset)
        if len(ids) == limit:
            return ids
        if ids or offset == 0:
            head_total = offset + len(ids)
        else:
            head_total = dialect.head_count(chosen)
        start = max(0, offset - head_total)  # where this page starts after the heading tier
        window = newest[:RANK_WINDOW]
        in_head = dialect.head_among(newest[-1], newest[0]) if head_total else set()
        others = [pk for pk in newest[RANK_WINDOW:COUNT_CAP] if pk not in in_head]
        if start < RANK_WINDOW:
            members = [pk for pk in window if pk not in in_head]
            others = (dialect.rank_among(chosen, members) if members else []) + others
        else:
            start -= len(set(window) - in_head)
        return ids + others[start : start + limit - len(ids)]

    def _hits(self, ids, audiences):
        if not ids:
            return []
        sql = (
            f"SELECT {HIT_COLUMNS}, u.audience FROM {UNIT_TABLE} u "
            f"JOIN {TABLE} t ON t.unit_id = u.id WHERE u.id IN ({', '.join(['%s'] * len(ids))})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, ids)
            # The audience is checked once more on the unit itself (in Python: in the WHERE
            # clause SQLite would pick the audience index over the ten primary keys).
            rows = {row[0]: row for row in cursor.fetchall() if row[9] in audiences}
        return [EngineHit(*rows[pk][:9]) for pk in ids if pk in rows]
