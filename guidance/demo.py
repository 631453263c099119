"""Demo guidance and learning briefs, written in our own words from the two seed documents.

The MAPPA Guidance document is published as seven versions whose labels and dates follow the
national guidance's real history; each date comes from the facts table (portal/core/facts.py),
which gives its public source:

* The portal's history starts at "MAPPA Guidance 2012 version 4.5" (July 2019): earlier editions
  (2003 to 2012, versions 2.0 to 4.0) have only a year, and versions 4.1 to 4.4 were never
  located, so none of them is invented here.
* From August 2021 the national guidance carries no version number. Each version is labelled as
  its source labels it ("updated August 2021", "updated" and the day of a later update); the portal still keeps
  its own major.minor sequence behind the labels (5.0, 5.1, 6.0, 7.0, 7.1, 8.0).
* A date given only as a month is taken as the 1st of that month.
* Change notes say only what the sources say changed; where they do not say, the note says only
  that the document was updated, and when. That the May 2022 edition brought Category 4 is an
  inference (the Police, Crime, Sentencing and Courts Act 2022 changed MAPPA for terrorist-risk
  offenders), so its note does not claim it, though its sections show four categories.

Running the seed again publishes only versions that are missing, so a second run writes nothing.
"""

import datetime

from django.utils import timezone

from wagtail.rich_text import RichText

from portal.core.demo.seeding import ensure_page
from portal.core.facts import fact as F

from .models import MAJOR, MINOR, BriefingIndexPage, BriefingPage, GuidanceIndexPage, GuidancePage
from .versioning import historical_publication


def day(text):
    """Noon, London time, on a YYYY-MM-DD date: a publication time safely inside that day."""
    date = datetime.date.fromisoformat(text)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(12, 0)))


def section(heading, anchor, body, callouts=(), steps=()):
    return (
        "section",
        {
            "heading": heading,
            "anchor": anchor,
            "body": RichText(body),
            "callouts": [{"kind": kind, "text": text} for kind, text in callouts],
            "steps": list(steps),
        },
    )


# --- MAPPA Guidance: the sections as they stood in each version ---------------------------------

INTRODUCTION = (
    "<p>MAPPA, the Multi-Agency Public Protection Arrangements, are how police, probation and prison "
    "services work with other agencies to assess and manage the risk posed by sexual and violent "
    "offenders living in the community, so that the public is protected.</p>"
    "<p>MAPPA is not a statutory body. It is a way for agencies to carry out the duties they already "
    "have, together and consistently. Every agency keeps its own statutory responsibilities at all "
    "times.</p>"
)
INTRODUCTION_2021 = INTRODUCTION.replace(
    "sexual and violent offenders", "sexual, violent and terrorist offenders"
)

RESPONSIBLE_AUTHORITY = (
    f"<p>MAPPA began in {F('first_statute_in_force')} under the {F('first_statute')}; "
    f"{F('current_sections')} of the {F('current_statute')} are its basis today.</p>"
    f"<p>In each of the {F('mappa_areas')} MAPPA areas of England and Wales, the police, the "
    "probation service and the prison service together form the Responsible Authority. MAPPA areas "
    "follow police force boundaries, except London, where one MAPPA area covers "
    f"{F('london_area_forces')}.</p>"
    "<p>The Responsible Authority decides which category an offender belongs to and makes sure each "
    "one is assessed and managed at the right level. Usually the agency managing the offender at the "
    "time, most often probation or the police, is the lead agency and calls any MAPPA meeting.</p>"
)

DUTY_TO_COOPERATE = (
    f"<p>Under {F('dtc_section')} of the {F('current_statute')}, other agencies have a duty to "
    "co-operate with the Responsible Authority, as far as that fits "
    "with their own functions: children's services, adult social care, health bodies, youth offending "
    "teams, local housing authorities, Jobcentre Plus, registered social landlords and electronic "
    "monitoring providers.</p>"
    "<p>Their part is to strengthen MAPPA: to help the Responsible Authority reach defensible "
    "decisions and to support resettlement and rehabilitation, which reduce both the risk of harm "
    "and the risk of reoffending.</p>"
)
DTC_ROLES = [
    "Provide a point of contact for other agencies.",
    "Give advice about the risk assessment and management of a particular offender.",
    "Give general advice about the agency's role and services.",
    "Co-ordinate its approach with the other agencies.",
    "Share information to protect the public.",
]

