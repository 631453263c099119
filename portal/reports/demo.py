"""Demo annual reports for Dorset, the demo area, taken through the real SMB sign-off.

* Figures: only the real published figures in data/*.csv, each with its source and note. A
  measure they do not have is "not published" (no row, or an empty row saying it was not
  found), never zero and never a guess. `>` in the data is a lower bound, `~` a rounded figure.
* Years: seven published reports (2002/03 to 2005/06, 2014/15, 2018/19, 2019/20: the years with
  Dorset figures), 2020/21 approved and scheduled to go live two weeks after the seed runs, and
  2021/22 submitted by `editor` and waiting for an approver.
* Words: written for this demonstration and marked as such; no real person's words or names.
  Before 2004/05 the text gives the Criminal Justice and Court Services Act 2000 as the basis
  and has no lay advisers' view (lay advisers came with the Criminal Justice Act 2003).

A report already in place is left as it is, so a second run writes nothing.
"""

import csv
import datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from django.utils import timezone

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from portal.core.demo.seeding import ensure_page

from . import statistics as stats
from .models import (
    NARRATIVE,
    NARRATIVE_FEATURES,
    AnnualReportIndexPage,
    AnnualReportPage,
    ReportFigure,
)

DATA = Path(__file__).resolve().parent / "data"
AREA = "Dorset"
PUBLISHED, SCHEDULED, SUBMITTED = "published", "scheduled", "submitted"
REPORTS = [
    (2002, PUBLISHED),
    (2003, PUBLISHED),
    (2004, PUBLISHED),
    (2005, PUBLISHED),
    (2014, PUBLISHED),
    (2018, PUBLISHED),
    (2019, PUBLISHED),
    (2020, SCHEDULED),
    (2021, SUBMITTED),
]
SCHEDULE_AFTER = datetime.timedelta(days=14)

# The data's metric names, as the portal's measures.
AREA_METRICS = {
    "cat1_rso_31mar": "category_1",
    "cat1_rso": "category_1",
    "cat1_rate_per_100k": "rso_rate_per_100k",
    "level1_managed_31mar": "level_1",
    "total_mappa": "total_eligible",
}
NATIONAL_METRICS = {
    "total_mappa_eligible_31mar": "total_eligible",
    "total_mappa_eligible": "total_eligible",
    "cat1_registered_sexual_offenders_31mar": "category_1",
    "cat1_registered_sexual_offenders": "category_1",
    "cat2_violent_offenders_31mar": "category_2",
    "cat2_violent_and_other_sexual_offenders": "category_2",
    "cat3_other_dangerous_offenders_31mar": "category_3",
    "cat4_terrorist_offenders_31mar": "category_4",
    "cat1_rate_per_100k_population": "rso_rate_per_100k",
    "rso_cautioned_or_convicted_breach_notification": "rso_breach_notification",
    "sfo_charged": "serious_further_offences",
    "level2_offenders_31mar": "level_2",
    "level3_offenders_31mar": "level_3",
    "shpo_imposed": "sexual_harm_prevention_orders",
    "notification_orders_imposed": "notification_orders",
    "foreign_travel_orders_imposed": "foreign_travel_orders",
    "returned_to_custody_breach_of_licence": "returns_to_custody",
}
# The national total of 2003/04 was the first counted in the community only.
NOT_COMPARABLE = {(stats.NATIONAL, 2003, "total_eligible")}
PUBLISHERS = {
    "www.dorsetecho.co.uk": "Dorset Echo",
    "www.bridportnews.co.uk": "Bridport News",
    "www.yumpu.com": "Dorset MAPPA annual report 2014/15 (copy on Yumpu)",
    "bournemouthecho.co.uk": "Bournemouth Echo",
    "touch.policeoracle.com": "Police Oracle",
    "www.thestar.co.uk": "The Star, Sheffield",
    "www.justiceinspectorates.gov.uk": "HM Inspectorate of Probation",
    "www.wakefieldexpress.co.uk": "Wakefield Express",
    "www.workwithoffenders.co.uk": "Work with Offenders",
    "www.shropshirestar.com": "Shropshire Star",
    "www.russellwebster.com": "Russell Webster",
    "www.dailymail.co.uk": "Daily Mail (Press Association)",
    "careappointments.com": "Care Appointments",
    "www.standard.co.uk": "Evening Standard",
    "api.parliament.uk": "Hansard, written answer",
}
NOT_FOUND_NOTE = (
    "Not found in the public sources available: the Ministry of Justice's tables for this year "
    "could not be retrieved."
)


# -- figures from the data files -------------------------------------------------------------


