"""OpenAPI specs: load one, match a sample's request to an operation, check it.

The spec rules call this module and nothing else touches a spec:

    spec = load_spec("openapi.yml")                 # InputError when broken
    match = spec.match("POST", request.url)         # Match: reason, operation, ...
    op = spec.find("post", "/auth/signup/")         # an `{% openapi %}` reference
    check_body(op, request.body, request.body_kind, placeholders)  # [BodyProblem]
    check_status(op, request.expected_status)                      # [str]
    check_auth(op, spec, headers, cookies, query, credentials, auth)  # [str]
    check_query(op, request.query)                                   # [str]

Loading. OpenAPI 3.0, 3.1 (and 3.2, read as 3.1) and Swagger 2.0, YAML or
JSON. YAML is read with PyYAML's (C)SafeLoader, but with YAML 1.2 scalars, the
way the JavaScript tools that render specs read them: only `true`/`false` are
booleans, so an `on:` or `yes:` key and an `enum: [yes, no]` stay strings,
and bare dates stay strings; integer keys (`200:`) become strings. `$ref`s,
within the file and to other local files, are resolved by `referencing` (a
Registry whose retrieve function reads local files only, and only under the
allowed roots `load_spec` is given, by default the spec's own folder: a
`$ref` that resolves (realpath) anywhere else is never opened and is an
`OutsideTree` error, whether the file exists or not; a `$ref`'d file that is
not a mapping is an InputError): an http(s) `$ref` is never fetched, it
stays unresolved and is listed in `Spec.notes` (body validation stops there;
the problems found before it stand). Every local `$ref` is looked up on load:
a missing file or pointer, or a cycle of `$ref`s that never reaches a schema,
is an `InputError`, except under a `responses`
key, which no check reads: there it is a note (every Flowise spec has one:
`#/components/schemas/assistant`, a typo for `Assistant`). Recursive schemas
are fine: nothing here inlines a schema; validation follows `$ref`s lazily.
A document with `paths` but no `openapi`/`swagger` key (Flowise's GitBook
assets) is read as OpenAPI 3.0 (Swagger 2.0 if it has Swagger-only keys),
with a note.

Matching (`Spec.match`). The URL's host is compared with the spec's servers
(3.x `servers`, their `{variables}` taking their `enum` values, or any value
when the variable has no enum; Swagger `host` + `basePath`). The scheme is
ignored; default ports are dropped. A URL on another host is "other-host".
A host that is a placeholder (`YOUR_HOST`, `{host}`, `your-domain.com`,
`example.com`) or a URL without one (`/api/v1/x`, `${BASE_URL}/x`) is taken
to be this API's. The server's base path is cut off the URL's path; when the
spec declares no server at all (no `servers`, or Swagger with neither `host`
nor `basePath`), its base path is unknown and the path's tail is matched
(`/api/v1/prediction/x` matches `/prediction/{id}`), with a note.
A template segment `{id}` matches any one segment, so a placeholder
(`42`, `{id}`, `${doc_id}`, `:id`, `<document-id>`, `YOUR_DOC_ID`) does; a
placeholder never matches a literal segment. When several templates match,
the most literal one wins (`/documents/memorize/` over `/documents/{id}/`,
compared segment by segment from the left), as OpenAPI says concrete paths
match first: GET `/documents/memorize/` is then "unknown-method", not
`/documents/{id}/`. Between equally literal templates (Flowise's
`/chunks/{storeId}/{loaderId}/{pageNo}` and `.../{chunkId}`), the one with
the request's method wins. Trailing slash: `/x` and `/x/` are different paths
(servers such as Django redirect or 404): the match is "unknown-path", with a
`note` "differs only by a trailing slash from `/x/`" and `path` set to the
template, so a rule can say so and still `find` the operation.

Checks (each returns problems; an empty list means fine):
- `check_body`: JSON Schema validation with jsonschema: Draft 4 for Swagger
  2.0 and OpenAPI 3.0 (`nullable: true` / `x-nullable` let `null` through),
  Draft 2020-12 for 3.1. Reported: missing required keys (not those marked
  `readOnly`), unknown keys where `additionalProperties` (or
  `unevaluatedProperties`) is false, wrong types, values outside an enum or
  const; for `anyOf`/`oneOf`, the problems of the closest branch (none when a
  branch fits). Other keywords (pattern, format, lengths) are not reported:
  sample values are examples. A placeholder (a string in `placeholders`, or
  a whole value like `YOUR_TOKEN`, `<id>`, `${x}`, `{id}`, `{{x}}`,
  `your-api-key`) satisfies any type; it does NOT satisfy an enum or const:
  an enum is the API's closed vocabulary, a sample can show a real member,
  and enum members are often CAPS_SNAKE themselves (Flowise's `THUMBS_UP`),
  so a placeholder-looking value cannot be told from a misspelt member.
  Form and multipart values are strings by nature: their types are not
  checked, their enums are compared as strings. A body the operation does
  not take, one in a media type it does not accept, and a missing required
  body are reported too.
- `check_status`: an expected status is documented by the same code, by its
  range (`2XX`), and "2xx" by any documented 2xx code or range. `default`
  covers a status only when the operation documents no other code of its
  class: with `{200, default}` an expected 204 is reported (the default is
  then the error response), with `{default}` alone it is not. An operation
  with no responses at all reports nothing.
- `check_auth`: only missing authentication is reported, never credentials
  the operation does not use (a harmless extra header is no drift). The
  operation's security is its own `security`, else the spec's; `[]` means
  none, and an empty requirement `{}` among the alternatives means anonymous
  access is allowed.
- `check_query`: missing required query parameters; unknown ones only when
  the operation declares query parameters at all (the API-key query
  parameter of its security counts as declared).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit
from urllib.request import url2pathname

import yaml
from jsonschema import Draft4Validator, Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource, Specification
from referencing.exceptions import PointerToNowhere, Unresolvable, Unretrievable
from referencing.jsonschema import DRAFT4, DRAFT202012

from checker.confine import OUTSIDE, OutsideTree, Roots, open_regular
from checker.errors import InputError
from checker.extract.placeholders import is_placeholder
from checker.nesting import deeper_than

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
CREDENTIAL_KINDS = ("bearer", "basic", "apikey-header", "apikey-query", "apikey-cookie",
                    "oauth2", "openid", "http", "mutualtls")
_MAX_REF_CHAIN = 32
_Params = dict[tuple[str, str], "_Node"]    # (name, in) -> the parameter
_Bodies = tuple[tuple["Body", ...], bool]   # the bodies, and whether one is required


# ---------------------------------------------------------------------------
# What a spec is made of


@dataclass(frozen=True)
class Credential:
    """One thing a request must send. `kind` is one of CREDENTIAL_KINDS.

    `name` is the header, query parameter or cookie name for API keys,
    "Authorization" for bearer/basic/oauth2/openid, the scheme (`digest`) for
    other HTTP schemes. `scheme` is the spec's name for it (`bearerAuth`).
    """

    kind: str
    name: str
    scheme: str = ""


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str              # "path", "query", "header", "cookie"
    required: bool
    schema: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Body:
    """One media type of a request body, and what validates it."""

    media_type: str            # "application/json", "multipart/form-data", ...
    schema: dict[str, Any] = field(compare=False)  # its top-level `$ref` followed;
                               # nested `$ref`s stay (a schema may be recursive)
    uri: str = ""              # where the schema sits (file URI#pointer); validation
                               # resolves its nested `$ref`s from there. "" for a
                               # schema built from Swagger 2.0 formData parameters.
    dialect: str = "openapi-3.0"
    registry: Registry | None = field(default=None, compare=False, repr=False)

    @cached_property
    def validator(self) -> Any:
        """A jsonschema validator: Draft 4 (+ Swagger's `file` type) or 2020-12 for 3.1."""
        cls = _DRAFT202012 if self.dialect == "openapi-3.1" else _DRAFT4
        if self.uri and self.registry is not None:
            return cls({"$ref": self.uri}, registry=self.registry)
        return cls(self.schema)


@dataclass(frozen=True)
class Operation:
    method: str                # upper case
    path: str                  # the template, as written: "/documents/{document_id}/"
    operation_id: str = ""
    summary: str = ""
    parameters: tuple[Parameter, ...] = ()     # path-level and operation-level, merged
    bodies: tuple[Body, ...] = ()
    required_body: bool = False
    responses: tuple[str, ...] = ()            # "200", "2XX", "default", as written
    # The effective security: alternatives, each a list of credentials sent
    # together. () = no authentication; an empty alternative = anonymous allowed.
    security: tuple[tuple[Credential, ...], ...] = ()

    @property
    def request_body_schema(self) -> dict[str, Any] | None:
        """The JSON body's schema, else the form's, else the first media type's."""
        body = self.body_for("json") or self.body_for("form") or self.body_for("multipart")
        body = body or (self.bodies[0] if self.bodies else None)
        return body.schema if body else None

    @property
    def media_types(self) -> tuple[str, ...]:
        return tuple(body.media_type for body in self.bodies)

    def body_for(self, body_kind: str) -> Body | None:
        """The body a request of this kind ("json", "form", "multipart") is checked against."""
        for accepts in _MEDIA.get(body_kind, ()):
            for body in self.bodies:
                if accepts(_bare(body.media_type)):
                    return body
        return None

    def query_parameters(self) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == "query")


