"""Site-wide answers that do not depend on who is asking: the methods the portal accepts, the
browser features it switches off, and a 400 for a request missing a part a form needs."""

import logging

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.datastructures import MultiValueDictKeyError

logger = logging.getLogger("portal")

ALLOWED_METHODS = ("GET", "HEAD", "POST")


class AllowedMethodsMiddleware:
    """The portal reads (GET, HEAD) and submits forms (POST); anything else, TRACE included,
    is a 405 everywhere, before any view or static file is looked up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            response = HttpResponseNotAllowed(ALLOWED_METHODS)
            response["Content-Type"] = "text/plain; charset=utf-8"
            response.content = f"{request.method} is not used on this site.\n".encode()
            return response
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Switches off browser features the portal never uses (camera, location, payments...)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PORTAL_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


class IncompleteFormMiddleware:
    """A POST without a field every copy of the form sends (a tampered or truncated request) is
    a 400 with a message, not a 500: Django and Wagtail read such fields without a default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, MultiValueDictKeyError):
            return None
        logger.warning("An incomplete form was sent to %s (%s)", request.path, exception)
        return render(
            request,
            "400.html",
            {
                "message": "The form was missing some of its parts. Go back, reload the page and try again."
            },
            status=400,
        )
