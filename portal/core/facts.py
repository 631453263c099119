"""The figures, dates and statutory references the demo content states, with their sources.

They live in one table, portal/core/data/facts.csv (key, value, source title, source URL and the
addresses of the demo pages that state them), so the demo seeders read each value from there
instead of typing it again, and tests/core/test_facts.py checks the rendered pages against it.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FACTS_CSV = Path(__file__).resolve().parent / "data" / "facts.csv"


@dataclass(frozen=True)
class Fact:
    key: str
    value: str
    source_title: str
    source_url: str
    stated_on: tuple  # demo page addresses that state the value

    def __str__(self):
        return self.value


@cache
def all_facts():
    """Every fact by key, in the order of the table."""
    with FACTS_CSV.open(newline="", encoding="utf-8") as handle:
        return {
            row["key"]: Fact(
                key=row["key"],
                value=row["value"],
                source_title=row["source_title"],
                source_url=row["source_url"],
                stated_on=tuple(row["stated_on"].split()),
            )
            for row in csv.DictReader(handle)
        }


def fact(key):
    """The value of a fact, such as fact("mappa_areas") == "42"; KeyError for an unknown key."""
    return all_facts()[key].value
