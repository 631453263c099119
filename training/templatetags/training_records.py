"""Template tags for the training records: whether this request may see the agency report."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def may_see_training_report(context):
    from training.report import may_see_report

    request = context.get("request")
    return request is not None and may_see_report(getattr(request, "user", None))
