"""The API's parsers: DRF's, with a nesting limit and no NUL or lone surrogate in any string.

A body too large never gets here: `core.middleware.ApiBodySizeMiddleware` answers 413 from its
Content-Length before anything reads it.
"""

import io

import ijson
from django.conf import settings
from rest_framework import parsers, serializers
from rest_framework.exceptions import ParseError
from rest_framework.settings import api_settings

# DRF's own text rule: a CharField refuses NUL characters and lone surrogates.
TEXT = serializers.CharField(allow_blank=True, trim_whitespace=False)
BAD_KEY = "A field name holds a NUL character or a lone surrogate."
OPENING = frozenset({"start_map", "start_array"})
CLOSING = frozenset({"end_map", "end_array"})


def too_deep(limit):
    return ParseError(f"JSON nested deeper than {limit} levels of arrays and objects.")


def check_depth(body, limit):
    """Refuse JSON whose arrays and objects nest deeper than `limit`, from its tokens, before it
    is parsed. False when the tokenizer cannot read the body (malformed JSON, or an escape it
    refuses such as a lone low surrogate): the parser then says what is wrong, or the parsed
    data is measured."""
    depth = 0
    try:
        for event, _ in ijson.basic_parse(body):
            if event in OPENING:
                depth += 1
                if depth > limit:
                    raise too_deep(limit)
            elif event in CLOSING:
                depth -= 1
    except (ijson.JSONError, UnicodeDecodeError):
        return False
    return True


def nesting(value):
    """How deep arrays and objects nest in parsed data."""
    if isinstance(value, dict):
        value = list(value.values())
    elif not isinstance(value, list):
        return 0
    return 1 + max(map(nesting, value), default=0)


def text_errors(value):
    """The errors of the strings in parsed data, shaped like the data (objects by key, lists
    by index, as DRF keys a field's errors), or None when every string is clean."""
    if isinstance(value, str):
        try:
            TEXT.run_validation(value)
        except serializers.ValidationError as exc:
            return exc.detail
        return None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    errors = {}
    for key, item in items:
        if isinstance(key, str) and text_errors(key):
            errors.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).append(BAD_KEY)
            continue
        found = text_errors(item)
        if found:
            errors[str(key)] = found
    return errors or None


def refuse_bad_text(data):
    """A 400 naming each field whose text holds a NUL character or a lone surrogate."""
    errors = text_errors(data)
    if errors:
        if not isinstance(errors, dict):
            errors = {api_settings.NON_FIELD_ERRORS_KEY: errors}
        raise serializers.ValidationError(errors)
    return data


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read()
        limit = settings.API_MAX_JSON_DEPTH
        checked = check_depth(body, limit)
        try:
            data = super().parse(io.BytesIO(body), media_type, parser_context)
            if not checked and nesting(data) > limit:
                raise too_deep(limit)
        except RecursionError as exc:  # deeper than Python's own stack
            raise too_deep(limit) from exc
        return refuse_bad_text(data)


def form_fields(data):
    """A form's fields as parsed JSON would hold them: one value, or a list of repeated ones."""
    return {key: values[0] if len(values) == 1 else values for key, values in data.lists()}


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        refuse_bad_text(form_fields(data))
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        refuse_bad_text(form_fields(parsed.data))
        return parsed