CATEGORIES_3 = (
    "<p>The Responsible Authority decides which category an offender falls into.</p>"
    f"<ul><li><b>Category 1: {F('category_1')}</b>, who must notify the police under "
    f"{F('notification_statute')}.</li>"
    f"<li><b>Category 2: {F('category_2')}</b>, mainly people convicted of "
    f"violent offences and sentenced to {F('custody_threshold')} in custody, or detained in "
    f"hospital; it also includes {F('category_2_unregistered')}.</li>"
    f"<li><b>Category 3: {F('category_3')}</b>, who do not meet the other categories but whose "
    "offending shows they can cause serious harm and who need multi-agency management at level 2 or 3."
    "</li></ul>"
)
CATEGORIES_4 = (
    CATEGORIES_3.replace("do not meet the other categories", "do not meet categories 1, 2 or 4")
    .replace(
        "</li></ul>",
        f"</li><li><b>Category 4: {F('category_4')}</b>: people subject to notification under the "
        f"{F('terrorism_notification_statute')}, people convicted of terrorism offences and sentenced "
        f"to {F('custody_threshold')}, and others identified as radicalised or a potential terrorist "
        "risk.</li></ul>",
    )
    .replace("decides which category", "decides which of the four categories")
)

# The level 3 criteria for media or public interest and organised crime are in every version: no
# source dates them, and none says they were new in 2024.
LEVELS = (
    "<p>Each offender is managed at the lowest level that keeps the public safe.</p>"
    f"<ul><li><b>Level 1, {F('level_1')}:</b> the lead agency manages the risk with help from "
    "others, without formal meetings, because its risk management plan is robust enough.</li>"
    f"<li><b>Level 2, {F('level_2')}:</b> several agencies need to be actively involved and "
    "meet regularly about the case.</li>"
    f"<li><b>Level 3, {F('level_3')}:</b> for high or very high risk. Senior people "
    "attend who can commit extra resources, such as surveillance or emergency accommodation. Level 3 "
    "can also be used where a case draws intense national media or public interest, or involves "
    "high-risk offenders in serious organised crime.</li></ul>"
)

# "Lawful, necessary and proportionate" is in every version: no source says it was new in 2023.
INFORMATION_SHARING = (
    "<p>Agencies share information so that they can assess risk together and agree how to manage it. "
    "They share everything relevant to protecting the public while respecting the rights of the "
    "people the information is about.</p>"
    "<p>Before sharing, establish that sharing is lawful, necessary and proportionate, and record "
    "what was shared, with whom and why.</p>"
)

SMB = (
    "<p>A Strategic Management Board oversees MAPPA in each area. Its members are senior leaders from "
    "police, probation and the prison service with senior representatives of the duty-to-co-operate "
    f"agencies, and {F('lay_advisers_per_board')} lay advisers, appointed under "
    f"{F('lay_adviser_section')} of the {F('current_statute')}, who bring the view of the public.</p>"
    "<p>The board puts this guidance into practice locally. It produces a business plan and the MAPPA "
    "annual report, links with the SAFEGUARDING and community safety partnerships, measures "
    "performance against the national indicators, plans how MAPPA develops and makes sure the agencies "
    "are trained.</p>"
)
# Local Safeguarding Children Boards gave way to safeguarding partnerships in England by
# September 2019, after the July 2019 version.
SMB_2019 = SMB.replace("SAFEGUARDING", "safeguarding children and adults boards")
SMB_2021 = SMB.replace(
    "SAFEGUARDING",
    "safeguarding children partnerships (which replaced Local Safeguarding Children "
    f"Boards in England by {F('safeguarding_partnerships_since')}), the Safeguarding Adults Boards",
)

