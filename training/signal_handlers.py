"""Side effects of publishing a training module: every publication becomes a ModuleVersion."""

from django.dispatch import receiver

from wagtail.signals import page_published

from . import versions
from .models import ModulePage


@receiver(page_published, sender=ModulePage)
def record_module_version(sender, instance, revision, **kwargs):
    versions.record_publication(instance)
