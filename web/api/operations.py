"""API operations: one decorator mounts a view, parses its input and renders its output.

Each operation records its path, method, query model, body model and response model, and
web/api/openapi.py builds the OpenAPI document from these records: the document cannot
drift from the code, because it is the code. Input is validated strictly by the same
pydantic/SQLModel schemas the document shows, so what the document rejects, the API rejects.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterator
from copy import copy
from dataclasses import dataclass, field
from functools import cache, wraps
from typing import Any

from flask import Blueprint, request
from pydantic import BaseModel, ValidationError, create_model
from werkzeug.exceptions import BadRequest, UnsupportedMediaType
from werkzeug.wrappers import Response

from web.services.errors import ValidationFailed

JSON = "application/json"
PROBLEM = "application/problem+json"
NDJSON = "application/x-ndjson"
# JSON Lines arrive as application/x-ndjson (or application/jsonl, or as plain text).
NDJSON_TYPES = (NDJSON, "application/jsonl", "text/plain")
_RULE_ARG = re.compile(r"<(?:(\w+):)?(\w+)>")


@dataclass(frozen=True)
class Operation:
    """What the document says of one route."""

    endpoint: str  # the Flask endpoint, also the operationId
    method: str
    rule: str  # the Flask rule, e.g. /experts/<expert_id>
    tag: str
    summary: str
    description: str
    status: int
    response: type[BaseModel] | None
    query: type[BaseModel] | None
    body: type[BaseModel] | None
    media: str | None  # the request body's media type, when there is a body
    errors: tuple[int, ...]
    public: bool

    @property
    def path(self) -> str:
        """Return the OpenAPI path of the rule: /api/v1/experts/{expert_id}."""
        return _RULE_ARG.sub(r"{\2}", self.rule)

    def path_params(self) -> Iterator[tuple[str, str]]:
        """Yield each path parameter's name and converter ('' for a string)."""
        for converter, name in _RULE_ARG.findall(self.rule):
            yield name, converter


@dataclass
class Registry:
    """Every operation of a blueprint, in the order they were declared."""

    blueprint: Blueprint
    operations: list[Operation] = field(default_factory=list)

    def route(
        self,
        rule: str,
        method: str,
        *,
        tag: str,
        response: type[BaseModel] | None = None,
        status: int = 200,
        query: type[BaseModel] | None = None,
        body: type[BaseModel] | None = None,
        media: str | None = None,
        errors: tuple[int, ...] = (),
        public: bool = False,
    ) -> Callable[[Callable[..., Any]], Callable[..., Response]]:
        """Mount a view: it gets path arguments, `query=` and `body=` parsed; it returns a model."""

        def decorate(view: Callable[..., Any]) -> Callable[..., Response]:
            doc = (view.__doc__ or "").strip()
            summary, _, description = doc.partition("\n")
            op = Operation(
                endpoint=f"{self.blueprint.name}.{view.__name__}",
                method=method,
                rule=self.blueprint.url_prefix + rule if self.blueprint.url_prefix else rule,
                tag=tag,
                summary=summary.strip(),
                description=" ".join(description.split()),
                status=status,
                response=response,
                query=query,
                body=body,
                media=media or (JSON if body is not None else None),
                errors=errors,
                public=public,
            )

            @wraps(view)
            def run(**path_args: Any) -> Response:
                kwargs = dict(path_args)
                if op.query is not None:
                    kwargs["query"] = parse_query(op.query)
                if op.body is not None:
                    kwargs["body"] = parse_body(op.body)
                elif op.media is not None:
                    kwargs["body"] = read_body(NDJSON_TYPES)
                return render(view(**kwargs), op.status)

            self.blueprint.add_url_rule(rule, view_func=run, methods=[method])
            self.operations.append(op)
            return run

        return decorate


# Input -----------------------------------------------------------------------------------------


def field_path(loc: tuple[int | str, ...]) -> str:
    """Return a pydantic error location as FORMATS.md names fields: languages[0].code."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif re.fullmatch(r"[a-z_][a-z0-9_]*", part) and part not in _TYPE_TAGS:
            path += f".{part}" if path else part
    return path


# Tags pydantic puts in a location for the member of a union that failed.
_TYPE_TAGS = frozenset({"str", "int", "bool", "float", "list", "dict", "none", "date", "null"})


def invalid(exc: ValidationError, where: str) -> ValidationFailed:
    """Turn a pydantic error into a 422 naming the first field at fault, listing every one."""
    errors = exc.errors(include_url=False)
    lines = []
    for error in errors:
        name = field_path(error["loc"]) or where
        lines.append(f"{name}: {error['msg']}")
    first = field_path(errors[0]["loc"]) or where
    return ValidationFailed(lines[0], field=first, errors=lines)


def _has_nul(value: Any, path: str = "") -> str | None:
    """Return the path of the first string holding a NUL character (no database stores one)."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        items: Any = ((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
    elif isinstance(value, list):
        items = ((f"{path}[{i}]", v) for i, v in enumerate(value))
    else:
        return None
    for sub_path, item in items:
        found = _has_nul(item, sub_path)
        if found is not None:
            return found
    return None


