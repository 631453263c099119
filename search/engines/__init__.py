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
    # Counts above count_cap are lower bounds ("more than count_cap"); None: every count exact.
    count_cap: int | None = None
    total_is_lower_bound: bool = False
    lower_bound_kinds: set = field(default_factory=set)  # kind counts that are "more than"


def clamp_page(page_number, total, per_page):
    last = max(1, -(-total // per_page))
    return min(max(1, page_number), last)
