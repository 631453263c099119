"""Keep search current: publishing, unpublishing, moving, restricting and deleting pages.

What hides a page (unpublish, a new restriction) is applied to the database index at once, in
the same request; re-extracting content runs as a task after the transaction commits.
"""

import threading

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from portal.core.models import GlossaryTerm
from portal.core.signals import audience_changed

from . import indexing
from .tasks import index_pages_task, rebuild_elasticsearch_task
from .vocabulary import glossary_changed

_pending = threading.local()


def schedule_index(page_ids):
    """Index these pages after commit, in one task per transaction however many changed."""
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids.update(int(pk) for pk in page_ids)
    indexing.on_commit_once(_flush_index)


def _flush_index():
    ids, _pending.ids = sorted(getattr(_pending, "ids", ())), set()
    if ids:
        index_pages_task.enqueue(ids)


def _rebuild_elasticsearch():
    rebuild_elasticsearch_task.enqueue()


@receiver(page_published)
def page_was_published(sender, instance, **kwargs):
    schedule_index([instance.pk])


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs):
    indexing.remove_pages([instance.pk])


@receiver(page_slug_changed)
def page_slug_was_changed(sender, instance, **kwargs):
    # Every page below it has a new URL.
    schedule_index(indexing.subtree_ids(instance))


@receiver(post_page_move)
def page_was_moved(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    if url_path_before != url_path_after:
        schedule_index(indexing.subtree_ids(instance))


@receiver(audience_changed)
def audience_was_changed(sender, page_ids, **kwargs):
    indexing.update_audiences(page_ids)


@receiver(post_delete)
def page_was_deleted(sender, instance, **kwargs):
    # The units go with the page (ON DELETE CASCADE); Elasticsearch must be told.
    if sender is Page and indexing.elasticsearch_enabled():
        indexing.queue_for_elasticsearch([instance.pk])


@receiver(post_save, sender=GlossaryTerm)
@receiver(post_delete, sender=GlossaryTerm)
def glossary_was_changed(sender, **kwargs):
    glossary_changed()
    if indexing.elasticsearch_enabled():
        indexing.on_commit_once(_rebuild_elasticsearch)