@dataclass(frozen=True)
class Server:
    """Where the API lives. A pattern of None means unknown: anything goes."""

    url: str                        # as written (Swagger: from schemes/host/basePath)
    host: re.Pattern[str] | None    # full-matched against "host[:port]", lower case
    base: re.Pattern[str] | None    # matched at the start of the URL's path


@dataclass(frozen=True)
class Match:
    """What `Spec.match` found for a method and URL."""

    reason: str                     # "matched", "unknown-path", "unknown-method", "other-host"
    operation: Operation | None = None
    path_params: dict[str, str] = field(default_factory=dict)
    path: str = ""                  # the template matched (or nearly: see note)
    methods: tuple[str, ...] = ()   # the methods `path` has
    api_path: str = ""              # the URL's path as compared (base path cut off)
    note: str = ""                  # trailing slash, unknown base path, outside the base path

    @property
    def matched(self) -> bool:
        return self.reason == "matched"


@dataclass(frozen=True)
class BodyProblem:
    kind: str                       # "missing", "unknown", "type", "enum"
    key_path: tuple[str | int, ...]  # ("user", "email"); () for the body itself
    message: str

    @property
    def location(self) -> str:
        return location(self.key_path)

    def __str__(self) -> str:
        return self.message


@dataclass
class Spec:
    """A loaded spec. Build it with `load_spec`."""

    path: str                       # as given
    dialect: str                    # "swagger-2.0", "openapi-3.0", "openapi-3.1"
    version: str                    # as declared ("3.0.0", "2.0"); "" when not declared
    title: str
    servers: tuple[Server, ...]
    operations: tuple[Operation, ...]
    notes: tuple[str, ...]          # http refs left unresolved, a guessed version, ...
    registry: Registry = field(repr=False)
    ref_roots: Roots | None = field(default=None, repr=False)  # where its $refs may lead
    _routes: list[_Route] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._routes = _routes(self.operations)

    def __reduce__(self) -> tuple[Any, tuple[str, str, Roots | None]]:
        """Pickled as its file, loaded again on the other side (for worker processes):
        `referencing`'s registry does not pickle. Operations alone do not either."""
        return _reload, (self.path, str(Path(self.path).resolve()), self.ref_roots)

    def find(self, method: str, path_template: str) -> Operation | None:
        """The operation an `{% openapi path=... method=... %}` names: exact template."""
        for op in self.operations:
            if op.path == path_template and op.method == method.upper():
                return op
        return None

    def match(self, method: str, url: str) -> Match:
        """The operation a request to `url` reaches, or why none does."""
        target = _Target.parse(url)
        candidates = _candidates(self.servers, target)
        if candidates is None:
            return Match("other-host", api_path=target.path)
        for api_path, note in candidates:
            found = _route(self._routes, method.upper(), api_path, note)
            if found:
                return found
        return _miss(self._routes, method.upper(), candidates, target)


# ---------------------------------------------------------------------------
# Loading


def load_spec(path: str, roots: Roots | None = None) -> Spec:
    """Read, link and index a spec. A broken one raises InputError (one line).

    Its `$ref`s are read only under `roots` (default: the spec's own folder); one
    that leads elsewhere is never opened, and raises OutsideTree.
    """
    file = Path(path)
    roots = roots or Roots.of([os.path.dirname(os.path.abspath(path)),
                               os.path.dirname(os.path.realpath(path))])
    try:
        doc = _read_document(file)
    except _Unreadable as error:
        raise InputError(f"cannot read spec {path}: {error}") from None
    dialect, version, notes = _dialect(doc, path)
    draft = DRAFT202012 if dialect == "openapi-3.1" else DRAFT4
    root = file.resolve().as_uri()
    registry, ref_notes = _link(root, doc, draft, path, roots)
    builder = _Builder(doc, root, dialect, registry)
    info = doc.get("info")
    return Spec(path=path, dialect=dialect, version=version,
                title=str(info.get("title", "")) if isinstance(info, dict) else "",
                servers=builder.servers(), operations=builder.operations(),
                notes=tuple(notes + ref_notes + builder.notes), registry=registry,
                ref_roots=roots)


def _reload(shown: str, absolute: str, roots: Roots | None = None) -> Spec:
    spec = load_spec(absolute, roots)
    spec.path = shown
    return spec


# Deeper than any real spec; shallow enough for the walkers of specs
# (`$ref` search, schema validation), which recurse.
MAX_SPEC_DEPTH = 200
_TOO_DEEP = object()


class _Unreadable(Exception):
    """Why a file is not a YAML/JSON document (the message is the reason)."""


class _Outside(_Unreadable):
    """A $ref to a file outside the allowed roots: never opened."""


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when there: 9x faster


class _SpecLoader(_SAFE_LOADER):  # type: ignore[misc, valid-type]
    """yaml.safe_load's loader with YAML 1.2 scalars: `on`, `yes`, `no` and dates stay strings."""


_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in _SAFE_LOADER.yaml_implicit_resolvers.items()}
_SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _read_document(file: Path) -> Any:
    if file.is_dir():
        raise _Unreadable("it is a folder")
    try:
        with open_regular(str(file)) as handle:
            text = handle.read().decode("utf-8-sig")
    except FileNotFoundError:
        raise _Unreadable("no such file") from None
    except UnicodeDecodeError:
        raise _Unreadable("not UTF-8 text") from None
    except OSError as error:
        raise _Unreadable(error.strerror or str(error)) from None
    try:
        data = _parse(text, json_only=file.suffix.lower() == ".json")
    except RecursionError:  # the parsers recurse: nesting past the stack
        data = _TOO_DEEP
    if data is _TOO_DEEP or deeper_than(data, MAX_SPEC_DEPTH):
        raise _Unreadable(f"it nests more than {MAX_SPEC_DEPTH} levels deep")
    return _string_keys(data)