SERIOUS_CASE_REVIEWS = (
    "<p>Risk can never be removed entirely. When an offender managed under MAPPA commits, or tries to "
    "commit, a serious further offence, the board decides against the national criteria whether to "
    f"hold one of the {F('serious_case_review_name')}.</p>"
    "<p>The review asks whether each agency's policies, processes and actions were right and where "
    "they could be better. The board sets its scope, then carries it out or commissions an independent "
    "reviewer.</p>"
)
SCR_STEPS = [
    "The lead agency tells the MAPPA co-ordinator about the serious further offence.",
    "The board decides, against the national criteria, whether a review is needed.",
    "The board sets the scope and appoints the reviewer and a lay adviser.",
    "The board agrees an action plan and checks that it is carried out.",
]

TERRORISM_2019 = (
    "<p>Terrorist and domestic extremist offenders are managed through MAPPA where they meet the "
    "criteria of categories 1 to 3. Counter-terrorism police and specialist probation staff advise "
    "the meeting.</p>"
)
TERRORISM_2022 = (
    "<p>Offenders who pose a terrorist risk are managed through MAPPA, most of them as Category 4. "
    "Counter-terrorism police and specialist probation staff lead on these cases.</p>"
)
TERRORISM_2023_09 = TERRORISM_2022 + (
    "<p>Some cases are managed by counter-terrorism (CT) MAPPA and others by local MAPPA; the Lead "
    f"Agency decides which ({F('guidance_2023_09_paragraph')} of the national guidance).</p>"
)

ARMED_FORCES = (
    "<p>Members of the armed forces who are MAPPA offenders, or who are convicted by a service court, "
    "are managed with the Service Police and the Ministry of Defence, which may share information "
    "and attend meetings.</p>"
)


def guidance_sections(version):
    """The document's sections as they stood at a given version number."""
    v = tuple(int(x) for x in version.split("."))
    items = [
        section("Introduction", "introduction", INTRODUCTION if v < (5, 0) else INTRODUCTION_2021),
        section("The Responsible Authority", "responsible-authority", RESPONSIBLE_AUTHORITY),
        section(
            "Duty-to-co-operate agencies",
            "duty-to-co-operate",
            DUTY_TO_COOPERATE,
            steps=DTC_ROLES,
        ),
        section(
            "Categories of offender",
            "categories",
            CATEGORIES_3 if v < (6, 0) else CATEGORIES_4,
        ),
        section("Levels of management", "levels", LEVELS),
        section(
            "Sharing information",
            "information-sharing",
            INFORMATION_SHARING,
            callouts=[
                (
                    "warning",
                    "Information shared at a MAPPA meeting is used only to protect the "
                    "public and is not passed on without the agreement of the chair.",
                )
            ],
        ),
        section(
            # Renamed in 2021; its anchor stays, so old links still land here.
            "Terrorist and domestic extremist offenders"
            if v < (5, 0)
            else "Managing terrorism and extremism",
            "terrorism",
            TERRORISM_2019 if v < (6, 0) else TERRORISM_2022 if v < (7, 1) else TERRORISM_2023_09,
        ),
    ]
    if v >= (5, 0):
        items.append(section("Members of the armed forces", "armed-forces", ARMED_FORCES))
    items += [
        section(
            "The Strategic Management Board",
            "strategic-management-board",
            SMB_2019 if v < (5, 0) else SMB_2021,
        ),
        section(
            F("serious_case_review_name"),
            "serious-case-reviews",
            SERIOUS_CASE_REVIEWS,
            callouts=[
                (
                    "note",
                    "A lay adviser takes part in every MAPPA serious case review, to "
                    "represent the public and test the findings.",
                )
            ],
            steps=SCR_STEPS,
        ),
    ]
    return items


