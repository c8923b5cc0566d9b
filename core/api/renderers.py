from rest_framework_csv.renderers import CSVStreamingRenderer

from ..exports import neutralised


class FlatCSVRenderer(CSVStreamingRenderer):
    """CSV of a list endpoint, one row per item; a list of plain values fits in one cell.

    Every cell goes through `core.exports.neutralise`: no cell is read as a formula."""

    format = "csv"
    media_type = "text/csv"

    def flatten_list(self, items):
        if all(not isinstance(item, dict | list) for item in items):
            return {"": "; ".join(str(item) for item in items)}
        return super().flatten_list(items)

    def tablize(self, data, header=None, labels=None):
        for row in super().tablize(data, header=header, labels=labels):
            yield neutralised(row)
