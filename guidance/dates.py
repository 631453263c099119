"""Reading a date typed into the GOV.UK date input (day, month and year fields), with the GOV.UK
Design System's error messages (https://design-system.service.gov.uk/components/date-input/):
each names what is wrong and which fields to correct."""

import calendar
import datetime
from dataclasses import dataclass

PARTS = ("day", "month", "year")
MONTH_NAMES = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}


@dataclass
class DateInputError(Exception):
    message: str
    fields: tuple  # the parts to mark as wrong: ("month",), or all three


def _number(text):
    return int(text) if text.isascii() and text.isdigit() else None


def parse_date_parts(day, month, year, *, today, noun="Date"):
    """The date the three fields give, or DateInputError. Months may be written as numbers or
    names ("9", "Sep", "September"); the date may not be after today."""
    values = {
        "day": (day or "").strip(),
        "month": (month or "").strip(),
        "year": (year or "").strip(),
    }
    missing = [part for part in PARTS if not values[part]]
    if len(missing) == 3:
        raise DateInputError(f"Enter a {noun.lower()}", PARTS)
    if missing:
        raise DateInputError(f"{noun} must include a {' and '.join(missing)}", tuple(missing))
    number_of_month = MONTH_NAMES.get(values["month"].lower(), _number(values["month"]))
    numbers = (_number(values["year"]), number_of_month, _number(values["day"]))
    if None in numbers:
        raise DateInputError(f"{noun} must be a real date", PARTS)
    if len(values["year"]) != 4:
        raise DateInputError("Year must include 4 numbers", ("year",))
    try:
        date = datetime.date(*numbers)
    except ValueError as e:
        raise DateInputError(f"{noun} must be a real date", PARTS) from e
    if date > today:
        raise DateInputError(f"{noun} must be today or in the past", PARTS)
    return date
