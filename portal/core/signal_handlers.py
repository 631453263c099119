"""Keep the audience table in step with view restrictions and the page tree."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import page_cache
from .models import Contact, GlossaryTerm, PageAudience, PortalSettings
from .signals import audience_changed
from .visibility import is_restricted, refresh_audiences

# Saving or deleting any of these can change pages anonymous visitors see.
PAGE_CACHE_MODELS = (
    Contact,
    GlossaryTerm,
    PortalSettings,
    SearchPromotion,
    Redirect,
    Site,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
    get_document_model(),
)


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
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, PageViewRestriction
    ):
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


# -- the anonymous page cache: anything that could change what visitors see clears it ---------


def _invalidate_page_cache(reason):
    # Now, and again after the commit: a request arriving in between sees the old content and
    # may keep it under the new generation; the second move drops that too.
    page_cache.invalidate(reason)
    transaction.on_commit(lambda: page_cache.invalidate(reason))


@receiver(page_published)
@receiver(page_unpublished)
def page_went_live_or_came_down(sender, instance, **kwargs):
    _invalidate_page_cache(f"page {instance.pk} published or unpublished")


@receiver(post_page_move)
def page_moved_clears_the_cache(
    sender, instance, url_path_before=None, url_path_after=None, **kwargs
):
    _invalidate_page_cache(f"page {instance.pk} moved")
    if url_path_before and url_path_before != url_path_after:
        transaction.on_commit(
            lambda: purge_urls_of_pages([instance.pk], old_url_path=url_path_before)
        )


@receiver(post_delete)
def page_or_shared_content_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) or isinstance(instance, PAGE_CACHE_MODELS):
        _invalidate_page_cache(f"{sender.__name__} {instance.pk} deleted")


@receiver(post_save)
def shared_content_changed(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, PAGE_CACHE_MODELS):
        _invalidate_page_cache(f"{sender.__name__} {instance.pk} saved")


@receiver(audience_changed)
def restriction_changed_clears_the_cache(sender, page_ids, **kwargs):
    """A page made restricted must leave every cache at once, the proxy's included."""
    page_cache.invalidate("who may read some pages changed")
    purge_urls_of_pages(page_ids)


def purge_urls_of_pages(page_ids, old_url_path=None):
    """Purge these pages' addresses from a reverse proxy or CDN, if one is configured."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends

    if not get_backends():
        return
    batch = PurgeBatch()
    for page in Page.objects.filter(pk__in=list(page_ids)):
        batch.add_page(page)
        if old_url_path:
            site_root = page.get_site()
            if site_root is not None:
                relative = old_url_path[len(site_root.root_page.url_path) - 1 :]
                batch.add_url(site_root.root_url + relative)
    batch.purge()
