"""Long listings a page at a time, so what one request holds does not grow with the content."""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404


def page_of(request, items, per_page):
    """The Page of items that ?page= asks for (the first without it). A page number that is not
    a whole number in range is a clear 404, not a 500."""
    number = request.GET.get("page", "1")
    if not (number.isascii() and number.isdigit() and len(number) <= 6):
        raise Http404("There is no such page of this list.")
    try:
        return Paginator(items, per_page).page(int(number))
    except InvalidPage as e:
        raise Http404("There is no such page of this list.") from e
