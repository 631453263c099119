"""Factories for every kind of portal data, so a test builds exactly what it asserts on.

Pages are built under a parent in one call, for example
`GuidancePageFactory(parent=GuidanceIndexPageFactory(parent=home))` or
`GuidancePageFactory(parent__parent=home)`. Publishing through `publish(page, ...)` goes through
Wagtail's revisions, so the signal handlers run as they do for the admin.
"""

import datetime
import itertools

import factory
import wagtail_factories
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import BaseViewRestriction, Page, PageViewRestriction
from wagtail.rich_text import RichText

from guidance.models import (
    MINOR,
    BriefingIndexPage,
    BriefingPage,
    GuidanceIndexPage,
    GuidancePage,
    GuidanceVersion,
)
from portal.accounts.models import PractitionerProfile
from portal.agencies.models import AgencyIndexPage, AgencyPage
from portal.core.models import Contact, GlossaryTerm, HomePage, StandardPage
from portal.core.setup import group_name, reader_roles
from training.models import ModuleAudience, ModulePage, TrainingIndexPage

_unique = itertools.count(1)


def unique(prefix):
    """A slug or name no other factory call has used in this test run."""
    return f"{prefix}-{next(_unique)}"


# -- content blocks --------------------------------------------------------------------------


def heading(text, anchor=""):
    return ("heading", {"text": text, "anchor": anchor})


def paragraph(html):
    return ("paragraph", RichText(html if html.startswith("<") else f"<p>{html}</p>"))


def guidance_section(heading_text, text, anchor="", callouts=(), steps=()):
    """One section of a guidance document, as GuidancePage.sections takes it."""
    return (
        "section",
        {
            "heading": heading_text,
            "anchor": anchor,
            "body": RichText(text if text.startswith("<") else f"<p>{text}</p>"),
            "callouts": [{"kind": kind, "text": note} for kind, note in callouts],
            "steps": list(steps),
        },
    )


def numbered_sections(count, text="Agencies share what they know about risk."):
    return [
        guidance_section(f"Part {n} of the guidance", f"{text} Paragraph {n}.")
        for n in range(1, count + 1)
    ]


def brief_parts(words_each=40):
    """Seven parts of a learning brief, each about words_each words long."""
    filler = " ".join(
        ["Agencies share information to manage risk together."] * max(1, words_each // 7)
    )
    return [
        ("part", {"heading": f"Part {n}", "text": RichText(f"<p>{filler}</p>")})
        for n in range(1, 8)
    ]


# -- people ----------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """A person; `role="practitioners"` (a key of settings.PORTAL_GROUPS) puts them in that group."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.LazyFunction(lambda: unique("person"))
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("a-long-test-passphrase")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=group_name(extracted)))


