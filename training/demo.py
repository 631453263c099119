"""Demo training modules, written for the demonstration in our own words from MAPPA's basics.

Three modules under /training/: MAPPA essentials (categories, levels, the Responsible
Authority), the duty to co-operate, and sharing information and disclosure. Each has lessons
that cite the demo MAPPA Guidance's sections, a bank of questions (some with several right
answers) and the agencies it is for. Each is published through a revision, so its first
ModuleVersion exists; running the seed again changes nothing.

Sets context["training_index"] and context["training_modules"] = {slug: ModulePage}.
"""

from django.db import transaction

from wagtail.rich_text import RichText

from guidance.models import MAJOR
from portal.core.demo.seeding import _snapshot, ensure_page

from .models import RECOMMENDED, REQUIRED, ModuleAudience, ModulePage, TrainingIndexPage

RESPONSIBLE_AUTHORITY = ("police", "probation", "prison")


def lesson(heading, anchor, html, cites=()):
    return (
        "lesson",
        {
            "heading": heading,
            "anchor": anchor,
            "body": RichText(html),
            "cites": [{"document": document, "section": section} for document, section in cites],
        },
    )


def question(text, options, explanation):
    """options: (text, correct) pairs."""
    return (
        "question",
        {
            "question": text,
            "options": [{"text": t, "correct": correct} for t, correct in options],
            "explanation": explanation,
        },
    )


# -- MAPPA essentials --------------------------------------------------------------------------


def essentials_lessons(guidance):
    return [
        lesson(
            "What MAPPA is",
            "what-mappa-is",
            "<p>MAPPA, the Multi-Agency Public Protection Arrangements, are how agencies in each "
            "area of England and Wales work together to assess and manage the risk posed by "
            "sexual and violent offenders who live in the community.</p>"
            "<p>The arrangements began under the Criminal Justice and Court Services Act 2000. "
            "Their basis today is sections 325 to 327 of the Criminal Justice Act 2003.</p>"
            "<p>MAPPA is a way of working, not an organisation. It does not take over anyone's "
            "cases: each agency keeps its own responsibilities and does its own work, and MAPPA "
            "makes sure that work fits together.</p>",
            [(guidance, "introduction")],
        ),
        lesson(
            "Who MAPPA manages: the categories",
            "categories",
            "<p>An offender comes under MAPPA in one of three categories:</p>"
            "<ul><li><b>Category 1</b>: registered sexual offenders, who must tell the police "
            "where they live and other details (the notification requirements).</li>"
            "<li><b>Category 2</b>: violent offenders sentenced to 12 months or more in custody, "
            "and sexual offenders who are not on the register.</li>"
            "<li><b>Category 3</b>: other dangerous offenders, whose offending shows they can "
            "cause serious harm and who need active multi-agency management.</li></ul>"
            "<p>The category says why someone is eligible. It does not decide how closely they "
            "are managed: that is the level.</p>",
            [(guidance, "categories")],
        ),
        lesson(
            "How they are managed: the levels",
            "levels",
            "<ul><li><b>Level 1</b>: ordinary agency management. The lead agency manages the "
            "case in the usual way, sharing information with other agencies as needed, without "
            "regular multi-agency meetings.</li>"
            "<li><b>Level 2</b>: active multi-agency management. More than one agency is "
            "actively involved and they meet regularly to plan and review.</li>"
            "<li><b>Level 3</b>: as level 2, and senior people attend who can commit their "
            "agency's resources at short notice.</li></ul>"
            "<p>A case moves up or down as the risk changes.</p>",
            [(guidance, "levels")],
        ),
        lesson(
            "Who is responsible",
            "responsible-authority",
            "<p>The police, probation and prison services together are the Responsible "
            "Authority in each area. They must make the arrangements and keep them under "
            "review.</p>"
            "<p>Other agencies, such as children's and adults' social care, housing, education, "
            "health bodies and Jobcentre Plus, have a duty to co-operate with them: the next "
            "module explains what that means.</p>",
            [(guidance, "responsible-authority"), (guidance, "duty-to-co-operate")],
        ),
    ]


