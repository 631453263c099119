"""/training/report/: completion by agency and module, for SMB approvers (every agency) and
agency leads (their own), with the people behind each number, and the same as CSV."""

import csv
import datetime
import html as html_text
import io
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AttemptFactory,
    CompletionFactory,
    ModulePageFactory,
    learner,
    record_version,
)

REPORT = reverse("training:report")


@pytest.fixture
def data(training_index, police, probation, module, recommended):
    """Police: 4 new practitioners on the required module (1 passed, 1 expiring, 1 expired,
    1 failed) besides the demo's police accounts; probation: a module of its own, 2 passed."""
    now = timezone.now()
    people = [learner(police, last_name=f"Police{n}") for n in range(4)]
    CompletionFactory(user=people[0], module=module)
    CompletionFactory(
        user=people[1], module=module, completed_at=now - datetime.timedelta(days=350)
    )
    CompletionFactory(
        user=people[2], module=module, completed_at=now - datetime.timedelta(days=400)
    )
    AttemptFactory(user=people[3], module=module, passed=False)
    probation_module = ModulePageFactory(
        parent=training_index, title="Approved premises", for_agencies=[probation]
    )
    record_version(probation_module, 1)
    for n in range(2):
        CompletionFactory(
            user=learner(probation, last_name=f"Probation{n}"), module=probation_module
        )
    return {"people": people, "probation_module": probation_module}


def table(html):
    """The report's tables as rows of cell texts, each starting with its agency (the table's
    caption); links and hidden words removed."""
    rows = []
    for caption, body in re.findall(
        r'<caption[^>]*>(.*?)</caption>.*?<tbody class="govuk-table__body">(.*?)</tbody>',
        html,
        re.S,
    ):
        for tr in re.findall(r"<tr.*?</tr>", body, re.S):
            cells = [caption, *re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)]
            cleaned = []
            for cell in cells:
                cell = re.sub(
                    r'<span class="govuk-visually-hidden">.*?</span>', "", cell, flags=re.S
                )
                cleaned.append(
                    html_text.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip())
                )
            rows.append(cleaned)
    return rows