MAPPA_GUIDANCE_VERSIONS = [
    # number, date, major/minor, change note (only what the sources say), title, label
    (
        "4.5",
        "2019-07-01",
        MAJOR,
        f"{F('guidance_2012_label')}, updated {F('guidance_2012_v45_date')}: the first edition kept "
        "on this portal.",
        "MAPPA Guidance 2012",
        F("guidance_2012_label"),
    ),
    (
        "5.0",
        "2021-08-01",
        MAJOR,
        f"Updated {F('guidance_2021_08_date')}. The year and version number are dropped from the "
        "title, the terrorism chapter is renamed 'Managing terrorism and extremism', and a new chapter "
        "covers members of the armed forces.",
        "MAPPA Guidance",
        f"updated {F('guidance_2021_08_date')}",
    ),
    (
        "5.1",
        "2021-11-24",
        MINOR,
        f"Updated on GOV.UK on {F('guidance_2021_11_date')}.",
        "MAPPA Guidance",
        f"updated {F('guidance_2021_11_date')}",
    ),
    (
        "6.0",
        "2022-09-01",
        MAJOR,
        f"Updated: dated {F('guidance_2022_dated')}, published on GOV.UK on "
        f"{F('guidance_2022_published')}.",
        "MAPPA Guidance",
        f"dated {F('guidance_2022_dated')}, published {F('guidance_2022_published')}",
    ),
    (
        "7.0",
        "2023-03-01",
        MAJOR,
        f"Updated {F('guidance_2023_03_date')}: issued by the Secretary of State for Justice under the "
        f"{F('current_statute')}.",
        "MAPPA Guidance",
        f"updated {F('guidance_2023_03_date')}",
    ),
    (
        "7.1",
        "2023-09-13",
        MINOR,
        f"Updated {F('guidance_2023_09_date')}: minor changes to chapter 24, with a new "
        f"{F('guidance_2023_09_paragraph')} on counter-terrorism (CT) MAPPA and local MAPPA.",
        "MAPPA Guidance",
        f"updated {F('guidance_2023_09_date')}",
    ),
    (
        "8.0",
        "2024-08-01",
        MAJOR,
        f"Updated {F('guidance_2024_08_date')}.",
        "MAPPA Guidance",
        f"updated {F('guidance_2024_08_date')}",
    ),
]

MAPPA_GUIDANCE_INTRO = (
    "A summary, for this demonstration, of the statutory guidance on how the Responsible Authority "
    "and the duty-to-co-operate agencies identify, assess and manage MAPPA offenders. The guidance "
    "itself is published on GOV.UK."
)
MAPPA_GUIDANCE_SOURCE = section(
    "The statutory guidance",
    "statutory-guidance",
    "<p>The MAPPA Guidance is issued by the Secretary of State for Justice under the "
    f'{F("current_statute")}. Read it on GOV.UK: <a href="{F("statutory_guidance_url")}">MAPPA '
    "Guidance</a>.</p>",
)

# Two local documents that show withdrawal and replacement.
REFERRAL_SECTIONS = [
    section(
        "Making a referral",
        "making-a-referral",
        "<p>Referrals to level 2 or 3 were made on the local form to the MAPPA co-ordination unit.</p>",
        callouts=[
            (
                "note",
                "Example: this local procedure and its form are made up for the "
                "demonstration; no source gives a local referral deadline.",
            )
        ],
        steps=[
            "Complete the local referral form.",
            "Send it to the MAPPA co-ordination unit.",
            "The co-ordinator confirms the meeting date.",
        ],
    ),
    section(
        "Who can refer",
        "who-can-refer",
        "<p>Any Responsible Authority agency could refer; duty-to-co-operate agencies referred "
        "through the lead agency.</p>",
    ),
]
REMOTE_MEETING_SECTIONS = [
    section(
        "Remote meetings",
        "remote-meetings",
        "<p>While the temporary arrangements lasted, level 2 and 3 meetings could be held by secure "
        "video call, with the chair confirming who was present at the start.</p>",
        callouts=[
            ("warning", "Nobody else may be able to see or hear the meeting where you join it.")
        ],
    ),
    section(
        "Minutes",
        "minutes",
        "<p>Minutes were circulated by secure email.</p>",
        callouts=[
            (
                "note",
                "Example: these interim arrangements are made up for the "
                "demonstration; no source gives a deadline for minutes.",
            )
        ],
    ),
]


def _publish(page, number, when, users):
    with historical_publication(number, day(when)):
        revision = page.save_revision(user=users.get("editor"))
        revision.publish(user=users.get("approver"))


