from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training"

    def ready(self):
        from . import signal_handlers  # noqa: F401  (connects the receivers)
