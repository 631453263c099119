"""Agency role pages: the Responsible Authority and each duty-to-co-operate agency."""

from django.db import models
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.core.blocks import LinkBlock
from portal.core.models import BasePage, SpecificChildRouteMixin
from portal.core.serializers import ContactSerializer

# The five key roles every agency has within MAPPA, in the order the overview gives them.
KEY_ROLES = [
    ("role_point_of_contact", "Point of contact for other agencies"),
    ("role_risk_advice", "Advice on the risk assessment and management of a particular offender"),
    ("role_general_advice", "General advice about its role and services"),
    ("role_coordination", "Co-ordinating its approach with other agencies"),
    ("role_information_sharing", "Sharing information to protect the public"),
]


class AgencyIndexPage(SpecificChildRouteMixin, BasePage):
    """/agencies/: the Responsible Authority first, then the duty-to-co-operate agencies."""

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["agencies.AgencyPage"]
    max_count = 1
    nav_label = "Agencies"  # in the header navigation (portal.core.navigation)

    class Meta:
        verbose_name = "agency index page"

    def child_model(self):
        return AgencyPage

    def get_context(self, request, *args, **kwargs):
        from portal.core.visibility import readable_pages

        context = super().get_context(request, *args, **kwargs)
        agencies = (
            readable_pages(request, AgencyPage.objects.child_of(self))
            .order_by("path")
            .only(
                "id",
                "title",
                "url_path",
                "path",
                "depth",
                "kind",
                "intro",
                "short_name",
                "search_description",
            )
        )
        context["responsible_authority"] = [a for a in agencies if a.is_responsible_authority]
        context["duty_to_cooperate"] = [a for a in agencies if not a.is_responsible_authority]
        return context


class AgencyPage(BasePage):
    """One agency's part in MAPPA: its statutory basis, its five key roles and who to contact."""

    RESPONSIBLE_AUTHORITY = "responsible_authority"
    DUTY_TO_COOPERATE = "duty_to_cooperate"
    KIND_CHOICES = [
        (RESPONSIBLE_AUTHORITY, "Responsible Authority"),
        (DUTY_TO_COOPERATE, "Duty-to-co-operate agency"),
    ]

    short_name = models.CharField(
        max_length=60, blank=True, help_text="Used in filters and tags, such as 'Police'"
    )
    kind = models.CharField(max_length=30, choices=KIND_CHOICES, default=DUTY_TO_COOPERATE)
    statutory_basis = RichTextField(
        features=["bold", "italic", "link", "ul"],
        help_text="The law that brings this agency into MAPPA and what it requires",
    )
    role_point_of_contact = models.TextField("Point of contact for other agencies")
    role_risk_advice = models.TextField("Advice on managing a particular offender")
    role_general_advice = models.TextField("General advice about its role and services")
    role_coordination = models.TextField("Co-ordinating with other agencies")
    role_information_sharing = models.TextField("Sharing information for public protection")
    contact = models.ForeignKey(
        "core.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who other agencies should call about MAPPA",
    )
    related_links = StreamField(
        [("link", LinkBlock())], blank=True, use_json_field=True, verbose_name="related pages"
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("statutory_basis"),
        MultiFieldPanel(
            [FieldPanel(name) for name, _ in KEY_ROLES],
            heading="Key roles in MAPPA",
            help_text="Say what each role means for this agency in particular.",
        ),
        FieldPanel("contact"),
        FieldPanel("related_links"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("short_name"),
        index.SearchField("statutory_basis"),
        *[index.SearchField(name) for name, _ in KEY_ROLES],
        index.FilterField("kind"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("short_name"),
        APIField("kind"),
        APIField("statutory_basis"),
        APIField("key_roles"),
        APIField("contact", serializer=ContactSerializer()),
        APIField("related_links"),
    ]

    parent_page_types = ["agencies.AgencyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "agency page"

    @classmethod
    def serving_queryset(cls):
        # The agency page shows its contact: fetch it with the page.
        return super().serving_queryset().select_related("contact")

    @property
    def is_responsible_authority(self):
        return self.kind == self.RESPONSIBLE_AUTHORITY

    @cached_property
    def key_roles(self):
        return [{"role": label, "text": getattr(self, name)} for name, label in KEY_ROLES]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contact"] = self.contact
        return context
