"""Training modules and the records of who took them.

A module is a page: lessons, learning outcomes, the agencies it is for, and a question bank
(kept in the page's revisions, never shown, indexed or served by the API). Each publication is
a ModuleVersion; a major change raises the version number, and completions of earlier versions
then need a refresher.

Attempts, completions and reminders are records, not page state: they keep the module's id,
title and version as they were, so nothing is lost when a module is unpublished, moved or
deleted. They are append-only: an attempt is opened once and finished once, and a correction
to a completion is a new completion that names the one it replaces and why.
"""

import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from guidance import sections as section_utils
from guidance.models import CHANGE_TYPE_CHOICES, MAJOR, MINOR
from portal.core.models import BasePage, SpecificChildRouteMixin

from .blocks import LessonBlock, QuestionBlock

REQUIRED, RECOMMENDED = "required", "recommended"
REQUIREMENT_CHOICES = [(REQUIRED, "Required"), (RECOMMENDED, "Recommended")]


class TrainingIndexPage(SpecificChildRouteMixin, BasePage):
    """/training/: the modules, and the way to My training and the agency report."""

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["training.ModulePage"]
    max_count = 1

    class Meta:
        verbose_name = "training index page"

    def child_model(self):
        return ModulePage

    def get_context(self, request, *args, **kwargs):
        from portal.core.visibility import readable_pages

        context = super().get_context(request, *args, **kwargs)
        context["modules"] = (
            readable_pages(request, ModulePage.objects.child_of(self))
            .prefetch_related("audiences__agency")
            .order_by("path")
        )
        return context


class ModuleAudience(Orderable):
    """An agency a module is for, and whether its practitioners must or may take it."""

    module = ParentalKey("training.ModulePage", on_delete=models.CASCADE, related_name="audiences")
    agency = models.ForeignKey("agencies.AgencyPage", on_delete=models.CASCADE, related_name="+")
    requirement = models.CharField(max_length=12, choices=REQUIREMENT_CHOICES, default=REQUIRED)

    panels = [FieldRowPanel([FieldPanel("agency"), FieldPanel("requirement")])]

    class Meta(Orderable.Meta):
        verbose_name = "agency"
        constraints = [
            models.UniqueConstraint(fields=["module", "agency"], name="training_audience_once")
        ]