def ensure_document(parent, slug, versions, users):
    """A guidance document with each (number, date, fields) version published once, in order."""
    page = GuidancePage.objects.child_of(parent).filter(slug=slug).first()
    recorded = set()
    if page is not None:
        recorded = {v.number for v in page.guidance_versions.defer("content")}
    for number, when, fields in versions:
        fields = dict(fields)
        if number in recorded:
            continue
        agencies = fields.pop("agencies", None)
        if page is None:
            page = GuidancePage(slug=slug, **fields)
            parent.add_child(instance=page)
        else:
            page = GuidancePage.objects.get(pk=page.pk)
            for name, value in fields.items():
                setattr(page, name, value)
        if agencies is not None:
            page.agencies = agencies
        _publish(page, number, when, users)
    return page


def seed_guidance(context):
    home, users = context["home"], context.get("users", {})
    agencies = list(context.get("agencies", {}).values())
    index = ensure_page(
        home,
        GuidanceIndexPage,
        "guidance",
        title="Guidance",
        intro="The guidance MAPPA agencies in the demonstration area work to, with every published "
        "version, what changed and when.",
        show_in_menus=True,
        search_description="MAPPA guidance documents, their version history and change notes.",
    )
    owner = users.get("editor")
    mappa = ensure_document(
        index,
        "mappa-guidance",
        [
            (
                number,
                when,
                {
                    "title": title,
                    "intro": MAPPA_GUIDANCE_INTRO,
                    "sections": [*guidance_sections(number), MAPPA_GUIDANCE_SOURCE],
                    "change_type": change_type,
                    "change_note": note,
                    "version_label": label,
                    "content_owner": owner,
                    "review_by": datetime.date(2025, 8, 1),
                    "agencies": agencies,
                },
            )
            for number, when, change_type, note, title, label in MAPPA_GUIDANCE_VERSIONS
        ],
        users,
    )
    ensure_document(
        index,
        "mappa-referral-procedure",
        [
            (
                "1.0",
                "2019-04-01",
                {
                    "title": "Dorset MAPPA referral procedure",
                    "sections": REFERRAL_SECTIONS,
                    "intro": "How to refer a case to a level 2 or level 3 MAPPA meeting in Dorset.",
                    "change_type": MAJOR,
                    "change_note": "First published.",
                    "review_by": datetime.date(2021, 4, 1),
                },
            ),
            (
                "1.1",
                "2021-08-02",
                {
                    "change_type": MINOR,
                    "status": GuidancePage.SUPERSEDED,
                    "superseded_by": mappa,
                    "status_date": datetime.date(2021, 8, 2),
                    "status_reason": "Referrals now follow the national MAPPA Guidance and the MAPPA document set.",
                    "change_note": "Marked as superseded by the MAPPA Guidance.",
                },
            ),
        ],
        users,
    )
    ensure_document(
        index,
        "remote-mappa-meetings",
        [
            (
                "1.0",
                "2020-04-01",
                {
                    "title": "Interim arrangements for remote MAPPA meetings",
                    "sections": REMOTE_MEETING_SECTIONS,
                    "intro": "Temporary arrangements for holding MAPPA meetings by secure video call.",
                    "change_type": MAJOR,
                    "change_note": "First published.",
                    "review_by": datetime.date(2020, 10, 1),
                },
            ),
            (
                "1.1",
                "2022-04-01",
                {
                    "change_type": MINOR,
                    "status": GuidancePage.WITHDRAWN,
                    "status_date": datetime.date(2022, 4, 1),
                    "status_reason": "The temporary arrangements have ended. Meetings follow the MAPPA Guidance; "
                    "chairs may still allow an agency to join by secure video call.",
                    "change_note": "Withdrawn: the temporary arrangements have ended.",
                },
            ),
        ],
        users,
    )
    context["guidance_index"] = index
    context["mappa_guidance"] = mappa


# --- 7-minute learning briefs ------------------------------------------------------------------


def part(heading, html):
    return ("part", {"heading": heading, "text": RichText(html)})


