"""Keep the audience table in step with view restrictions and the page tree."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, post_page_move

from .models import PageAudience
from .visibility import refresh_audiences


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