def _parse(text: str, json_only: bool) -> Any:
    if json_only:
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise _Unreadable(f"not valid JSON: {error.msg} (line {error.lineno}, "
                              f"column {error.colno})") from None
    try:
        return yaml.load(text, Loader=_SpecLoader)  # noqa: S506 (a SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise _Unreadable(f"not valid YAML: {error.problem or error.context}{at}") from None
    except yaml.YAMLError as error:
        raise _Unreadable(f"not valid YAML: {' '.join(str(error).split())}") from None


def _string_keys(root: Any) -> Any:
    """Mapping keys as strings (`200:` -> "200"), in place (without recursion)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen or not isinstance(node, (dict, list)):
            continue
        seen.add(id(node))
        if isinstance(node, dict) and not all(isinstance(key, str) for key in node):
            items = list(node.items())
            node.clear()
            node.update((key if isinstance(key, str) else _scalar_text(key), value)
                        for key, value in items)
        stack.extend(node.values() if isinstance(node, dict) else node)
    return root


def _scalar_text(value: Any) -> str:
    return "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def _dialect(doc: Any, shown: str) -> tuple[str, str, list[str]]:
    """("openapi-3.0", "3.0.3", notes) for a document, or InputError."""
    if not isinstance(doc, dict):
        kind = "empty" if doc is None else f"a {type(doc).__name__}, not a mapping"
        raise InputError(f"spec {shown}: not an OpenAPI or Swagger document (it is {kind})")
    if "paths" in doc and not isinstance(doc["paths"], dict):
        raise InputError(f"spec {shown}: `paths` is not a mapping")
    if "openapi" in doc:
        return _openapi_version(_scalar_text(doc["openapi"]), shown)
    if "swagger" in doc:
        return _swagger_version(_scalar_text(doc["swagger"]), shown)
    if "swaggerVersion" in doc:
        raise InputError(f"spec {shown}: Swagger {doc['swaggerVersion']} is not supported "
                         "(Swagger 2.0 and OpenAPI 3.x are)")
    if isinstance(doc.get("paths"), dict):
        return _guessed_dialect(doc)
    raise InputError(f"spec {shown}: not an OpenAPI or Swagger document "
                     "(no `openapi`, `swagger` or `paths` key)")


def _openapi_version(version: str, shown: str) -> tuple[str, str, list[str]]:
    found = re.match(r"3\.(\d+)", version)
    if not found:
        raise InputError(f"spec {shown}: OpenAPI {version} is not supported (3.0 and 3.1 are)")
    return ("openapi-3.0" if found.group(1) == "0" else "openapi-3.1"), version, []


def _swagger_version(version: str, shown: str) -> tuple[str, str, list[str]]:
    if version not in ("2", "2.0"):
        raise InputError(f"spec {shown}: Swagger {version} is not supported (2.0 is)")
    return "swagger-2.0", version, []


def _guessed_dialect(doc: dict[str, Any]) -> tuple[str, str, list[str]]:
    swagger_keys = {"definitions", "securityDefinitions", "host", "basePath", "consumes"}
    if swagger_keys & doc.keys() and "components" not in doc:
        return "swagger-2.0", "", ["no `swagger` version key: read as Swagger 2.0"]
    return "openapi-3.0", "", ["no `openapi` version key: read as OpenAPI 3.0"]


# $refs: every local one is looked up once on load, through `referencing`.


def _retrieve(draft: Specification[Any], roots: Roots, uri: str) -> Resource[Any]:
    """The registry's retrieve function: local files under `roots` only, never
    the network. A file outside is not even looked at (exists or not, the same
    answer); one that is not a mapping cannot hold what a $ref points to."""
    parts = urlsplit(uri)
    if parts.scheme != "file":
        raise _Unreadable(f"not a local file ({parts.scheme or 'no'} scheme)")
    path = url2pathname(parts.path)
    if not roots.allows(path):
        raise _Outside(OUTSIDE)
    doc = _read_document(Path(os.path.realpath(path)))
    if not isinstance(doc, dict):
        kind = "empty" if doc is None else f"a {type(doc).__name__}"
        raise _Unreadable(f"not a mapping (it is {kind})")
    return draft.create_resource(doc)


def _link(root: str, doc: Any, draft: Specification[Any], shown: str,
          roots: Roots) -> tuple[Registry, list[str]]:
    """A registry holding the spec and every local file it refers to, all refs checked.

    A ref that leads nowhere (missing file or pointer, a cycle of refs) is an
    InputError, except inside a response, which no check reads: a note then
    (all of Flowise's specs have one, `#/components/schemas/assistant`).
    """
    registry: Registry = Registry(retrieve=partial(_retrieve, draft, roots))  # type: ignore[call-arg]
    registry = registry.with_resource(root, draft.create_resource(doc))
    notes: list[str] = []
    pending, seen = [root], {root}
    while pending:
        uri = pending.pop()
        for where, ref in _refs(registry[uri].contents):
            target = urldefrag(urljoin(uri, ref)).url
            at = _at(root, uri, where)
            if urlsplit(target).scheme != "file":
                notes.append(f"$ref `{ref}` at {at} is not a local file: left unresolved")
                continue
            try:
                registry = _check_ref(registry, uri, ref)
            except _BrokenRef as broken:
                if broken.outside:  # wherever it stands: the tree must not reach out
                    raise OutsideTree(f"spec {shown}: $ref `{ref}` at {at}: {OUTSIDE}") from None
                if "responses" not in where.split("/"):
                    raise InputError(f"spec {shown}: $ref `{ref}` at {at}: {broken}") from None
                notes.append(f"$ref `{ref}` at {at}: {broken} (in a response: ignored)")
                continue
            if target not in seen:
                seen.add(target)
                pending.append(target)
    return registry, notes


class _BrokenRef(Exception):
    """Why a $ref leads nowhere (the message)."""

    def __init__(self, message: str, outside: bool = False) -> None:
        super().__init__(message)
        self.outside = outside


def _at(root: str, uri: str, pointer: str) -> str:
    """`#/paths/...` in the root file, `other.yaml#/...` elsewhere."""
    shown = unquote(pointer)
    return f"#{shown}" if uri == root else f"{unquote(uri.rsplit('/', 1)[-1])}#{shown}"


def _check_ref(registry: Registry, uri: str, ref: str) -> Registry:
    """The registry, with the ref's file in it; _BrokenRef when the ref leads nowhere."""
    target = urldefrag(urljoin(uri, ref)).url
    try:
        registry = registry.get_or_retrieve(target).registry
    except Unretrievable as error:
        cause = error.__cause__
        if isinstance(cause, _Outside):
            raise _BrokenRef(OUTSIDE, outside=True) from None
        reason = str(cause) if isinstance(cause, _Unreadable) else "cannot be read"
        raise _BrokenRef(f"{url2pathname(urlsplit(target).path)}: {reason}") from None
    _follow(registry.resolver(uri), ref)
    return registry


def _follow(resolver: Any, ref: str) -> None:
    """Look a ref up, and the refs it leads to, until something that is not a ref."""
    current = ref
    for _ in range(_MAX_REF_CHAIN):
        try:
            resolved = resolver.lookup(current)
        except (PointerToNowhere, ValueError, TypeError, AttributeError, LookupError):
            # referencing walks a pointer into a scalar (`#/S/x` where S is a
            # string) with int() or .get(): that too points to nothing.
            via = "" if current == ref else f" leads to `{current}`, which"
            raise _BrokenRef(f"{via} points to nothing".lstrip()) from None
        except Unresolvable:
            return  # in a further file, checked when that file is walked
        contents = resolved.contents
        if not (isinstance(contents, dict) and isinstance(contents.get("$ref"), str)):
            return
        current, resolver = contents["$ref"], resolved.resolver
    raise _BrokenRef("a cycle of $refs that never reaches a definition")


# Keys whose values are literal data (where a "$ref" key is no reference), unless
# they name an entry of a map of user-named things (a property called "default").
_LITERAL = {"example", "examples", "default", "enum", "const"}
_NAMED = {"properties", "patternProperties", "definitions", "$defs", "schemas", "responses",
          "parameters", "requestBodies", "headers", "securitySchemes", "securityDefinitions",
          "links", "callbacks", "paths", "pathItems", "webhooks", "content", "encoding",
          "variables", "dependentSchemas"}


def _refs(node: Any, pointer: str = "", seen: set[int] | None = None,
          named: bool = False) -> Iterator[tuple[str, str]]:
    """(JSON pointer, ref) of every `$ref` string in a document (not following them)."""
    seen = set() if seen is None else seen
    if not isinstance(node, (dict, list)) or id(node) in seen:
        return  # scalars, or a subtree met before through a YAML alias
    seen.add(id(node))
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str) and not named:
            yield pointer, node["$ref"]
        for key, value in node.items():
            if named or (key != "$ref" and key not in _LITERAL and not key.startswith("x-")):
                yield from _refs(value, f"{pointer}/{_escape(key)}", seen, key in _NAMED and not named)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _refs(value, f"{pointer}/{index}", seen)


