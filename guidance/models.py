"""Versioned guidance documents and 7-minute learning briefs.

Every publication of a guidance document is recorded as a GuidanceVersion (see versioning.py
and signal_handlers.py); past versions are rendered from the stored revision, never copied pages.
"""

import dataclasses
import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.core.models import BasePage, SpecificChildRouteMixin

from . import reading_time
from . import sections as section_utils
from .blocks import (
    BRIEFING_CONTACT_BLOCKS,
    BRIEFING_LINK_BLOCKS,
    QUESTION_BLOCKS,
    BriefingPartBlock,
    SectionBlock,
)
from .serializers import ReplacementField, VersionListField

MAJOR, MINOR = "major", "minor"
CHANGE_TYPE_CHOICES = [
    (MINOR, "Minor change: typing errors, broken links, formatting. A change note is optional."),
    (MAJOR, "Major change: anything that changes what practitioners must do. Needs a change note."),
]


NEEDS_CHANGE_TYPE = (
    "Choose the type of change: minor for typing errors, links or formatting; major for "
    "anything that changes what practitioners must do."
)
WITHDRAWN_NEEDS_REINSTATING = (
    "This document has been withdrawn, so it cannot get a new major version. If it should be in "
    "force again, reinstate it first (the Reinstate this document action, which asks why), then "
    "publish the major change."
)
REINSTATE_NOT_BY_EDITING = (
    "A withdrawn document comes back into force only by reinstating it (the Reinstate this "
    "document action, which records why). Set the status back to withdrawn to save this edit."
)
NEEDS_CHANGE_NOTE = (
    "A major change needs a change note: say in a sentence or two what changed and why. If you "
    "only fixed typing errors or links, choose 'Minor change'."
)


def label_slug(label):
    """A version label as it appears in a versions/<label-slug>/ address."""
    from django.utils.text import slugify

    return slugify(label or "")


class GuidanceVersionQuerySet(models.QuerySet):
    """The small query API over versions (after djangoproject.com's docs releases)."""

    def for_page(self, page):
        return self.filter(document_id=page.pk)

    def published(self):
        """Versions of documents the public site still serves (live, not deleted)."""
        return self.filter(page__live=True)

    def majors(self):
        return self.filter(change_type=MAJOR)

    def newest_first(self):
        return self.order_by("-sequence")

    def oldest_first(self):
        return self.order_by("sequence")

    def current(self):
        """The latest version, or None."""
        return self.order_by("-sequence").first()

    def with_latest(self):
        """Each version with its document's latest sequence and number beside it, so a past
        version's page knows the current one without a second query (see `latest`)."""
        latest = GuidanceVersion.objects.filter(document_id=OuterRef("document_id")).order_by(
            "-sequence"
        )
        return self.annotate(
            latest_sequence=Subquery(latest.values("sequence")[:1]),
            latest_major=Subquery(latest.values("major")[:1]),
            latest_minor=Subquery(latest.values("minor")[:1]),
            latest_label=Subquery(latest.values("label")[:1]),
        )

    def in_force_on(self, date):
        """The version in force on a calendar day (Europe/London): the last one published by
        the end of that day, or None if the document did not exist yet."""
        end_of_day = timezone.make_aware(
            datetime.datetime.combine(date + datetime.timedelta(days=1), datetime.time.min)
        )
        return (
            self.filter(published_at__lt=end_of_day).order_by("-published_at", "-sequence").first()
        )

    def by_number(self, number):
        """The version numbered 'major.minor', such as '4.5'; raises DoesNotExist."""
        from .versioning import parse_number

        try:
            major, minor = parse_number(number)
        except ValueError as e:
            raise self.model.DoesNotExist(f"{number!r} is not a version number") from e
        return self.get(major=major, minor=minor)