MAPPA_BRIEF_PARTS = [
    part(
        "Background",
        "<p>The Multi-Agency Public Protection Arrangements are the statutory framework through which "
        "the police, probation and prison services, the Responsible Authorities, work with other "
        "agencies to assess and manage people convicted of serious violent, sexual and terrorism "
        "offences who live in the community.</p>"
        f"<p>MAPPA began in {F('first_statute_in_force')} under the {F('first_statute')}; "
        f"{F('current_sections')} of the {F('current_statute')} are its basis today. They make sure "
        "information is shared, with third parties when needed, and risk is assessed and managed "
        "jointly.</p>",
    ),
    part(
        "Why it matters",
        "<p>Children's services, adult social care, the NHS, youth offending teams, housing "
        "authorities and providers, and DWP and Jobcentres have a duty to co-operate with the "
        "Responsible Authorities. Each of them sees parts of an offender's life, such as education, "
        "work, housing and care, that the others do not.</p>"
        "<p>MAPPA brings that knowledge together at the moments that matter: release from prison, a "
        "move into the area, or a disclosure of abuse or offending.</p>",
    ),
    part(
        "The four categories",
        "<ul><li><b>Category 1:</b> registered sexual offenders, who must notify the police of their "
        f"details under {F('notification_statute')}.</li>"
        f"<li><b>Category 2:</b> violent offenders sentenced to {F('custody_threshold')} in custody or "
        "detained in hospital, and other sexual offenders, including some not on the register.</li>"
        "<li><b>Category 3:</b> other people whose offending shows they can cause serious harm and who "
        "need management at level 2 or 3.</li>"
        "<li><b>Category 4:</b> terrorist offenders, including those subject to notification under the "
        f"{F('terrorism_notification_statute')}.</li></ul>",
    ),
    part(
        "The three levels",
        f"<ul><li><b>Level 1, {F('level_1')}:</b> the lead agency manages the case with help from "
        "others and no formal meetings.</li>"
        f"<li><b>Level 2, {F('level_2')}:</b> several agencies are actively involved and meet "
        "regularly.</li>"
        "<li><b>Level 3, enhanced management:</b> high or very high risk, or intense public interest; "
        "senior staff attend who can commit extra resources such as surveillance or emergency "
        "accommodation.</li></ul>",
    ),
    part(
        "Sharing information",
        "<p>Share all relevant information so that public protection is not compromised, while "
        "respecting the rights of the people it is about. Every time, establish that sharing is "
        "lawful, necessary and proportionate, and record your decision.</p>",
    ),
    part(
        "Things to remember",
        "<ul><li>MAPPA is a way of working, not an organisation: your agency keeps its own duties.</li>"
        "<li>The lead agency, usually probation or police, calls MAPPA meetings.</li>"
        "<li>Meetings share information, assess risk to children, adults and the community, agree "
        "action plans, decide on continued management, and review progress.</li></ul>",
    ),
    part(
        "What to do",
        "<ul><li>If you hold information about a MAPPA offender that bears on risk, tell the lead "
        "agency now; do not wait for a meeting.</li>"
        "<li>If you are invited to a MAPPA meeting, attend or send someone who can speak and act for "
        "your agency.</li>"
        f"<li>If someone is in immediate danger, call {F('emergency_phone')}.</li></ul>",
    ),
]
MAPPA_BRIEF_QUESTIONS = [
    ("question", "What are your key thoughts after this briefing?"),
    ("question", "How will you and your team use this learning in your day-to-day practice?"),
    ("question", "What should change in your team's plans or procedures as a result?"),
]