def _escape(key: str | int) -> str:
    """A JSON pointer segment, percent-encoded for a URI fragment."""
    segment = str(key).replace("~", "~0").replace("/", "~1")
    return quote(segment, safe="~!$&'()*+,;=:@")


# Operations


@dataclass(frozen=True)
class _Node:
    """A value of a spec file and the absolute URI (file#pointer) where it sits."""

    value: Any
    uri: str

    def child(self, key: str | int) -> _Node:
        return _Node(self.value[key], f"{self.uri}/{_escape(key)}")

    def get(self, key: str) -> _Node | None:
        if isinstance(self.value, dict) and key in self.value:
            return self.child(key)
        return None


class _Builder:
    """Reads servers and operations out of a linked document."""

    def __init__(self, doc: dict[str, Any], root: str, dialect: str, registry: Registry) -> None:
        self.doc, self.dialect, self.registry = doc, dialect, registry
        self.root = _Node(doc, root + "#")
        self.notes: list[str] = []

    def deref(self, node: _Node) -> _Node:
        """Follow a chain of `$ref`s; an unresolvable (http) one is left as is."""
        for _ in range(_MAX_REF_CHAIN):
            ref = node.value.get("$ref") if isinstance(node.value, dict) else None
            if not isinstance(ref, str):
                return node
            base = node.uri.partition("#")[0]
            try:
                resolved = self.registry.resolver(base).lookup(ref)
            except Unresolvable:
                return node
            target = urljoin(base, ref)
            node = _Node(resolved.contents, target if "#" in target else target + "#")
        return node

    def servers(self) -> tuple[Server, ...]:
        if self.dialect == "swagger-2.0":
            return _swagger_servers(self.doc)
        return _openapi_servers(self.doc.get("servers"))

    def operations(self) -> tuple[Operation, ...]:
        paths = self.root.get("paths")
        found: list[Operation] = []
        for template in paths.value if paths else {}:
            if paths and template.startswith("/"):
                found += self._path_item(template, self.deref(paths.child(template)))
        return tuple(found)

    def _path_item(self, template: str, item: _Node) -> list[Operation]:
        if not isinstance(item.value, dict):
            return []
        shared = self._parameter_nodes(item)
        return [self._operation(template, method, item.child(method), shared)
                for method in METHODS if isinstance(item.value.get(method), dict)]

    def _parameter_nodes(self, owner: _Node) -> _Params:
        params = owner.get("parameters")
        nodes = [self.deref(params.child(i)) for i in range(len(params.value))] \
            if params and isinstance(params.value, list) else []
        return {(str(n.value.get("name")), str(n.value.get("in"))): n
                for n in nodes if isinstance(n.value, dict)}

    def _operation(self, template: str, method: str, node: _Node,
                   shared: _Params) -> Operation:
        op = node.value
        params = {**shared, **self._parameter_nodes(node)}
        bodies, required = self._bodies(node, params)
        return Operation(
            method=method.upper(), path=template,
            operation_id=str(op.get("operationId", "")), summary=str(op.get("summary", "")),
            parameters=tuple(self._parameter(n) for n in params.values()
                             if n.value.get("in") in ("path", "query", "header", "cookie")),
            bodies=bodies, required_body=required,
            responses=tuple(op["responses"]) if isinstance(op.get("responses"), dict) else (),
            security=self._security(op.get("security", self.doc.get("security"))))

    def _parameter(self, node: _Node) -> Parameter:
        param = node.value
        schema_node = node.get("schema")
        schema = self.deref(schema_node).value if schema_node else _swagger_schema(param)
        return Parameter(name=str(param.get("name")), location=str(param.get("in")),
                         required=bool(param.get("required")) or param.get("in") == "path",
                         schema=schema if isinstance(schema, dict) else {})

    def _bodies(self, node: _Node, params: _Params) -> _Bodies:
        if self.dialect == "swagger-2.0":
            return self._swagger_bodies(node, params)
        request = node.get("requestBody")
        if request is None:
            return (), False
        request = self.deref(request)
        content = request.get("content")
        if content is None or not isinstance(content.value, dict):
            return (), bool(request.value.get("required"))
        bodies = [self._body(media, content.child(media)) for media in content.value]
        return tuple(bodies), bool(request.value.get("required"))

    def _body(self, media_type: str, media: _Node) -> Body:
        schema = media.get("schema") if isinstance(media.value, dict) else None
        if schema is None:
            return Body(media_type, {}, "", self.dialect)
        schema = self.deref(schema)
        value = schema.value if isinstance(schema.value, dict) else {}
        return Body(media_type, value, schema.uri, self.dialect, self.registry)

    def _swagger_bodies(self, node: _Node, params: _Params) -> _Bodies:
        consumes = node.value.get("consumes") or self.doc.get("consumes") or ["application/json"]
        body = next((n for (_, where), n in params.items() if where == "body"), None)
        if body is not None:
            schema = self.deref(body.child("schema")) if body.get("schema") else _Node({}, "")
            value = schema.value if isinstance(schema.value, dict) else {}
            return (tuple(Body(str(m), value, schema.uri, self.dialect, self.registry)
                          for m in consumes),
                    bool(body.value.get("required")))
        form = [n.value for (_, where), n in params.items() if where == "formData"]
        if not form:
            return (), False
        return _form_bodies(form, consumes), any(p.get("required") for p in form)

    def _security(self, requirement: Any) -> tuple[tuple[Credential, ...], ...]:
        if not isinstance(requirement, list):
            return ()
        schemes = self._schemes
        alternatives = []
        for option in requirement:
            names = list(option) if isinstance(option, dict) else []
            if all(name in schemes for name in names):
                alternatives.append(tuple(schemes[name] for name in names))
            else:
                self._note_unknown_schemes(names, schemes)
        return tuple(dict.fromkeys(alternatives))

    @cached_property
    def _schemes(self) -> dict[str, Credential]:
        if self.dialect == "swagger-2.0":
            defined = self.doc.get("securityDefinitions") or {}
        else:
            defined = (self.doc.get("components") or {}).get("securitySchemes") or {}
        schemes = {}
        for name in defined:
            scheme = self.deref(_scheme_node(self.root, self.dialect, name)).value
            credential = _credential(name, scheme) if isinstance(scheme, dict) else None
            if credential:
                schemes[name] = credential
        return schemes

    def _note_unknown_schemes(self, names: list[str], schemes: dict[str, Credential]) -> None:
        for name in names:
            note = f"security scheme `{name}` is not defined: requirements using it are ignored"
            if name not in schemes and note not in self.notes:
                self.notes.append(note)