@pytest.mark.parametrize("persona", ["anonymous", "password-only:lead", "password-only:approver"])
def test_without_two_factors_the_report_is_the_sign_in(persona_client, persona, data):
    response = persona_client(persona).get(REPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_practitioner_may_not_see_the_report(persona_client, data):
    response = persona_client("practitioner").get(REPORT)
    assert response.status_code == 403
    assert "Approved premises" not in response.content.decode()


def test_the_approver_sees_every_agency(persona_client, data, police):
    response = persona_client("approver").get(REPORT)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = table(response.content.decode())
    by_key = {(r[0], r[1].split(" (")[0]): r for r in rows}
    police_row = by_key[("Police", "Sharing information safely")]
    # The demo's police accounts (lead, approver) count too, not started.
    demo_police = len(police_row) and int(police_row[2]) - 4
    assert police_row[3:] == [
        "2",
        f"{round(200 / (4 + demo_police))}%",
        "1",
        "1",
        "0",
        "1",
        str(demo_police),
    ]
    assert by_key[("Probation Service", "Approved premises")][3] == "2"


def test_a_lead_sees_only_their_own_agency_and_is_refused_another(persona_client, data):
    client = persona_client("lead")
    html = client.get(REPORT).content.decode()
    assert {row[0] for row in table(html)} == {"Police"}
    assert "Approved premises" not in html and "Probation" not in html
    assert client.get(REPORT, {"agency": "probation"}).status_code == 403
    assert client.get(REPORT, {"agency": "police"}).status_code == 200
    people = client.get(
        REPORT, {"agency": "probation", "module": data["probation_module"].pk, "status": "passed"}
    )
    assert people.status_code == 403


@pytest.mark.parametrize(
    "params, message",
    [
        ({"agency": "nowhere"}, "There is no agency"),
        ({"module": "²"}, "There is no module"),
        ({"module": "999999"}, "There is no module"),
        ({"agency": "police", "status": "nonsense"}, "There is no status"),
        ({"status": "passed"}, "Choose an agency, a module and a status"),
        ({"format": "xlsx"}, "The format can only be csv"),
    ],
)
def test_bad_filters_are_a_400_saying_why(persona_client, data, params, message):
    response = persona_client("approver").get(REPORT, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_csv_is_the_table(persona_client, data):
    client = persona_client("approver")
    html_rows = table(client.get(REPORT).content.decode())
    response = client.get(REPORT, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    found = list(csv.reader(io.StringIO(response.content.decode())))
    assert found[0][:4] == ["Agency", "Module", "Requirement", "Practitioners"]
    as_table = [
        [r[0], f"{r[1]} ({r[2].lower()})", r[3], r[4], f"{r[5]}%" if r[5] else "–", *r[6:11]]
        for r in found[1:]
    ]
    assert as_table == [[r[0], r[1].replace(" Guidance changed", ""), *r[2:]] for r in html_rows]


def test_filters_narrow_the_table(persona_client, data, module):
    html = (
        persona_client("approver")
        .get(REPORT, {"agency": "police", "module": module.pk})
        .content.decode()
    )
    assert [(r[0], r[1]) for r in table(html)] == [
        ("Police", "Sharing information safely (required)")
    ]


def test_the_people_behind_a_number(persona_client, data, module):
    client = persona_client("lead")
    response = client.get(REPORT, {"agency": "police", "module": module.pk, "status": "expired"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Police2" in html and "Police0" not in html
    in_date = client.get(REPORT, {"agency": "police", "module": module.pk, "status": "in_date"})
    assert "Police0" in in_date.content.decode() and "Police1" in in_date.content.decode()
    listing = client.get(
        REPORT, {"agency": "police", "module": module.pk, "status": "in_date", "format": "csv"}
    )
    names = [row[0] for row in csv.reader(io.StringIO(listing.content.decode()))][1:]
    assert len(names) == 2


@pytest.mark.parametrize("persona", ["approver", "lead"])
@pytest.mark.parametrize("drill_down", [False, True])
def test_the_report_asks_the_same_few_queries_whatever_the_number_of_records(
    persona_client, data, module, police, home, persona, drill_down
):
    from guidance.models import MAJOR
    from tests.factories import GuidancePageFactory, publish

    # The worst case: the module cites guidance that has changed since.
    document = publish(GuidancePageFactory(parent__parent=home))
    record_version(module, 1, cited={document: 1}, change_type="minor")
    publish(document, change_type=MAJOR, note="A major change.")
    params = {"agency": "police", "module": module.pk, "status": "in_date"} if drill_down else {}
    client = persona_client(persona)
    client.get(REPORT, params)
    with CaptureQueriesContext(connection) as few:
        client.get(REPORT, params)
    for _n in range(25):
        person = learner(police)
        CompletionFactory(user=person, module=module)
        AttemptFactory(user=person, module=module, passed=False)
    with CaptureQueriesContext(connection) as many:
        response = client.get(REPORT, params)
    assert response.status_code == 200
    assert len(many) == len(few) <= 10, "\n".join(q["sql"][:100] for q in many.captured_queries)


def test_my_training_asks_a_few_queries(persona_client, data, module):
    client = persona_client("practitioner")
    client.get(reverse("training:my_training"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("training:my_training")).status_code == 200
    assert len(queries) <= 10


@pytest.mark.parametrize(
    "persona", ["anonymous", "password-only:approver", "practitioner", "lead", "editor"]
)
def test_the_admin_report_is_refused_to_others(persona_client, data, persona):
    response = persona_client(persona).get(reverse("training_admin_report"))
    assert response.status_code in (302, 403)
    assert "Approved premises" not in response.content.decode()


def test_the_admin_report_shows_the_approver_every_agency_with_its_own_csv(persona_client, data):
    client = persona_client("approver")
    html = client.get(reverse("training_admin_report")).content.decode()
    assert "Approved premises" in html and "Sharing information safely" in html
    exported = client.get(reverse("training_admin_report"), {"export": "csv"})
    body = (
        b"".join(exported.streaming_content).decode()
        if exported.streaming
        else exported.content.decode()
    )
    site = client.get(REPORT, {"format": "csv"}).content.decode()
    assert list(csv.reader(io.StringIO(body))) == list(csv.reader(io.StringIO(site)))
