"""Admin hooks of the training app."""

from . import records_admin  # noqa: F401  (the records' report, export, corrections, review)
