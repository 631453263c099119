"""Thin views for taking a module and for certificates.

The module's own routes (ModulePage: lessons, check, attempt, results) and the certificate
addresses (urls.py) ask attempts.py and certificates.py and render a template. Everything
about one learner (the check, the questions of an attempt, results) is for a verified session
only, never cached; a password-only or anonymous session is sent to sign in. Someone else's
attempt is not found.
"""

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.accounts.gate import is_verified
from portal.core.routing import subpage_url

from . import attempts as service
from . import certificates
from .models import Completion


def _private(response):
    add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
    return response


def _sign_in(request, next_url=None):
    return _private(
        redirect_to_login(next_url or request.get_full_path(), reverse("accounts:login"))
    )


def _bad_request(request, message):
    return _private(render(request, "400.html", {"message": message}, status=400))


def _base(request, module, **extra):
    return {"page": module, "self": module, "request": request, **extra}


def _lessons(module):
    return [
        {"number": n, "heading": child.value["heading"], "anchor": child.value["anchor"]}
        for n, child in enumerate(module.lesson_list, start=1)
    ]


def module_context(request, module):
    """What the module page and its lesson screens need: the lessons in order, and the way to
    the knowledge check (or to sign in for it)."""
    check_url = subpage_url(module, "check")
    user = getattr(request, "user", None)
    context = {
        "lessons": _lessons(module),
        "check_url": check_url,
        "may_take_check": is_verified(user),
        "sign_in_url": f"{reverse('accounts:login')}?{urlencode({'next': check_url})}",
        "audiences": list(module.audiences.select_related("agency").all()) if module.pk else [],
    }
    if context["may_take_check"]:
        context["my_completion"] = (
            Completion.objects.standing()
            .filter(user=user, module_key=module.pk, anonymised_at__isnull=True)
            .order_by("-completed_at")
            .first()
        )
        open_attempt = (
            service.latest_attempts(user, module)
            .filter(finished_at__isnull=True, module_version=module.current_version)
            .only("token")
            .first()
        )
        context["open_attempt_url"] = (
            subpage_url(module, "attempt", open_attempt.token) if open_attempt else None
        )
    return context


def readable_citations(request, lesson):
    """The guidance a lesson cites that this reader may read, each linked to its section."""
    from guidance.models import GuidancePage
    from portal.core.visibility import readable_pages

    wanted = [
        (cite["document"].pk if hasattr(cite["document"], "pk") else cite["document"], cite)
        for cite in lesson["cites"]
        if cite["document"]
    ]
    pages = {
        p.pk: p
        for p in readable_pages(
            request, GuidancePage.objects.live().filter(pk__in=[pk for pk, _ in wanted])
        ).defer("sections")
    }
    cites = []
    for pk, cite in wanted:
        page = pages.get(pk)
        if page is None:
            continue
        section = cite.get("section") or ""
        url = page.get_url(request) + (f"#{section}" if section else "")
        heading = dict(page.contents).get(section) if section else None
        title = f"{page.title}: {heading}" if heading else page.title
        cites.append({"url": url, "title": title})
    return cites


# -- module routes -----------------------------------------------------------------------------


def lesson(request, module, number):
    if str(int(number)) != number:
        return HttpResponseRedirect(subpage_url(module, "lesson", int(number)))
    lessons = module.lesson_list
    number = int(number)
    if not 1 <= number <= len(lessons):
        raise Http404(f"{module.title} has no lesson {number}")
    value = lessons[number - 1].value
    context = _base(
        request,
        module,
        **module_context(request, module),
        lesson=value,
        cites=readable_citations(request, value),
        number=number,
        count=len(lessons),
        previous_url=subpage_url(module, "lesson", number - 1) if number > 1 else None,
        next_url=subpage_url(module, "lesson", number + 1) if number < len(lessons) else None,
    )
    return TemplateResponse(request, "training/lesson.html", context)


def check(request, module):
    """GET: the start page of the knowledge check. POST: start an attempt (a new draw)."""
    if not is_verified(request.user):
        return _sign_in(request, subpage_url(module, "check"))
    if request.method == "POST":
        try:
            attempt = service.start_attempt(request.user, module)
        except service.ModuleUnavailable as e:
            return _bad_request(request, str(e))
        return _private(HttpResponseRedirect(subpage_url(module, "attempt", attempt.token)))
    if request.method not in ("GET", "HEAD"):
        return _private(HttpResponse(status=405))
    context = _base(request, module, **module_context(request, module))
    return _private(TemplateResponse(request, "training/check_start.html", context))


def _attempt_or_404(request, module, token):
    try:
        attempt = service.attempt_for(request.user, token)
    except service.AttemptNotFound as e:
        raise Http404(str(e)) from e
    if attempt.module_key != module.pk:
        raise Http404("There is no such attempt at this module.")
    return attempt


def _answers_from(post):
    """{question id: [option id, …]} from the form's fields, named q-<question id>."""
    return {key[2:]: [value for value in post.getlist(key)] for key in post if key.startswith("q-")}


