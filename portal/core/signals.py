from django.dispatch import Signal

# Sent after the audience (public or restricted) of some pages was recomputed.
# Receivers get page_ids: the ids whose rows were rebuilt. Search reindexes them.
audience_changed = Signal()
