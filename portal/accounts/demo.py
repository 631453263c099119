"""Demo two-factor set-up, practitioner profiles and the restricted practitioner area.

Every demo account but `newstarter` gets the authenticator key published in CONTRACT.md, so
anyone trying the demo can compute codes (`oathtool --totp -b GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ`).
Idempotent like the other seeders: a second run changes nothing.
"""

import base64

from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)
from wagtail.rich_text import RichText

from portal.core.demo.seeding import ensure_object, ensure_page
from portal.core.models import StandardPage
from portal.core.setup import group_name, reader_roles

from .models import PractitionerProfile
from .otp import TOTP_NAME

DEMO_TOTP_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
DEMO_TOTP_HEX = base64.b32decode(DEMO_TOTP_BASE32).hex()

PROFILES = {
    # username: (agency slug, MAPPA area)
    "admin": (None, "Dorset"),
    "editor": ("probation", "Dorset"),
    "approver": ("police", "Dorset"),
    "practitioner": ("probation", "Dorset"),
    "lead": ("police", "Dorset"),
    "newstarter": ("probation", "Dorset"),
}


def h(text, anchor=""):
    return ("heading", {"text": text, "anchor": anchor})


def p(html):
    return ("paragraph", RichText(html))


def warning(text):
    return ("warning", {"text": text})


def inset(html):
    return ("inset", {"text": RichText(html)})


def details(summary, html):
    return ("details", {"summary": summary, "text": RichText(html)})


AREA_INTRO = (
    "Working material for practitioners in MAPPA agencies: how we handle minutes, when and how to "
    "escalate a case to level 3, and how to make a referral. Only people signed in with two factors "
    "can read it."
)


def area_body(document_id):
    return [
        h("What is here", "what-is-here"),
        p(
            "<p>These pages are for staff of the Responsible Authority and the duty-to-co-operate "
            "agencies who work on MAPPA cases in Dorset. They describe local practice. They do not "
            "replace the national MAPPA Guidance, which always takes precedence.</p>"
        ),
        inset(
            "<p>Everything in this section is restricted. Do not copy it into public documents, "
            "e-mails to people outside MAPPA agencies or shared drives without access control.</p>"
        ),
        h("Checklists to download", "downloads"),
        p(
            f'<p>The <a linktype="document" id="{document_id}">minutes handling checklist</a> is a '
            "one-page summary to keep beside you when you receive, store or share MAPPA minutes.</p>"
        ),
        warning(
            "Every view of this section is recorded with your name and the time, and the record "
            "is reviewed by the Strategic Management Board."
        ),
    ]


MINUTES_BODY = [
    h("Why minutes are handled differently", "why"),
    p(
        "<p>Minutes of level 2 and level 3 meetings record sensitive information about offenders, "
        "victims and sometimes members of the public. They are shared so that each agency can carry "
        "out the actions agreed, and for no other purpose. Handling them carelessly can put a victim "
        "at risk or undermine a risk management plan.</p>"
    ),
    h("Receiving minutes", "receiving"),
    p(
        "<ul><li>Minutes arrive by secure e-mail from the MAPPA co-ordination unit.</li>"
        "<li>Check the case reference and the list of actions for your agency as soon as they arrive, "
        "and tell the co-ordination unit straight away if anything is wrong.</li>"
        "<li>Minutes are marked OFFICIAL-SENSITIVE. Keep the marking on every copy.</li></ul>"
    ),
    h("Storing minutes", "storing"),
    p(
        "<p>Save minutes only in your agency's case record, in the place your agency has agreed for "
        "MAPPA material. Do not keep copies in personal folders, on removable media or in general "
        "team inboxes. Delete working copies once the minutes are filed.</p>"
    ),
    h("Sharing and disclosure", "disclosure"),
    p(
        "<p>You may share what is needed with colleagues in your own agency who are involved in the "
        "case. Anything beyond that is a disclosure and needs the agreement of the meeting chair:</p>"
        "<ol><li>Write down who you want to tell, what, and why it is needed to protect someone.</li>"
        "<li>Ask the chair, through the co-ordination unit, before you share anything.</li>"
        "<li>Record the decision and the reasons in the case record, whatever the outcome.</li></ol>"
        "<p>Requests from offenders or their solicitors for copies of minutes are subject access "
        "requests. Pass them to the co-ordination unit: do not answer them yourself.</p>"
    ),
    details(
        "If minutes are sent to the wrong person",
        "<p>Report it to your line manager and the co-ordination unit on the same day. Ask the person "
        "who received them to delete them and confirm that they have. Your agency's data protection "
        "officer decides whether the breach must be reported to the Information Commissioner.</p>",
    ),
]

