"""Training addresses outside the module pages: certificates, and beside them the learner's
and the agencies' records. The module-taking routes live on ModulePage itself."""

from django.urls import path, re_path

from . import records_views, views

app_name = "training"

urlpatterns = [
    # Training records: my own, and the agency report.
    path("my/", records_views.my_training, name="my_training"),
    path("report/", records_views.agency_report, name="report"),
    path("certificates/<str:code>/", views.certificate, name="certificate"),
    path("certificates/<str:code>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    # An attempt's addresses on its module page: Wagtail serves them while the module is live;
    # this only speaks for a module that was taken down under an open attempt.
    re_path(
        r"^(?P<slug>[-\w]{1,255})/(?P<route>check|results)/(?P<token>[A-Za-z0-9_-]{1,64})/$",
        views.attempt_of_unpublished_module,
    ),
]
