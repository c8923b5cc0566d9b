import base64
import hashlib

import orjson
from csp.constants import UNSAFE_HASHES
from rest_framework import renderers
from rest_framework_csv.renderers import CSVStreamingRenderer

from ..exports import neutralised

LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))


class JSONRenderer(renderers.JSONRenderer):
    """DRF's compact JSON, the same text, written by orjson: several times faster on a page of
    rows. What orjson does not write itself (decimals, DRF's date formats, lazy text) goes
    through DRF's own encoder; an indented answer (the browsable API) is DRF's."""

    options = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        content = orjson.dumps(data, default=self.encoder_class().default, option=self.options)
        if b"\xe2\x80" in content:
            # As DRF does: the two line separators JavaScript does not allow in a string.
            for raw, escaped in LINE_SEPARATORS:
                content = content.replace(raw, escaped)
        return content


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