LEVEL3_BODY = [
    h("When to consider level 3", "when"),
    p(
        "<p>Level 3 is for the few cases where the risk of serious harm is imminent or very high, or "
        "where managing the case needs resources that only senior managers can commit, or where the "
        "case attracts intense media or public interest. Most cases are managed well at level 1 or "
        "level 2.</p>"
    ),
    h("Before you ask for level 3", "before"),
    p(
        "<ul><li>The current risk assessment (OASys, ARMS or the agency's own) is up to date and "
        "shows why the risk has changed.</li>"
        "<li>The level 2 plan has been reviewed and you can say what it cannot achieve.</li>"
        "<li>You know which extra resources are needed: for example Approved Premises, police "
        "surveillance, emergency housing or specialist health input.</li>"
        "<li>Your line manager agrees that the case should be escalated.</li></ul>"
    ),
    h("Making the request", "request"),
    p(
        "<ol><li>Complete the national referral form (MAPPA A, in the MAPPA document set) and ask for level 3. Explain in plain words what has "
        "changed and what could happen if nothing is done.</li>"
        "<li>Send it to the MAPPA co-ordination unit, who will arrange a meeting, sooner if the risk "
        "is imminent.</li>"
        "<li>Tell the agencies already involved that you have asked for level 3.</li></ol>"
    ),
    warning(
        "If the risk is immediate, do not wait for a meeting: call the police on 999 and follow your "
        "own agency's emergency procedures."
    ),
    h("After the meeting", "after"),
    p(
        "<p>The level 3 chair reviews the case regularly. Once the extra resources "
        "are no longer needed, the chair agrees a plan to return the case to level 2.</p>"
    ),
    inset(
        "<p>Example: in this demonstration the co-ordination unit arranges a level 3 meeting within "
        "five working days and the chair reviews the case every eight weeks. These timescales are "
        "made up for the demonstration; no source gives them.</p>"
    ),
]

REFERRAL_BODY = [
    h("Who can refer", "who"),
    p(
        "<p>Any Responsible Authority or duty-to-co-operate agency can refer an offender for "
        "management at level 2 or level 3. The lead agency, usually probation or the police, "
        "normally makes the referral. Other agencies should talk to the lead agency first.</p>"
    ),
    h("What the referral must say", "contents"),
    p(
        "<ul><li>The offender's MAPPA category and the offences that make them eligible.</li>"
        "<li>The current risk of serious harm, to whom, and what makes it more or less likely.</li>"
        "<li>What has been tried at level 1 and why multi-agency management is now needed.</li>"
        "<li>Known victims, and any children or adults at risk, with the safeguarding steps "
        "already taken.</li>"
        "<li>Dates that matter, such as a release date or the end of a licence.</li></ul>"
    ),
    h("Timescales", "timescales"),
    p(
        "<p>For an offender in custody, refer in good time before the expected release date so "
        "that a plan is ready. For an offender in the community, refer as soon as you "
        "decide that level 1 management is no longer enough.</p>"
    ),
    inset(
        "<p>Example: in this demonstration referrals for people in custody are made six months "
        "before release, and the co-ordination unit checks a referral within two working days. "
        "These timescales are made up for the demonstration; no source gives them.</p>"
    ),
    details(
        "What happens next",
        "<p>The co-ordination unit checks the referral and screens it with "
        "the Responsible Authority. If it is accepted, the first meeting is booked and the agencies "
        "invited. If not, you are told why and can ask for the decision to be reviewed.</p>",
    ),
]

