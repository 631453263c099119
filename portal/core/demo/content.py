"""Demo content for the home page, /about/, contacts and the glossary.

Written in our own words from the two source documents (the MAPPA overview and the
MAPPA 7-minute learning brief). Every figure, date and statutory reference is read from the facts
table (portal/core/facts.py, portal/core/data/facts.csv), which gives each one's public source.
"""

import csv
from pathlib import Path

from django.utils.text import capfirst

from wagtail.models import Page
from wagtail.rich_text import RichText

from portal.core.facts import fact as F
from portal.core.models import Contact, GlossaryTerm, HomePage, StandardPage
from portal.core.setup import SetupReport, ensure_home_page

from .seeding import ensure_object, ensure_page

GLOSSARY_CSV = Path(__file__).resolve().parent.parent / "data" / "glossary.csv"


def h(text, anchor=""):
    return ("heading", {"text": text, "anchor": anchor})


def p(html):
    return ("paragraph", RichText(html))


HOME_INTRO = (
    "How police, probation and prison services work with other agencies to manage the risk "
    "posed by sexual, violent and terrorist offenders living in the community, and so protect the public."
)

DEMONSTRATION_NOTICE = (
    "<p>This is a demonstration of a portal for one MAPPA area, with Dorset as its example. It is "
    "not the website of Dorset MAPPA or of its Strategic Management Board. Local contacts, "
    "procedures and timescales marked as examples are made up for the demonstration; the national "
    f'facts come from public sources. The statutory <a href="{F("statutory_guidance_url")}">MAPPA '
    "Guidance is on GOV.UK</a>.</p>"
)

ORIGINS = (
    f"MAPPA began in {F('first_statute_in_force')} under the {F('first_statute')}. Today "
    f"{F('current_sections')} of the {F('current_statute')} are its basis"
)

HOME_BODY = [
    ("warning", {"text": "This is a demonstration site, not the website of Dorset MAPPA."}),
    p(DEMONSTRATION_NOTICE),
    h("What this portal is for", "what-this-portal-is-for"),
    p(
        "<p>Practitioners from every agency in MAPPA come here for the current guidance, the "
        "learning briefs and the training they need. Members of the public can read what MAPPA is, "
        "which agencies take part and how well the arrangements are working, in the annual reports "
        "published by the Strategic Management Board.</p>"
        f"<p>{ORIGINS}.</p>"
    ),
    (
        "inset",
        {
            "text": RichText(
                f"<p>If you think someone is in immediate danger, call {F('emergency_phone')}. MAPPA does not "
                f"take reports from the public: contact the police on {F('police_non_emergency_phone')} or "
                "your local safeguarding team.</p>"
            )
        },
    ),
]

ABOUT_INTRO = (
    "MAPPA are the arrangements through which police, probation and prison services work with "
    "other agencies to assess and manage offenders who could cause serious harm."
)

