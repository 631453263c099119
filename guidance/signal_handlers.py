"""Side effects of publishing guidance: every publication becomes a recorded version."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import PageLogEntry
from wagtail.signals import page_published

from . import versioning
from .models import GuidancePage


@receiver(page_published, sender=GuidancePage)
def record_guidance_version(sender, instance, revision, **kwargs):
    versioning.record_publication(instance, revision)


@receiver(post_save, sender=PageLogEntry)
def credit_guidance_publisher(sender, instance, created, **kwargs):
    # page_published does not say who published; the audit log entry written just after does.
    if not (created and instance.action == "wagtail.publish" and instance.revision_id):
        return
    if (
        instance.user_id
        and instance.content_type_id == ContentType.objects.get_for_model(GuidancePage).pk
    ):
        versioning.attribute_publication(instance.revision_id, instance.user)