class GuidanceVersion(models.Model):
    """One publication of a guidance document, kept for ever.

    Survives unpublishing, deletion of the page (page becomes NULL; title, address and a frozen
    copy of the content stay) and purging of old revisions (revision becomes NULL).
    """

    page = models.ForeignKey(
        "guidance.GuidancePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guidance_versions",
    )
    document_id = models.PositiveIntegerField(
        db_index=True, help_text="The page's id, kept when the page is deleted"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sequence = models.PositiveIntegerField(help_text="1 for the first publication, then 2, 3…")
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    change_type = models.CharField(max_length=5, choices=[(MAJOR, "Major"), (MINOR, "Minor")])
    change_note = models.TextField(blank=True)
    label = models.CharField(
        max_length=100,
        blank=True,
        help_text="How the publication names this version, such as 'updated 13 September 2023'; "
        "blank: the portal's own number ('version 4.6')",
    )
    published_at = models.DateTimeField(db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by_name = models.CharField(max_length=150, blank=True)
    title = models.CharField(max_length=255, help_text="The document's title in this version")
    url_path = models.CharField(max_length=500, blank=True, help_text="Where the document was")
    content = models.JSONField(
        encoder=DjangoJSONEncoder, help_text="Frozen copy of the published revision's content"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = GuidanceVersionQuerySet.as_manager()

    class Meta:
        ordering = ["document_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_id", "sequence"], name="guidance_version_sequence"
            ),
            models.UniqueConstraint(
                fields=["document_id", "major", "minor"], name="guidance_version_number"
            ),
        ]
        indexes = [models.Index(fields=["change_type", "published_at"])]

    def __str__(self):
        return f"{self.title}, {self.name}"

    @property
    def number(self):
        return f"{self.major}.{self.minor}"

    @property
    def name(self):
        """What readers call this version: its label, or 'version 4.5' when it has none."""
        return self.label or f"version {self.number}"

    @property
    def label_slug(self):
        """The label as an address part ('updated-13-september-2023'), or '' without a label."""
        return label_slug(self.label)

    @property
    def is_major(self):
        return self.change_type == MAJOR

    @property
    def path(self):
        """The version's address below its document, such as 'versions/3/' (GuidancePage's
        route named "version")."""
        return GuidancePage.get_resolver().reverse("version", self.sequence)

    @property
    def latest(self):
        """The document's current version as far as a page about this one needs it (sequence and
        number), from the annotations of GuidanceVersionQuerySet.with_latest."""
        if self.latest_sequence == self.sequence:
            return self
        return LatestVersion(
            self.latest_sequence,
            f"{self.latest_major}.{self.latest_minor}",
            self.latest_label or "",
        )


@dataclasses.dataclass(frozen=True)
class LatestVersion:
    sequence: int
    number: str
    label: str = ""

    @property
    def name(self):
        return self.label or f"version {self.number}"


class GuidanceIndexPage(SpecificChildRouteMixin, BasePage):
    """/guidance/: the guidance documents in force, and the feed of major changes."""

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["guidance.GuidancePage"]
    max_count = 1

    class Meta:
        verbose_name = "guidance index page"

    def child_model(self):
        return GuidancePage

    def get_context(self, request, *args, **kwargs):
        from .versioning import ended_documents, listed_documents

        context = super().get_context(request, *args, **kwargs)
        context["documents"] = listed_documents(request, self)
        context["ended_documents"] = ended_documents(request, self)
        return context


class GuidancePageForm(WagtailAdminPageForm):
    """Starts each round of edits with an empty change note, so one note is never reused, and
    asks for the note of a major change when publishing or submitting, not on every draft save
    (so autosave keeps working while the editor writes)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if not self.is_bound and page.pk and page.live and not page.has_unpublished_changes:
            self.initial["change_type"] = ""
            self.initial["change_note"] = ""
            self.initial["version_label"] = ""
        # The editor must choose: no radio is ticked and there is no blank "---------" choice;
        # GuidancePage.clean() refuses to publish without a choice, a draft may wait for one.
        if "change_type" in self.fields:
            self.fields["change_type"].choices = CHANGE_TYPE_CHOICES
            self.fields["change_type"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if not self.is_deferred_validation:
            # Publishing or submitting: the edit must say what kind of change it is.
            edit = self.instance
            edit.change_type = cleaned_data.get("change_type", "")
            edit.change_note = cleaned_data.get("change_note", "")
            edit.version_label = cleaned_data.get("version_label", "")
            edit.status = cleaned_data.get("status", edit.status)
            for name, message in edit.publication_problem_fields():
                if name not in self.errors:
                    self.add_error(name, message)
        return cleaned_data


class GuidancePage(RoutablePageMixin, BasePage):
    """A guidance document in sections; each publication is a numbered version."""

    CURRENT, WITHDRAWN, SUPERSEDED = "current", "withdrawn", "superseded"
    STATUS_CHOICES = [
        (CURRENT, "In force"),
        (WITHDRAWN, "Withdrawn"),
        (SUPERSEDED, "Superseded by another document"),
    ]

    sections = StreamField([("section", SectionBlock())], use_json_field=True)
    change_type = models.CharField(
        "type of change", max_length=5, choices=CHANGE_TYPE_CHOICES, blank=True, default=""
    )
    change_note = models.TextField(
        blank=True,
        max_length=1000,
        help_text="What changed and why, for the public history. Required for a major change.",
    )
    version_label = models.CharField(
        "version label",
        max_length=100,
        blank=True,
        help_text=(
            "How the publication itself names this version, such as 'updated 13 September 2023' "
            "or 'MAPPA Guidance 2012 version 4.5'. Leave blank and readers see the portal's "
            "number, such as 'version 4.6'."
        ),
    )
    status = models.CharField(max_length=12, choices=STATUS_CHOICES, default=CURRENT, db_index=True)
    status_reason = models.TextField(
        "public reason",
        blank=True,
        max_length=600,
        help_text="Shown in the banner on a withdrawn or superseded document.",
    )
    status_date = models.DateField("withdrawn or superseded on", null=True, blank=True)
    superseded_by = models.ForeignKey(
        "guidance.GuidancePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        help_text="The document that replaces this one",
    )
    content_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="owner",
        help_text="Who keeps this document up to date",
    )
    review_by = models.DateField(null=True, blank=True, db_index=True)
    agencies = ParentalManyToManyField(
        "agencies.AgencyPage",
        blank=True,
        related_name="guidance_documents",
        help_text="The agencies this guidance applies to; it is listed on their pages.",
    )

    base_form_class = GuidancePageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("sections"),
        FieldPanel("agencies", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("change_type", widget=forms.RadioSelect),
                FieldPanel("change_note"),
                FieldPanel("version_label"),
            ],
            heading="About this change",
            help_text=(
                "Publishing records a new version. A major change raises the version number "
                "(4.5 to 5.0) and needs a change note; a minor one adds a point (4.5 to 4.6)."
            ),
        ),
    ]
    settings_panels = [
        MultiFieldPanel(
            [FieldPanel("content_owner"), FieldPanel("review_by")], heading="Ownership and review"
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("status_reason"),
                FieldPanel("status_date"),
                FieldPanel("superseded_by"),
            ],
            heading="Withdrawn or superseded",
        ),
        *BasePage.settings_panels,
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("sections"),
        index.FilterField("status"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("sections"),
        APIField("current_version"),
        APIField("versions", serializer=VersionListField()),
        APIField("status"),
        APIField("status_reason"),
        APIField("superseded_by", serializer=ReplacementField()),
    ]

    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types = []
    search_kind = "guidance"

    class Meta:
        verbose_name = "guidance document"

    # --- validation -------------------------------------------------------------------------

    def clean(self):
        super().clean()
        section_utils.assign_anchors(self.sections)
        errors = {}
        if self.status == self.WITHDRAWN and not (self.status_reason or "").strip():
            errors["status_reason"] = "Say why the document was withdrawn: readers see the reason."
        if self.status == self.SUPERSEDED:
            if not self.superseded_by_id:
                errors["superseded_by"] = "Choose the document that replaces this one."
            elif self.superseded_by_id == self.pk:
                errors["superseded_by"] = "A document cannot replace itself."
        if errors:
            raise ValidationError(errors)

    # --- what templates and services ask ----------------------------------------------------

    def publication_problem_fields(self):
        """(field, message) for what stops this edit being published, though a draft may wait:
        the type of change, and the note a major change needs."""
        problems = []
        if self.stored_status == self.WITHDRAWN:
            if self.change_type == MAJOR:
                problems.append(("change_type", WITHDRAWN_NEEDS_REINSTATING))
            if self.status == self.CURRENT:
                problems.append(("status", REINSTATE_NOT_BY_EDITING))
        if self.needs_change_type:
            problems.append(("change_type", NEEDS_CHANGE_TYPE))
        if self.needs_change_note:
            problems.append(("change_note", NEEDS_CHANGE_NOTE))
        return problems

    def publication_problems(self):
        """The messages alone: asked by bulk publishing and by the SMB sign-off on approval."""
        return [message for _, message in self.publication_problem_fields()]

    def publish(self, revision, *args, **kwargs):
        """Every way of publishing (admin, approval, schedule, code) refuses an edit that is not
        ready; the admin says so earlier, in the form or the sign-off."""
        problems = revision.as_object().publication_problem_fields()
        if problems:
            raise ValidationError(dict(problems))
        return super().publish(revision, *args, **kwargs)

    @cached_property
    def contents(self):
        return section_utils.contents(self.sections)

    @property
    def needs_change_type(self):
        """An edit to a published document with no type chosen (the first publication is
        always version 1.0, so it needs none): it may be saved as a draft, never published."""
        return (
            not self.change_type
            and self.pk is not None
            and GuidanceVersion.objects.filter(document_id=self.pk).exists()
        )

    @property
    def stored_status(self):
        """The status the document has now, whatever this edit says (None before it exists)."""
        if self.pk is None:
            return None
        return GuidancePage.objects.filter(pk=self.pk).values_list("status", flat=True).first()

    @property
    def needs_change_note(self):
        """A major change without a note: it may be saved as a draft, never published."""
        return self.change_type == MAJOR and not (self.change_note or "").strip()

    @property
    def is_withdrawn(self):
        return self.status == self.WITHDRAWN

    @property
    def is_superseded(self):
        return self.status == self.SUPERSEDED

    @property
    def is_listed(self):
        return self.status == self.CURRENT

    @cached_property
    def versions(self):
        """Every version, newest first: one query, cached on the instance, without the content."""
        return list(
            GuidanceVersion.objects.for_page(self)
            .newest_first()
            .only(
                "id",
                "page_id",
                "document_id",
                "sequence",
                "major",
                "minor",
                "change_type",
                "change_note",
                "label",
                "published_at",
                "title",
            )
        )

    @property
    def current_version(self):
        """The current version number, such as '8.0', or None before the first publication."""
        latest = self.versions[0] if self.versions else None
        return latest.number if latest else None

    # --- search contract (search/ reads these) ---------------------------------------------

    def search_sections(self):
        """One entry per section of the live content: anchor, heading and plain text."""
        return section_utils.plain_sections(self.sections)

    @property
    def current_version_name(self):
        """The current version as readers see it: its label, or 'version 8.0'; None before the
        first publication."""
        return self.versions[0].name if self.versions else None

    def search_context_label(self):
        name = self.current_version_name
        return f"{self.title}, {name}" if name else self.title

    def search_agencies(self):
        return list(self.agencies.values_list("slug", flat=True)) if self.pk else []

    # --- public routes -----------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from portal.core.visibility import readable_pages

        from .versioning import document_dates

        context = super().get_context(request, *args, **kwargs)
        context["dates"] = document_dates(self)
        if self.superseded_by_id:
            context["replacement"] = readable_pages(
                request, GuidancePage.objects.filter(pk=self.superseded_by_id)
            ).first()
        return context

    @path("versions/", name="history")
    def history_route(self, request):
        from . import views

        return views.history(request, self)

    # Digits as written, so views can send '01' to the one canonical address '1'.
    @re_path(r"^versions/(?P<sequence>\d{1,9})/$", name="version")
    def version_route(self, request, sequence):
        from . import views

        return views.version(request, self, sequence)

    @re_path(r"^versions/(?P<older>\d{1,9})/compare/(?P<newer>\d{1,9})/$", name="compare")
    def compare_route(self, request, older, newer):
        from . import views

        return views.compare(request, self, older, newer)

    @path("versions/compare/", name="compare_form")
    def compare_form_route(self, request):
        from . import views

        return views.compare_form(request, self)

    @path("as-of/", name="as_of_form")
    def as_of_form_route(self, request):
        from . import views

        return views.as_of_form(request, self)

    @re_path(r"^as-of/(?P<date_text>[^/]+)/$", name="as_of")
    def as_of_route(self, request, date_text):
        from . import views

        return views.as_of(request, self, date_text)

    # Last, so numbers and 'compare' are matched by the routes above first.
    @re_path(r"^versions/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/$", name="version_by_label")
    def version_by_label_route(self, request, slug):
        from . import views

        return views.version_by_label(request, self, slug)


class BriefingIndexPage(SpecificChildRouteMixin, BasePage):
    """/briefings/: the 7-minute learning briefs."""

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["guidance.BriefingPage"]
    max_count = 1
    nav_label = "Briefs"  # in the header navigation (portal.core.navigation)

    class Meta:
        verbose_name = "briefing index page"

    def child_model(self):
        return BriefingPage

    def get_context(self, request, *args, **kwargs):
        from portal.core.visibility import readable_pages

        context = super().get_context(request, *args, **kwargs)
        context["briefs"] = (
            readable_pages(request, BriefingPage.objects.child_of(self))
            .order_by("-first_published_at", "title")
            .only(
                "id",
                "title",
                "url_path",
                "path",
                "depth",
                "intro",
                "reading_words",
                "last_published_at",
            )
        )
        return context


class BriefingPage(RoutablePageMixin, BasePage):
    """A 7-minute learning brief: seven numbered parts, questions, links and contacts."""

    parts = StreamField(
        [("part", BriefingPartBlock())],
        min_num=7,
        max_num=7,
        use_json_field=True,
        help_text="Exactly seven parts, read in order.",
    )
    reflection_questions = StreamField(
        QUESTION_BLOCKS,
        blank=True,
        use_json_field=True,
        help_text="Questions for the team to discuss after the briefing.",
    )
    related_guidance = StreamField(BRIEFING_LINK_BLOCKS, blank=True, use_json_field=True)
    contacts = StreamField(BRIEFING_CONTACT_BLOCKS, blank=True, use_json_field=True)
    agencies = ParentalManyToManyField(
        "agencies.AgencyPage",
        blank=True,
        related_name="briefings",
        help_text="The agencies this brief is for; it is listed on their pages.",
    )
    reading_words = models.PositiveIntegerField(default=0, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("parts"),
        FieldPanel("reflection_questions"),
        FieldPanel("related_guidance"),
        FieldPanel("contacts"),
        FieldPanel("agencies", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("parts"),
        index.SearchField("reflection_questions"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("parts"),
        APIField("reflection_questions"),
        APIField("related_guidance"),
        APIField("contacts"),
        APIField("reading_time_minutes"),
    ]

    parent_page_types = ["guidance.BriefingIndexPage"]
    subpage_types = []
    search_kind = "brief"

    class Meta:
        verbose_name = "7-minute learning brief"

    def reading_texts(self):
        """The text a reader reads, in order: summary, parts, questions."""
        texts = [self.title, self.intro]
        for number, part in enumerate(self.parts, start=1):
            texts.append(f"{number} {part.value['heading']}")
            texts.extend(section_utils.html_paragraphs(part.value["text"].source))
        texts.extend(str(q.value) for q in self.reflection_questions)
        return texts

    @property
    def reading_time(self):
        return reading_time.estimate(*self.reading_texts())

    @property
    def listed_reading_time(self):
        """From the stored word count, so listings need not load every brief's parts."""
        return reading_time.ReadingTime(self.reading_words)

    @property
    def reading_time_minutes(self):
        return self.reading_time.minutes

    def clean(self):
        super().clean()
        estimate = self.reading_time
        if estimate.over_limit:
            raise ValidationError(reading_time.over_limit_message(estimate))
        self.reading_words = estimate.words

    @property
    def version_date(self):
        """The date of the published version: shown on the page, the print layout and PDF."""
        return self.last_published_at or self.latest_revision_created_at

    def numbered_parts(self):
        return [
            {
                "number": n,
                "anchor": f"part-{n}",
                "heading": p.value["heading"],
                "text": p.value["text"],
            }
            for n, p in enumerate(self.parts, start=1)
        ]

    def readable_related_links(self, request):
        """Related-guidance links as {title, url, page}: pages this request may not read are left
        out, so no title leaks. One query, from the stored ids."""
        from portal.core.visibility import readable_pages

        raw = [item.get("value", {}) for item in self.related_guidance.raw_data]
        page_ids = {value.get("page") for value in raw if value.get("page")}
        pages = {}
        if page_ids:
            pages = (
                readable_pages(request, Page.objects.filter(pk__in=page_ids))
                .only("id", "title", "url_path", "path", "depth")
                .in_bulk()
            )
        links = []
        for value in raw:
            if value.get("page"):
                page = pages.get(value["page"])
                if page is not None:
                    links.append(
                        {
                            "title": value.get("title") or page.title,
                            "page": page,
                            "url": page.get_url(request),
                        }
                    )
            elif value.get("url"):
                links.append(
                    {"title": value.get("title") or value["url"], "page": None, "url": value["url"]}
                )
        return links

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_links"] = self.readable_related_links(request)
        return context

    # --- search contract --------------------------------------------------------------------

    def search_sections(self):
        return [
            {
                "anchor": part["anchor"],
                "heading": f"{part['number']}. {part['heading']}",
                "text": "\n".join(section_utils.html_paragraphs(part["text"].source)),
            }
            for part in self.numbered_parts()
        ]

    def search_context_label(self):
        return "7-minute learning brief"

    def search_agencies(self):
        return list(self.agencies.values_list("slug", flat=True)) if self.pk else []

    # --- routes -----------------------------------------------------------------------------

    @path("pdf/")
    def pdf(self, request):
        from .pdf import brief_pdf_response

        return brief_pdf_response(request, self)
