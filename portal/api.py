"""The read API (/api/v2/): Wagtail's v2 endpoints, reading only what the session may read."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Site

from guidance.api import GuidanceVersionsAPIViewSet
from portal.core.visibility import readable_documents, readable_pages

# Query parameters that are ids or counts: whole numbers written in ASCII digits.
NUMBER_PARAMETERS = (
    "limit",
    "offset",
    "id",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "document",
)
MAX_OFFSET = 1_000_000
MAX_ID = 2**63 - 1  # the largest id a database column holds


def whole_number(name, value):
    """The value of an id or count parameter; a BadRequestError a person can act on otherwise.
    (str.isdigit() accepts "²" and "١", which int() or the database refuse.)"""
    text = value.strip()
    if not (text.isascii() and text.isdigit()):
        raise BadRequestError(f"{name} must be a positive integer")
    number = int(text)
    if name not in ("limit", "offset") and number > MAX_ID:
        raise BadRequestError(f"{name} is not the id of anything here")
    return number


class StrictParametersMixin:
    """Every read API endpoint checks its numeric parameters before Wagtail reads them, so a
    malformed one is a 400 with a message (as JSON), never a 500."""

    # Parameters that take one of a few words: name -> function giving the words.
    choice_parameters = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, choices in self.choice_parameters.items():
            for value in request.GET.getlist(name):
                if value not in choices():
                    raise BadRequestError(f"{name} must be one of: " + ", ".join(choices()))
        for name in NUMBER_PARAMETERS:
            for value in request.GET.getlist(name):
                if name == "child_of" and value == "root":
                    continue
                whole_number(name, value)
        if "offset" in request.GET and whole_number("offset", request.GET["offset"]) > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")


def guidance_statuses():
    from guidance.models import GuidancePage

    return [value for value, _ in GuidancePage.STATUS_CHOICES]


class PortalPagesAPIViewSet(StrictParametersMixin, PagesAPIViewSet):
    # ?type=guidance.GuidancePage&status=current|withdrawn|superseded (Wagtail filters by the
    # field; an unknown word would quietly match nothing, so it is refused with a message).
    choice_parameters = {"status": guidance_statuses}

    def get_base_queryset(self):
        queryset = readable_pages(self.request)
        site_name = self.request.GET.get("site")
        if site_name:
            site = Site.objects.filter(hostname=site_name).first()
            if site is None:
                raise BadRequestError("site doesn't exist")
        else:
            site = Site.find_for_request(self.request)
        if site is not None:
            queryset = queryset.descendant_of(site.root_page, inclusive=True)
        else:
            queryset = queryset.none()
        return queryset

    def listing_view(self, request):
        response = super().listing_view(request)
        _audit_restricted_read(request, response)
        return response

    def detail_view(self, request, pk):
        response = super().detail_view(request, pk)
        _audit_restricted_read(request, response)
        return response


class PortalDocumentsAPIViewSet(StrictParametersMixin, DocumentsAPIViewSet):
    """Documents in restricted collections are listed only to verified readers."""

    def get_queryset(self):
        return readable_documents(self.request, super().get_queryset())


def _audit_restricted_read(request, response):
    """A verified reader received restricted pages through the API (a detail, or items of a
    listing): one audit row for each restricted page in the response."""
    from portal.accounts.audit import record_views
    from portal.accounts.models import RestrictedView
    from portal.core.models import PageAudience

    data = getattr(response, "data", None) or {}
    if response.status_code != 200 or not request.user.is_authenticated:
        return
    items = data.get("items") if "items" in data else [data]
    ids = {item.get("id") for item in items if isinstance(item, dict) and item.get("id")}
    if not ids:
        return
    restricted = Page.objects.filter(
        pk__in=PageAudience.objects.filter(page_id__in=ids).values("page_id")
    )
    record_views(
        request, RestrictedView.API, restricted.only("id", "title"), request.get_full_path()
    )


class PortalImagesAPIViewSet(StrictParametersMixin, ImagesAPIViewSet):
    pass


class PortalGuidanceVersionsAPIViewSet(StrictParametersMixin, GuidanceVersionsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)
api_router.register_endpoint("images", PortalImagesAPIViewSet)
api_router.register_endpoint("guidance-versions", PortalGuidanceVersionsAPIViewSet)