ABOUT_BODY = [
    h("What MAPPA is", "what-mappa-is"),
    p(
        "<p>MAPPA stands for Multi-Agency Public Protection Arrangements. "
        f"{ORIGINS}: they require MAPPA in each of the {F('mappa_areas')} criminal justice areas of "
        "England and Wales. Each MAPPA area follows the boundary of a police force, except London, "
        f"where one MAPPA area covers two forces: {F('london_area_forces')}.</p>"
        "<p>MAPPA is not an organisation. It is a way of working that helps agencies carry out the "
        "duties they already have, together and consistently. Every agency keeps its own statutory "
        "responsibilities at all times: taking part in MAPPA adds to them and never replaces them.</p>"
    ),
    h("How MAPPA works", "how-mappa-works"),
    p(
        "<p>Every offender who is eligible for MAPPA is assessed for the risk of serious harm they "
        "pose. The agencies then agree a risk management plan that says what each of them will do "
        "to reduce that risk. Plans can include:</p>"
        "<ul><li>making sure the offender has suitable accommodation, which may mean living in "
        "probation-run Approved Premises after release;</li>"
        "<li>strict licence conditions, such as having no contact with a named person or keeping "
        "out of an exclusion zone;</li>"
        "<li>close supervision by a probation officer and by police public protection officers;</li>"
        "<li>accredited programmes and other interventions, such as drug and alcohol work, that "
        "address the causes of offending.</li></ul>"
    ),
    h("Who takes part", "who-takes-part"),
    p(
        "<p>Police, probation and prison services together form the <b>Responsible Authority</b> in "
        "each area. Under " + F("dtc_section") + " of the " + F("current_statute") + " other "
        "agencies have a <b>duty to co-operate</b> with them: children's services, "
        "adult social care, health bodies, youth offending teams, local housing authorities, "
        "Jobcentre Plus, registered social landlords and electronic monitoring providers among "
        'them. See <a href="/agencies/">the agency pages</a> for what each one does.</p>'
    ),
    h("The four categories of offender", "categories"),
    p(
        "<p>The Responsible Authority decides which category an offender falls into.</p>"
        f"<ol><li><b>Category 1: {F('category_1')}.</b> People who must notify the police "
        f"of their details under {F('notification_statute')}, often described as being "
        "on the sex offenders' register.</li>"
        f"<li><b>Category 2: {F('category_2')}.</b> Mainly people convicted of "
        f"violent offences and sentenced to {F('custody_threshold')} in custody, or detained in "
        f"hospital, who now live in the community. It also includes {F('category_2_unregistered')}."
        "</li>"
        f"<li><b>Category 3: {F('category_3')}.</b> People outside categories 1, 2 and 4 whose "
        "offending shows they can cause serious harm and who need multi-agency management at "
        "level 2 or 3.</li>"
        f"<li><b>Category 4: {F('category_4')}.</b> People subject to notification under the "
        f"{F('terrorism_notification_statute')}, people convicted of terrorism offences and "
        f"sentenced to {F('custody_threshold')}, and others assessed as a terrorist risk.</li></ol>"
    ),
    h("The three levels of management", "levels"),
    p(
        "<p>Each offender is managed at the lowest level that keeps the public safe.</p>"
        f"<ol><li><b>Level 1: {F('level_1')}.</b> The lead agency manages the risk with help from "
        "others, without formal multi-agency meetings, because it is confident its risk management "
        "plan is robust enough.</li>"
        f"<li><b>Level 2: {F('level_2')}.</b> Several agencies need to be actively involved, "
        "so they meet regularly to review the case.</li>"
        f"<li><b>Level 3: {F('level_3')}.</b> For high or very high risk. Senior people attend who "
        "can commit extra resources, such as surveillance or emergency accommodation. It can also "
        "be used where a case draws intense national media or public interest, or involves "
        "high-risk offenders in serious organised crime.</li></ol>"
    ),
    h("Sharing information", "information-sharing"),
    p(
        "<p>Agencies share information so they can assess risk together and agree how to manage it. "
        "They share everything relevant to protecting the public, while respecting the rights of the "
        "people the information is about. Every disclosure must be lawful, necessary and "
        "proportionate, and recorded with the reasons for it.</p>"
    ),
    (
        "warning",
        {
            "text": "Information shared at MAPPA meetings must only be used for public protection and must not be passed on without the agreement of the meeting chair."
        },
    ),
    h("The Strategic Management Board", "smb"),
    p(
        "<p>A Strategic Management Board (SMB) oversees MAPPA in each area. Its members are senior "
        "leaders from police, probation and the prison service, with senior representatives of the "
        f"duty-to-co-operate agencies and {F('lay_advisers_per_board')} lay advisers. The board puts "
        f'the national <a href="{F("statutory_guidance_url")}">MAPPA Guidance</a> into practice '
        "locally and is responsible for:</p>"
        "<ul><li>an annual business plan;</li>"
        "<li>producing and publishing the MAPPA annual report;</li>"
        "<li>links with the local safeguarding children partnerships (in England they replaced "
        f"Local Safeguarding Children Boards by {F('safeguarding_partnerships_since')}), the "
        "Safeguarding Adults Boards, community safety partnerships and the local criminal justice "
        "board;</li>"
        "<li>reviewing serious further offences and, where needed, holding "
        f"{F('serious_case_review_name')};</li>"
        "<li>measuring performance against the national key performance indicators;</li>"
        "<li>planning how MAPPA develops locally over the longer term;</li>"
        "<li>training for the agencies involved in MAPPA.</li></ul>"
    ),
    h("Lay advisers", "lay-advisers"),
    p(
        f"<p>{capfirst(F('lay_advisers_per_board'))} lay advisers sit on each board, appointed "
        f"under {F('lay_adviser_section')} of the {F('current_statute')}. They are members of the "
        "public, appointed to bring a local, independent view, to ask the questions a member of the "
        "public would ask, and to help the board explain its work to the community.</p>"
    ),
    h(F("serious_case_review_name"), "serious-case-reviews"),
    p(
        "<p>Risk can never be removed entirely. When an offender managed under MAPPA commits, or "
        "tries to commit, a serious further offence, the board decides, against the criteria in the "
        "national guidance, whether to hold a MAPPA Serious Case Review. It is not the same as the "
        "reviews that safeguarding partnerships and Safeguarding Adults Boards hold.</p>"
        "<p>The board sets the scope of the review and either carries it out or commissions an "
        "independent reviewer. A lay adviser takes part in every review to represent the public and "
        "to test its findings. The review asks whether each agency's policies, processes and actions "
        "were right, and the board then acts on what it learns.</p>"
    ),
]