def _refuse_nul(data: Any, where: str) -> None:
    found = _has_nul(data)
    if found is not None:
        raise ValidationFailed(
            f"{found or where}: must not contain a NUL character.", field=found or where
        )


@cache
def _wire_types(model: type[BaseModel]) -> dict[str, str]:
    """Return the JSON type of each integer or boolean query parameter."""
    types = {}
    for name, prop in model.model_json_schema()["properties"].items():
        kinds = {prop.get("type")} | {p.get("type") for p in prop.get("anyOf", [])}
        for kind in ("integer", "boolean"):
            if kind in kinds:
                types[name] = kind
    return types


_WIRE = {"integer": re.compile(r"-?[0-9]{1,18}"), "boolean": re.compile(r"true|false")}


def parse_query(model: type[BaseModel]) -> BaseModel:
    """Validate the query string against `model`; integers and booleans spelled plainly."""
    raw: dict[str, str] = {}
    types = _wire_types(model)
    for name in model.model_fields:
        values = request.args.getlist(name)
        if len(values) > 1:
            raise ValidationFailed(f"{name}: give it once.", field=name)
        if not values:
            continue
        value = values[0]
        kind = types.get(name)
        if kind and not _WIRE[kind].fullmatch(value):
            expected = "an integer" if kind == "integer" else "true or false"
            raise ValidationFailed(f"{name}: must be {expected}, not {value!r}.", field=name)
        raw[name] = value
    _refuse_nul(raw, "query")
    try:
        return model.model_validate_strings(raw, strict=True)
    except ValidationError as exc:
        raise invalid(exc, "query") from exc


def read_body(media_types: tuple[str, ...]) -> bytes:
    """Return the raw body, refusing other media types (415); a too large one is a 413."""
    if request.mimetype not in media_types and not (
        JSON in media_types and request.mimetype.endswith("+json")
    ):
        raise UnsupportedMediaType(
            f"Send the body as {' or '.join(media_types)}, not {request.mimetype or 'nothing'}."
        )
    return request.get_data(cache=False)


@cache
def strict_twin(model: type[BaseModel]) -> type[BaseModel]:
    """Return a plain pydantic copy of a schema's fields, which validates strictly.

    An SQLModel validates again in its own __init__, in lax mode ("5" would pass for 5); its
    twin, with the very same fields, validates exactly what the document says.
    """
    fields: dict[str, Any] = {
        name: (info.annotation, copy(info)) for name, info in model.model_fields.items()
    }
    return create_model(model.__name__, __doc__=model.__doc__, **fields)  # type: ignore[call-overload,no-any-return]


def _number(text: str) -> int | float:
    """Read a JSON number with a fraction or exponent; 2.0 is the integer 2, as JSON Schema says."""
    value = float(text)
    return int(value) if value.is_integer() else value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _normalised_json(raw: bytes) -> str:
    """Return the body re-encoded, integral numbers as integers, or raise a 400."""
    try:
        data = json.loads(raw, parse_float=_number, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError too
        raise BadRequest(f"The body is not valid JSON: {exc}") from exc
    return json.dumps(data)


def parse_body(model: type[BaseModel]) -> BaseModel:
    """Validate a JSON body strictly against `model`: malformed is a 400, invalid a 422."""
    raw = _normalised_json(read_body((JSON,)))
    try:
        checked = strict_twin(model).model_validate_json(raw, strict=True)
    except ValidationError as exc:
        if any(error["type"] == "json_invalid" for error in exc.errors()):
            raise BadRequest(f"The body is not valid JSON: {exc.errors()[0]['msg']}") from exc
        raise invalid(exc, "body") from exc
    _refuse_nul(checked.model_dump(mode="json"), "body")
    return model.model_validate(checked.model_dump(exclude_unset=True))


# Paging ----------------------------------------------------------------------------------------


def encode_cursor(key: str | int | None) -> str | None:
    """Return the opaque cursor of a page's last key."""
    if key is None:
        return None
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, kind: type[str] | type[int]) -> Any:
    """Return the key a cursor stands for, or raise a 422 naming `cursor`."""
    if cursor is None:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed("cursor: not a cursor this API gave.", field="cursor") from exc
    if type(key) is not kind or (isinstance(key, str) and "\x00" in key):
        raise ValidationFailed("cursor: not a cursor this API gave.", field="cursor")
    return key


# Output ----------------------------------------------------------------------------------------


def render(result: BaseModel, status: int) -> Response:
    """Return a model as a JSON response."""
    return Response(result.model_dump_json(), status=status, mimetype=JSON)
