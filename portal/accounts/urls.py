from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.code_view, name="code"),
    path("login/backup-code/", views.backup_code_view, name="backup_code"),
    path("login/set-up/", views.enrol_view, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("two-factor/", views.account_view, name="account"),
    path("two-factor/backup-codes/", views.backup_codes_view, name="backup_codes"),
    path(
        "two-factor/authenticator/", views.replace_authenticator_view, name="replace_authenticator"
    ),
    path("two-factor/authenticator/new/", views.new_authenticator_view, name="new_authenticator"),
    path("two-factor/sessions/<uuid:session_id>/end/", views.end_session_view, name="end_session"),
    path(
        "two-factor/sessions/end-others/", views.end_other_sessions_view, name="end_other_sessions"
    ),
]
