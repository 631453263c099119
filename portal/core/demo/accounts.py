"""The demo accounts and groups of CONTRACT.md. Development and test settings only."""

from django.contrib.auth.models import Permission

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .seeding import ensure_group, ensure_user

DEMO_ACCOUNTS = [
    # username, password, group, first name, last name
    ("admin", "demo-admin-2026", None, "Alex", "Admin"),
    ("editor", "demo-editor-2026", "SMB editors", "Erin", "Editor"),
    ("approver", "demo-approver-2026", "SMB approvers", "Chris", "Chair"),
    ("practitioner", "demo-practitioner-2026", "Practitioners", "Priya", "Probation"),
    ("lead", "demo-agency-lead-2026", "Agency leads", "Lee", "Lead"),
    ("newstarter", "demo-newstarter-2026", "Practitioners", "Noor", "Newstarter"),
]

READ_RESTRICTED = "core.view_restricted"
EDIT_SNIPPETS = [
    "core.add_contact", "core.change_contact", "core.add_glossaryterm", "core.change_glossaryterm",
]


def _grant_pages(group, root, codenames):
    for codename in codenames:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def _grant_collection(group, codenames):
    root = Collection.get_first_root_node()
    for codename in codenames:
        permission = Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


def seed_groups(home):
    groups = {
        "Practitioners": ensure_group("Practitioners", [READ_RESTRICTED]),
        "Agency leads": ensure_group("Agency leads", [READ_RESTRICTED]),
        "SMB editors": ensure_group(
            "SMB editors", ["wagtailadmin.access_admin", READ_RESTRICTED, *EDIT_SNIPPETS]
        ),
        "SMB approvers": ensure_group(
            "SMB approvers", ["wagtailadmin.access_admin", READ_RESTRICTED, *EDIT_SNIPPETS]
        ),
    }
    root = Page.objects.get(pk=home.pk)
    _grant_pages(groups["SMB editors"], root, ["add_page", "change_page"])
    _grant_pages(groups["SMB approvers"], root, ["add_page", "change_page", "publish_page"])
    for name in ("SMB editors", "SMB approvers"):
        _grant_collection(groups[name], ["add_document", "change_document", "choose_document"])
    return groups


def seed_workflow(groups, home):
    """SMB sign-off: editors submit, an SMB approver signs off before anything goes live.

    Attached to the home page, it covers the whole site and replaces Wagtail's default
    "Moderators approval", whose reviewers group nobody belongs to.
    """
    task = GroupApprovalTask.objects.filter(name="SMB approver sign-off").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="SMB approver sign-off")
    task.groups.add(groups["SMB approvers"])
    workflow = Workflow.objects.filter(name="SMB sign-off").first()
    if workflow is None:
        workflow = Workflow.objects.create(name="SMB sign-off")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=Page.objects.get(pk=home.pk), defaults={"workflow": workflow})
    for default in Workflow.objects.filter(name="Moderators approval", active=True):
        default.deactivate()
    return workflow


def seed(context):
    groups = seed_groups(context["home"])
    context["workflow"] = seed_workflow(groups, context["home"])
    context["users"] = {}
    for username, password, group, first, last in DEMO_ACCOUNTS:
        context["users"][username] = ensure_user(
            username,
            password,
            groups=[groups[group]] if group else [],
            superuser=group is None,
            first_name=first,
            last_name=last,
            email=f"{username}@example.org",
        )
