"""Background work for search: run in-process on the embedded default, by the database worker
(`manage.py db_worker`) in production. Arguments are page ids, so tasks survive a queue."""

from django_tasks import task

from . import indexing


@task()
def index_pages_task(page_ids):
    """Re-extract the units of these pages from their live content."""
    indexing.index_pages(page_ids)


@task()
def sync_elasticsearch_task():
    """Send the pages waiting in the backlog to Elasticsearch."""
    return indexing.sync_elasticsearch()


@task()
def rebuild_elasticsearch_task():
    """Rebuild the Elasticsearch index, for example after the glossary (its synonyms) changed."""
    if not indexing.elasticsearch_enabled():
        return None
    from .engines import elastic

    try:
        return elastic.rebuild()
    except elastic.UNAVAILABLE as error:
        elastic.mark_down(error)
        return None
