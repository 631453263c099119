"""Publishing goes through the SMB sign-off: nobody's plain "Publish" skips it.

Wagtail lets anyone with publish permission publish directly even where a workflow applies.
The admin hooks in wagtail_hooks.py ask this module and refuse those paths (the edit and
create forms, reverting to a revision, bulk publishing, publishing copies); approving the
last task of the workflow is then the only way a change goes live from the admin.
"""

from wagtail.models import Page

MESSAGE = (
    "Your changes were saved as a draft. Pages on this site go live only after SMB sign-off: "
    "choose “Submit to {workflow}” so an SMB approver can approve them."
)
BULK_MESSAGE = (
    "Not published. These pages go live only after SMB sign-off: open each one and submit it "
    "for approval. {titles}"
)
COPY_MESSAGE = (
    "Copies cannot be published straight away: copy the page without publishing it, then submit "
    "the copy for SMB sign-off."
)


def sign_off_workflow(page):
    """The active workflow a publication of this page needs, or None."""
    workflow = page.get_workflow() if isinstance(page, Page) else None
    return workflow if workflow is not None and workflow.active else None


def refusal_message(page):
    workflow = sign_off_workflow(page)
    return MESSAGE.format(workflow=workflow.name) if workflow is not None else None


def pages_needing_sign_off(pages):
    return [page for page in pages if sign_off_workflow(page) is not None]