ESSENTIALS_QUESTIONS = [
    question(
        "Which agencies together make up the Responsible Authority?",
        [
            ("The police", True),
            ("The Probation Service", True),
            ("The Prison Service", True),
            ("Local authority children's services", False),
            ("The NHS", False),
        ],
        "The Responsible Authority is the police, probation and prison services together. "
        "Social care, health and the other agencies have a duty to co-operate with it.",
    ),
    question(
        "Which offenders are in category 1?",
        [
            ("Registered sexual offenders", True),
            ("Violent offenders sentenced to 12 months or more", False),
            ("Anyone released on licence", False),
        ],
        "Category 1 is registered sexual offenders: those subject to the notification "
        "requirements.",
    ),
    question(
        "A man is sentenced to 18 months in custody for a serious assault. Which category is he "
        "in when he is released?",
        [
            ("Category 2", True),
            ("Category 1", False),
            ("Category 3", False),
            ("None: he is not eligible for MAPPA", False),
        ],
        "A violent offender sentenced to 12 months or more in custody is in category 2.",
    ),
    question(
        "Which of these people are in category 2?",
        [
            ("A violent offender sentenced to two years in custody", True),
            ("A sexual offender who is not on the register", True),
            ("A registered sexual offender", False),
            ("Someone arrested but never charged", False),
        ],
        "Category 2 covers violent offenders sentenced to 12 months or more and sexual offenders "
        "not subject to notification. Registered sexual offenders are category 1.",
    ),
    question(
        "Who is category 3 for?",
        [
            (
                "Other offenders whose offending shows they can cause serious harm and who need "
                "multi-agency management",
                True,
            ),
            ("Anyone the police are worried about, convicted or not", False),
            ("Every offender on a community sentence", False),
        ],
        "Category 3 is for other dangerous offenders: a conviction that shows they can cause "
        "serious harm, and a need for active multi-agency management.",
    ),
    question(
        "What happens at level 1?",
        [
            (
                "The lead agency manages the case in the usual way, sharing information with "
                "others as needed",
                True,
            ),
            ("Senior managers meet every month to review the case", False),
            ("No agency manages the case", False),
        ],
        "Level 1 is ordinary agency management by the lead agency, without regular "
        "multi-agency meetings.",
    ),
    question(
        "What does level 3 add to level 2?",
        [
            ("Senior people attend who can commit their agency's resources", True),
            ("The case is handed to the Prison Service", False),
            ("Meetings stop and the case is reviewed once a year", False),
        ],
        "Level 3 is active multi-agency management as at level 2, with senior attendance so that "
        "extra resources can be committed quickly.",
    ),
    question(
        "What is the statutory basis of MAPPA today?",
        [
            ("Sections 325 to 327 of the Criminal Justice Act 2003", True),
            ("The Criminal Justice and Court Services Act 2000 alone", False),
            ("The Data Protection Act 2018", False),
        ],
        "MAPPA began under the Criminal Justice and Court Services Act 2000; sections 325 to 327 "
        "of the Criminal Justice Act 2003 are its basis now.",
    ),
    question(
        "Does MAPPA take over the management of an offender from the agencies?",
        [
            ("No: it is a set of arrangements, and each agency keeps its own duties", True),
            ("Yes, from the moment the offender is eligible", False),
            ("Yes, but only at level 3", False),
        ],
        "MAPPA is a way of working, not an organisation. Agencies keep their own "
        "responsibilities at every level.",
    ),
    question(
        "Which of these statements about levels are true?",
        [
            ("A case can move between levels as the risk changes", True),
            ("At level 2 several agencies are actively involved and meet regularly", True),
            ("Once a case is at level 3 it never moves down", False),
            ("The category decides the level", False),
        ],
        "Levels follow the risk and can go up or down. The category only says why someone is "
        "eligible for MAPPA.",
    ),
]


# -- The duty to co-operate --------------------------------------------------------------------


