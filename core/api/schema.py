"""The OpenAPI schema declares every answer an operation can give, its errors included, and
who may call it: drf-spectacular's AutoSchema with the answers the API's shared parts give
(the exception handler, the parsers, the limits, the permissions and the throttle)."""

from django.conf import settings
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.permissions import SAFE_METHODS

ERROR = {
    "type": "object",
    "description": "An error: what went wrong, in words.",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong."},
        "dependants": {
            "type": "array",
            "description": "A refused deletion: each kind of row that depends on the record, "
            "with its count and first ids.",
            "items": {
                "type": "object",
                "properties": {
                    "model": {"type": "string"},
                    "name": {"type": "string"},
                    "count": {"type": "integer"},
                    "ids": {"type": "array", "items": {}},
                },
            },
        },
        "duplicates": {
            "type": "array",
            "description": "A refused source: the sources already entered that it looks like.",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "publisher": {"type": "string"},
                    "title": {"type": "string"},
                    "link": {"type": "string", "format": "uri", "nullable": True},
                },
            },
        },
    },
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Refused input. Each refused field (or parameter) under its name with its "
    "messages; a nested object's errors under its field's name, a list's under each item's "
    "index; `non_field_errors` for a rule between fields; `detail` alone for a body that "
    "cannot be read (malformed, or nested too deep).",
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": {},
}
COMPONENTS = {"Error": ERROR, "ValidationError": VALIDATION_ERROR}

WITH_BODY = frozenset({"POST", "PUT", "PATCH"})
WRITES = WITH_BODY | {"DELETE"}
CONDITIONAL = frozenset({"PUT", "PATCH", "DELETE"})


class AutoSchema(openapi.AutoSchema):
    def get_auth(self):
        """Reads are open to anonymous clients unless API_ALLOW_ANONYMOUS_READ is off (the
        permission classes read the same setting)."""
        auths = super().get_auth()
        if self.method in SAFE_METHODS and settings.API_ALLOW_ANONYMOUS_READ and {} not in auths:
            auths.append({})
        return auths

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        for code, (description, component) in self.error_answers(operation).items():
            declared = responses.get(code)
            if declared is None:
                responses[code] = self.error_response(description, component)
            elif "content" not in declared:  # a view's own words for it, the shared body
                declared["content"] = self.error_response(description, component)["content"]
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def error_response(self, description, name):
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=COMPONENTS[name]
        )
        self.registry.register_on_missing(component)
        return {
            "description": description,
            "content": {"application/json": {"schema": component.ref}},
        }

    def error_answers(self, operation):
        method = self.method
        detail = any(p["in"] == "path" for p in operation.get("parameters", []))
        answers = {
            "400": (
                "Refused input, each field or parameter named with the reason, nothing written."
                if method in WRITES
                else "A refused parameter, named with the reason.",
                "ValidationError",
            ),
            "401": (
                "Credentials missing or invalid."
                if method in WRITES or not settings.API_ALLOW_ANONYMOUS_READ
                else "Invalid credentials (reads need none).",
                "Error",
            ),
            "404": (
                "No such item."
                if detail
                else "No such page of the list, or an unknown `format`."
                if self._is_list_view()
                else "An unknown `format`.",
                "Error",
            ),
            "406": ("The Accept header asks for a format this operation does not give.", "Error"),
        }
        if method in WRITES:
            answers["403"] = ("Logged in without the permission to change this.", "Error")
            answers["409"] = (
                "Refused: other facts still refer to it (each kind named in `dependants`; "
                "`?cascade=true` deletes them with it), or the change conflicts with "
                "existing data. Nothing written."
                if method == "DELETE"
                else getattr(self.view, "conflict_answer", None)
                or "Refused: the change conflicts with existing data. Nothing written.",
                "Error",
            )
        if method in CONDITIONAL or (
            method == "POST" and getattr(self.view, "honours_if_match_on_post", False)
        ):
            answers["412"] = ("The If-Match header no longer matches the item.", "Error")
            if settings.API_REQUIRE_IF_MATCH:
                answers["428"] = ("Sent without If-Match, which this site requires.", "Error")
        if method in WITH_BODY:
            answers["413"] = (
                f"The body is over {settings.API_MAX_BODY_BYTES:,} bytes (API_MAX_BODY_BYTES).",
                "Error",
            )
            answers["415"] = ("A body in a media type the API does not read.", "Error")
        if getattr(self.view, "locks_out", False):
            answers["429"] = ("Locked out after too many failed logins; retry later.", "Error")
        if method in SAFE_METHODS and self.view.get_throttles():
            answers["429"] = ("Too many anonymous requests; retry after a while.", "Error")
        return answers
