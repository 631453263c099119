"""Thin views behind a guidance document's routes: history, past versions, compare, as-of.

Each asks versioning.py or compare.py and renders a template; bad input gets a 400 or 404
page that says what was wrong.
"""

from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import timezone

from portal.core.routing import subpage_url

from . import version_cache
from .dates import PARTS, DateInputError, parse_date_parts
from .models import GuidanceVersion
from .versioning import parse_as_of_date


def bad_request(request, message):
    return render(request, "400.html", {"message": message}, status=400)


def get_version_or_404(page, sequence):
    """The version and its document's latest number, in one query; its content (kept HTML is
    usually there already) only when it is needed."""
    try:
        return (
            GuidanceVersion.objects.for_page(page)
            .with_latest()
            .defer("content")
            .get(sequence=sequence)
        )
    except GuidanceVersion.DoesNotExist as e:
        raise Http404(f"{page.title} has no version {sequence}") from e


def history(request, page, *, as_of_error=None, status=200):
    """Every published version, newest first, with forms to compare two or pick a date (shown
    again with its error when the date entered was not one)."""
    from .services import reinstatements

    context = {
        "page": page,
        "self": page,
        "request": request,
        "versions": page.versions,
        "reinstatements": reinstatements(page),
        "as_of_error": as_of_error,
        "as_of_values": {part: request.GET.get(part, "") for part in PARTS},
    }
    return TemplateResponse(request, "guidance/guidance_versions.html", context, status=status)


def render_version(request, page, version, *, as_of=None):
    """A version exactly as published, from its stored revision, marked as not current."""
    from portal.core.visibility import readable_pages

    from .models import GuidancePage

    current = version.latest
    # A withdrawn or superseded document has no version in force after its end date: the banner
    # says so on every version and as-of address, whatever the stored revision's status was.
    ended = page.is_withdrawn or page.is_superseded
    ended_by_then = ended and (
        as_of is None or page.status_date is None or as_of >= page.status_date
    )
    replacement = None
    if page.superseded_by_id:
        replacement = readable_pages(
            request, GuidancePage.objects.filter(pk=page.superseded_by_id)
        ).first()
    context = {
        "page": page,
        "self": page,
        "request": request,
        "body": version_cache.version_html(page, version),
        "live_page": page,
        "viewing_version": version,
        "current_version": current,
        "is_current": not ended and current.sequence == version.sequence,
        "is_last": current.sequence == version.sequence,
        "ended": ended,
        "ended_by_then": ended_by_then,
        "replacement": replacement,
        "as_of": as_of,
        "noindex": True,
    }
    return TemplateResponse(request, "guidance/guidance_version.html", context)


def non_canonical(*numbers):
    """True when a number in the address has leading zeros ('01'), which has one canonical form."""
    return any(str(int(n)) != n for n in numbers)


def version(request, page, sequence):
    if non_canonical(sequence):
        return HttpResponsePermanentRedirect(subpage_url(page, "version", int(sequence)))
    return render_version(request, page, get_version_or_404(page, int(sequence)))


def version_by_label(request, page, slug):
    """versions/<label-slug>/, such as versions/updated-13-september-2023/: the version's
    permanent address is its number in the portal's sequence, so send readers there."""
    for candidate in page.versions:  # newest first, so a label used twice finds the latest
        if candidate.label and candidate.label_slug == slug:
            return HttpResponseRedirect(subpage_url(page, "version", candidate.sequence))
    raise Http404(f"{page.title} has no version labelled {slug}")


def compare(request, page, older, newer):
    if non_canonical(older, newer):
        return HttpResponsePermanentRedirect(subpage_url(page, "compare", int(older), int(newer)))
    older, newer = int(older), int(newer)
    if older < newer:
        shown = version_cache.comparison_page(page, older, newer)
        if shown is None:
            raise Http404(f"{page.title} has no version {older} or {newer}")
        return TemplateResponse(
            request,
            "guidance/guidance_compare.html",
            {
                "page": page,
                "self": page,
                "request": request,
                "older_name": shown["older"],
                "newer_name": shown["newer"],
                "body": shown["html"],
                "noindex": True,
            },
        )
    found = {
        v.sequence: v
        for v in GuidanceVersion.objects.for_page(page)
        .filter(sequence__in={older, newer})
        .defer("content")
    }
    for sequence in (older, newer):
        if sequence not in found:
            raise Http404(f"{page.title} has no version {sequence}")
    old_version, new_version = found[older], found[newer]
    # Messages name versions by the numbers readers see (8.0), never by their place in the list.
    if older == newer:
        return bad_request(
            request,
            f"You asked to compare {old_version.name} with itself. Choose two different "
            f"versions from the document's history to see what changed between them.",
        )
    return render(
        request,
        "guidance/compare_reversed.html",
        {
            "page": page,
            "older": new_version,
            "newer": old_version,
            "url": subpage_url(page, "compare", newer, older),
        },
        status=400,
    )


def as_of(request, page, date_text):
    try:
        date = parse_as_of_date(date_text)
    except ValueError as e:
        return bad_request(request, str(e))
    if date > timezone.localdate():
        return bad_request(
            request,
            f"{date:%-d %B %Y} is in the future. The portal can only say which version was in "
            f"force up to today; read the current version instead.",
        )
    version = (
        GuidanceVersion.objects.for_page(page).with_latest().defer("content").in_force_on(date)
    )
    if version is None:
        first = GuidanceVersion.objects.for_page(page).defer("content").order_by("sequence").first()
        return render(
            request,
            "guidance/guidance_not_yet.html",
            {"page": page, "date": date, "first": first, "noindex": True},
            status=404,
        )
    return render_version(request, page, version, as_of=date)


def compare_form(request, page):
    """The no-JavaScript compare form on the history page: redirect to the comparison's address."""
    older, newer = request.GET.get("from", ""), request.GET.get("to", "")
    if not all(n.isascii() and n.isdigit() and len(n) <= 9 for n in (older, newer)):
        return bad_request(request, "Choose an older and a newer version to compare.")
    # Picking them the wrong way round is an easy slip: compare them in the right order anyway.
    older, newer = sorted((int(older), int(newer)))
    return HttpResponseRedirect(subpage_url(page, "compare", older, newer))


def as_of_form(request, page):
    """The history page's date form (day, month and year, the GOV.UK date input): redirect to
    as-of/<date>/, or show the form again with what to correct. The older single field,
    ?date=YYYY-MM-DD, is still understood."""
    if "date" not in request.GET:
        try:
            date = parse_date_parts(
                *(request.GET.get(part, "") for part in PARTS), today=timezone.localdate()
            )
        except DateInputError as e:
            return history(request, page, as_of_error=e, status=400)
        return HttpResponseRedirect(subpage_url(page, "as_of", f"{date:%Y-%m-%d}"))
    date_text = request.GET.get("date", "").strip()
    if not date_text:
        return bad_request(
            request, "Enter a date, such as 2023-09-13, to see the version in force that day."
        )
    try:
        date = parse_as_of_date(date_text)
    except ValueError as e:
        return bad_request(request, str(e))
    return HttpResponseRedirect(subpage_url(page, "as_of", f"{date:%Y-%m-%d}"))
