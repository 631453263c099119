"""Keeping the search index in step with the live page tree.

The database index (SearchUnit rows) is the source of truth and is always written first;
Elasticsearch, when configured, is a copy fed from it. Pages waiting to reach Elasticsearch are
listed in ElasticsearchBacklog, and searches use the database until the backlog is empty.
"""

import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction

from wagtail.models import Page, Site

from portal.core.models import PageAudience

from .engines.fulltext_schema import FTS, HEAD_FTS, audience_token
from .models import ElasticsearchBacklog, SearchUnit, SearchUnitText
from .units import page_units

logger = logging.getLogger("search")
BATCH_SIZE = 500


_scheduled = threading.local()


def on_commit_once(func):
    """Run func once after the current transaction commits, however often it is asked for.

    A callback Django dropped (the transaction rolled back) or already ran is registered anew.
    """
    registered = getattr(_scheduled, "callbacks", None)
    if registered is None:
        registered = _scheduled.callbacks = {}
    conn = transaction.get_connection()
    pending = registered.get(func)
    if pending is not None and conn.in_atomic_block:
        if any(entry[1] is pending for entry in conn.run_on_commit):
            return

    def callback():
        if registered.get(func) is callback:
            del registered[func]
        func()

    registered[func] = callback
    transaction.on_commit(callback)


def _enqueue_sync():
    from .tasks import sync_elasticsearch_task

    sync_elasticsearch_task.enqueue()


def elasticsearch_enabled():
    return bool(getattr(settings, "ELASTICSEARCH_URL", ""))


def root_paths():
    """The url_path of each site's root page, most specific first."""
    return [root.root_path for root in Site.get_site_root_paths()]


def page_url(url_path, roots):
    """The page's path on its site ("/about/"), or None for a page outside every site."""
    for root in roots:
        if url_path.startswith(root):
            return "/" + url_path[len(root) :]
    return None


def audiences_for(page_ids=None):
    rows = PageAudience.objects.all()
    if page_ids is not None:
        rows = rows.filter(page_id__in=page_ids)
    return dict(rows.values_list("page_id", "audience"))


def build_units(pages, roots, audiences):
    units = []
    for page in pages:
        url = page_url(page.url_path, roots)
        if url is None or page.depth < 2:
            continue
        try:
            units.extend(page_units(page, url, audiences.get(page.pk, SearchUnit.PUBLIC)))
        except Exception:  # one broken page must not stop the others being indexed
            logger.exception("search: could not index page %s", page.pk)
    return units


def save_units(units, batch_size=BATCH_SIZE):
    """Insert units (dicts from page_units) into both tables; returns how many."""
    rows = [SearchUnit(**{k: v for k, v in unit.items() if k != "text"}) for unit in units]
    SearchUnit.objects.bulk_create(rows, batch_size=batch_size)
    SearchUnitText.objects.bulk_create(
        [SearchUnitText(unit=row, **unit["text"]) for row, unit in zip(rows, units, strict=True)],
        batch_size=batch_size,
    )
    return len(rows)


def index_pages(page_ids):
    """Replace the units of these pages with their current live content (none if not live)."""
    page_ids = sorted({int(pk) for pk in page_ids})
    roots = root_paths()
    for start in range(0, len(page_ids), BATCH_SIZE):
        batch = page_ids[start : start + BATCH_SIZE]
        pages = Page.objects.filter(pk__in=batch).live().specific()
        units = build_units(pages, roots, audiences_for(batch))
        with transaction.atomic():
            SearchUnit.objects.filter(page_id__in=batch).delete()
            save_units(units)
    queue_for_elasticsearch(page_ids)


def subtree_ids(page):
    return list(Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True))


def remove_pages(page_ids):
    """Take pages out of search at once (unpublished or deleted)."""
    page_ids = list(page_ids)
    for start in range(0, len(page_ids), BATCH_SIZE):
        SearchUnit.objects.filter(page_id__in=page_ids[start : start + BATCH_SIZE]).delete()
    queue_for_elasticsearch(page_ids)