def duty_lessons(guidance):
    return [
        lesson(
            "Where the duty comes from",
            "where-the-duty-comes-from",
            "<p>Section 325(3) of the Criminal Justice Act 2003 puts a duty on a list of agencies "
            "to co-operate with the Responsible Authority (police, probation and prison "
            "services) in managing the risk posed by MAPPA offenders.</p>"
            "<p>Each agency co-operates as far as that fits with its own statutory functions. "
            "The duty runs both ways: the Responsible Authority co-operates with them too.</p>",
            [(guidance, "duty-to-co-operate")],
        ),
        lesson(
            "Who has the duty",
            "who-has-the-duty",
            "<p>The agencies with the duty include:</p>"
            "<ul><li>local authority children's and adults' social care</li>"
            "<li>local housing authorities and registered social landlords that provide "
            "accommodation to MAPPA offenders</li>"
            "<li>local education authorities</li>"
            "<li>health bodies, such as NHS trusts and integrated care boards</li>"
            "<li>Jobcentre Plus</li>"
            "<li>youth offending teams</li>"
            "<li>electronic monitoring providers</li></ul>",
            [(guidance, "duty-to-co-operate")],
        ),
        lesson(
            "What co-operating means",
            "what-co-operating-means",
            "<p>Co-operating means sharing relevant information, giving advice about your "
            "agency's services and what it can do, and taking part in MAPPA meetings when "
            "invited.</p>"
            "<p><b>Co-operation is not a transfer of responsibility.</b> The lead agency still "
            "manages the offender, and your agency keeps its own duties, such as safeguarding "
            "children or allocating housing.</p>",
            [(guidance, "duty-to-co-operate")],
        ),
        lesson(
            "Doing it well",
            "doing-it-well",
            "<ul><li>Know who your agency's MAPPA point of contact is.</li>"
            "<li>When invited to a meeting, attend or send someone who can speak and act for "
            "your agency.</li>"
            "<li>If you learn something that bears on risk, tell the lead agency straight "
            "away; do not wait for the next meeting.</li>"
            "<li>Do the actions given to your agency, and say when they are done.</li></ul>",
        ),
    ]


DUTY_QUESTIONS = [
    question(
        "Which provision puts the duty to co-operate into law?",
        [
            ("Section 325(3) of the Criminal Justice Act 2003", True),
            ("Section 47 of the Children Act 1989", False),
            ("The Criminal Justice and Court Services Act 2000, section 1", False),
        ],
        "The duty to co-operate is in section 325(3) of the Criminal Justice Act 2003.",
    ),
    question(
        "Which of these have the duty to co-operate?",
        [
            ("Youth offending teams", True),
            ("Jobcentre Plus", True),
            ("Electronic monitoring providers", True),
            ("The Probation Service", False),
            ("A local newspaper", False),
        ],
        "Youth offending teams, Jobcentre Plus and electronic monitoring providers are among the "
        "duty-to-co-operate agencies. Probation is part of the Responsible Authority.",
    ),
    question(
        "Does co-operating with MAPPA make your agency responsible for managing the offender?",
        [
            ("No: co-operation is not a transfer of responsibility", True),
            ("Yes, once your agency attends a meeting", False),
            ("Yes, at level 2 and level 3", False),
        ],
        "The lead agency keeps the management of the offender. Your agency keeps its own duties "
        "and works with the others.",
    ),
    question(
        "Which local authority services have the duty to co-operate?",
        [
            ("Children's social care", True),
            ("Housing", True),
            ("Education", True),
            ("Policing", False),
        ],
        "Social care, housing and education are local authority functions with the duty. "
        "Policing is the police's, part of the Responsible Authority.",
    ),
    question(
        "A housing officer learns that a MAPPA offender has moved in with a family with young "
        "children. What should they do?",
        [
            ("Tell the lead agency straight away", True),
            ("Wait for the next MAPPA meeting", False),
            ("Warn the neighbours", False),
        ],
        "Information that bears on risk goes to the lead agency at once. Telling anyone else is a "
        "disclosure decision for MAPPA, not for one officer alone.",
    ),
    question(
        "Your agency is invited to a level 2 meeting. What should it do?",
        [
            ("Attend, or send someone who can speak and act for the agency", True),
            ("Send apologies: the lead agency manages the case", False),
            ("Send its records and not attend", False),
        ],
        "Co-operation includes taking part in meetings, with someone who can commit the agency to "
        "actions.",
    ),
    question(
        "How far does the duty to co-operate go?",
        [
            ("As far as it fits with the agency's own statutory functions", True),
            ("It overrides every other duty the agency has", False),
            ("Only as far as the offender agrees", False),
        ],
        "Each agency co-operates so far as that is compatible with its own statutory functions.",
    ),
    question(
        "Which of these are ways a duty-to-co-operate agency co-operates?",
        [
            ("Sharing relevant information", True),
            ("Advising on what its services can do", True),
            ("Taking part in MAPPA meetings when invited", True),
            ("Supervising the offender's licence", False),
        ],
        "Sharing information, giving advice and taking part in meetings are co-operation. "
        "Supervising a licence stays with probation.",
    ),
    question(
        "Which health bodies have the duty to co-operate?",
        [
            ("NHS trusts and integrated care boards", True),
            ("Private gyms", False),
            ("Pharmacies' trade associations", False),
        ],
        "Health bodies such as NHS trusts and integrated care boards have the duty.",
    ),
]