SCR_BRIEF_PARTS = [
    part(
        "Background",
        "<p>Risk can never be removed entirely. Sometimes an offender managed under MAPPA commits, or "
        "tries to commit, a serious further offence. When that happens the Strategic Management Board "
        "considers a MAPPA Serious Case Review.</p>",
    ),
    part(
        "Why it matters",
        "<p>A review asks whether the policies, processes and actions of every agency were right, and "
        "where they could be better. Its learning protects the next victim, not just the last one.</p>",
    ),
    part(
        "Deciding to review",
        "<p>The board decides against the criteria in the national MAPPA Guidance whether a review is "
        "warranted, and sets its remit.</p>",
    ),
    part(
        "Who carries it out",
        "<p>The board either carries out the review itself or commissions a qualified independent "
        "reviewer. A MAPPA lay adviser takes part in every review to represent the public and test "
        "the findings.</p>",
    ),
    part(
        "What agencies provide",
        "<p>Each agency involved provides a chronology of its contact with the offender and an honest "
        "account of its decisions, and makes staff available to the reviewer.</p>",
    ),
    part(
        "Things to remember",
        "<ul><li>A review is about learning, not blame.</li>"
        "<li>Records made at the time are the best evidence of what was known and why decisions were "
        "taken: write them as if a reviewer will read them.</li></ul>",
    ),
    part(
        "What to do",
        "<ul><li>Tell your MAPPA lead at once if an offender you manage is charged with a serious "
        "further offence.</li>"
        "<li>Keep your records complete and do not alter them after the event.</li>"
        "<li>Put the review's actions for your agency into your team's plan and check they are done."
        "</li></ul>",
    ),
]
SCR_BRIEF_QUESTIONS = [
    (
        "question",
        "Would your records show a reviewer what you knew and why you decided as you did?",
    ),
    ("question", "Who in your team tells the MAPPA lead about a serious further offence?"),
    ("question", "Which learning from past reviews has your team put into practice?"),
]


def link(page, title=""):
    return ("link", {"page": page, "url": "", "title": title})


def ensure_agencies(page, agencies):
    """Set the agencies a brief is for, publishing only if they differ."""
    if set(page.agencies.values_list("pk", flat=True)) != {a.pk for a in agencies}:
        page.agencies = agencies
        page.save_revision().publish()


def seed_briefs(context):
    home = context["home"]
    contacts = context.get("contacts", {})
    agencies = context.get("agencies", {})
    index = ensure_page(
        home,
        BriefingIndexPage,
        "briefings",
        title="7-minute learning briefs",
        intro="Short briefings for team meetings: seven parts, read in under seven minutes, with "
        "questions to discuss.",
        show_in_menus=True,
        search_description="7-minute learning briefs on MAPPA for team meetings.",
    )
    contact_blocks = [
        ("contact", contacts[name])
        for name in (
            "Adult safeguarding: Dorset Council area",
            "Adult safeguarding: BCP Council area",
            "MAPPA co-ordination unit",
        )
        if name in contacts
    ]
    related = [link(context["mappa_guidance"])] if context.get("mappa_guidance") else []
    statutory = (
        "link",
        {
            "page": None,
            "url": F("statutory_guidance_url"),
            "title": "The statutory MAPPA Guidance on GOV.UK",
        },
    )
    mappa_related = [*related, statutory]
    if context.get("about"):
        mappa_related.append(link(context["about"], "About MAPPA"))
    mappa_brief = ensure_page(
        index,
        BriefingPage,
        "mappa",
        title="MAPPA: Multi-Agency Public Protection Arrangements",
        intro="What MAPPA is, who takes part, the four categories and three levels, and what you "
        "should do.",
        parts=MAPPA_BRIEF_PARTS,
        reflection_questions=MAPPA_BRIEF_QUESTIONS,
        related_guidance=mappa_related,
        contacts=contact_blocks,
    )
    ensure_agencies(mappa_brief, list(agencies.values()))
    scr_brief = ensure_page(
        index,
        BriefingPage,
        "mappa-serious-case-reviews",
        title=F("serious_case_review_name"),
        intro="What happens when an offender managed under MAPPA commits a serious further offence, "
        "and what your agency must do.",
        parts=SCR_BRIEF_PARTS,
        reflection_questions=SCR_BRIEF_QUESTIONS,
        related_guidance=[*related, statutory],
        contacts=contact_blocks[2:],
    )
    ensure_agencies(
        scr_brief, [a for slug, a in agencies.items() if slug in ("police", "probation", "prison")]
    )
    context["briefing_index"] = index


def seed(context):
    seed_guidance(context)
    seed_briefs(context)