def update_audiences(page_ids):
    """Copy the pages' audience (public or restricted) onto their units: a few UPDATEs,
    whatever the number of pages, so a restriction takes effect in the same request."""
    page_ids = list(page_ids)
    for start in range(0, len(page_ids), BATCH_SIZE):
        batch = page_ids[start : start + BATCH_SIZE]
        audiences = audiences_for(batch)
        by_audience = {}
        for pk in batch:
            by_audience.setdefault(audiences.get(pk, SearchUnit.PUBLIC), []).append(pk)
        for audience, ids in by_audience.items():
            SearchUnit.objects.filter(page_id__in=ids).exclude(audience=audience).update(
                audience=audience
            )
            # The full-text index filters by its own copy of the audience: the same change.
            token = audience_token(audience)
            SearchUnitText.objects.filter(unit__page_id__in=ids).exclude(fts_audience=token).update(
                fts_audience=token
            )
    queue_for_elasticsearch(page_ids)


def queue_for_elasticsearch(page_ids):
    """Note that these pages must reach Elasticsearch; a task sends them after commit."""
    if not elasticsearch_enabled() or not page_ids:
        return
    ids = sorted({int(pk) for pk in page_ids})
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        ElasticsearchBacklog.objects.filter(page_id__in=batch).delete()
        ElasticsearchBacklog.objects.bulk_create([ElasticsearchBacklog(page_id=pk) for pk in batch])
    on_commit_once(_enqueue_sync)


def sync_elasticsearch(batch_size=1000):
    """Send backlogged pages to Elasticsearch; they leave the backlog only once it has them.
    Returns how many pages were sent."""
    from .engines import elastic

    sent, after = 0, -1
    while True:
        pending = list(
            ElasticsearchBacklog.objects.filter(page_id__gt=after)
            .order_by("page_id")
            .values_list("page_id", "queued_at")[:batch_size]
        )
        if not pending:
            return sent
        page_ids = [pk for pk, _ in pending]
        try:
            elastic.replace_pages(page_ids)
        except elastic.UNAVAILABLE as error:
            elastic.mark_down(error)
            logger.warning("search: %s pages wait for Elasticsearch", len(page_ids))
            return sent
        for pk, queued_at in pending:  # a page changed again meanwhile stays queued
            ElasticsearchBacklog.objects.filter(page_id=pk, queued_at=queued_at).delete()
        after = page_ids[-1]
        sent += len(page_ids)


@contextmanager
def _emptied_index():
    """An empty index to bulk-load into. On SQLite the FTS5 triggers are off while loading and
    the FTS indexes are built in one pass at the end, which is several times faster."""
    units, texts = SearchUnit._meta.db_table, SearchUnitText._meta.db_table
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:  # plain DELETEs: no loading of every row first
            cursor.execute(f"DELETE FROM {texts}")
            cursor.execute(f"DELETE FROM {units}")
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [SearchUnitText._meta.db_table],
        )
        triggers = cursor.fetchall()
        for name, _ in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute(f"DELETE FROM {texts}")
        cursor.execute(f"DELETE FROM {units}")
        yield
        for table in (FTS, HEAD_FTS):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        for _, sql in triggers:
            cursor.execute(sql)


def rebuild(progress=None, batch_size=BATCH_SIZE):
    """Rebuild every unit from the live page tree (and Elasticsearch when configured).

    `progress(done, total)` is called after each batch. Returns (pages, units, seconds).
    """
    from .engines.fulltext_schema import ensure_fulltext

    started = time.monotonic()
    ensure_fulltext()
    roots = root_paths()
    audiences = audiences_for()
    ids = list(
        Page.objects.live().filter(depth__gt=1).order_by("path").values_list("pk", flat=True)
    )
    total_units = 0
    with transaction.atomic(), _emptied_index():
        for start in range(0, len(ids), batch_size):
            pages = Page.objects.filter(pk__in=ids[start : start + batch_size]).specific()
            total_units += save_units(build_units(pages, roots, audiences), batch_size)
            if progress:
                progress(min(start + batch_size, len(ids)), len(ids))
    if progress and not ids:
        progress(0, 0)
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner misjudges the new rows and skips the GIN index; and
        # outside a transaction, VACUUM too: the triggers leave a dead version of every unit.
        tables = f"{SearchUnit._meta.db_table}, {SearchUnitText._meta.db_table}"
        with connection.cursor() as cursor:
            if connection.in_atomic_block:
                cursor.execute(f"ANALYZE {tables}")
            else:
                cursor.execute(f"VACUUM (ANALYZE) {tables}")
    if elasticsearch_enabled():
        from .engines import elastic

        try:
            elastic.rebuild()
        except elastic.UNAVAILABLE as error:
            logger.warning("search: Elasticsearch rebuild failed: %s", error)
            raise
    return len(ids), total_units, time.monotonic() - started