# -- Sharing information and disclosure --------------------------------------------------------


def sharing_lessons(guidance):
    return [
        lesson(
            "Why and when to share",
            "why-and-when-to-share",
            "<p>Agencies share information under MAPPA to assess and manage risk. Before sharing, "
            "check three things every time: that sharing is <b>lawful</b>, that it is "
            "<b>necessary</b> to protect the public, and that it is <b>proportionate</b>: only "
            "what is needed, with those who need it.</p>"
            "<p>Data protection law does not stop lawful sharing to protect the public.</p>",
            [(guidance, "information-sharing")],
        ),
        lesson(
            "Recording your decisions",
            "recording-decisions",
            "<p>Record every decision about sharing, including a decision not to share: what "
            "was shared, with whom, when, why, and on what lawful basis.</p>"
            "<p>A record written at the time shows later what was known and why you decided as "
            "you did.</p>",
            [(guidance, "information-sharing")],
        ),
        lesson(
            "Disclosure to third parties",
            "disclosure",
            "<p>Sometimes people outside MAPPA need to know about an offender to protect "
            "themselves or others: a head teacher, an employer, a new partner. Telling them is "
            "a disclosure.</p>"
            "<p>At level 2 and level 3, disclosure is considered in every case, and the "
            "decision is recorded. Only what the person needs is disclosed, by the agency best "
            "placed to do it. The offender is usually told first, unless that would increase "
            "the risk.</p>",
            [(guidance, "information-sharing")],
        ),
        lesson(
            "Keeping information safe",
            "keeping-information-safe",
            "<p>Keep MAPPA information secure and share it only with people who need it. "
            "Information shared at a MAPPA meeting is used to protect the public and is not "
            "passed on without the chair's agreement.</p>",
            [(guidance, "information-sharing")],
        ),
    ]


SHARING_QUESTIONS = [
    question(
        "Which three tests must sharing information meet every time?",
        [
            ("Lawful, necessary and proportionate", True),
            ("Quick, cheap and convenient", False),
            ("Agreed by the offender, the victim and the press", False),
        ],
        "Sharing must be lawful, necessary and proportionate, and the decision recorded.",
    ),
    question(
        "What should the record of a decision to share include?",
        [
            ("What was shared", True),
            ("With whom it was shared", True),
            ("Why, and on what lawful basis", True),
            ("Your opinion of the offender's family", False),
        ],
        "A good record says what, with whom, when, why and on what lawful basis.",
    ),
    question(
        "At which levels is disclosure to third parties considered in every case?",
        [
            ("Level 2 and level 3", True),
            ("Level 1 only", False),
            ("Never: disclosure is not part of MAPPA", False),
        ],
        "At level 2 and level 3 meetings, disclosure is considered in every case and the "
        "decision recorded.",
    ),
    question(
        "You decide not to share a piece of information. Should you record that decision?",
        [
            ("Yes, with your reasons", True),
            ("No: only decisions to share are recorded", False),
        ],
        "Every decision is recorded, including a decision not to share.",
    ),
    question(
        "What does proportionate sharing mean?",
        [
            ("Sharing only what is needed, with those who need it", True),
            ("Sharing everything with every agency, to be safe", False),
            ("Sharing only when the offender agrees", False),
        ],
        "Proportionate means no more than is needed, and only with those who need it.",
    ),
    question(
        "Information was shared at a MAPPA meeting. Who may you pass it on to?",
        [
            ("Only as the chair has agreed, to protect the public", True),
            ("Anyone in your agency who asks", False),
            ("The press, if it is in the public interest", False),
        ],
        "Information shared at a meeting is used only to protect the public and is not passed on "
        "without the chair's agreement.",
    ),
    question(
        "Which of these could be a disclosure to a third party?",
        [
            ("Telling a head teacher about a risk to pupils", True),
            ("Telling an employer about relevant convictions", True),
            ("Posting about the offender on social media", False),
        ],
        "A disclosure tells a particular person what they need to protect themselves or others. "
        "Publishing information is never a MAPPA disclosure.",
    ),
    question(
        "Before a disclosure is made, the offender is usually:",
        [
            ("Told, unless telling them would increase the risk", True),
            ("Never told", False),
            ("Asked for permission, and the disclosure stops if they refuse", False),
        ],
        "The offender is usually told first, and may be given the chance to disclose themselves, "
        "unless that would increase the risk.",
    ),
    question(
        "Does data protection law stop agencies sharing information under MAPPA?",
        [
            ("No: it allows lawful sharing to protect the public", True),
            ("Yes: personal data may never be shared", False),
        ],
        "Data protection law sets the rules for sharing; it does not stop lawful, necessary and "
        "proportionate sharing to protect the public.",
    ),
]


