"""Admin for training records: the agency report, one person's records as CSV (subject access),
corrections in the site history, and modules whose guidance has changed."""

from wagtail import hooks

from .records import CORRECTED, VOIDED


@hooks.register("register_log_actions")
def training_log_actions(actions):
    actions.register_action(CORRECTED, "Correct training record", "Corrected a training record")
    actions.register_action(VOIDED, "Withdraw training record", "Withdrew a training record")
