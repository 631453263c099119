"""Search engines behind the one entry point (search.queries.search).

Each engine answers the same question, `search(plan, audiences, kinds, agencies, page, per_page)`,
with the same EngineResponse, and filters by audience inside the query it sends.
"""

from dataclasses import dataclass, field


@dataclass
class EngineHit:
    unit_id: int
    page_id: int
    anchor: str
    title: str
    heading: str
    body: str
    context_label: str
    kind: str
    url: str
    snippet: str | None = None  # escaped HTML from the engine's own highlighter, if any


@dataclass
class EngineResponse:
    engine: str
    total: int = 0
    page_number: int = 1
    hits: list = field(default_factory=list)
    kind_counts: dict = field(default_factory=dict)
    agency_counts: dict = field(default_factory=dict)
    relaxed: bool = False  # True when no unit had every word and we matched any of them


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


def clamp_page(page_number, total, per_page):
    last = max(1, -(-total // per_page))
    return min(max(1, page_number), last)
