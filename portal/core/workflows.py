"""The SMB sign-off: the one approval every publication on the portal goes through.

Built on Wagtail's group approval task. Two people see every change go live: whoever submitted
a change, or wrote the revision waiting for approval, cannot approve it (superusers included).
sign_off.py keeps Wagtail's plain "Publish" from skipping the workflow.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from wagtail.models import AbstractGroupApprovalTask

SELF_APPROVAL_MESSAGE = (
    "You cannot approve this change because you submitted it or wrote it. Another SMB "
    "approver must sign it off."
)


def publication_problems(obj):
    """What stops the latest revision going live, from its own publication_problems() (a page
    type's checks that drafts may skip, such as guidance's change note); empty if nothing."""
    latest = (
        obj.get_latest_revision_as_object()
        if hasattr(obj, "get_latest_revision_as_object")
        else obj
    )
    check = getattr(latest, "publication_problems", None)
    return list(check()) if callable(check) else []


def own_change(obj, user):
    """True when the user submitted the change now in moderation, or wrote its latest revision."""
    if user is None or not user.is_authenticated:
        return False
    state = getattr(obj, "current_workflow_state", None)
    if state is not None and state.requested_by_id == user.pk:
        return True
    latest = obj.get_latest_revision() if hasattr(obj, "get_latest_revision") else None
    return latest is not None and latest.user_id == user.pk


class SignOffTask(AbstractGroupApprovalTask):
    """Members of the chosen groups approve, except for a change of their own."""

    class Meta:
        verbose_name = "SMB sign-off task"
        verbose_name_plural = "SMB sign-off tasks"

    def get_actions(self, obj, user):
        """Nothing for a change of one's own; no approval while the change cannot go live (the
        editor explains why, see refusal_reason), though changes may still be requested."""
        if own_change(obj, user):
            return []
        actions = super().get_actions(obj, user)
        if publication_problems(obj):
            actions = [action for action in actions if action[0] != "approve"]
        return actions

    def refusal_reason(self, obj, user):
        """Why this user, a member of the task's groups, may not approve now; None if they may."""
        if not self.user_can_access_editor(obj, user):
            return None
        if own_change(obj, user):
            return SELF_APPROVAL_MESSAGE
        problems = publication_problems(obj)
        if problems:
            return "This change cannot be approved yet. " + " ".join(problems)
        return None

    def on_action(self, task_state, user, action_name, **kwargs):
        # The action view asked get_actions() already; ask again at the moment of approving.
        if action_name == "approve" and self.refusal_reason(
            task_state.workflow_state.content_object, user
        ):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if not states.exists():
            return states
        return states.exclude(Q(workflow_state__requested_by=user) | Q(revision__user=user))

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups sign off changes, except changes of their own"
