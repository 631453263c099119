"""The search page and the search API: both parse the same parameters and call search()."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.core.navigation import home_crumb

from .queries import SearchInputError, parse_api_params, parse_params, search


@never_cache
@require_safe
def search_page(request):
    """/search/ (GET and HEAD, for link checkers and uptime monitors): a GET form with filters as checkboxes; works without JavaScript."""
    try:
        params = parse_params(request.GET)
    except SearchInputError as error:
        return render(request, "400.html", {"message": str(error)}, status=400)
    results = search(request, params.query, params.filters, params.page)
    return render(
        request,
        "search/search.html",
        {"search": results, "breadcrumbs": [home_crumb()]},
    )


@never_cache
@require_safe
def search_api(request):
    """/api/v2/search/?q=…&kind=…&agency=…&page=…&limit=…: the same results as JSON; unlike
    the page, unknown parameters and filter values are a 400, as on /api/v2/pages/."""
    try:
        params = parse_api_params(request)
    except SearchInputError as error:
        return JsonResponse({"message": str(error)}, status=400)
    results = search(request, params.query, params.filters, params.page, params.per_page)
    return JsonResponse(results.as_dict())
