"""A response example does not fit the schema the spec documents for it.

A response example (checker/extract/blockkind.py says which blocks are: a
`{% swagger-response %}` body, a block opening with `HTTP/1.1 200 OK`, a JSON
block under a status tab or heading, or right after a request) is validated
(JSON Schema, through jsonschema) against the response its operation
documents for its status; for an example whose status is not known, the
operation's only 2xx response. The operation is its section's API block, else
the one the request before it reaches. Reported, each at the line of the key:

- a key the schema does not know: one it forbids (`additionalProperties:
  false`), or one it does not list where it lists its keys and says nothing
  of others. Real specs rarely close their schemas, and a key a response
  schema does not list is a translated or renamed key far more often than an
  undocumented field, so an open schema that lists its keys counts as closed
  here (not within an `allOf`, whose parts each list some keys);
- a required key missing (a translated key is one finding: the unknown key,
  naming the required one it stands for);
- a value of the wrong type, or outside an enum (a translated enum value).

A placeholder stands for any value of any type, but not for an enum member.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import yaml

from checker.extract import blockkind
from checker.extract.base import json_key_offsets
from checker.model import Page, Sample
from checker.rules.base import Hit
from checker.spec_sources import SpecSources, is_spec

if TYPE_CHECKING:  # checker.spec is imported once a spec applies (see spec_sources)
    from checker.spec import BodyProblem, Operation, Spec

ID = "spec-response"
SEVERITY = "warning"
SUMMARY = "a response example breaks the spec's response schema (unknown or missing key, wrong type or enum)"
KIND = "spec"
FIXABLE = False
ROOT_CAUSE = False
SUPERSEDED_BY: frozenset[str] = frozenset()
LEAVES_TO: frozenset[str] = frozenset()

SPEC = """\
openapi: 3.0.3
info: {title: Documents, version: "1"}
servers: [{url: "https://api.example.com/v1"}]
paths:
  /documents:
    post:
      responses:
        "201":
          description: created
          content:
            application/json:
              schema:
                type: object
                required: [id, status]
                properties:
                  id: {type: integer}
                  status: {type: string, enum: [queued, indexed]}