def _scheme_node(root: _Node, dialect: str, name: str) -> _Node:
    if dialect == "swagger-2.0":
        return root.child("securityDefinitions").child(name)
    return root.child("components").child("securitySchemes").child(name)


def _credential(name: str, scheme: dict[str, Any]) -> Credential | None:
    kind = str(scheme.get("type", "")).lower()
    if kind == "http":
        http = str(scheme.get("scheme", "")).lower()
        if http in ("bearer", "basic"):
            return Credential(http, "Authorization", name)
        return Credential("http", http, name)
    if kind == "basic":
        return Credential("basic", "Authorization", name)
    if kind == "apikey":
        where = str(scheme.get("in", "header")).lower()
        return Credential(f"apikey-{where}", str(scheme.get("name", "")), name)
    if kind in ("oauth2", "openidconnect"):
        return Credential("oauth2" if kind == "oauth2" else "openid", "Authorization", name)
    if kind == "mutualtls":
        return Credential("mutualtls", "", name)
    return None


_SWAGGER_PARAM_KEYS = {"name", "in", "required", "description", "allowEmptyValue",
                       "collectionFormat"}


def _swagger_schema(param: dict[str, Any]) -> dict[str, Any]:
    """A Swagger 2.0 non-body parameter's own keywords, as a JSON Schema."""
    schema = {k: v for k, v in param.items()
              if k not in _SWAGGER_PARAM_KEYS and not k.startswith("x-")}
    if schema.get("type") == "file":
        del schema["type"]
    return schema


def _form_bodies(form: list[dict[str, Any]], consumes: list[Any]) -> tuple[Body, ...]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {str(p.get("name")): _swagger_schema(p) for p in form},
        "required": [str(p.get("name")) for p in form if p.get("required")]}
    kinds = [str(m) for m in consumes if _is_form(_bare(str(m))) or _is_multipart(_bare(str(m)))]
    if not kinds:
        has_file = any(p.get("type") == "file" for p in form)
        kinds = ["multipart/form-data" if has_file else "application/x-www-form-urlencoded"]
    return tuple(Body(media, schema, "", "swagger-2.0") for media in kinds)


def _bare(media_type: str) -> str:
    return media_type.split(";")[0].strip().lower()


def _is_json(media: str) -> bool:
    return media in ("application/json", "*/*", "application/*") or media.endswith("+json")


def _is_form(media: str) -> bool:
    return media in ("application/x-www-form-urlencoded", "*/*")


def _is_multipart(media: str) -> bool:
    return media.startswith("multipart/") or media == "*/*"


_MEDIA = {"json": (lambda m: m == "application/json", _is_json),
          "form": (lambda m: m == "application/x-www-form-urlencoded", _is_form),
          "multipart": (lambda m: m == "multipart/form-data", _is_multipart)}


# Servers


def _openapi_servers(servers: Any) -> tuple[Server, ...]:
    if not isinstance(servers, list) or not servers:
        return (Server("", None, None),)
    found = [_server(str(s.get("url", "/")), s.get("variables") or {})
             for s in servers if isinstance(s, dict)]
    return tuple(found) or (Server("", None, None),)


def _swagger_servers(doc: dict[str, Any]) -> tuple[Server, ...]:
    host, base = doc.get("host"), doc.get("basePath")
    if not host and not base:
        return (Server("", None, None),)
    scheme = (doc.get("schemes") or ["https"])[0]
    url = f"{scheme}://{host}{base or ''}" if host else str(base)
    return (_server(url, {}),)


_VARIABLE = re.compile(r"\{([^{}]+)\}")


def _server(url: str, variables: dict[str, Any]) -> Server:
    rest = re.sub(r"^(?:[A-Za-z][\w+.-]*|\{[^{}]+\})://", "//", url.strip())
    if not rest.startswith("//"):
        base = "/" + rest.lstrip("./")
        base_pattern = _pattern(base.rstrip("/"), variables, "[^/]+")
        return Server(url, None, re.compile(base_pattern + "(?=/|$)"))
    netloc, _, path = rest[2:].partition("/")
    host = _pattern(_default_port(netloc), variables, "[^/]*")
    base = _pattern(("/" + path).rstrip("/"), variables, "[^/]+")
    return Server(url, re.compile(host, re.IGNORECASE), re.compile(base + "(?=/|$)"))


def _pattern(text: str, variables: dict[str, Any], free: str) -> str:
    """A regex for a server URL part: `{var}` takes its enum, or anything without one."""
    parts, last = [], 0
    for found in _VARIABLE.finditer(text):
        parts.append(re.escape(text[last:found.start()]))
        spec = variables.get(found.group(1)) or {}
        enum = spec.get("enum") if isinstance(spec, dict) else None
        parts.append(f"(?:{'|'.join(re.escape(str(v)) for v in enum)})" if enum else free)
        last = found.end()
    parts.append(re.escape(text[last:]))
    return "".join(parts)


def _default_port(netloc: str) -> str:
    return re.sub(r":(?:80|443)$", "", netloc)


# ---------------------------------------------------------------------------
# Matching