def parse_value(text, note=""):
    """(value, qualifier) from the data: '>60000' is a lower bound, '~68000' or a note saying
    ROUNDED a rounded figure; 'NOT FOUND' or nothing is (None, exact)."""
    text = (text or "").strip().replace(",", "")
    if not text or text.upper() == "NOT FOUND":
        return None, stats.EXACT
    if text.startswith(">"):
        return Decimal(text[1:]), stats.AT_LEAST
    if text.startswith("~"):
        return Decimal(text[1:]), stats.ROUNDED
    return Decimal(text), stats.ROUNDED if "ROUNDED" in note else stats.EXACT


def years_of(label):
    """'2019/20' -> [2019]; a range '2018/19-2023/24' -> [2018, ..., 2023]."""
    first, _, last = label.partition("-")
    start = stats.parse_year_label(first)
    end = stats.parse_year_label(last) if last else start
    return list(range(start, end + 1))


def source_title(url):
    return PUBLISHERS.get(urlsplit(url).hostname or "", urlsplit(url).hostname or "") if url else ""


def read_figures():
    """{year: [ReportFigure kwargs]} for Dorset and England and Wales; a figure found wins
    over a "not found" row covering the same year."""
    figures = {}
    for filename, scope, names in (
        ("area_figures.csv", stats.AREA, AREA_METRICS),
        ("national_figures.csv", stats.NATIONAL, NATIONAL_METRICS),
    ):
        with (DATA / filename).open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row.get("area", AREA) != AREA or row["metric"] not in names:
                    continue
                value, qualifier = parse_value(row["value"], row["notes"])
                metric = names[row["metric"]]
                for year in years_of(row["year"]):
                    found = figures.setdefault(year, {})
                    if value is None and (scope, metric) in found:
                        continue
                    found[(scope, metric)] = {
                        "scope": scope,
                        "metric": metric,
                        "value": value,
                        "qualifier": qualifier,
                        "comparable": (scope, year, metric) not in NOT_COMPARABLE,
                        "source_title": source_title(row["source_url"]),
                        "source_url": row["source_url"],
                        "note": (row["notes"] if value is not None else NOT_FOUND_NOTE)[:300],
                    }
    return {year: list(found.values()) for year, found in figures.items()}


# -- the words (our own, for the demonstration) ----------------------------------------------

DEMO = (
    "<p><em>Demonstration text, written for this portal: these are not the words of the Dorset "
    "Strategic Management Board, its chair or its lay advisers.</em></p>"
)
COLLEGE_OF_POLICING = (
    "https://production.copweb.aws.college.police.uk/app/major-investigation-and-public-"
    "protection/managing-sexual-offenders-and-violent-offenders/court-orders-and-notices"
)
BOURNEMOUTH_ECHO = "https://bournemouthecho.co.uk/news/982137.sex-offenders-shock"


def basis(year):
    if year < 2004:
        return (
            "<p>MAPPA began in April 2001 under the Criminal Justice and Court Services Act "
            "2000. In Dorset the police and probation services lead the arrangements, working "
            "with other agencies to assess and manage the risk posed by sexual and violent "
            "offenders living in the county.</p>"
        )
    text = (
        "<p>Under sections 325 to 327 of the Criminal Justice Act 2003 the police, probation "
        "and prison services in Dorset, together the Responsible Authority, assess and manage "
        "the risk posed by sexual and violent offenders living in the county, and other "
        "agencies have a duty to co-operate with them.</p>"
    )
    if year == 2004:
        text += (
            "<p>This was the first year in which the prison service was part of the "
            "Responsible Authority: it joined the police and probation services in April "
            "2004.</p>"
        )
    return text


def foreword(year):
    label = stats.year_label(year)
    return (
        DEMO
        + basis(year)
        + (
            f"<p>This report describes how the agencies in Dorset worked together in {label} and "
            "gives the year's figures, with the figure for the whole of England and Wales beside "
            "each one. Where a figure was not published we say so rather than leave a gap that "
            "could be read as zero.</p>"
            "<p>Protecting the public is work that is never finished. I thank the staff of every "
            "agency for the care they bring to it.</p>"
            "<p>Chair of the Dorset MAPPA Strategic Management Board (a fictional foreword)</p>"
        )
    )


