"""The demo accounts, one per persona, in the groups setup_portal made. Development and test
settings only: their passwords are published."""

from django.contrib.auth.models import Group

from portal.core.setup import AGENCY_LEADS, APPROVERS, EDITORS, PRACTITIONERS, group_name

from .seeding import ensure_user

DEMO_ACCOUNTS = [
    # username, password, role (None: superuser), first name, last name
    ("admin", "demo-admin-2026", None, "Alex", "Admin"),
    ("editor", "demo-editor-2026", EDITORS, "Erin", "Editor"),
    ("approver", "demo-approver-2026", APPROVERS, "Chris", "Chair"),
    ("practitioner", "demo-practitioner-2026", PRACTITIONERS, "Priya", "Probation"),
    ("lead", "demo-agency-lead-2026", AGENCY_LEADS, "Lee", "Lead"),
    ("newstarter", "demo-newstarter-2026", PRACTITIONERS, "Noor", "Newstarter"),
]


def seed(context):
    context["users"] = {}
    for username, password, role, first, last in DEMO_ACCOUNTS:
        context["users"][username] = ensure_user(
            username,
            password,
            groups=[Group.objects.get(name=group_name(role))] if role else [],
            superuser=role is None,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
        )
