"""Training addresses outside the module pages: certificates (and, beside them, the learner's
and the agencies' records). The module-taking routes live on ModulePage itself."""

from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("certificates/<str:code>/", views.certificate, name="certificate"),
    path("certificates/<str:code>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
]