DTC_AGENCIES = (
    "childrens-services",
    "adult-social-care",
    "health",
    "youth-justice",
    "housing",
    "registered-social-landlords",
    "jobcentre-plus",
    "electronic-monitoring",
    "education",
    "immigration",
)


# A module's second edition, published as a major change after its first: passes of the first
# edition then need a refresher, so the demo's records and report show what that looks like.
SECOND_EDITIONS = {
    "duty-to-co-operate": {
        "lesson": (
            "Agreeing how to co-operate",
            "agreeing-how-to-co-operate",
            "<p>The Criminal Justice Act 2003 asks the Responsible Authority and the agencies "
            "with the duty to draw up, together, a memorandum setting out the ways in which they "
            "are to co-operate.</p>"
            "<p>Read your agency's part of it before your first MAPPA meeting: it says who "
            "your agency's point of contact is and how information reaches the lead agency.</p>",
        ),
        "outcome": "Say what the memorandum between the agencies sets out.",
        "note": "A new lesson on the memorandum the agencies draw up on how they co-operate.",
    },
}


def with_second_edition(fields, edition, guidance):
    heading, anchor, html = edition["lesson"]
    cites = [(guidance, "duty-to-co-operate")] if guidance is not None else []
    return {
        **fields,
        "lessons": [*fields["lessons"], lesson(heading, anchor, html, cites)],
        "learning_outcomes": f"{fields['learning_outcomes']}\n{edition['outcome']}",
    }


def publish_second_edition(page, fields, edition, author=None, approver=None):
    """The second edition, as a major change through a revision: the version goes up by one."""
    page = ModulePage.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    page.change_type, page.change_note = MAJOR, edition["note"]
    page.save_revision(user=author).publish(user=approver)
    return ModulePage.objects.get(pk=page.pk)


