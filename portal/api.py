"""The read API (/api/v2/): Wagtail's v2 endpoints, reading only what the session may read."""

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Site

from guidance.api import GuidanceVersionsAPIViewSet
from portal.core.visibility import is_restricted, readable_documents, readable_pages


class PortalPagination(WagtailPagination):
    """Wagtail's paging with a ceiling on offset: a number too large for the database is a
    clear 400, not a 500."""

    MAX_OFFSET = 1_000_000

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if offset.isdigit() and int(offset) > self.MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {self.MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class PortalPagesAPIViewSet(PagesAPIViewSet):
    pagination_class = PortalPagination

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

    def detail_view(self, request, pk):
        response = super().detail_view(request, pk)
        _audit_restricted_read(request, response)
        return response


class PortalDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents in restricted collections are listed only to verified readers."""

    pagination_class = PortalPagination

    def get_queryset(self):
        return readable_documents(self.request, super().get_queryset())


def _audit_restricted_read(request, response):
    """A verified reader fetched a restricted page's content through the API: record it."""
    from portal.accounts.audit import record_view
    from portal.accounts.models import RestrictedView

    data = getattr(response, "data", None) or {}
    page_id = data.get("id")
    if response.status_code != 200 or not page_id or not request.user.is_authenticated:
        return
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    if page is not None and is_restricted(page):
        record_view(request, RestrictedView.API, page, page.title, request.get_full_path())


class PortalImagesAPIViewSet(ImagesAPIViewSet):
    pagination_class = PortalPagination


class PortalGuidanceVersionsAPIViewSet(GuidanceVersionsAPIViewSet):
    pagination_class = PortalPagination


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)
api_router.register_endpoint("images", PortalImagesAPIViewSet)
api_router.register_endpoint("guidance-versions", PortalGuidanceVersionsAPIViewSet)