"""
PASS = ("## Upload\n\n```bash\ncurl -X POST https://api.example.com/v1/documents\n```\n\n"
        "```json\n{\n  \"id\": 7,\n  \"status\": \"indexed\"\n}\n```\n")
FAIL = ("## Upload\n\n```bash\ncurl -X POST https://api.example.com/v1/documents\n```\n\n"
        "```json\n{\n  \"id\": \"7\",\n  \"status\": \"indiziert\"\n}\n```\n")
FAIL_AT = [(None, '"id": "7"'), (None, '"status": "indiziert"')]


def check(page: Page, specs: SpecSources) -> Iterator[Hit]:
    for sample in page.samples:
        if sample.kind != blockkind.RESPONSE:
            continue
        target = _operation(sample, specs)
        if target is None:
            continue
        spec, operation = target
        # Here, once a spec applies: checker.spec imports jsonschema and referencing
        # (~40 ms of start-up), which a run without specs never needs.
        from checker.spec import check_response, response_body, response_key

        key = response_key(operation, sample.response_status)
        schema = response_body(spec, operation, key) if key is not None else None
        body = blockkind.body_of(sample)
        if schema is None or not body.parsed:
            continue
        problems = check_response(schema, body.value, sample.hinted)
        lines = _KeyLines(body)
        for line, message, what in _merged(problems, lines):
            yield Hit(sample.page_line(line),
                      f"the {key} response example of {operation.method} {operation.path} does not "
                      f"fit {posixpath.basename(spec.path.replace(chr(92), '/'))}: {message}",
                      fingerprint_key=f"{operation.method} {operation.path}|{key}|{what}")


def _operation(sample: Sample, specs: SpecSources) -> tuple[Spec, Operation] | None:
    """The operation a response answers: its section's API block, else the
    one the request before it reaches."""
    block = sample.operation or {}
    if block.get("method") and block.get("path"):
        own = specs.page_spec(sample.page, block.get("src", ""))
        for spec in [own] if is_spec(own) else specs.given:
            found = spec.find(block["method"], block["path"])
            if found is not None:
                return spec, found
        return None
    if sample.response_to is None:
        return None
    resolved = specs.resolve(sample, sample.response_to)
    if resolved is None or resolved.match.operation is None:
        return None
    return resolved.spec, resolved.match.operation


def _merged(problems: list[BodyProblem], lines: _KeyLines) -> Iterator[tuple[int, str, str]]:
    """(line in the sample, message, fingerprint part) per mistake: an unknown
    key and a missing required key of the same object are one renamed key."""
    unknown = [p for p in problems if p.kind == "unknown"]
    missing = [p for p in problems if p.kind == "missing"]
    paired: set[int] = set()
    for problem in unknown:
        stands_for = next((m for m in missing if id(m) not in paired
                           and m.key_path[:-1] == problem.key_path[:-1]), None)
        if stands_for is not None:
            paired.add(id(stands_for))
            yield (lines.at(problem.key_path),
                   f"`{_shown(problem.key_path)}` is not in the schema, which requires "
                   f"`{_shown(stands_for.key_path)}` (missing here): a renamed or translated key?",
                   f"renamed|{_shown(problem.key_path)}")
        else:
            yield lines.at(problem.key_path), _reworded(problem), f"unknown|{_shown(problem.key_path)}"
    for problem in problems:
        if problem.kind == "unknown" or id(problem) in paired:
            continue
        # A missing key is fixed in the object that lacks it: at that object's line.
        where = problem.key_path[:-1] if problem.kind == "missing" else problem.key_path
        yield lines.at(where), _reworded(problem), f"{problem.kind}|{_shown(problem.key_path)}"


def _shown(key_path: tuple[str | int, ...]) -> str:
    text = "response"
    for key in key_path:
        text += f"[{key}]" if isinstance(key, int) else f".{key}"
    return text


def _reworded(problem: BodyProblem) -> str:
    """The body checker's message, naming the response instead of a request body."""
    return problem.message.replace("`body", "`response")


class _KeyLines:
    """Where each key of a response body is written (1-based, within the sample).

    PyYAML's composer reads JSON and YAML alike with the position of every
    node, list items included; a JSON text it refuses (tabs where YAML
    forbids them) falls back to `json_key_offsets` (list items share their
    first item's lines)."""

    def __init__(self, body: blockkind.Body) -> None:
        self.start = body.line
        self.lines: dict[tuple[str | int, ...], int] = {}
        self.flat: dict[str, int] = {}
        if not self._compose(body.text):
            text = body.text
            self.flat = {path: text.count("\n", 0, at) for path, at in json_key_offsets(text).items()}

    def _compose(self, text: str) -> bool:
        try:
            root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (yaml.YAMLError, RecursionError, ValueError):
            return False
        queue: list[tuple[Any, tuple[str | int, ...]]] = [(root, ())]
        for node, path in queue:  # grows as it goes: breadth first, no recursion
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode):
                        self.lines.setdefault((*path, key.value), key.start_mark.line)
                        queue.append((value, (*path, key.value)))
            elif isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    self.lines.setdefault((*path, index), item.start_mark.line)
                    queue.append((item, (*path, index)))
        return True

    def at(self, key_path: tuple[str | int, ...]) -> int:
        """The line of a key, else of the nearest object around it, else the body's first."""
        path = tuple(key_path)
        while path:
            if path in self.lines:
                return self.start + self.lines[path]
            flat = ".".join(str(k) for k in path if not isinstance(k, int))
            if flat and flat in self.flat:
                return self.start + self.flat[flat]
            path = path[:-1]
        return self.start