YEARS_WORK = {
    2002: (
        "<p>Agencies shared information about every offender who came under the arrangements "
        "and agreed a plan for each. The cases of highest risk were referred to a "
        "multi-agency public protection panel, where senior staff could commit the resources "
        "a plan needed.</p>"
    ),
    2003: (
        "<p>The board worked on making referrals to the multi-agency public protection panel "
        "consistent across the county, and on recording each meeting's decisions and the "
        "reasons for them.</p>"
    ),
    2004: (
        "<p>With the prison service now part of the Responsible Authority, the board worked "
        "with it on agreeing each offender's plan before release from custody.</p>"
    ),
    2005: (
        f'<p>Of the 526 MAPPA offenders the <a href="{BOURNEMOUTH_ECHO}">Bournemouth Echo</a> '
        "reported for Dorset in 2005/06, 28 needed high-level multi-agency management, at "
        "level 2 or level 3.</p>"
    ),
    2014: (
        "<p>The board looked at how lead agencies manage people at level 1, within their "
        "ordinary work and without formal MAPPA meetings.</p>"
        "<p>On 8 March 2015 the sexual harm prevention order and the sexual risk order replaced "
        "the sexual offences prevention order, the risk of sexual harm order and the foreign "
        f'travel order in England and Wales (<a href="{COLLEGE_OF_POLICING}">College of '
        "Policing</a>). The board made sure police and probation staff knew how to apply for "
        "the new orders.</p>"
    ),
    2018: (
        "<p>The board reviewed how quickly a case is referred to level 2 or level 3 when the "
        "risk an offender poses rises, and how the decision is recorded.</p>"
    ),
    2019: (
        "<p>The board worked with the duty-to-co-operate agencies on sharing information "
        "lawfully, and checked that each agency knew who its MAPPA point of contact was.</p>"
    ),
    2020: (
        "<p>Much of the year's work was done under the restrictions of the coronavirus "
        "pandemic. Level 2 and level 3 meetings were held by secure video call, and the board "
        "checked that no case waited longer for a meeting as a result.</p>"
    ),
    2021: (
        "<p>As restrictions eased the board reviewed which of the year's new ways of working "
        "to keep, and kept secure video calls for agencies that would otherwise travel far "
        "to a meeting.</p>"
    ),
}


def years_work(year):
    return YEARS_WORK[year] + (
        "<p>The year's figures, and the change on the year before wherever both years' "
        "figures were published, are in the tables and charts of this report.</p>"
    )


# What the lay advisers looked at each year (written for this demonstration).
LAY_ADVISERS_FOCUS = {
    2004: "how the board chose its first priorities, and how the new duty to co-operate would "
    "change who sits round the table",
    2005: "how level 2 and level 3 meetings decide what to share with a school, a landlord or "
    "an employer, and how that decision is written down",
    2014: "how lead agencies manage people at level 1, where no MAPPA meeting is held, and how "
    "a case is brought back to a meeting when the risk rises",
    2018: "how long it takes to refer a case to level 2 or level 3, and whether the reasons for "
    "the level chosen are recorded",
    2019: "whether each duty-to-co-operate agency knew its MAPPA point of contact, by ringing "
    "a sample of them",
    2020: "how meetings held by secure video call worked for the people taking part, and what "
    "was lost when nobody was in the same room",
    2021: "which of the pandemic's ways of working the agencies wanted to keep, and why",
}


def lay_advisers_view(year):
    if year < 2004:
        return ""
    focus = LAY_ADVISERS_FOCUS.get(year, "how the board knows that its plans work")
    return DEMO + (
        "<p>We are the board's two lay advisers, appointed under section 326 of the Criminal "
        "Justice Act 2003: members of the public, not professionals, who ask the questions a "
        "member of the public would ask.</p>"
        f"<p>In {stats.year_label(year)} we looked at {focus}. We found staff open to our "
        "questions and willing to explain their decisions in plain words.</p>"
    )


def serious_case_reviews(year):
    return (
        "<p>Risk can never be removed entirely. When an offender managed under MAPPA commits, "
        "or tries to commit, a serious further offence, the board decides against the criteria "
        "in the national MAPPA Guidance whether to hold a MAPPA Serious Case Review. A review "
        "asks whether each agency's policies, processes and actions were right, and where they "
        "could be better.</p>"
        "<p>This demonstration report does not say whether any review was held in "
        f"{stats.year_label(year)}: no such figure is given here.</p>"
    )


