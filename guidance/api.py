"""/api/v2/guidance-versions/: every published version of the guidance this session may read.

Read-only. Restricted documents' versions follow the same rule as the pages endpoint
(portal.core.visibility.readable_pages); versions of unpublished or deleted documents are
not served.
"""

from rest_framework.response import Response

from django.http import Http404

from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet

from portal.core.visibility import readable_pages

from .models import GuidancePage, GuidanceVersion
from .serializers import version_detail, version_summary
from .versioning import version_object


class GuidanceVersionsAPIViewSet(BaseAPIViewSet):
    model = GuidanceVersion
    name = "guidance-versions"
    known_query_parameters = frozenset(["limit", "offset", "document", "format", "_"])

    def get_queryset(self):
        documents = readable_pages(self.request, GuidancePage.objects.all()).values("pk")
        return (
            GuidanceVersion.objects.filter(page__in=documents)
            .select_related("page")
            .defer("content", "page__sections")
            .order_by("document_id", "sequence")
        )

    def listing_view(self, request):
        unknown = sorted(set(request.GET) - self.known_query_parameters)
        if unknown:
            raise BadRequestError(
                "query parameter is not an operation or a recognised field: " + ", ".join(unknown)
            )
        queryset = self.get_queryset()
        document = request.GET.get("document")
        if document is not None:
            if not (document.isascii() and document.isdigit()):
                raise BadRequestError("document must be the id of a guidance page")
            queryset = queryset.filter(document_id=int(document))
        items = self.paginate_queryset(queryset)
        return self.get_paginated_response([version_summary(v, request) for v in items])

    def detail_view(self, request, pk):
        version = self.get_queryset().select_related("revision").defer(None).filter(pk=pk).first()
        if version is None:
            raise Http404("No guidance version with that id that you may read")
        return Response(version_detail(version, version_object(version.page, version), request))
