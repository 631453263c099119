"""CSV that is safe to open in a spreadsheet: a text cell a spreadsheet would read as a formula
(starting =, +, -, @, a tab or a carriage return) is written with a leading apostrophe, so a
name or title someone typed can never run as a formula on the reader's machine."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def safe_rows(rows):
    """Dict rows (for csv.DictWriter) with every cell made safe."""
    for row in rows:
        yield {key: spreadsheet_safe(value) for key, value in row.items()}


class SpreadsheetSafeExportMixin:
    """For Wagtail admin report views with a CSV export: text cells go through spreadsheet_safe
    (Wagtail's own XLSX export already stores formula-like text as text)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return spreadsheet_safe(value)
        return value
