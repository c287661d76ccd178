"""The OpenAPI 3.1 document, built from the registered operations, and its documentation page."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from flask import current_app, render_template
from markupsafe import Markup, escape
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from werkzeug.wrappers import Response

from web.api import api, bp
from web.api.operations import JSON, NDJSON, PROBLEM, Operation
from web.api.schemas import MAX_LIMIT, Problem
from web.permissions import ANONYMOUS, PERMISSIONS, ROLES

REF = "#/components/schemas/{model}"
VERSION = "1.0.0"
TAGS: dict[str, str] = {
    "Account": "Who a token belongs to, and their applications.",
    "Experts": "Profiles of members and specialists: every field of FORMATS.md.",
    "Assignments": "What partners need: published ones are what applicants see.",
    "Candidates": "Ranked candidates with the engine's explanation, and the decision pipeline.",
    "Partner requests": "Requests for assistance that assignments are made from.",
    "Import": "Bulk JSON Lines, as `flask --app wsgi import-data` reads them.",
}
ERRORS: dict[int, str] = {
    400: "Malformed request (e.g. a body that is not JSON).",
    401: "No valid bearer token.",
    403: "The token's role may not do this.",
    404: "No such record, or none this token may see.",
    409: "Conflicts with the current state (an id in use, a status change the pipeline forbids).",
    413: "The body is too large.",
    415: "The body is not of a media type this operation reads.",
    422: "A field is invalid: `field` names it, `errors` lists every problem.",
}
DESCRIPTION = f"""\
Everything a coordinator does in the pages, for another system or a script.

**Authentication.** Send `Authorization: Bearer TOKEN`. A person creates and revokes personal
tokens on the *API tokens* page; `flask --app wsgi create-token --email E` prints one for a
script. A token has its owner's role and sees what they see in the pages: applicants and
members only published assignments, their own profile and their own applications.

**Lists** are ordered by id and paged: `limit` (1 to {MAX_LIMIT}, default 50) and `cursor`, the
`next_cursor` of the page before (null on the last page).

**Reads** carry an `ETag`; send it back in `If-None-Match` to get `304 Not Modified`.

**Errors** are RFC 9457 problem details (`application/problem+json`) with `field` naming
the input at fault; a bulk import lists every bad line in `errors`.
"""


def _roles(op: Operation) -> list[str]:
    allowed = PERMISSIONS.get(op.endpoint, frozenset())
    return [role for role in ROLES if role in allowed and role != ANONYMOUS]


def _models(ops: list[Operation]) -> list[tuple[type[BaseModel], Any]]:
    pairs: list[tuple[type[BaseModel], Any]] = [(Problem, "serialization")]
    for op in ops:
        for model, mode in ((op.query, "validation"), (op.body, "validation")):
            if model is not None:
                pairs.append((model, mode))
        if op.response is not None:
            pairs.append((op.response, "serialization"))
    return list(dict.fromkeys(pairs))


def _query_param(name: str, prop: dict[str, Any], required: bool) -> dict[str, Any]:
    """Turn a query model's property into a parameter; absent, not null, is how to leave it out."""
    schema = {k: v for k, v in prop.items() if k not in ("title", "description")}
    options = [s for s in schema.pop("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1:
        schema.update(options[0])
    elif options:
        schema["anyOf"] = options
    if schema.get("default", 0) is None:
        del schema["default"]
    param = {"name": name, "in": "query", "required": required, "schema": schema}
    if prop.get("description"):
        param["description"] = prop["description"]
    return param


def _path_param(name: str, converter: str) -> dict[str, Any]:
    if converter == "int":
        schema: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    else:
        schema = {"type": "string", "minLength": 1, "maxLength": 100}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM: {"schema": {"$ref": REF.format(model="Problem")}}},
    }


def _operation(op: Operation, refs: dict[Any, Any], components: dict[str, Any]) -> dict[str, Any]:
    roles = _roles(op)
    description = op.description
    if not op.public:
        description = f"{description}\n\nRoles: {', '.join(roles) or 'none'}.".strip()
    spec: dict[str, Any] = {
        "operationId": op.endpoint.rpartition(".")[2],
        "tags": [op.tag],
        "summary": op.summary,
        "description": description,
        "x-roles": roles,
    }
    params = [_path_param(name, converter) for name, converter in op.path_params()]
    if op.query is not None:
        name = refs[(op.query, "validation")]["$ref"].rpartition("/")[2]
        schema = components[name]
        required = set(schema.get("required", []))
        params += [_query_param(k, v, k in required) for k, v in schema["properties"].items()]
    if op.method == "GET":
        params.append(
            {
                "name": "If-None-Match",
                "in": "header",
                "required": False,
                "schema": {"type": "string"},
                "description": "An ETag this read gave before: 304 if it still holds.",
            }
        )
    if params:
        spec["parameters"] = params
    if op.body is not None:
        spec["requestBody"] = {
            "required": True,
            "content": {JSON: {"schema": refs[(op.body, "validation")]}},
        }
    elif op.media is not None:
        lines = {"type": "string", "description": "One JSON object a line (JSON Lines)."}
        spec["requestBody"] = {
            "required": True,
            "content": {NDJSON: {"schema": lines}, "text/plain": {"schema": lines}},
        }
    success: dict[str, Any] = {"description": "Created" if op.status == 201 else "OK"}
    if op.response is not None:
        success["content"] = {JSON: {"schema": refs[(op.response, "serialization")]}}
    if op.method == "GET":
        success["headers"] = {
            "ETag": {"description": "The version of this answer.", "schema": {"type": "string"}}
        }
    responses: dict[str, Any] = {str(op.status): success}
    if op.method == "GET":
        responses["304"] = {"description": "Not modified: If-None-Match matched the ETag."}
    codes = {400, 422, *op.errors}
    if not op.public:
        codes |= {401, 403}
    if "<" in op.rule or op.body is not None:  # a record named in the path or the body
        codes.add(404)
    if op.media is not None:
        codes |= {413, 415}
    for code in sorted(codes):
        responses[str(code)] = _problem(ERRORS[code])
    spec["responses"] = responses
    if op.public:
        spec["security"] = []
    return spec


