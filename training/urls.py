from django.urls import path

from . import records_views

app_name = "training"

urlpatterns = [
    # Training records: my own, and the agency report.
    path("my/", records_views.my_training, name="my_training"),
    path("report/", records_views.agency_report, name="report"),
]
