"""Home and standard pages, the shared snippets (contacts, glossary) and the audience table."""

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.snippets.models import register_snippet  # noqa: F401  (viewsets live in wagtail_hooks)

from .blocks import BodyBlock, contents_from_body
from .workflows import SignOffTask  # noqa: F401  (a model of this app)


class BasePage(Page):
    """Fields and behaviour every portal page shares: a plain-language summary."""

    intro = models.TextField(
        blank=True,
        max_length=600,
        help_text="One or two sentences under the title, also used in listings and search results.",
    )

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("last_published_at")]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        if getattr(self, "portal_access_checked", False):
            # The serve hook has just checked every restriction on this page and its ancestors
            # for this request (portal.core.wagtail_hooks): Wagtail's own check need not repeat it.
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    @classmethod
    def serving_queryset(cls):
        """The query that loads this type of page to serve it: override to fetch what its
        template needs along with it (used by routing, portal.core.route_cache)."""
        return cls.objects.all()

    @property
    def summary(self):
        return self.intro or self.search_description

    def permissions_for_user(self, user):
        # No rights in the admin on pages the user may not read (portal.accounts.admin_privacy).
        from portal.accounts.admin_privacy import PortalPagePermissionTester

        return PortalPagePermissionTester(user, self)


class SpecificChildRouteMixin:
    """An index whose children are all one page type: route to the specific child in one query
    rather than Wagtail's two (the page, then its specific object)."""

    def child_model(self):
        raise NotImplementedError

    def child_queryset(self):
        """The children, loaded as their page type serves them (BasePage.serving_queryset)."""
        return self.child_model().serving_queryset().child_of(self)

    def route(self, request, path_components):
        if path_components:
            try:
                child = self.child_queryset().get(slug=path_components[0])
            except ObjectDoesNotExist:
                # Not one of the expected type (a page made in code, say): Wagtail's routing,
                # which also answers the 404.
                return super().route(request, path_components)
            child._cached_parent_obj = self
            return child.route(request, path_components[1:])
        return super().route(request, path_components)


class HomePage(BasePage):
    """The front page: what the portal is for, and the way into each area."""

    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    api_fields = [*BasePage.api_fields, APIField("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        from .visibility import readable_pages

        context = super().get_context(request, *args, **kwargs)
        # Base pages only: cards use the search description, so no query per page type.
        context["sections"] = readable_pages(request, self.get_children()).in_menu()
        return context


class StandardPage(SpecificChildRouteMixin, BasePage):
    """A page of prose in titled sections, such as /about/; its children are standard pages."""

    body = StreamField(BodyBlock(), use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    api_fields = [*BasePage.api_fields, APIField("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    class Meta:
        verbose_name = "standard page"

    SUBPAGES_PER_PAGE = 20

    def child_model(self):
        return StandardPage

    @cached_property
    def contents(self):
        return contents_from_body(self.body)

    def get_context(self, request, *args, **kwargs):
        from .listing import page_of
        from .visibility import readable_pages

        context = super().get_context(request, *args, **kwargs)
        # A section page lists the pages in it that this reader may read, a page of them at a
        # time and only what the list shows, however many pages the section holds.
        subpages = readable_pages(request, StandardPage.objects.child_of(self)).order_by("path")
        context["subpages"] = page_of(
            request,
            subpages.only("id", "title", "intro", "url_path", "path", "depth"),
            self.SUBPAGES_PER_PAGE,
        )
        return context


class Contact(index.Indexed, models.Model):
    """A point of contact an agency page or brief can name (a team, not a person's own line)."""

    name = models.CharField(max_length=150, help_text="Team or role, such as 'MAPPA co-ordinator'")
    organisation = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    hours = models.CharField(max_length=150, blank=True, help_text="When the line is staffed")

    panels = [
        FieldPanel("name"),
        FieldPanel("organisation"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("hours"), FieldPanel("address")],
            heading="How to get in touch",
        ),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("organisation")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.organisation}" if self.organisation else self.name


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting):
    """Who the portal names as its contacts: the helpdesk on sign-in and error pages, and the
    data protection contact in the privacy notice. Settings → Portal settings in the admin."""

    helpdesk = models.ForeignKey(
        "core.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who people call about signing in, access and anything else about the portal",
    )
    data_protection_contact = models.ForeignKey(
        "core.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who handles questions about personal data and subject access requests",
    )

    panels = [FieldPanel("helpdesk"), FieldPanel("data_protection_contact")]

    class Meta:
        verbose_name = "portal settings"


class GlossaryTerm(models.Model):
    """A MAPPA term, its meaning and its synonyms; search expands queries with them."""

    term = models.CharField(max_length=120, unique=True)
    meaning = models.TextField()
    synonyms = models.CharField(
        max_length=400,
        blank=True,
        help_text="Other names and acronyms for this term, separated by commas",
    )

    panels = [FieldPanel("term"), FieldPanel("meaning"), FieldPanel("synonyms")]

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term

    @property
    def synonym_list(self):
        return [s.strip() for s in self.synonyms.split(",") if s.strip()]

    @property
    def anchor(self):
        from django.utils.text import slugify

        return slugify(self.term)


class PageAudience(models.Model):
    """Which pages are restricted, one row per restricted page.

    Rebuilt from view restrictions whenever they or the tree change, so deciding what a reader
    may see is a single join whose cost does not grow with the number of restrictions.
    """

    PRACTITIONERS = "practitioners"

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="audience"
    )
    audience = models.CharField(max_length=20, default=PRACTITIONERS, db_index=True)

    class Meta:
        permissions = [
            ("view_restricted", "Can read restricted practitioner material"),
            ("set_privacy", "Can change who may read pages and documents"),
        ]

    def __str__(self):
        return f"{self.page_id}: {self.audience}"


class ScheduledJobRun(models.Model):
    """When each scheduled job last started and finished (portal.core.scheduler)."""

    name = models.CharField(max_length=80, unique=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    succeeded = models.BooleanField(null=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}: last started {self.started_at:%Y-%m-%d %H:%M}"
