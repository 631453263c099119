"""Many live pages quickly, for the search benchmark and the privacy tests.

Creating 10,000 pages one by one through Wagtail (tree insert, revision, publish) takes many
minutes; this writes the tree rows directly, as Wagtail would leave them after publishing,
without revisions or signals. Index the pages afterwards (index_pages or rebuild).
"""

import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page
from wagtail.rich_text import RichText

from portal.core.models import StandardPage

# Words for generated prose: MAPPA vocabulary among everyday English.
VOCABULARY = """
agency agencies risk assessment management plan offender offenders public protection police
probation prison housing accommodation licence conditions supervision meeting meetings level
category information sharing disclosure review board strategic lay adviser victim victims
community safety safeguarding children adults health mental treatment programme intervention
employment training education referral referrals chair minutes actions record records decision
decisions contact address visit visits home approved premises curfew exclusion zone monitoring
tag report reports annual statistics local national guidance practice practitioner practitioners
team teams officer officers manager managers partnership partners court order orders release
custody recall breach serious harm further offence case cases responsibility responsibilities
the a of and to in for with on by as is are be was were that this which each every all their
its it they them these those when where how who what should must may can will would could
""".split()
PHRASES = [
    "registered sexual offender",
    "duty to co-operate",
    "level 2 meeting",
    "level 3 meeting",
    "risk management plan",
    "serious further offence",
    "lay adviser",
    "approved premises",
    "information sharing agreement",
    "multi-agency public protection",
    "exclusion zone",
    "child sex offender disclosure scheme",
    "strategic management board",
    "ViSOR record",
]


def generated_body(rng, words=400, sections=4):
    """StreamField data for a page of about `words` words in `sections` titled sections."""
    blocks, per_section = [], max(1, words // sections)
    for number in range(sections):
        heading = " ".join(rng.choice(VOCABULARY[:120]) for _ in range(3)).capitalize()
        blocks.append(("heading", {"text": f"{heading} {number + 1}", "anchor": ""}))
        sentences, count = [], 0
        while count < per_section:
            sentence = [rng.choice(VOCABULARY) for _ in range(rng.randint(8, 16))]
            if rng.random() < 0.3:
                sentence.insert(rng.randint(0, len(sentence)), rng.choice(PHRASES))
            count += len(sentence)
            sentences.append(" ".join(sentence).capitalize() + ".")
        blocks.append(("paragraph", RichText(f"<p>{' '.join(sentences)}</p>")))
    return blocks


def create_pages(parent, items, model=StandardPage, batch_size=500):
    """Create live child pages of `parent` from dicts of fields (title, and for the model's own
    fields such as intro and body). Returns the new page ids, in order."""
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(model)
    own_fields = [f for f in model._meta.local_concrete_fields if f.name != "page_ptr"]
    now = timezone.now()
    created = []
    items = list(items)
    with transaction.atomic():
        for start in range(0, len(items), batch_size):
            chunk = items[start : start + batch_size]
            pages = []
            for item in chunk:
                step += 1
                title = item["title"]
                slug = item.get("slug") or f"{slugify(title)[:40]}-{step}"
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        path=Page._get_path(parent.path, parent.depth + 1, step),
                        depth=parent.depth + 1,
                        numchild=0,
                        url_path=f"{parent.url_path}{slug}/",
                        content_type=content_type,
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                        locale_id=parent.locale_id,
                        translation_key=uuid.uuid4(),
                        search_description=item.get("search_description", ""),
                    )
                )
            Page.objects.bulk_create(pages)
            rows = []
            for page, item in zip(pages, chunk, strict=True):
                instance = model(
                    page_ptr_id=page.pk,
                    **{f.name: item.get(f.name, f.get_default()) for f in own_fields},
                )
                rows.append(
                    [page.pk]
                    + [
                        f.get_db_prep_save(getattr(instance, f.attname), connection)
                        for f in own_fields
                    ]
                )
            columns = ", ".join(
                connection.ops.quote_name(c)
                for c in ["page_ptr_id", *[f.column for f in own_fields]]
            )
            placeholders = ", ".join(["%s"] * (len(own_fields) + 1))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
                    f"VALUES ({placeholders})",
                    rows,
                )
            created.extend(page.pk for page in pages)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(items))
    return created


def generated_pages(count, seed=2026, words=400):
    """Dicts for create_pages: `count` StandardPages of generated prose."""
    rng = random.Random(seed)
    for number in range(count):
        topic = " ".join(rng.choice(VOCABULARY[:120]) for _ in range(3))
        yield {
            "title": f"{topic.capitalize()} note {number + 1}",
            "intro": " ".join(rng.choice(VOCABULARY) for _ in range(20)).capitalize() + ".",
            "body": generated_body(rng, words=words),
        }