# The board's priorities for the year after each report (written for this demonstration).
BUSINESS_PLAN = {
    2002: [
        "Agree with every agency how a case is referred to a MAPPA meeting.",
        "Record the reasons for each level decision in the same way across the county.",
    ],
    2003: [
        "Bring the prison service into the board's work as part of the Responsible Authority.",
        "Prepare the agencies that will have a duty to co-operate for what it asks of them.",
    ],
    2004: [
        "Welcome the board's first lay advisers and give them the access they need.",
        "Write down with each duty-to-co-operate agency how it will take part.",
    ],
    2005: [
        "Audit a sample of level 2 and level 3 cases for how disclosure was considered.",
        "Train staff in the duty-to-co-operate agencies in what MAPPA asks of them.",
    ],
    2014: [
        "Make sure staff can apply for sexual harm prevention orders and sexual risk orders.",
        "Check, by auditing level 1 cases, that lead agencies review them often enough.",
    ],
    2018: [
        "Refer cases to level 2 or level 3 as soon as the risk rises, with the reason recorded.",
        "Hear from victims and their families how the arrangements affect them.",
    ],
    2019: [
        "Share information between agencies lawfully, promptly and with a record of why.",
        "Keep an up-to-date MAPPA point of contact in every agency.",
    ],
    2020: [
        "Keep every level 2 and level 3 meeting on time while meeting by secure video call.",
        "Check that information shared by video call is recorded as fully as in a room.",
    ],
    2021: [
        "Decide which ways of working from the pandemic to keep, and say why.",
        "Review how well the agencies' training covers what changed in the year.",
    ],
}


def business_plan(year):
    items = BUSINESS_PLAN.get(year, BUSINESS_PLAN[2019])
    return (
        f"<p>The board's priorities for {stats.year_label(year + 1)}, from its business plan "
        "(written for this demonstration):</p><ul>"
        + "".join(f"<li>{item}</li>" for item in items)
        + "</ul>"
    )


def as_edited(html):
    """The HTML as the editor stores it (with Draftail's block keys), so opening the report in
    the admin and saving it unchanged is no change."""
    if not html:
        return html
    converter = ContentstateConverter(NARRATIVE_FEATURES)
    return converter.to_database_format(converter.from_database_format(html))


def report_fields(year):
    label = stats.year_label(year)
    fields = {
        "title": f"Dorset MAPPA annual report {label}",
        "area": AREA,
        "year_start": year,
        "intro": (
            f"How the agencies in Dorset managed the risk posed by sexual and violent offenders "
            f"in {label}, with the year's figures. A demonstration report: its figures are real "
            "published figures, each with its source; its words were written for this portal."
        ),
        "chair_foreword": foreword(year),
        "years_work": years_work(year),
        "lay_advisers_view": lay_advisers_view(year),
        "serious_case_reviews": serious_case_reviews(year),
        "business_plan": business_plan(year),
        "search_description": f"Dorset MAPPA annual report for {label}: figures and the year's work.",
    }
    for name, _, _ in NARRATIVE:
        fields[name] = as_edited(fields[name])
    return fields


# -- going through the sign-off --------------------------------------------------------------


def slug_for(year):
    return f"dorset-{stats.year_label(year).replace('/', '-')}"


def go_live_time():
    """10am two weeks after the seed runs: far enough ahead to show the schedule waiting."""
    day = timezone.localdate() + SCHEDULE_AFTER
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def create_report(index, year, state, figures, contacts, users):
    """A report drafted by the editor and submitted; approved by the approver unless it is
    the one left waiting (a scheduled one goes live later, when the scheduler runs)."""
    editor, approver = users["editor"], users["approver"]
    # Created as the editor's draft, as the admin would: the log says who created it.
    page = AnnualReportPage(slug=slug_for(year), live=False, owner=editor, **report_fields(year))
    page.figures = [ReportFigure(**data) for data in figures.get(year, [])]
    if state == SCHEDULED:
        page.go_live_at = go_live_time()
    index.add_child(instance=page)
    page.contacts = contacts
    page.save_revision(user=editor)
    workflow_state = page.get_workflow().start(page, editor)
    if state == SUBMITTED:
        return page
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(
        task_state,
        approver,
        "approve",
        comment="Agreed by the board (a comment written for the demonstration).",
    )
    return page


def seed(context):
    home, users = context["home"], context["users"]
    index = ensure_page(
        home,
        AnnualReportIndexPage,
        "annual-reports",
        title="Annual reports",
        intro="Each year the Dorset MAPPA Strategic Management Board reports on how the "
        "agencies managed the risk posed by sexual and violent offenders, with the year's "
        "figures beside those for England and Wales.",
        show_in_menus=True,
        search_description="Dorset MAPPA annual reports: figures, trends and the board's work.",
    )
    contacts = [
        c for name, c in context.get("contacts", {}).items() if name == "MAPPA co-ordination unit"
    ]
    figures = read_figures()
    existing = set(AnnualReportPage.objects.child_of(index).values_list("slug", flat=True))
    for year, state in REPORTS:
        if slug_for(year) not in existing:
            create_report(index, year, state, figures, contacts, users)
    context["annual_report_index"] = index