CHECKLIST_TEXT = """MAPPA MINUTES HANDLING CHECKLIST (Dorset MAPPA, demo)
OFFICIAL-SENSITIVE when completed

Receiving
[ ] Minutes came by secure e-mail from the MAPPA co-ordination unit
[ ] Case reference and my agency's actions checked on the day they arrived
[ ] Errors reported to the co-ordination unit

Storing
[ ] Saved only in my agency's case record, in the agreed MAPPA location
[ ] No copies in personal folders, removable media or team inboxes
[ ] Working copies deleted once filed

Sharing
[ ] Shared only with colleagues in my agency who work on the case
[ ] Any other disclosure agreed by the meeting chair first
[ ] Decision and reasons recorded in the case record

If something goes wrong
[ ] Line manager and co-ordination unit told the same day
[ ] Recipient asked to delete, and deletion confirmed
[ ] Data protection officer informed
"""


def seed_authenticators(users):
    """The contract's demo key for every account but newstarter, who sets one up themselves."""
    for username, user in users.items():
        if username == "newstarter":
            continue
        existing = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if existing is None:
            TOTPDevice.objects.create(
                user=user,
                name=TOTP_NAME,
                key=DEMO_TOTP_HEX,
                digits=6,
                step=30,
                tolerance=1,
                confirmed=True,
            )
        else:
            ensure_object(TOTPDevice, {"pk": existing.pk}, key=DEMO_TOTP_HEX, digits=6, step=30)


def seed_profiles(users, agencies):
    for username, (agency_slug, area) in PROFILES.items():
        user = users.get(username)
        if user is None:
            continue
        ensure_object(
            PractitionerProfile,
            {"user": user},
            agency=agencies.get(agency_slug) if agency_slug else None,
            mappa_area=area,
        )


def _set_groups(restriction, groups):
    if set(restriction.groups.values_list("pk", flat=True)) != {g.pk for g in groups}:
        restriction.groups.set(groups)


def seed_restricted_collection(readers):
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name="Practitioners only").first()
    if collection is None:
        collection = root.add_child(instance=Collection(name="Practitioners only"))
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=BaseViewRestriction.GROUPS
        )
    _set_groups(restriction, readers)
    Document = get_document_model()
    title = "MAPPA minutes handling checklist"
    document = Document.objects.filter(collection=collection, title=title).first()
    if document is None:
        document = Document(title=title, collection=collection)
        document.file.save(
            "mappa-minutes-handling-checklist.txt", ContentFile(CHECKLIST_TEXT.encode()), save=False
        )
        document._set_document_file_metadata()
        document.save()
    return collection, document


def seed_practitioner_area(home, readers, document):
    area = ensure_page(
        home,
        StandardPage,
        "practitioners",
        title="Practitioner area",
        intro=AREA_INTRO,
        body=area_body(document.pk),
        show_in_menus=True,
    )
    restriction = PageViewRestriction.objects.filter(page=area).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(
            page=area, restriction_type=BaseViewRestriction.GROUPS
        )
    _set_groups(restriction, readers)
    children = [
        (
            "mappa-minutes",
            "Handling and disclosing MAPPA minutes",
            "How to receive, store and share the minutes of level 2 and 3 meetings, and what to do if "
            "they go to the wrong person.",
            MINUTES_BODY,
        ),
        (
            "level-3-escalation",
            "Level 3 escalation checklist",
            "What to check before asking for enhanced multi-agency management, and how to make the "
            "request.",
            LEVEL3_BODY,
        ),
        (
            "making-a-referral",
            "Making a MAPPA referral",
            "Who can refer an offender for level 2 or 3 management, what the referral must say and "
            "when to send it.",
            REFERRAL_BODY,
        ),
    ]
    for slug, title, intro, body in children:
        ensure_page(area, StandardPage, slug, title=title, intro=intro, body=body)
    return area


def seed(context):
    users = context["users"]
    seed_authenticators(users)
    seed_profiles(users, context.get("agencies", {}))
    readers = list(
        Group.objects.filter(name__in=[group_name(role) for role in reader_roles()]).order_by(
            "name"
        )
    )
    _, document = seed_restricted_collection(readers)
    context["restricted_document"] = document
    context["practitioner_area"] = seed_practitioner_area(context["home"], readers, document)