def _short_names(document: dict[str, Any]) -> dict[str, Any]:
    """Call Page[ExpertPublic] ExpertPublicPage, and Items[Recommendation] RecommendationList."""
    text = json.dumps(document)
    for name in list(document["components"]["schemas"]):
        match = re.fullmatch(r"(Page|Items)_(\w+)_", name)
        if match:
            short = match[2] + ("Page" if match[1] == "Page" else "List")
            text = text.replace(f'"{REF.format(model=name)}"', f'"{REF.format(model=short)}"')
            text = text.replace(f'"{name}":', f'"{short}":')
    renamed: dict[str, Any] = json.loads(text)
    renamed["components"]["schemas"] = dict(sorted(renamed["components"]["schemas"].items()))
    return renamed


@cache
def _document(script_root: str) -> dict[str, Any]:
    ops = api.operations
    refs, defs = models_json_schema(_models(ops), ref_template=REF)
    components: dict[str, Any] = defs.get("$defs", {})
    paths: dict[str, dict[str, Any]] = {}
    for op in ops:
        paths.setdefault(script_root + op.path, {})[op.method.lower()] = _operation(
            op, refs, components
        )
    for op in ops:  # query models became parameters
        if op.query is not None:
            components.pop(refs[(op.query, "validation")]["$ref"].rpartition("/")[2], None)
    return _short_names(
        {
            "openapi": "3.1.0",
            "info": {"title": "Counterpart API", "version": VERSION, "description": DESCRIPTION},
            "tags": [{"name": name, "description": text} for name, text in TAGS.items()],
            "security": [{"bearerAuth": []}],
            "paths": paths,
            "components": {
                "schemas": dict(sorted(components.items())),
                "securitySchemes": {
                    "bearerAuth": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "A personal API token (made on the API tokens page).",
                    }
                },
            },
        }
    )


def document() -> dict[str, Any]:
    """Return the OpenAPI 3.1 document of every registered operation."""
    from flask import request

    return _document(request.script_root)


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """Serve the OpenAPI document."""
    response = current_app.json.response(document())
    return response


@bp.get("/docs")
def docs() -> str:
    """Show the API's documentation, rendered from the same document."""
    return render_template("api/docs.html", doc=document(), type_cell=type_cell)


# Reading schemas for people ----------------------------------------------------------------------


def ref_name(schema: dict[str, Any]) -> str | None:
    """Return the component a schema refers to, if it is a reference."""
    ref = schema.get("$ref")
    return ref.rpartition("/")[2] if isinstance(ref, str) else None


def describe(schema: dict[str, Any]) -> str:
    """Say what a JSON schema accepts, briefly: 'string, at most 200', 'list of LanguageLevel'."""
    if not isinstance(schema, dict):  # `true`: anything
        return "any"
    name = ref_name(schema)
    if name:
        return f"⟦{name}⟧"
    if "anyOf" in schema:
        return " or ".join(describe(option) for option in schema["anyOf"])
    if "enum" in schema:
        values = schema["enum"]
        shown = ", ".join(repr(v) if v == "" else str(v) for v in values[:8])
        return f"one of {shown}" + (f" … ({len(values)} values)" if len(values) > 8 else "")
    if "const" in schema:
        return repr(schema["const"]) if schema["const"] == "" else str(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        text = f"list of {describe(schema.get('items', {}))}"
    elif kind == "object" and "additionalProperties" in schema:
        text = f"map to {describe(schema['additionalProperties'])}"
    else:
        text = {"null": "null"}.get(kind, str(kind))
        if schema.get("format"):
            text += f" ({schema['format']})"
    limits = []
    for key, word in (
        ("minimum", "≥"),
        ("maximum", "≤"),
        ("minLength", "length ≥"),
        ("maxLength", "length ≤"),
        ("minItems", "items ≥"),
        ("maxItems", "items ≤"),
    ):
        if key in schema:
            limits.append(f"{word} {schema[key]}")
    if schema.get("pattern") == r"\S":
        limits.append("not blank")
    elif "pattern" in schema:
        limits.append(f"matching {schema['pattern']}")
    return text + (f", {', '.join(limits)}" if limits else "")


def type_cell(schema: dict[str, Any]) -> Markup:
    """Return describe(schema) as HTML, each component named linking to its section."""
    text = str(escape(describe(schema)))
    return Markup(re.sub(r"⟦(\w+)⟧", r'<a href="#schema-\1">\1</a>', text))


@bp.app_template_filter("api_markdown")
def api_markdown(text: str) -> Markup:
    """Render the little Markdown of descriptions: `code`, **bold** and *emphasis*."""
    html = str(escape(text))
    html = re.sub(r"`([^`]+)`", r"<code>\1</code>", html)
    html = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", html)
    return Markup(re.sub(r"\*([^*]+)\*", r"<em>\1</em>", html))