class AuthenticatorFactory(DjangoModelFactory):
    """A confirmed TOTP authenticator (django-otp), as enrolment leaves one."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator app"
    confirmed = True
    tolerance = 1


class PractitionerProfileFactory(DjangoModelFactory):
    class Meta:
        model = PractitionerProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory, role="practitioners")
    agency = None
    mappa_area = "Dorset"


# -- snippets --------------------------------------------------------------------------------


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    name = factory.LazyFunction(lambda: unique("MAPPA team"))
    organisation = "Example MAPPA area"
    email = "mappa@example.org"
    phone = "01632 960 000"
    hours = "Monday to Friday, 9am to 5pm"


class GlossaryTermFactory(DjangoModelFactory):
    class Meta:
        model = GlossaryTerm
        django_get_or_create = ("term",)

    term = factory.LazyFunction(lambda: unique("Term"))
    meaning = "What the term means."
    synonyms = ""


# -- pages -----------------------------------------------------------------------------------


class ParentOf(wagtail_factories.factories.ParentNodeFactory):
    """`parent__…` arguments build the parent with the factory of the page type that may hold
    this one (wagtail-factories would use the child's own factory), so
    `GuidancePageFactory(parent__parent=home)` makes a guidance index under home, then a document."""

    def __init__(self, factory_name):
        super().__init__()
        self.factory_name = factory_name

    def generate(self, step, params):
        if not params:
            return None
        return step.recurse(globals()[self.factory_name], params)


class PortalPageFactory(wagtail_factories.PageFactory):
    """A live page with a unique slug and an introduction; pass parent=…"""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Test page {n}")
    slug = factory.LazyFunction(lambda: unique("page"))
    intro = "A page made for a test."


class HomePageFactory(PortalPageFactory):
    class Meta:
        model = HomePage

    title = "MAPPA Portal"


class StandardPageFactory(PortalPageFactory):
    class Meta:
        model = StandardPage

    body = factory.LazyFunction(lambda: [heading("About this"), paragraph("Some words about it.")])


class AgencyIndexPageFactory(PortalPageFactory):
    class Meta:
        model = AgencyIndexPage

    title = "Agencies in MAPPA"


class AgencyPageFactory(PortalPageFactory):
    class Meta:
        model = AgencyPage

    parent = ParentOf("AgencyIndexPageFactory")
    title = factory.Sequence(lambda n: f"Agency {n}")
    short_name = factory.LazyAttribute(lambda page: page.title)
    kind = AgencyPage.DUTY_TO_COOPERATE
    statutory_basis = "<p>Section 325(3) of the Criminal Justice Act 2003.</p>"
    role_point_of_contact = "A named contact for other agencies."
    role_risk_advice = "Advice on the risk a particular offender poses."
    role_general_advice = "General advice about the agency's role."
    role_coordination = "Co-ordinating its work with other agencies."
    role_information_sharing = "Sharing information to protect the public."


class GuidanceIndexPageFactory(PortalPageFactory):
    class Meta:
        model = GuidanceIndexPage

    title = "Guidance"


class GuidancePageFactory(PortalPageFactory):
    """An unpublished guidance document: publish() it to record its first version."""

    class Meta:
        model = GuidancePage

    parent = ParentOf("GuidanceIndexPageFactory")
    title = factory.Sequence(lambda n: f"Test guidance {n}")
    live = False
    sections = factory.LazyFunction(lambda: numbered_sections(3))


class BriefingIndexPageFactory(PortalPageFactory):
    class Meta:
        model = BriefingIndexPage

    title = "7-minute learning briefs"


class BriefingPageFactory(PortalPageFactory):
    class Meta:
        model = BriefingPage

    parent = ParentOf("BriefingIndexPageFactory")
    title = factory.Sequence(lambda n: f"Test brief {n}")
    parts = factory.LazyFunction(brief_parts)


# -- actions on pages ------------------------------------------------------------------------


def publish(page, change_type=MINOR, note="", user=None, published_at=None, **changes):
    """Edit and publish through a revision, as the sign-off does; returns the page. For guidance
    the version it recorded is GuidanceVersion.objects.for_page(page).current()."""
    page = Page.objects.get(pk=page.pk).specific
    for name, value in changes.items():
        setattr(page, name, value)
    if isinstance(page, (GuidancePage, ModulePage)):
        page.change_type, page.change_note = change_type, note
    revision = page.save_revision(user=user)
    revision.publish(user=user)
    if published_at is not None and isinstance(page, GuidancePage):
        GuidanceVersion.objects.filter(revision=revision).update(published_at=published_at)
    return Page.objects.get(pk=page.pk).specific


def restrict(page, groups=None):
    """Make a page (and what is under it) readable only by the restricted-material readers."""
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=BaseViewRestriction.GROUPS
    )
    names = groups or [group_name(role) for role in reader_roles()]
    restriction.groups.set(Group.objects.filter(name__in=names))
    return restriction


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


# -- annual reports (portal.reports) ---------------------------------------------------------

from decimal import Decimal  # noqa: E402

from portal.reports import statistics as report_stats  # noqa: E402
from portal.reports.models import (  # noqa: E402
    AnnualReportIndexPage,
    AnnualReportPage,
    ReportFigure,
)


def figure(
    metric,
    value=None,
    scope="area",
    qualifier="exact",
    comparable=True,
    note="",
    source_url="https://example.org/mappa-annual-report",
    source_title="Test source",
):
    """One ReportFigure for a report's `figures`; value None is "not published"."""
    return ReportFigure(
        metric=metric,
        value=None if value is None else Decimal(str(value)),
        scope=scope,
        qualifier=qualifier,
        comparable=comparable,
        note=note,
        source_url=source_url if value is not None else "",
        source_title=source_title if value is not None else "",
    )


def national(metric, value=None, **kwargs):
    return figure(metric, value, scope="national", **kwargs)


def typical_figures():
    """A consistent year: categories and levels within the total, a rate, national beside."""
    return [
        figure("total_eligible", 1200),
        figure("category_1", 850),
        figure("category_2", 330),
        figure("category_3", 20),
        figure("level_1", 1150),
        figure("level_2", 45),
        figure("level_3", 5),
        figure("rso_rate_per_100k", 110),
        national("total_eligible", 85709),
        national("category_1", 62435),
        national("rso_rate_per_100k", 119),
    ]


class AnnualReportIndexPageFactory(PortalPageFactory):
    class Meta:
        model = AnnualReportIndexPage

    title = "Annual reports"


class AnnualReportPageFactory(PortalPageFactory):
    """An annual report with typical figures; pass figures=[figure(...), ...] for others, and
    live=False then publish(page) to give it a published revision as the sign-off would."""

    class Meta:
        model = AnnualReportPage

    parent = ParentOf("AnnualReportIndexPageFactory")
    area = "Avon and Somerset"
    year_start = factory.Sequence(lambda n: 2001 + n % 26)
    title = factory.LazyAttribute(
        lambda page: f"{page.area} MAPPA annual report {report_stats.year_label(page.year_start)}"
    )
    chair_foreword = "<p>A foreword written for a test.</p>"
    years_work = "<p>What the agencies did in the year, written for a test.</p>"
    figures = factory.LazyFunction(typical_figures)


# -- training (training/) --------------------------------------------------------------------


def lesson(heading_text, html="Agencies share what they know about risk.", anchor="", cites=()):
    """One lesson of a module; cites are GuidancePage objects or (page, section anchor) pairs."""
    citations = []
    for cite in cites:
        document, section = cite if isinstance(cite, tuple) else (cite, "")
        citations.append({"document": document, "section": section})
    return (
        "lesson",
        {
            "heading": heading_text,
            "anchor": anchor,
            "body": RichText(html if html.startswith("<") else f"<p>{html}</p>"),
            "cites": citations,
        },
    )


def question(text, options, explanation="Because the guidance says so."):
    """One question of a bank: options are (text, correct) pairs."""
    return (
        "question",
        {
            "question": text,
            "options": [{"text": option, "correct": correct} for option, correct in options],
            "explanation": explanation,
        },
    )


def question_bank(count, multiple_every=0):
    """count questions, each with one correct option 'Right n' among three (or two correct
    options, every multiple_every-th question)."""
    bank = []
    for n in range(1, count + 1):
        several = bool(multiple_every) and n % multiple_every == 0
        bank.append(
            question(
                f"Question {n}?",
                [
                    (f"Right {n}", True),
                    (f"Also right {n}" if several else f"Wrong {n}a", several),
                    (f"Wrong {n}b", False),
                ],
                explanation=f"Explanation {n}.",
            )
        )
    return bank


class TrainingIndexPageFactory(PortalPageFactory):
    class Meta:
        model = TrainingIndexPage

    title = "Training"
    slug = "training"


class ModulePageFactory(PortalPageFactory):
    """A live module with three lessons and a bank of six questions (five asked, pass mark 80%).
    Pass for_agencies=[agency, ...] (required) or audiences=[(agency, "recommended"), ...], and
    publish(page) to record its first version as the sign-off would."""

    class Meta:
        model = ModulePage
        skip_postgeneration_save = True

    parent = ParentOf("TrainingIndexPageFactory")
    title = factory.Sequence(lambda n: f"Test module {n}")
    learning_outcomes = "Name the three MAPPA categories.\nSay who leads at each level."
    estimated_minutes = 20
    lessons = factory.LazyFunction(
        lambda: [lesson("Who MAPPA is for"), lesson("The three levels"), lesson("Working together")]
    )
    questions = factory.LazyFunction(lambda: question_bank(6))
    questions_per_attempt = 5
    pass_mark = 80
    validity_months = 12

    @factory.post_generation
    def audiences(page, create, extracted, **kwargs):
        for agency, requirement in extracted or ():
            ModuleAudience.objects.create(module=page, agency=agency, requirement=requirement)

    @factory.post_generation
    def for_agencies(page, create, extracted, **kwargs):
        for agency in extracted or ():
            ModuleAudience.objects.create(module=page, agency=agency, requirement="required")


# -- training records (training/status.py, training/records.py) ------------------------------

import datetime as _datetime  # noqa: E402

from training.models import Attempt, Completion, ModuleVersion  # noqa: E402
from training.records import valid_until_for  # noqa: E402


def record_version(module, number, cited=None, change_type="major", published_at=None):
    """A ModuleVersion of module (the next sequence), learners seeing version `number`;
    cited is {GuidancePage or id: its major version when published}."""
    last = ModuleVersion.objects.filter(module_key=module.pk).order_by("-sequence").first()
    version = ModuleVersion.objects.create(
        module=module,
        module_key=module.pk,
        sequence=(last.sequence + 1) if last else 1,
        number=number,
        change_type=change_type if last else "major",
        title=module.title,
        published_at=published_at or timezone.now(),
        cited_guidance={
            str(getattr(doc, "pk", doc)): major for doc, major in (cited or {}).items()
        },
    )
    module.__dict__.pop("versions", None)
    return version


class AttemptFactory(DjangoModelFactory):
    """A finished, failed attempt at module by user (pass passed=True, or finished_at=None for
    one still open)."""

    class Meta:
        model = Attempt

    user = factory.SubFactory(UserFactory)
    module = factory.SubFactory(ModulePageFactory)
    module_key = factory.LazyAttribute(lambda a: a.module.pk)
    module_title = factory.LazyAttribute(lambda a: a.module.title)
    module_version = factory.LazyAttribute(lambda a: a.module.current_version or 1)
    pass_mark = 80
    questions = factory.LazyFunction(list)
    answers = factory.LazyFunction(dict)
    total = 5
    score = factory.LazyAttribute(lambda a: 5 if a.passed else 2)
    passed = False
    started_at = factory.LazyFunction(lambda: timezone.now() - _datetime.timedelta(minutes=20))
    finished_at = factory.LazyFunction(timezone.now)


class CompletionFactory(DjangoModelFactory):
    """A pass of module by user, completed now (or completed_at=…), valid for the module's
    validity period; its agency is the learner's profile agency."""

    class Meta:
        model = Completion

    user = factory.SubFactory(UserFactory)
    learner_name = factory.LazyAttribute(lambda c: c.user.get_full_name() if c.user else "")
    agency = factory.LazyAttribute(
        lambda c: getattr(getattr(c.user, "practitioner_profile", None), "agency", None)
    )
    module = factory.SubFactory(ModulePageFactory)
    module_key = factory.LazyAttribute(lambda c: c.module.pk)
    module_title = factory.LazyAttribute(lambda c: c.module.title)
    module_version = factory.LazyAttribute(lambda c: c.module.current_version or 1)
    completed_at = factory.LazyFunction(timezone.now)
    valid_until = factory.LazyAttribute(
        lambda c: valid_until_for(c.completed_at, c.module.validity_months)
    )
    attempt = factory.LazyAttribute(
        lambda c: (
            AttemptFactory(
                user=c.user,
                module=c.module,
                module_version=c.module_version,
                passed=True,
                finished_at=c.completed_at,
                started_at=c.completed_at - _datetime.timedelta(minutes=20),
            )
            if c.user is not None
            else None
        )
    )


def learner(agency, **kwargs):
    """A practitioner of agency (their profile says so)."""
    return PractitionerProfileFactory(
        user=UserFactory(role="practitioners", **kwargs), agency=agency
    ).user