CONTACTS = [
    {
        "name": "MAPPA co-ordination unit",
        "organisation": "Example contact, not a real service",
        "email": "mappa.coordination@example.org",
        "phone": "01632 960 100",
        "hours": "Example: weekdays, 9am to 5pm",
        "address": "",
    },
    {
        "name": "Adult safeguarding: Dorset Council area",
        "organisation": "Dorset Council",
        "email": "",
        "phone": F("dorset_adult_safeguarding_phone"),
        "hours": "Adult safeguarding concerns only, not MAPPA",
        "address": "",
    },
    {
        "name": "Adult safeguarding: BCP Council area",
        "organisation": "Bournemouth, Christchurch and Poole Council",
        "email": "",
        "phone": F("bcp_adult_safeguarding_phone"),
        "hours": "Adult safeguarding concerns only, not MAPPA",
        "address": "",
    },
]


def seed_contacts():
    return {
        c["name"]: ensure_object(
            Contact, {"name": c["name"]}, **{k: v for k, v in c.items() if k != "name"}
        )
        for c in CONTACTS
    }


def seed_glossary():
    with GLOSSARY_CSV.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            ensure_object(
                GlossaryTerm,
                {"term": row["term"].strip()},
                meaning=row["meaning"].strip(),
                synonyms=row["synonyms"].strip(),
            )


def seed_home():
    """The home page setup_portal made, with the demo's introduction and body."""
    home = ensure_home_page(SetupReport())
    return ensure_page(
        Page.get_first_root_node(),
        HomePage,
        home.slug,
        title="MAPPA Portal",
        intro=HOME_INTRO,
        body=HOME_BODY,
    )


def seed(context):
    context["contacts"] = seed_contacts()
    seed_glossary()
    home = seed_home()
    context["home"] = home
    context["about"] = ensure_page(
        home,
        StandardPage,
        "about",
        title="About MAPPA",
        intro=ABOUT_INTRO,
        body=ABOUT_BODY,
        show_in_menus=True,
        search_description="What MAPPA is, how it works, the four categories and three levels, information sharing, the SMB, lay advisers and serious case reviews.",
    )