class ModulePageForm(WagtailAdminPageForm):
    """The knowledge check must be answerable: the draw is no larger than the bank. Each round
    of edits starts with an empty change note, as guidance does, so one note is never reused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if not self.is_bound and page.pk and page.live and not page.has_unpublished_changes:
            self.initial["change_type"] = ""
            self.initial["change_note"] = ""

    def clean(self):
        cleaned = super().clean()
        asked = cleaned.get("questions_per_attempt")
        bank = cleaned.get("questions")
        if asked and bank is not None and asked > len(bank):
            self.add_error(
                "questions_per_attempt",
                f"The bank has {len(bank)} question{'s' if len(bank) != 1 else ''}: ask at most "
                "that many per attempt, or add questions.",
            )
        seen = set()
        formset = self.formsets.get("audiences")
        for form in formset.forms if formset is not None else []:
            data = getattr(form, "cleaned_data", None) or {}
            agency = data.get("agency")
            if agency is None or data.get("DELETE"):
                continue
            if agency.pk in seen:
                form.add_error("agency", f"{agency.title} is already listed.")
            seen.add(agency.pk)
        return cleaned


class ModulePage(RoutablePageMixin, BasePage):
    """One training module: lessons to read, then a knowledge check drawn from its bank.

    Routes (views.py): lessons/<n>/ one lesson per screen; check/ to start the knowledge check;
    check/<token>/ the questions of one attempt; results/<token>/ its result."""

    learning_outcomes = models.TextField(
        help_text="What a learner can do after the module: one outcome per line."
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="How long the lessons and the check take, in minutes.",
    )
    lessons = StreamField([("lesson", LessonBlock())], use_json_field=True)
    questions = StreamField(
        [("question", QuestionBlock())],
        use_json_field=True,
        verbose_name="question bank",
        help_text="Each attempt draws its questions from here in random order. Never shown "
        "to learners before they answer.",
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        "pass mark (%)",
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="The share of questions answered correctly that passes, in per cent.",
    )
    validity_months = models.PositiveSmallIntegerField(
        "completion valid for (months)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    change_type = models.CharField(
        "type of change", max_length=5, choices=CHANGE_TYPE_CHOICES, blank=True, default=""
    )
    change_note = models.TextField(
        blank=True,
        max_length=1000,
        help_text="What changed. A major change raises the version and asks everyone who "
        "completed an earlier version to take a refresher.",
    )

    base_form_class = ModulePageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("learning_outcomes"),
        FieldPanel("estimated_minutes"),
        InlinePanel("audiences", heading="Agencies this module is for", label="agency"),
        FieldPanel("lessons"),
        MultiFieldPanel(
            [
                FieldPanel("questions"),
                FieldRowPanel(
                    [
                        FieldPanel("questions_per_attempt"),
                        FieldPanel("pass_mark"),
                        FieldPanel("validity_months"),
                    ]
                ),
            ],
            heading="Knowledge check",
        ),
        MultiFieldPanel(
            [FieldPanel("change_type", widget=forms.RadioSelect), FieldPanel("change_note")],
            heading="About this change",
        ),
    ]
    # Lessons are searchable; the question bank never is.
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("learning_outcomes"),
        index.SearchField("lessons"),
    ]
    # The read API never carries the question bank or anything about who took the module.
    api_fields = [
        *BasePage.api_fields,
        APIField("learning_outcomes"),
        APIField("estimated_minutes"),
        APIField("lessons"),
        APIField("current_version"),
        APIField("questions_per_attempt"),
        APIField("pass_mark"),
        APIField("validity_months"),
    ]

    parent_page_types = ["training.TrainingIndexPage"]
    subpage_types = []
    search_kind = "training"

    class Meta:
        verbose_name = "training module"

    # Addresses under /training/ that belong to the portal itself (training/urls.py).
    RESERVED_SLUGS = {"my", "report", "certificates"}

    def clean(self):
        super().clean()
        section_utils.assign_anchors(_as_sections(self.lessons))
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": f"/training/{self.slug}/ is one of the portal's own addresses: choose another slug."
                }
            )

    @property
    def outcomes(self):
        return [
            line.strip() for line in (self.learning_outcomes or "").splitlines() if line.strip()
        ]

    @cached_property
    def versions(self):
        return list(ModuleVersion.objects.filter(module_key=self.pk).order_by("-sequence"))

    @property
    def current_version(self):
        """The version learners take now (1, 2, …), or None before the first publication."""
        return self.versions[0].number if self.versions else None

    @property
    def lesson_list(self):
        return [child for child in self.lessons if child.block_type == "lesson"]

    def publication_problems(self):
        """What stops this revision going live (asked by the SMB sign-off before approval): a
        check that asks more questions than the bank holds could never be answered."""
        bank = sum(1 for child in self.questions if child.block_type == "question")
        if self.questions_per_attempt > bank:
            return [
                f"The knowledge check asks {self.questions_per_attempt} questions but the bank "
                f"has {bank}: ask fewer, or add questions."
            ]
        return []

    # --- search contract (search/units.py): lessons only, never the question bank ---------

    def search_sections(self):
        return [
            {
                "anchor": child.value["anchor"],
                "heading": child.value["heading"],
                "text": "\n".join(section_utils.html_paragraphs(child.value["body"].source)),
                # Each lesson is a screen of its own: results link to it, at its heading.
                "path": f"lessons/{number}/",
            }
            for number, child in enumerate(self.lesson_list, start=1)
        ]

    def search_context_label(self):
        number = self.current_version
        return f"Training module, version {number}" if number else "Training module"

    def search_agencies(self):
        if not self.pk:
            return []
        return list(self.audiences.values_list("agency__slug", flat=True))

    # --- routes (thin: training/views.py does the work) -------------------------------------

    def get_context(self, request, *args, **kwargs):
        from . import views

        context = super().get_context(request, *args, **kwargs)
        context.update(views.module_context(request, self))
        return context

    @re_path(r"^lessons/(?P<number>[0-9]{1,3})/$", name="lesson")
    def lesson_route(self, request, number):
        from . import views

        return views.lesson(request, self, number)

    @path("check/", name="check")
    def check_route(self, request):
        from . import views

        return views.check(request, self)

    @re_path(r"^check/(?P<token>[A-Za-z0-9_-]{1,64})/$", name="attempt")
    def attempt_route(self, request, token):
        from . import views

        return views.attempt(request, self, token)

    @re_path(r"^results/(?P<token>[A-Za-z0-9_-]{1,64})/$", name="results")
    def results_route(self, request, token):
        from . import views

        return views.results(request, self, token)

    def cited_guidance_ids(self):
        return sorted(
            {
                cite["document"].pk if hasattr(cite["document"], "pk") else cite["document"]
                for lesson in self.lesson_list
                for cite in lesson.value["cites"]
                if cite["document"]
            }
        )


def _as_sections(stream):
    """Lessons carry anchors the way guidance sections do; assign_anchors looks for 'section'."""

    class _View:
        def __init__(self, child):
            self.block_type = "section"
            self.value = child.value

    return [_View(child) for child in stream if child.block_type == "lesson"]


class ModuleVersion(models.Model):
    """One publication of a module, kept for ever (the page id stays when the page goes)."""

    module = models.ForeignKey(
        ModulePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    module_key = models.PositiveIntegerField(
        db_index=True, help_text="The page's id, kept for ever"
    )
    sequence = models.PositiveIntegerField(help_text="1 for the first publication, then 2, 3…")
    number = models.PositiveIntegerField(
        help_text="The version learners see; a major change adds one"
    )
    change_type = models.CharField(max_length=5, choices=[(MAJOR, "Major"), (MINOR, "Minor")])
    change_note = models.TextField(blank=True)
    title = models.CharField(max_length=255)
    published_at = models.DateTimeField()
    # {guidance document id: its major version number} when this version was published: the
    # guidance the module teaches, as it stood.
    cited_guidance = models.JSONField(default=dict)

    class Meta:
        ordering = ["module_key", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["module_key", "sequence"], name="training_version_sequence"
            )
        ]

    def __str__(self):
        return f"{self.title}, version {self.number}"


class AttemptQuerySet(models.QuerySet):
    def finished(self):
        return self.filter(finished_at__isnull=False)


class Attempt(models.Model):
    """One try at a module's knowledge check: opened when the questions are drawn, finished
    once when the answers arrive. The questions asked are frozen in it, options in the order
    shown, so the result can always be explained."""

    token = models.CharField(max_length=43, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="training_attempts",
    )
    module = models.ForeignKey(ModulePage, null=True, on_delete=models.SET_NULL, related_name="+")
    module_key = models.PositiveIntegerField(db_index=True)
    module_title = models.CharField(max_length=255)
    module_version = models.PositiveIntegerField()
    pass_mark = models.PositiveSmallIntegerField()
    # [{"id", "question", "multiple", "explanation", "options": [{"id", "text", "correct"}]}]
    questions = models.JSONField()
    # {question id: [option id, …]} once finished
    answers = models.JSONField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    total = models.PositiveSmallIntegerField()
    passed = models.BooleanField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True, db_index=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "module_key", "started_at"])]

    def __str__(self):
        return f"Attempt at {self.module_title} v{self.module_version}"

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)

    @property
    def is_finished(self):
        return self.finished_at is not None

    @property
    def percentage(self):
        if self.score is None or not self.total:
            return None
        return round(100 * self.score / self.total)


def new_certificate_code():
    """An unguessable code: 20 characters from a 32-letter alphabet (100 bits), in groups."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(raw[i : i + 5] for i in range(0, 20, 5))


