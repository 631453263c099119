"""Keep the audience table in step with view restrictions and the page tree."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, post_page_move

from .models import PageAudience
from .visibility import is_restricted, refresh_audiences


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:  # None when the restriction goes because its page was deleted
        refresh_audiences(page)


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    refresh_audiences(instance)


@receiver(page_published)
def page_published_under_restriction(sender, instance, **kwargs):
    # A page created inside a restricted section inherits the section's restriction.
    restricted = instance.get_view_restrictions().exists()
    if restricted != PageAudience.objects.filter(page_id=instance.pk).exists():
        refresh_audiences(instance)


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def restriction_groups_changed(sender, instance, action, **kwargs):
    # The groups are saved after the restriction itself: the audience label depends on them.
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, PageViewRestriction):
        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            refresh_audiences(page)


@receiver(m2m_changed, sender=Group.permissions.through)
def group_permissions_changed(sender, instance, action, pk_set=None, **kwargs):
    # Which groups are readers decides whether a group restriction is narrower than them.
    if action in ("post_add", "post_remove") and not pk_set:
        return
    if action in ("post_add", "post_remove", "post_clear") and PageViewRestriction.objects.exists():
        refresh_audiences()


@receiver(post_save)
def page_created_in_restricted_section(sender, instance, created, raw=False, **kwargs):
    # A draft created inside a restricted section is restricted from its first save.
    if created and not raw and isinstance(instance, Page) and instance.depth and instance.depth > 2:
        if is_restricted(instance):
            refresh_audiences(instance)


@receiver(post_migrate)
def set_up_portal_after_migrate(sender, app_config=None, plan=None, using="default", **kwargs):
    """A migrated database is a working portal: groups, workflow and sections included.

    Django sends post_migrate once per app with models; the set-up waits for the last one, when every
    app's permissions exist, and only after a forward migration (never when unapplying).
    """
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is None or app_config is not with_models[-1]:
        return
    if plan and any(backwards for _, backwards in plan):
        return
    from .setup import setup_portal

    setup_portal()
