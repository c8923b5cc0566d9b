from rest_framework_csv.renderers import CSVStreamingRenderer


class FlatCSVRenderer(CSVStreamingRenderer):
    """CSV of a list endpoint, one row per item; a list of plain values fits in one cell."""

    format = "csv"
    media_type = "text/csv"

    def flatten_list(self, items):
        if all(not isinstance(item, dict | list) for item in items):
            return {"": "; ".join(str(item) for item in items)}
        return super().flatten_list(items)