class CompletionQuerySet(models.QuerySet):
    def standing(self):
        """Completions in force: neither replaced by a correction nor a voiding correction."""
        return self.filter(replaced_by__isnull=True, void=False)


class Completion(models.Model):
    """A pass, valid for the module's validity period, with its certificate code. Never edited:
    a correction is a new completion that replaces this one and says why."""

    attempt = models.OneToOneField(
        Attempt, null=True, blank=True, on_delete=models.PROTECT, related_name="completion"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="training_completions",
    )
    learner_name = models.CharField(max_length=200, help_text="As printed on the certificate")
    agency = models.ForeignKey(
        "agencies.AgencyPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The learner's agency when they completed",
    )
    module = models.ForeignKey(ModulePage, null=True, on_delete=models.SET_NULL, related_name="+")
    module_key = models.PositiveIntegerField(db_index=True)
    module_title = models.CharField(max_length=255)
    module_version = models.PositiveIntegerField()
    completed_at = models.DateTimeField()
    valid_until = models.DateField(db_index=True)
    code = models.CharField(
        max_length=24, unique=True, default=new_certificate_code, editable=False
    )
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    void = models.BooleanField(
        default=False, help_text="A correction that withdraws the completion"
    )
    correction_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = CompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_at"]
        indexes = [models.Index(fields=["user", "module_key"])]
        permissions = [
            ("view_agency_training_report", "Can see the training report for their own agency"),
            ("view_all_training_report", "Can see the training report for every agency"),
            ("correct_training_record", "Can correct and export training records"),
        ]

    def __str__(self):
        return f"{self.learner_name}: {self.module_title} v{self.module_version}"

    def clean(self):
        if self.replaces_id and not (self.correction_reason or "").strip():
            raise ValidationError({"correction_reason": "Say why the record is corrected."})


class CompletionReminder(models.Model):
    """A reminder e-mailed about a completion: at most one per completion and threshold."""

    EXPIRING, EXPIRED = "expiring", "expired"
    completion = models.ForeignKey(Completion, on_delete=models.CASCADE, related_name="reminders")
    threshold = models.CharField(
        max_length=10, choices=[(EXPIRING, "Expiring"), (EXPIRED, "Expired")]
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["completion", "threshold"], name="training_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.get_threshold_display()} reminder for {self.completion}"