_PLACEHOLDER_HOST = re.compile(r"[{}<>$]|your|(?:^|\.)example\.(?:com|org|net)(?::\d+)?$"
                               r"|^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?::\d+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class _Target:
    """A sample's URL: host (None when unknown) and path."""

    host: str | None
    path: str
    base_unknown: bool          # the URL starts with a placeholder that may hold the base path

    @classmethod
    def parse(cls, url: str) -> _Target:
        url = url.strip()
        if re.match(r"^[A-Za-z][\w+.-]*://", url):
            parts = urlsplit(url)
            host = _default_port(parts.netloc.rpartition("@")[2].lower())
            known = host and not _PLACEHOLDER_HOST.search(host)
            return cls(host if known else None, parts.path or "/", False)
        head, slash, rest = url.partition("/")
        path = urlsplit(slash + rest).path or "/"
        if not head:
            return cls(None, path, False)
        if "." in head and not _PLACEHOLDER_HOST.search(head):
            return cls(_default_port(head.lower()), path, False)  # "api.example.com/x"
        return cls(None, path, True)


def _candidates(servers: tuple[Server, ...], target: _Target) -> list[tuple[str, str]] | None:
    """(api path, note) the URL's path may stand for, best first; None: another host."""
    reachable = [s for s in servers
                 if target.host is None or s.host is None or s.host.fullmatch(target.host)]
    if not reachable:
        return None
    found: list[tuple[str, str]] = []
    for server in reachable:
        found += _server_candidates(server, target)
    return list(dict.fromkeys(found))


def _server_candidates(server: Server, target: _Target) -> list[tuple[str, str]]:
    if server.base is None:
        return _tails(target.path)
    cut = server.base.match(target.path)
    found = [(target.path[cut.end():] or "/", "")] if cut else []
    if target.base_unknown:
        found.append((target.path, ""))
    return found


def _tails(path: str) -> list[tuple[str, str]]:
    """The path, then the path without its first segment, ...: the base path is unknown."""
    segments = path.split("/")[1:]
    found = [(path, "")]
    for cut in range(1, len(segments)):
        if not any(segments[cut:]):
            break
        base = "/" + "/".join(segments[:cut])
        note = f"the spec declares no server: matched under the base path `{base}`"
        found.append(("/" + "/".join(segments[cut:]), note))
    return found


@dataclass(frozen=True)
class _Route:
    template: str
    segments: tuple[str | re.Pattern[str] | None, ...]   # literal, partial regex, or a whole param
    names: tuple[tuple[str, ...], ...]                    # the parameter names per segment
    trailing: bool
    operations: dict[str, Operation] = field(compare=False)

    @property
    def rank(self) -> tuple[float, ...]:
        return tuple(1.0 if isinstance(s, str) else 0.5 if s is not None else 0.0
                     for s in self.segments)

    def params(self, segments: list[str]) -> dict[str, str] | None:
        """The path parameters when the segments fit this template, else None."""
        if len(segments) != len(self.segments):
            return None
        found: dict[str, str] = {}
        for want, names, got in zip(self.segments, self.names, segments, strict=False):
            values = _segment(want, got)
            if values is None:
                return None
            found.update(zip(names, values, strict=False))
        return found


def _segment(want: str | re.Pattern[str] | None, got: str) -> tuple[str, ...] | None:
    if isinstance(want, str):
        return () if want == got else None
    if want is None:
        return (got,) if got else None
    fits = want.fullmatch(got)
    return fits.groups() if fits else None


def _routes(operations: tuple[Operation, ...]) -> list[_Route]:
    by_template: dict[str, dict[str, Operation]] = {}
    for op in operations:
        by_template.setdefault(op.path, {})[op.method] = op
    return [_compile(template, ops) for template, ops in by_template.items()]


def _compile(template: str, ops: dict[str, Operation]) -> _Route:
    parts, trailing = _split(template)
    segments: list[str | re.Pattern[str] | None] = []
    names: list[tuple[str, ...]] = []
    for part in parts:
        params = tuple(_VARIABLE.findall(part))
        if not params:
            segments.append(part)
        elif _VARIABLE.fullmatch(part):
            segments.append(None)
        else:
            pieces = _VARIABLE.split(part)[::2]
            segments.append(re.compile("(.+?)".join(re.escape(p) for p in pieces)))
        names.append(params)
    return _Route(template, tuple(segments), tuple(names), trailing, ops)


def _split(path: str) -> tuple[list[str], bool]:
    """Segments (percent-decoded) and whether the path ends with a slash ("/" has neither)."""
    parts = path.split("/")[1:] if path.startswith("/") else path.split("/")
    trailing = len(parts) > 1 and parts[-1] == ""
    if trailing or parts == [""]:
        parts = parts[:-1]
    return [unquote(part) for part in parts], trailing


def _route(routes: list[_Route], method: str, api_path: str, note: str,
           ignore_slash: bool = False) -> Match | None:
    segments, trailing = _split(api_path)
    hits = [(route, params) for route in routes
            if (ignore_slash or route.trailing == trailing)
            and (params := route.params(segments)) is not None]
    if not hits:
        return None
    route, params = max(hits, key=lambda hit: (hit[0].rank, method in hit[0].operations))
    methods = tuple(route.operations)
    op = route.operations.get(method)
    reason = "matched" if op else "unknown-method"
    return Match(reason, op, params, route.template, methods, api_path, note)


def _miss(routes: list[_Route], method: str, candidates: list[tuple[str, str]],
          target: _Target) -> Match:
    """Why nothing matched: a trailing slash, the base path, or an unknown path."""
    for api_path, _ in candidates:
        near = _route(routes, method, api_path, "", ignore_slash=True)
        if near:
            note = f"differs only by a trailing slash from `{near.path}`"
            return Match("unknown-path", None, {}, near.path, near.methods, api_path, note)
    if not candidates:
        return Match("unknown-path", api_path=target.path,
                     note="the path is outside the base path of the spec's servers")
    return Match("unknown-path", api_path=candidates[0][0])


# ---------------------------------------------------------------------------
# Checks


def location(key_path: tuple[str | int, ...]) -> str:
    """`body.user.email`, `body.items[0]`, `body["a key"]`."""
    text = "body"
    for key in key_path:
        if isinstance(key, int):
            text += f"[{key}]"
        elif re.fullmatch(r"[A-Za-z_][\w-]*", key):
            text += f".{key}"
        else:
            text += f"[{json.dumps(key, ensure_ascii=False)}]"
    return text


def check_body(op: Operation, body: Any, body_kind: str,
               placeholders: set[str] | frozenset[str] = frozenset()) -> list[BodyProblem]:
    """What the body breaks of the operation's schema (see the module docs).

    `body_kind` is the Request's: "json", "form", "multipart" are validated;
    "raw" (a string body) is not. A None or "" body only checks `required_body`.
    """
    if body is None or body == "":
        return _missing_body(op)
    if not op.bodies:
        return [BodyProblem("unknown", (), f"{op.method} {op.path} takes no request body")]
    if body_kind not in _MEDIA:
        return []
    target = op.body_for(body_kind)
    if target is None:
        return [BodyProblem("type", (), f"the body is sent as {_KIND_NAMES[body_kind]}; "
                            f"{op.method} {op.path} takes {', '.join(op.media_types)}")]
    return _validate(target, body, _Rules(frozenset(placeholders), body_kind != "json"))


_KIND_NAMES = {"json": "JSON", "form": "a form (application/x-www-form-urlencoded)",
               "multipart": "multipart/form-data"}


def _missing_body(op: Operation) -> list[BodyProblem]:
    if op.required_body:
        return [BodyProblem("missing", (), f"{op.method} {op.path} requires a request body "
                            f"({', '.join(op.media_types)})")]
    return []


@dataclass(frozen=True)
class _Rules:
    placeholders: frozenset[str]
    strings_only: bool          # form values: no types to check, enums compared as strings


_DRAFT4 = validators.extend(Draft4Validator, type_checker=Draft4Validator.TYPE_CHECKER.redefine(
    "file", lambda _checker, _instance: True))
_DRAFT202012 = Draft202012Validator


def _validate(target: Body, body: Any, rules: _Rules) -> list[BodyProblem]:
    errors: list[ValidationError] = []
    try:
        errors.extend(target.validator.iter_errors(body))
    except Unresolvable:
        pass  # an http(s) $ref, left unresolved on load (and noted): what came before stands
    except RecursionError:
        return []  # a schema that includes itself with no data in between (allOf: [$ref: self])
    except (AttributeError, TypeError):
        return []  # a $ref that reaches a value which is no schema (a string): nothing to check
    problems = {(p.kind, p.key_path): p for p in _problems(errors, rules)}
    return sorted(problems.values(), key=lambda p: ([str(k) for k in p.key_path], p.kind))


def _problems(errors: list[ValidationError], rules: _Rules) -> list[BodyProblem]:
    found: list[BodyProblem] = []
    for error in errors:
        found += _problem(error, rules)
    return found


def _problem(error: ValidationError, rules: _Rules) -> list[BodyProblem]:
    where = tuple(error.absolute_path)
    keyword = error.validator
    if keyword in ("anyOf", "oneOf"):
        return _best_branch(error, rules)
    if keyword == "required":
        return _missing(error, where)
    if keyword in ("additionalProperties", "unevaluatedProperties") and _keyword_value(error) is False:
        return _unknown(error, where)
    if keyword == "type" and not _type_excused(error, rules):
        wants = _keyword_value(error)
        wants = " or ".join(wants) if isinstance(wants, list) else wants
        return [BodyProblem("type", where, f"`{location(where)}` is {_json_type(error.instance)}; "
                            f"the schema wants {wants}")]
    if keyword in ("enum", "const") and not _enum_excused(error, rules):
        return [_enum_problem(error, where, rules)]
    return []


def _type_excused(error: ValidationError, rules: _Rules) -> bool:
    return (rules.strings_only or is_placeholder(error.instance, rules.placeholders)
            or (error.instance is None and _nullable(error.schema)))


def _keyword_value(error: ValidationError) -> Any:
    """The value of the schema keyword that failed (`enum`'s list, `required`'s
    names): any JSON value, never unset on an error the validator raised."""
    return error.validator_value


def _enum_excused(error: ValidationError, rules: _Rules) -> bool:
    if error.instance is None and _nullable(error.schema):
        return True
    allowed = _keyword_value(error) if error.validator == "enum" else [_keyword_value(error)]
    return rules.strings_only and str(error.instance) in {_scalar_text(v) for v in allowed}


def _nullable(schema: Any) -> bool:
    return isinstance(schema, dict) and bool(schema.get("nullable") or schema.get("x-nullable"))


def _enum_problem(error: ValidationError, where: tuple[str | int, ...], rules: _Rules) -> BodyProblem:
    allowed = _keyword_value(error) if error.validator == "enum" else [_keyword_value(error)]
    shown = ", ".join(json.dumps(v, ensure_ascii=False) for v in list(allowed)[:8])
    more = f" (and {len(allowed) - 8} more)" if len(allowed) > 8 else ""
    value = json.dumps(error.instance, ensure_ascii=False)
    what = f"the placeholder {value}" if is_placeholder(error.instance, rules.placeholders) else value
    one_of = "" if len(allowed) == 1 else "one of "
    return BodyProblem("enum", where, f"`{location(where)}` is {what}, not {one_of}{shown}{more}")


def _missing(error: ValidationError, where: tuple[str | int, ...],
             never_sent: str = "readOnly") -> list[BodyProblem]:
    """Required keys the value lacks, but those the schema marks as never in
    it: `readOnly` in a request body, `writeOnly` in a response."""
    if not isinstance(error.instance, dict):
        return []
    properties = error.schema.get("properties") or {} if isinstance(error.schema, dict) else {}
    found = []
    for name in _keyword_value(error):
        prop = properties.get(name)
        if name not in error.instance and not (isinstance(prop, dict) and prop.get(never_sent)):
            key = (*where, name)
            found.append(BodyProblem("missing", key, f"`{location(key)}` is required but missing"))
    return found


def _unknown(error: ValidationError, where: tuple[str | int, ...]) -> list[BodyProblem]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = list(schema.get("properties") or {})
    patterns = list(schema.get("patternProperties") or {})
    instance = error.instance if isinstance(error.instance, dict) else {}
    extras = [key for key in instance
              if key not in known and not any(re.search(p, key) for p in patterns)]
    allows = f" (the schema allows {', '.join(known)})" if known else " (the schema allows no keys)"
    return [BodyProblem("unknown", (*where, key), f"unknown key `{location((*where, key))}`{allows}")
            for key in extras]


def _best_branch(error: ValidationError, rules: _Rules) -> list[BodyProblem]:
    """The problems of the anyOf/oneOf branch that fits best; none when one fits."""
    if error.instance is None and _nullable(error.schema):
        return []  # OpenAPI 3.0: `nullable` beside a oneOf lets null through
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    if not branches or len(branches) < len(_keyword_value(error)):
        return []  # a branch without errors fits (or oneOf matched several)
    here = tuple(error.absolute_path)
    scored = []
    for index, subs in branches.items():
        problems = _problems(subs, rules)
        if not problems:
            return []
        wrong_shape = any(p.kind == "type" and p.key_path == here for p in problems)
        scored.append((wrong_shape, len(problems), index, problems))
    if all(wrong_shape for wrong_shape, *_ in scored):
        return [_shape_problem(error, here)]
    return min(scored, key=lambda s: s[:3])[3]


def _shape_problem(error: ValidationError, here: tuple[str | int, ...]) -> BodyProblem:
    """A value whose type fits no branch: one problem naming every type allowed."""
    wanted: list[str] = []
    for sub in error.context or ():
        if sub.validator == "type" and tuple(sub.absolute_path) == here:
            types = _keyword_value(sub)
            types = types if isinstance(types, list) else [types]
            wanted += [t for t in types if t not in wanted]
    return BodyProblem("type", here, f"`{location(here)}` is {_json_type(error.instance)}; "
                       f"the schema wants {' or '.join(wanted)}")


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def check_status(op: Operation, statuses: list[str]) -> list[str]:
    """Each expected status ("204", "2xx") the operation does not document."""
    if not op.responses:
        return []
    documented = ", ".join(op.responses)
    return [f"expects status {status}, which {op.method} {op.path} does not document "
            f"(it documents {documented})"
            for status in statuses if _is_status(status) and not _documents(op, status)]


def _is_status(status: str) -> bool:
    return bool(re.fullmatch(r"[1-5](?:\d\d|xx|XX)", status.strip()))


def _documents(op: Operation, status: str) -> bool:
    wanted = status.strip().upper()
    codes = {code.strip().upper() for code in op.responses}
    family = wanted[0]
    specific = {code for code in codes if code != "DEFAULT" and code[:1] == family}
    if wanted in codes or f"{family}XX" in codes:
        return True
    if wanted.endswith("XX") and specific:
        return True
    return "DEFAULT" in codes and not specific


def check_auth(op: Operation, spec: Spec | None, headers: dict[str, str],
               cookies: dict[str, str], query: dict[str, Any],
               credentials: str = "", auth: str = "") -> list[str]:
    """Whether the request authenticates in one of the operation's ways.

    Only missing authentication is reported. `spec` is accepted for the
    rules' convenience; the operation already carries its resolved security.
    """
    if not op.security or any(not option for option in op.security):
        return []
    sent = _Sent.of(headers, cookies, query, credentials, auth)
    if any(all(sent.has(c) for c in option) for option in op.security):
        return []
    needs = " or ".join(" and ".join(_describe(c) for c in option) for option in op.security)
    message = f"the request does not authenticate: {op.method} {op.path} needs {needs}"
    if sent.authorization:
        message += f" (it sends `Authorization: {sent.authorization.title()} ...`)"
    return [message]


@dataclass(frozen=True)
class _Sent:
    authorization: str          # the Authorization header's scheme, lower case ("bearer")
    headers: frozenset[str]     # lower case
    cookies: frozenset[str]
    query: frozenset[str]
    include_cookies: bool       # fetch `credentials: 'include'`: the browser sends its cookies
    auth: str

    @classmethod
    def of(cls, headers: dict[str, str], cookies: dict[str, str], query: dict[str, Any],
           credentials: str, auth: str) -> _Sent:
        lower = {name.lower(): str(value) for name, value in headers.items()}
        authorization = lower.get("authorization", "").strip().split(" ")[0].lower()
        jar = set(cookies) | {part.split("=")[0].strip() for part in lower.get("cookie", "").split(";")}
        return cls(authorization, frozenset(lower), frozenset(jar - {""}), frozenset(query),
                   credentials.strip().lower() == "include", auth.strip().lower())

    def has(self, credential: Credential) -> bool:
        kind = credential.kind
        if kind in ("bearer", "oauth2", "openid"):
            return self.authorization == "bearer" or self.auth == "bearer"
        if kind == "basic":
            return self.authorization == "basic" or self.auth == "basic"
        if kind == "http":
            return self.authorization == credential.name or self.auth == credential.name
        if kind == "apikey-header":
            return credential.name.lower() in self.headers
        if kind == "apikey-query":
            return credential.name in self.query
        if kind == "apikey-cookie":
            return credential.name in self.cookies or self.include_cookies
        return True  # mutualtls: a client certificate no sample shows


def _describe(credential: Credential) -> str:
    return {
        "bearer": "a Bearer token (`Authorization: Bearer ...`)",
        "basic": "HTTP basic auth",
        "oauth2": "an OAuth 2 token (`Authorization: Bearer ...`)",
        "openid": "an OpenID Connect token (`Authorization: Bearer ...`)",
        "http": f"`Authorization: {credential.name.title()} ...`",
        "apikey-header": f"the `{credential.name}` header",
        "apikey-query": f"the `{credential.name}` query parameter",
        "apikey-cookie": f"the `{credential.name}` cookie",
    }.get(credential.kind, "a TLS client certificate")


def check_query(op: Operation, query: dict[str, Any]) -> list[str]:
    """Unknown query parameters (when the operation declares any) and missing required ones."""
    declared = op.query_parameters()
    names = [p.name for p in declared]
    key_names = {c.name for option in op.security for c in option if c.kind == "apikey-query"}
    problems = [f"{op.method} {op.path} requires the query parameter `{p.name}`"
                for p in declared if p.required and p.name not in query]
    if declared:
        problems += [f"unknown query parameter `{key}` ({op.method} {op.path} takes "
                     f"{', '.join(names)})"
                     for key in query if key not in names and key not in key_names]
    return problems


# ---------------------------------------------------------------------------
# Responses (the spec-response rule): a response example against the schema
# the operation documents for its status.


def response_key(op: Operation, status: str | None) -> str | None:
    """The operation's response a status answers, as the spec writes its key:
    the same code, else its range (`2XX`); for a class (`4xx`) the range, else
    the class's only code; for no status, the only 2xx response. None when
    nothing fits: a response the operation does not document is not checked
    (guessing one would report the wrong schema)."""
    codes = [code for code in op.responses if _is_status(code) or code.strip().lower() == "default"]
    if status is None:
        twos = [code for code in codes if code.strip()[:1] == "2"]
        return twos[0] if len(twos) == 1 else None
    wanted = status.strip().upper()
    by_upper = {code.strip().upper(): code for code in codes}
    if wanted in by_upper:
        return by_upper[wanted]
    if f"{wanted[0]}XX" in by_upper:
        return by_upper[f"{wanted[0]}XX"]
    if wanted.endswith("XX"):
        family = [code for code in codes if code.strip()[:1] == wanted[0]]
        return family[0] if len(family) == 1 else None
    return None


def response_body(spec: Spec, op: Operation, key: str) -> Body | None:
    """The JSON schema of the operation's response `key` (from `response_key`),
    None when it documents no JSON schema there."""
    root = Path(spec.path).resolve().as_uri()
    try:
        doc = spec.registry.contents(root)
    except (LookupError, Unresolvable):
        return None
    builder = _Builder(doc, root, spec.dialect, spec.registry)
    node = _step(builder, builder.root, "paths", op.path, op.method.lower(), "responses", key)
    if node is None:
        return None
    media_type = "application/json"
    if spec.dialect != "swagger-2.0":
        content = node.get("content")
        medias = [m for m in content.value if _is_json(_bare(str(m)))] \
            if content is not None and isinstance(content.value, dict) else []
        if content is None or not medias:
            return None
        media_type = medias[0]
        node = builder.deref(content.child(media_type))
    schema = node.get("schema") if isinstance(node.value, dict) else None
    if schema is None:
        return None
    schema = builder.deref(schema)
    if not isinstance(schema.value, dict):
        return None
    return Body(media_type, schema.value, schema.uri, spec.dialect, spec.registry)


def _step(builder: _Builder, node: _Node, *keys: str) -> _Node | None:
    for key in keys:
        found = node.get(key)
        if found is None:
            return None
        node = builder.deref(found)
    return node


def _unlisted(validator: Any, properties: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """`properties` that also reports a key the schema does not list, where the
    schema says nothing of other keys (no additionalProperties,
    patternProperties or unevaluatedProperties): a response example shows what
    the API answers, and a key its schema does not list is a renamed or
    translated key far more often than an undocumented field."""
    base = _DRAFT202012 if isinstance(validator, _DRAFT202012) else _DRAFT4
    yield from base.VALIDATORS["properties"](validator, properties, instance, schema)
    if not validator.is_type(instance, "object") or not isinstance(properties, dict) or not properties:
        return
    if any(key in schema for key in ("additionalProperties", "patternProperties",
                                     "unevaluatedProperties")):
        return
    extras = [key for key in instance if key not in properties]
    if extras:
        yield ValidationError(f"unlisted keys {extras}", validator="unlisted",
                              validator_value=list(properties), instance=instance, schema=schema)


_RESPONSE_DRAFT4 = validators.extend(_DRAFT4, {"properties": _unlisted})
_RESPONSE_DRAFT202012 = validators.extend(_DRAFT202012, {"properties": _unlisted})


def check_response(body: Body, value: Any,
                   placeholders: set[str] | frozenset[str] = frozenset()) -> list[BodyProblem]:
    """What a response example breaks of its schema: missing required keys (not
    `writeOnly` ones), unknown keys (forbidden, or not listed where the schema
    lists its keys and says nothing of others; not within an `allOf`, whose
    branches each list a part), wrong types, values outside an enum. A
    placeholder stands for any type, not for an enum member (as in bodies)."""
    cls = _RESPONSE_DRAFT202012 if body.dialect == "openapi-3.1" else _RESPONSE_DRAFT4
    validator = cls({"$ref": body.uri}, registry=body.registry) if body.uri and body.registry \
        else cls(body.schema)
    errors: list[ValidationError] = []
    # An http(s) or broken $ref (noted on load), a schema that is no schema: what came before stands.
    with suppress(Unresolvable, RecursionError, AttributeError, TypeError):
        errors.extend(validator.iter_errors(value))
    rules = _Rules(frozenset(placeholders), False)
    found: list[BodyProblem] = []
    for error in errors:
        where = tuple(error.absolute_path)
        if error.validator == "unlisted":
            if "allOf" not in error.absolute_schema_path:
                found += _unknown(error, where)
        elif error.validator == "required":
            found += _missing(error, where, never_sent="writeOnly")
        else:
            found += _problem(error, rules)
    problems = {(p.kind, p.key_path): p for p in found}
    return sorted(problems.values(), key=lambda p: ([str(k) for k in p.key_path], p.kind))


