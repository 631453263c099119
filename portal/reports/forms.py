"""The annual report's edit form: the checks on its figures that need more than one row."""

from django.conf import settings

from wagtail.admin.forms import WagtailAdminPageForm

from . import statistics as stats


class AnnualReportPageForm(WagtailAdminPageForm):
    """Each problem with the figures is shown on the field it concerns, inside its row. A new
    report starts with the portal's own area."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and "area" in self.fields:
            self.initial.setdefault("area", settings.PORTAL_AREA_NAME)

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("figures")
        if formset is None:
            return cleaned_data
        formset.is_valid()  # each row's own checks first: numbers, not negative, a measure
        rows = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("metric") or (formset.can_delete and formset._should_delete_form(form)):
                continue
            rows.append(
                stats.FigureInput(
                    key=form,
                    scope=data.get("scope") or stats.AREA,
                    metric=data["metric"],
                    value=data.get("value"),
                    qualifier=data.get("qualifier") or stats.EXACT,
                    source_url=data.get("source_url") or "",
                )
            )
        area = cleaned_data.get("area") or self.instance.area or "the area"
        for problem in stats.figure_problems(rows, area):
            if problem.field not in problem.key.errors:
                problem.key.add_error(problem.field, problem.message)
        return cleaned_data
