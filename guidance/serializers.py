"""How versions appear in the read API: a summary in a document's `versions` field, and the
full content at /api/v2/guidance-versions/<id>/."""

from rest_framework import serializers

from django.urls import NoReverseMatch, reverse

from wagtail.rich_text import expand_db_html

from . import sections as section_utils


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None and url else url


def version_html_url(version, request=None):
    page_url = version.page.get_url(request) if version.page_id else None
    return _absolute(request, f"{page_url}{version.path}") if page_url else None


def version_api_url(version, request=None):
    try:
        url = reverse("wagtailapi:guidance-versions:detail", args=[version.pk])
    except NoReverseMatch:  # the endpoint is not installed
        return None
    return _absolute(request, url)


def version_summary(version, request=None, page=None):
    if page is not None:
        version.page = page  # already loaded: spare a query per version
    return {
        "id": version.pk,
        "number": version.number,
        "label": version.label,
        "name": version.name,
        "sequence": version.sequence,
        "change_type": version.change_type,
        "change_note": version.change_note,
        "published_at": version.published_at.isoformat(),
        "title": version.title,
        "html_url": version_html_url(version, request),
        "detail_url": version_api_url(version, request),
    }


def version_detail(version, document, request=None):
    """The summary plus the content exactly as published (document: that version's page object)."""
    data = version_summary(version, request)
    data["document"] = {
        "id": version.document_id,
        "title": version.page.title if version.page_id else version.title,
        "html_url": _absolute(request, version.page.get_url(request)) if version.page_id else None,
    }
    data["intro"] = document.intro
    data["sections"] = [
        {
            "anchor": child.value["anchor"],
            "heading": child.value["heading"],
            "body": expand_db_html(child.value["body"].source),
            "text": "\n".join(section_utils.section_paragraphs(child.value)),
            "callouts": [{"kind": c["kind"], "text": c["text"]} for c in child.value["callouts"]],
            "steps": [str(step) for step in child.value["steps"]],
        }
        for child in document.sections
        if child.block_type == "section"
    ]
    return data


class VersionListField(serializers.Field):
    """A guidance page's versions, newest first, each with links to its page and its content."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        request = self.context.get("request")
        return [version_summary(v, request, page=page) for v in page.versions]


class ReplacementField(serializers.Field):
    """The document that replaces a superseded one, only if this request may read it."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        from portal.core.visibility import readable_pages

        from .models import GuidancePage

        if not page.superseded_by_id:
            return None
        request = self.context.get("request")
        replacement = (
            readable_pages(request, GuidancePage.objects.filter(pk=page.superseded_by_id))
            .only("id", "title", "url_path", "path", "depth")
            .first()
        )
        if replacement is None:
            return None
        return {
            "id": replacement.pk,
            "title": replacement.title,
            "html_url": _absolute(request, replacement.get_url(request)),
        }
