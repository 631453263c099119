"""The "version in force on a date" form: the GOV.UK date input (day, month, year) with the
GOV.UK error messages, an error summary, and the older ?date=YYYY-MM-DD still understood."""

import datetime
import re

import pytest

from django.utils import timezone

from guidance.dates import DateInputError, parse_date_parts

pytestmark = pytest.mark.django_db

DOC = "/guidance/mappa-guidance/"


def ask(client, day="", month="", year=""):
    return client.get(DOC + "as-of/", {"day": day, "month": month, "year": year})


def test_the_versions_page_has_day_month_and_year_fields(client):
    body = client.get(DOC + "versions/").content.decode()
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="as-of-hint">' in body
    for part, width in (("day", 2), ("month", 2), ("year", 4)):
        field = re.search(rf'<input [^>]*id="as-of-{part}"[^>]*>', body).group(0)
        assert f'name="{part}"' in field and 'inputmode="numeric"' in field
        assert f"govuk-input--width-{width}" in field and 'type="text"' in field
    assert "For example, 13 9 2023" in body
    assert "govuk-error-summary" not in body


@pytest.mark.parametrize(
    "day, month, year, date",
    [
        ("13", "9", "2023", "2023-09-13"),
        ("01", "07", "2019", "2019-07-01"),
        (" 1 ", "Sep", "2023", "2023-09-01"),
        ("29", "February", "2024", "2024-02-29"),
    ],
)
def test_a_real_date_leads_to_the_version_in_force_that_day(client, day, month, year, date):
    response = ask(client, day, month, year)
    assert response.status_code == 302
    assert response["Location"] == f"{DOC}as-of/{date}/"


@pytest.mark.parametrize(
    "day, month, year, message, fields",
    [
        ("", "", "", "Enter a date", ("day", "month", "year")),
        ("13", "", "2023", "Date must include a month", ("month",)),
        ("", "9", "2023", "Date must include a day", ("day",)),
        ("13", "9", "", "Date must include a year", ("year",)),
        ("", "", "2023", "Date must include a day and month", ("day", "month")),
        ("30", "2", "2023", "Date must be a real date", ("day", "month", "year")),
        ("13", "13", "2023", "Date must be a real date", ("day", "month", "year")),
        ("x", "9", "2023", "Date must be a real date", ("day", "month", "year")),
        ("١٣", "9", "2023", "Date must be a real date", ("day", "month", "year")),
        ("13", "9", "23", "Year must include 4 numbers", ("year",)),
        ("1", "1", "2999", "Date must be today or in the past", ("day", "month", "year")),
    ],
)
def test_a_date_that_is_not_one_shows_the_form_again_with_the_govuk_message(
    client, day, month, year, message, fields
):
    response = ask(client, day, month, year)
    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error: All versions of MAPPA Guidance" in body
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.S).group(0)
    assert "There is a problem" in summary
    assert f'<a href="#as-of-{fields[0]}">{message}</a>' in summary
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in body
    assert "govuk-form-group govuk-form-group--error" in body
    assert 'aria-describedby="as-of-hint as-of-error"' in body
    for part in ("day", "month", "year"):
        field = re.search(rf'<input [^>]*id="as-of-{part}"[^>]*>', body).group(0)
        assert ("govuk-input--error" in field) == (part in fields), part
    # What was typed is kept, so only the wrong part needs typing again.
    assert f'id="as-of-year" name="year" type="text" inputmode="numeric" value="{year}"' in body


def test_the_old_single_date_field_is_still_understood(client):
    assert client.get(DOC + "as-of/?date=2023-01-01")["Location"] == DOC + "as-of/2023-01-01/"
    assert client.get(DOC + "as-of/?date=31/12/2023").status_code == 400
    assert client.get(DOC + "as-of/?date=").status_code == 400


def test_parse_date_parts_today_is_allowed():
    today = timezone.localdate()
    assert parse_date_parts(str(today.day), str(today.month), str(today.year), today=today) == today
    with pytest.raises(DateInputError) as error:
        parse_date_parts("1", "1", str(today.year + 1), today=today)
    assert error.value.message == "Date must be today or in the past"
    assert parse_date_parts("13", "sept"[:3], "2023", today=today) == datetime.date(2023, 9, 13)