def _question_rows(attempt, answers=None, errors=None):
    """The questions as the form shows them: no correct flags, ever."""
    answers, errors = answers or {}, errors or {}
    return [
        {
            "number": number,
            "id": question["id"],
            "text": question["question"],
            "multiple": question["multiple"],
            "options": [
                {
                    "id": option["id"],
                    "text": option["text"],
                    "checked": option["id"] in (answers.get(question["id"]) or ()),
                }
                for option in question["options"]
            ],
            "error": errors.get(question["id"]),
        }
        for number, question in enumerate(attempt.questions, start=1)
    ]


def attempt(request, module, token):
    """GET: the questions of this attempt. POST: send the answers, then see the result."""
    if not is_verified(request.user):
        return _sign_in(request)
    attempt = _attempt_or_404(request, module, token)
    results_url = subpage_url(module, "results", attempt.token)
    if request.method == "POST":
        answers = _answers_from(request.POST)
        try:
            service.submit_attempt(token=attempt.token, user=request.user, answers=answers)
        except service.AttemptAlreadyFinished:
            return _private(HttpResponseRedirect(f"{results_url}?sent=again"))
        except service.ModuleChanged as e:
            context = _base(
                request,
                module,
                attempt=e.attempt,
                message=str(e),
                check_url=subpage_url(module, "check"),
            )
            return _private(render(request, "training/attempt_closed.html", context, status=409))
        except service.InvalidAnswers as e:
            context = _base(
                request,
                module,
                attempt=attempt,
                questions=_question_rows(attempt, answers, e.errors),
                errors=e.errors,
                general_errors=e.general,
            )
            return _private(render(request, "training/check.html", context, status=400))
        return _private(HttpResponseRedirect(results_url))
    if request.method not in ("GET", "HEAD"):
        return _private(HttpResponse(status=405))
    if attempt.is_finished:
        return _private(HttpResponseRedirect(results_url))
    context = _base(request, module, attempt=attempt, questions=_question_rows(attempt))
    return _private(TemplateResponse(request, "training/check.html", context))


def results(request, module, token):
    if not is_verified(request.user):
        return _sign_in(request)
    if request.method not in ("GET", "HEAD"):
        return _private(HttpResponse(status=405))
    attempt = _attempt_or_404(request, module, token)
    if not attempt.is_finished:
        return _private(HttpResponseRedirect(subpage_url(module, "attempt", attempt.token)))
    completion = Completion.objects.filter(attempt=attempt).first()
    context = _base(
        request,
        module,
        attempt=attempt,
        rows=service.results(attempt),
        completion=completion,
        sent_again=request.GET.get("sent") == "again",
        check_url=subpage_url(module, "check"),
        module_live=module.live,
    )
    return _private(TemplateResponse(request, "training/results.html", context))


def attempt_of_unpublished_module(request, slug, route, token):
    """check/<token>/ and results/<token>/ once their module is unpublished. A live module's
    addresses are Wagtail's (served as usual); for one taken down, Wagtail would only say "not
    found", so the learner whose attempt it is hears what happened (sending answers closes the
    attempt without a score) and everyone else gets the same 404."""
    from wagtail.views import serve

    from .models import ModulePage

    if ModulePage.objects.live().filter(slug=slug).exists() or not is_verified(request.user):
        return serve(request, request.path_info.lstrip("/"))
    try:
        attempt = service.attempt_for(request.user, token)
    except service.AttemptNotFound as e:
        raise Http404(str(e)) from e
    module = ModulePage.objects.filter(pk=attempt.module_key, slug=slug, live=False).first()
    if module is None:
        raise Http404("There is no such attempt.")
    if request.method == "POST" and route == "check":
        try:
            service.submit_attempt(token=token, user=request.user, answers={})
        except service.AttemptError:  # ModuleChanged: closed without a score
            pass
    attempt.refresh_from_db()
    if route == "results" and attempt.score is not None:
        context = _base(
            request,
            module,
            attempt=attempt,
            rows=service.results(attempt),
            completion=Completion.objects.filter(attempt=attempt).first(),
            module_live=False,
        )
        return _private(TemplateResponse(request, "training/results.html", context))
    context = _base(request, module, attempt=attempt, message=service.UNPUBLISHED)
    return _private(render(request, "training/attempt_closed.html", context, status=409))


# -- certificates ------------------------------------------------------------------------------


@never_cache
@require_safe
def certificate(request, code):
    completion = certificates.completion_for_code(code)
    context = certificates.certificate_context(completion)
    response = render(request, "training/certificate.html", {**context, "noindex": True})
    patch_cache_control(response, private=True)
    return response


@never_cache
@require_safe
def certificate_pdf(request, code):
    completion = certificates.completion_for_code(code)
    if not certificates.validity(completion).standing:
        raise Http404("This certificate has been withdrawn or replaced.")
    pdf = certificates.certificate_pdf(completion, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{completion.code}.pdf"'
    response["X-Robots-Tag"] = "noindex"
    return response
