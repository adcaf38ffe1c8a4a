"""What every API error looks like, written once for the OpenAPI schema.

The portal's error handlers (`odop_portal.api_errors`, `odop_portal.errors`) answer every
error with a JSON body carrying `code`: `{code, detail}` for the whole request, or
`{code, field: [message], ...}` naming each field. `document_error_answers` is a drf-spectacular
post-processing hook that gives every operation the error answers it can really give, unless the
view already describes that status itself:

- 400 where the operation takes query parameters or a body (a bad filter, page size or field);
- 401 everywhere: a wrong or expired `Authorization: Token` is refused even on public endpoints;
- 403 on every POST (a role that may not take the step, or a signed-in browser's POST without
  its CSRF token; a signed-in caller may read whatever a GET lists, and a GET without credentials
  is 401);
- 404 where the path has a parameter (no such row, one the caller may not see, or a malformed
  id) or the list has a cursor or a page number (a forged cursor, a page past the end);
- 415 where there is a body (not JSON or a form);
- 429 everywhere (the throttles), with `Retry-After`.
"""

FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "required": ["code"],
    "properties": {"code": {"type": "string"}, "detail": {"type": "string"}},
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
# `{code, detail}`: an error about the whole request.
ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "detail"],
    "properties": {"code": {"type": "string"}, "detail": {"type": "string"}},
}

_DESCRIPTIONS = {
    "400": "Bad input: `{code, field: [message]}` naming each field, or `{code, detail}`.",
    "401": "Not signed in, or the token is wrong.",
    "403": "Not allowed for your role, or a browser POST without its CSRF token.",
    "404": "No such record, or not one you may see (a malformed id or cursor too).",
    "415": "The body is neither JSON nor a form.",
    "429": "Too many requests; `Retry-After` says how many seconds to wait.",
}


def _answer(status: str) -> dict:
    schema = FIELD_ERRORS_SCHEMA if status in ("400", "415") else ERROR_SCHEMA
    answer = {"description": _DESCRIPTIONS[status], "content": {"application/json": {"schema": schema}}}
    if status == "429":
        answer["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    return answer


def error_statuses(method: str, operation: dict) -> list[str]:
    """The error statuses an operation can answer, from what the schema says it takes."""
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    statuses = ["401", "429"]
    if has_body or any(p["in"] == "query" for p in parameters):
        statuses.append("400")
    if method == "post":
        statuses.append("403")
    if any(p["in"] == "path" for p in parameters) or any(p["name"] in ("cursor", "page") for p in parameters):
        statuses.append("404")
    if has_body:
        statuses.append("415")
    return sorted(statuses)


def document_error_answers(result, generator, request, public):
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            responses = operation.setdefault("responses", {})
            for status in error_statuses(method, operation):
                responses.setdefault(status, _answer(status))
            for parameter in operation.get("parameters", []):
                # Row ids in paths are positive integers (the URL patterns take digits only).
                if parameter["in"] == "path" and parameter["name"] in ("id", "pk"):
                    parameter["schema"] = {"type": "integer", "minimum": 1}
    return result
