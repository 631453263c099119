"""The read API (/api/v2/): Wagtail's v2 endpoints, reading only what the session may read."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Site

from portal.core.visibility import readable_pages


class PortalPagesAPIViewSet(PagesAPIViewSet):
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


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