def modules(guidance):
    """(slug, fields, [(agency slug, requirement)]) for each demo module."""
    return [
        (
            "mappa-essentials",
            {
                "title": "MAPPA essentials",
                "intro": "What MAPPA is, who it manages and how: the three categories, the "
                "three levels and the Responsible Authority.",
                "learning_outcomes": "Say what MAPPA is and what it is not.\n"
                "Name the three categories of MAPPA offender.\n"
                "Describe the three levels of management.\n"
                "Name the agencies of the Responsible Authority.",
                "estimated_minutes": 25,
                "lessons": essentials_lessons(guidance),
                "questions": ESSENTIALS_QUESTIONS,
                "questions_per_attempt": 6,
                "pass_mark": 80,
                "validity_months": 24,
            },
            [(slug, REQUIRED) for slug in RESPONSIBLE_AUTHORITY]
            + [(slug, RECOMMENDED) for slug in DTC_AGENCIES],
        ),
        (
            "duty-to-co-operate",
            {
                "title": "The duty to co-operate",
                "intro": "What the duty to co-operate asks of agencies outside the Responsible "
                "Authority, and what it does not.",
                "learning_outcomes": "Say where the duty to co-operate comes from.\n"
                "Name the agencies that have it.\n"
                "Explain why co-operation is not a transfer of responsibility.",
                "estimated_minutes": 20,
                "lessons": duty_lessons(guidance),
                "questions": DUTY_QUESTIONS,
                "questions_per_attempt": 5,
                "pass_mark": 80,
                "validity_months": 24,
            },
            [(slug, REQUIRED) for slug in DTC_AGENCIES]
            + [(slug, RECOMMENDED) for slug in RESPONSIBLE_AUTHORITY],
        ),
        (
            "information-sharing-and-disclosure",
            {
                "title": "Sharing information and disclosure",
                "intro": "When and how to share information under MAPPA, how to record the "
                "decision, and disclosure to people outside MAPPA.",
                "learning_outcomes": "Apply the tests of lawful, necessary and proportionate "
                "sharing.\n"
                "Record a decision to share or not to share.\n"
                "Say when disclosure to a third party is considered.",
                "estimated_minutes": 20,
                "lessons": sharing_lessons(guidance),
                "questions": SHARING_QUESTIONS,
                "questions_per_attempt": 5,
                "pass_mark": 80,
                "validity_months": 12,
            },
            [
                (slug, REQUIRED)
                for slug in (
                    *RESPONSIBLE_AUTHORITY,
                    "childrens-services",
                    "adult-social-care",
                    "health",
                )
            ]
            + [(slug, RECOMMENDED) for slug in ("housing", "youth-justice", "education")],
        ),
    ]


def _audience_rows(page):
    return sorted((a.agency_id, a.requirement) for a in page.audiences.all())


@transaction.atomic
def ensure_module(index, slug, fields, audiences, author=None, approver=None):
    """A module created, or brought up to date, and published through a revision (a minor
    change when it already exists); untouched when nothing differs."""
    wanted = sorted((agency.pk, requirement) for agency, requirement in audiences)
    page = ModulePage.objects.child_of(index).filter(slug=slug).first()
    if page is None:
        page = ModulePage(slug=slug, **fields)
    else:
        before = _snapshot(page, fields)
        for name, value in fields.items():
            setattr(page, name, value)
        if _snapshot(page, fields) == before and _audience_rows(page) == wanted and page.live:
            return page
        page.change_type, page.change_note = "minor", "Demo content brought up to date."
    page.audiences = [
        ModuleAudience(agency=agency, requirement=requirement) for agency, requirement in audiences
    ]
    if page.pk is None:
        index.add_child(instance=page)
    # Written by an editor, published by an approver, as the SMB sign-off would.
    page.save_revision(user=author).publish(user=approver)
    return ModulePage.objects.get(pk=page.pk)


def seed(context):
    home, users = context["home"], context.get("users", {})
    agencies = context.get("agencies", {})
    guidance = context.get("mappa_guidance")
    index = ensure_page(
        home,
        TrainingIndexPage,
        "training",
        title="Training",
        intro="Short modules for practitioners in every MAPPA agency in Dorset. Read the "
        "lessons, take the knowledge check and keep your certificate.",
        show_in_menus=True,
        search_description="MAPPA training modules with knowledge checks and certificates.",
    )
    context["training_index"] = index
    context["training_modules"] = {}
    for slug, fields, audience_slugs in modules(guidance):
        if guidance is None:  # the lessons cite the demo guidance; without it, cite nothing
            for _, value in fields["lessons"]:
                value["cites"] = []
        audiences = [(agencies[s], r) for s, r in audience_slugs if s in agencies]
        edition = SECOND_EDITIONS.get(slug)
        existing = ModulePage.objects.child_of(index).filter(slug=slug).first()
        if edition and existing is not None and (existing.current_version or 0) >= 2:
            fields = with_second_edition(fields, edition, guidance)  # kept as it is
            edition = None
        module = ensure_module(
            index,
            slug,
            fields,
            audiences,
            author=users.get("editor"),
            approver=users.get("approver"),
        )
        if edition and module.current_version == 1:
            module = publish_second_edition(
                module,
                with_second_edition(fields, edition, guidance),
                edition,
                author=users.get("editor"),
                approver=users.get("approver"),
            )
        context["training_modules"][slug] = module
    return index
