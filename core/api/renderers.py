import base64
import hashlib

from csp.constants import UNSAFE_HASHES
from rest_framework import renderers
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


def csp_hash(text: str) -> str:
    """The Content Security Policy's source for exactly this inline text."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# DRF's page writes one inline style attribute, on its "Filters" and "Extra actions" buttons.
BUTTON_STYLE = "float: right; margin-right: 10px"


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's HTML pages under the site's Content Security Policy, which allows no inline style:
    the buttons' one style attribute is let through by its hash, on these pages only, and the
    inline stylesheet for highlighted code (which no description here has) is left out."""

    def get_context(self, data, accepted_media_type, renderer_context):
        return super().get_context(data, accepted_media_type, renderer_context) | {
            "code_style": None
        }

    def render(self, data, accepted_media_type=None, renderer_context=None):
        content = super().render(data, accepted_media_type, renderer_context)
        response = (renderer_context or {}).get("response")
        if response is not None:
            # What django-csp's @csp_update sets: added to the policy of this response alone.
            response._csp_update = {"style-src": [UNSAFE_HASHES, csp_hash(BUTTON_STYLE)]}
        return content
