"""Demo training records: filled in below."""


def seed(context):
    if not context.get("training_modules"):
        return
