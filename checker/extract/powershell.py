"""Reads PowerShell samples (Invoke-RestMethod, Invoke-WebRequest) and returns their HTTP requests.

The sample is parsed with tree-sitter-powershell and read statement by
statement in source order (nothing runs; branches all count). What it reads:

* `Invoke-RestMethod` / `Invoke-WebRequest` and their aliases `irm` / `iwr`:
  `-Uri` (or the first positional argument), `-Method`, `-Headers`, `-Body`,
  `-ContentType` (a POST without it implies the cmdlets' form content type),
  `-Form` (multipart), `-Authentication Bearer -Token ...`, `-StatusCodeVariable`;
  parameter names case-blind and abbreviated as PowerShell allows (`-Meth`),
  `-Name:value`, backtick line continuations, and splatting (`@params`) of a
  hashtable whose keys are parameter names.
* bodies: a string (JSON when it parses, else a form or raw text), `x |
  ConvertTo-Json` / `ConvertTo-Json -InputObject x` / `ConvertTo-Json x` (JSON
  data, each key at its line), and a hashtable, which PowerShell sends as a
  form (as the query of a GET).
* values: `"..."` with `$var`, `${var}`, `$($expr)` and backtick escapes,
  `'...'`, here-strings (`@"..."@`, `@'...'@`), numbers, `$true`/`$false`/
  `$null`, hashtables `@{ k = v; ... }` (also `[ordered]`, `[pscustomobject]`),
  arrays `@(...)` / `a, b`, `+`, `$h.Add(k, v)`, `$h["k"] = v`, `$h.k = v`,
  `New-Object ...Dictionary...` / `Hashtable`, variables (case-blind; the last
  assignment before the use wins). An unknown variable is kept as `${name}`,
  `$env:X` as `${env:X}`.
* status checks: `$response.StatusCode -eq 201`, `switch ($r.StatusCode)` (`-ne`, `[int]` casts,
  `[System.Net.HttpStatusCode]::Created`) on a response variable or the
  `-StatusCodeVariable` one; a check on a variable that is neither counts
  for the last request before it.

Errors: a sample whose tree holds ERROR/MISSING nodes gets `error` and
`error_line` (the first one); requests of the parts that parsed are still
returned. Work is bounded (size, depth, steps); beyond the bounds values are
unknown, never an exception.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from tree_sitter import Node

from checker.extract import treesit
from checker.extract.base import Extraction, guarded
from checker.extract.http import RequestDraft
from checker.extract.treesit import JsonOf, Keyed, Response, Status, Unknown, keyed_data, scalar_text

_parser = treesit.lazy_parser("tree_sitter_powershell")


# --------------------------------------------------------------------------- values


def _unknown(text: str) -> Unknown:
    """What is known only at run time, as PowerShell's `${name}` (the reader cut it: `short`)."""
    return Unknown(text, limit=None)


def _text(value: Any) -> str:
    """A value as it reads inside a string (PowerShell's `True`, `$null` as nothing)."""
    shown = scalar_text(value, none="", true="True", false="False")
    if shown is not None:
        return shown
    if isinstance(value, JsonOf):
        return json.dumps(_data(value.value), ensure_ascii=False, indent=2)
    if isinstance(value, Unknown):
        return str(value)
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    if isinstance(value, Keyed):
        return "System.Collections.Hashtable"
    return "${?}"


def _leaf(value: Any, depth: int) -> str:
    return _text(value)


def _data(value: Any) -> Any:
    return keyed_data(value, _leaf)[0]


# Invoke-RestMethod's and Invoke-WebRequest's parameters this reads, and the
# switches (parameters that take no value) a sample may write between them.
_INVOKE = frozenset({"invoke-restmethod", "invoke-webrequest", "irm", "iwr"})
_PARAMETERS = ("Uri", "Method", "Headers", "Body", "ContentType", "StatusCodeVariable",
               "Authentication", "Token", "Credential", "UserAgent", "Form", "InFile", "OutFile",
               "WebSession", "SessionVariable", "TimeoutSec", "MaximumRedirection", "Proxy",
               "CustomMethod", "ErrorAction", "ResponseHeadersVariable", "MaximumRetryCount",
               "RetryIntervalSec", "HttpVersion", "Certificate", "CertificateThumbprint",
               "TransferEncoding", "ConnectionTimeoutSeconds", "OperationTimeoutSeconds")
_SWITCHES = ("UseBasicParsing", "UseDefaultCredentials", "DisableKeepAlive", "SkipCertificateCheck",
             "SkipHttpErrorCheck", "AllowUnencryptedAuthentication", "PassThru", "Resume", "NoProxy",
             "AllowInsecureRedirect", "SkipHeaderValidation", "PreserveAuthorizationOnRedirect",
             "ProxyUseDefaultCredentials", "FollowRelLink", "PreserveHttpMethodOnRedirect",
             "Compress", "AsArray", "EnumsAsStrings", "AsPlainText", "Force", "AsHashtable")
_JSON_SWITCHES = frozenset({"compress", "asarray", "enumsasstrings"})
_CONSTANTS = {"true": True, "false": False, "null": None}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "b": "\b", "f": "\f",
            "v": "\v", "e": "\x1b"}
_WRAPPERS = frozenset({
    "pipeline", "pipeline_chain", "statement_list", "left_assignment_expression", "key_expression",
    "expression_with_unary_operator", "unary_expression", "array_literal_expression",
    "logical_expression", "bitwise_expression", "comparison_expression", "additive_expression",
    "multiplicative_expression", "format_expression", "range_expression",
    "argument_expression", "logical_argument_expression", "bitwise_argument_expression",
    "comparison_argument_expression", "additive_argument_expression",
    "multiplicative_argument_expression", "format_argument_expression", "range_argument_expression",
})
_CACHED = frozenset({"command", "pipeline_chain", "pipeline", "invokation_expression"})


def _full_name(written: str, names: tuple[str, ...]) -> str:
    """A parameter as written (`-meth`) -> its name (`Method`), or as written when none or several match."""
    bare = written.lstrip("-").rstrip(":")
    exact = [n for n in names if n.lower() == bare.lower()]
    if exact:
        return exact[0]
    matches = [n for n in names if n.lower().startswith(bare.lower())]
    return matches[0] if len(matches) == 1 else bare


@dataclass
class Call:
    """A command's arguments: named ones (by full name) with the node they are
    written at, and positional ones."""

    named: dict[str, tuple[Any, int]]
    positional: list[tuple[Any, int]]


class Reader(treesit.StatementReader):
    cached = _CACHED

    def __init__(self, code: str) -> None:
        super().__init__(code, _parser())

    def _statement(self, node: Node) -> None:
        kind = node.type
        if kind == "assignment_expression":
            self._assign(node)
        elif kind == "command":
            name = node.child_by_field_name("command_name")
            if name is not None and self.text(name).lower() in _INVOKE:
                self.value(node)
        elif kind == "invokation_expression":
            self.value(node)
        elif kind == "comparison_expression":
            self._status_check(node)
        elif kind == "switch_statement":
            self._status_switch(node)

    def _assign(self, node: Node) -> None:
        named = node.named_children
        if len(named) < 3:
            return
        left, operator, right = _unwrap(named[0]), named[1], named[-1]
        value = self.value(right)
        if self.text(operator).strip() == "+=":
            value = _plus(self.value(left), value)
        if left.type == "variable":
            self.env[_variable_name(self.text(left))] = value
        elif left.type == "element_access" and left.named_children:
            target = self.value(left.named_children[0])
            if isinstance(target, Keyed) and len(left.named_children) >= 2:
                target.put(_text(self.value(left.named_children[1])), value, self.line(node))
        elif left.type == "member_access" and left.named_children:
            target = self.value(left.named_children[0])
            member = left.named_children[-1]
            if isinstance(target, Keyed):
                target.put(self.text(member), value, self.line(node))

    # -- values -----------------------------------------------------------------

    def _unwrap(self, node: Node) -> Node:
        return _unwrap(node)

    def _value(self, node: Node, depth: int) -> Any:
        reader = getattr(self, f"_v_{node.type}", None)
        if reader is not None:
            return reader(node, depth + 1)
        return _unknown(self.short(node))

    def _v_string_literal(self, node: Node, depth: int) -> Any:
        inner = node.named_children[0] if node.named_children else node
        raw = self.text(inner)
        kind = inner.type
        if kind == "verbatim_string_characters":
            text = raw[1:-1].replace("''", "'")
            first = self.line(inner)
        elif kind == "verbatim_here_string_characters":
            text, first = _here_body(raw), self.line(inner) + 1
        else:
            here = kind == "expandable_here_string_literal"
            text = self._expand(inner, 2 if here else 1, depth)
            text = _here_body("@\"" + text + "\"@") if here else text
            first = self.line(inner) + (1 if here else 0)
        self.origins.setdefault(text, first)
        return text

    def _expand(self, node: Node, quote: int, depth: int) -> str:
        """An expandable string's text: its variables and `$(...)` put in, backtick escapes read."""
        parts, at = [], node.start_byte + quote
        end = node.end_byte - quote
        for child in node.named_children:
            if child.type not in ("variable", "sub_expression") or child.start_byte < at:
                continue
            parts.append(_unescape(self.source[at:child.start_byte].decode("utf-8", "replace")))
            parts.append(_text(self.value(child, depth)))
            at = child.end_byte
        parts.append(_unescape(self.source[at:max(at, end)].decode("utf-8", "replace")))
        return "".join(parts)

    def _v_sub_expression(self, node: Node, depth: int) -> Any:
        statements = node.child_by_field_name("statements")
        inner = statements.named_children if statements is not None else []
        return self.value(inner[-1], depth) if inner else ""

    def _v_parenthesized_expression(self, node: Node, depth: int) -> Any:
        inner = node.named_children
        return self.value(inner[0], depth) if inner else None

    def _v_integer_literal(self, node: Node, depth: int) -> Any:
        text = self.text(node).lower()
        try:
            return int(text, 16) if text.startswith("0x") else int(text)
        except ValueError:
            return _unknown(text)

    def _v_real_literal(self, node: Node, depth: int) -> Any:
        try:
            return float(self.text(node))
        except ValueError:
            return _unknown(self.text(node))

    def _v_generic_token(self, node: Node, depth: int) -> Any:
        return self.text(node)

    def _v_variable(self, node: Node, depth: int) -> Any:
        written = self.text(node)
        name = _variable_name(written)
        if name in _CONSTANTS:
            return _CONSTANTS[name]
        if name in self.env:
            return self.env[name]
        bare = written.lstrip("$@").strip("{}")
        return _unknown(bare)

    def _v_hash_literal_expression(self, node: Node, depth: int) -> Any:
        table = Keyed()
        body = next((c for c in node.named_children if c.type == "hash_literal_body"), None)
        for entry in body.named_children if body is not None else []:
            key_node = entry.named_children[0] if entry.named_children else None
            if key_node is None or key_node.type != "key_expression" or len(entry.named_children) < 2:
                continue
            key_value = _unwrap(key_node)
            key = self.text(key_value) if key_value.type in ("simple_name", "key_expression") \
                else _text(self.value(key_value, depth))
            table.put(key, self.value(entry.named_children[-1], depth), self.line(key_node))
        return table

    def _v_cast_expression(self, node: Node, depth: int) -> Any:
        inner = node.named_children
        return self.value(inner[-1], depth) if inner else None

    def _v_expression_with_unary_operator(self, node: Node, depth: int) -> Any:
        inner = node.named_children
        if len(inner) == 1 and node.children[0].type not in ("-", "!", "-not", "+"):
            return self.value(inner[0], depth)
        return _unknown(self.short(node))

    def _v_array_expression(self, node: Node, depth: int) -> Any:
        statements = node.child_by_field_name("statements")
        items: list[Any] = []
        for statement in statements.named_children if statements is not None else []:
            value = self.value(statement, depth)
            items.extend(value if isinstance(value, list) else [value])
        return items

    def _v_array_literal_expression(self, node: Node, depth: int) -> Any:
        return [self.value(c, depth) for c in node.named_children]

    def _v_additive_expression(self, node: Node, depth: int) -> Any:
        children = node.named_children
        operators = [c for c in node.children if not c.is_named]
        if len(children) == 2 and operators and self.text(operators[0]) == "+":
            return _plus(self.value(children[0], depth), self.value(children[1], depth))
        return _unknown(self.short(node))

    def _v_member_access(self, node: Node, depth: int) -> Any:
        children = node.named_children
        if len(children) < 2:
            return _unknown(self.short(node))
        member = self.text(children[-1])
        if children[0].type == "type_literal":
            return self.text(node)   # `[System.Net.HttpStatusCode]::Created`, `[...WebRequestMethod]::Post`
        owner = self.value(children[0], depth)
        if isinstance(owner, Keyed):
            found = next((v for k, v in owner.items.items() if k.lower() == member.lower()), None)
            if found is not None:
                return found
        return _unknown(self.short(node).lstrip("$"))

    def _v_element_access(self, node: Node, depth: int) -> Any:
        children = node.named_children
        if len(children) >= 2:
            owner, key = self.value(children[0], depth), _text(self.value(children[1], depth))
            if isinstance(owner, Keyed):
                found = next((v for k, v in owner.items.items() if k.lower() == key.lower()), None)
                if found is not None:
                    return found
        return _unknown(self.short(node).lstrip("$"))

    def _v_invokation_expression(self, node: Node, depth: int) -> Any:
        children = node.named_children
        if len(children) < 2:
            return _unknown(self.short(node))
        owner = self.value(children[0], depth)
        method = self.text(children[1]).lower()
        args = _argument_nodes(node)
        if isinstance(owner, Keyed) and method == "add" and len(args) >= 2:
            owner.put(_text(self.value(args[0], depth)), self.value(args[1], depth), self.line(node))
            return None
        if method == "tostring" and isinstance(owner, str):
            return owner
        return _unknown(self.short(node).lstrip("$"))

    def _v_pipeline_chain(self, node: Node, depth: int) -> Any:
        stages = node.named_children
        if not stages:
            return None
        value = self.value(stages[0], depth)
        for stage in stages[1:]:
            value = self._pipe(value, stage, depth)
        return value

    _v_pipeline = _v_pipeline_chain

    def _pipe(self, value: Any, stage: Node, depth: int) -> Any:
        stage = _unwrap(stage)
        name = stage.child_by_field_name("command_name") if stage.type == "command" else None
        command = self.text(name).lower() if name is not None else ""
        if command == "convertto-json":
            return JsonOf(value, self.line(stage))
        if command in ("out-string", "write-output"):
            return value
        return self.value(stage, depth)

    def _v_command(self, node: Node, depth: int) -> Any:
        name_node = node.child_by_field_name("command_name")
        name = self.text(name_node).lower() if name_node is not None else ""
        if name in _INVOKE:
            return self._invoke(node, depth)
        if name == "convertto-json":
            call = self._arguments(node, ("InputObject", "Depth"), depth)
            value = call.named.get("InputObject") or (call.positional[0] if call.positional else None)
            return JsonOf(value[0] if value else None, self.line(node))
        if name == "new-object":
            call = self._arguments(node, ("TypeName", "ArgumentList", "Property"), depth)
            type_name = call.named.get("TypeName") or (call.positional[0] if call.positional else None)
            if type_name and re.search(r"dictionary|hashtable|pscustomobject|psobject",
                                       _text(type_name[0]), re.IGNORECASE):
                return Keyed()
        if name == "convertto-securestring":
            call = self._arguments(node, ("String",), depth)
            value = call.named.get("String") or (call.positional[0] if call.positional else None)
            return value[0] if value else _unknown(self.short(node))
        return _unknown(self.short(node))

    def _arguments(self, node: Node, names: tuple[str, ...], depth: int) -> Call:
        """A command's arguments, splatted hashtables included."""
        call = Call({}, [])
        elements = node.child_by_field_name("command_elements")
        pending: str | None = None
        for element in elements.named_children if elements is not None else []:
            if element.type == "command_argument_sep":
                continue
            if element.type == "command_parameter":
                if pending is not None:
                    call.named[pending] = (True, self.line(element))   # a switch before it
                full = _full_name(self.text(element), names + _SWITCHES)
                pending = None if full in _SWITCHES else full
                if full in _SWITCHES:
                    call.named[full] = (True, self.line(element))
                continue
            inner = _unwrap(element)
            if inner.type == "variable" and self.text(inner).startswith("@"):
                splat = self.value(inner, depth)
                if isinstance(splat, Keyed):
                    for key, item in splat.items.items():
                        call.named[_full_name(key, names)] = (item, splat.lines.get(key, self.line(inner)))
                continue
            value = (self.value(element, depth), self.line(element))
            if pending is not None:
                call.named[pending] = value
                pending = None
            else:
                call.positional.append(value)
        if pending is not None:
            call.named[pending] = (True, self.line(node))
        return call

    # -- sending ----------------------------------------------------------------

    def _invoke(self, node: Node, depth: int) -> Any:
        call = self._arguments(node, _PARAMETERS, depth)
        start = self.line(node)
        name_node = node.child_by_field_name("command_name")
        written = self.text(name_node).lower() if name_node is not None else ""
        client = "invoke-webrequest" if written in ("invoke-webrequest", "iwr") else "invoke-restmethod"
        draft = RequestDraft(client=client, start=start)
        method = call.named.get("CustomMethod") or call.named.get("Method")
        if method is not None:
            draft.set_method(_method(method[0]), method[1])
        uri = call.named.get("Uri") or (call.positional[0] if call.positional else None)
        if uri is not None:
            draft.set_url(_text(uri[0]), uri[1])
        headers = call.named.get("Headers")
        if headers is not None and isinstance(headers[0], Keyed):
            for key, value in headers[0].items.items():
                draft.set_header(key, _text(value), headers[0].lines.get(key, headers[1]))
        content_type = call.named.get("ContentType")
        if content_type is not None:
            draft.set_header("Content-Type", _text(content_type[0]), content_type[1])
        self._authentication(draft, call)
        form = call.named.get("Form")
        if form is not None and isinstance(form[0], Keyed):
            data, lines = keyed_data(form[0], _leaf)
            draft.set_body({k: _text(v) for k, v in data.items()}, "multipart", form[1], lines)
            draft.imply("Content-Type", "multipart/form-data")
        body = call.named.get("Body")
        if body is not None:
            self._body(draft, body[0], body[1])
            if draft.method == "POST" and draft.body_kind != "form":
                # "If -ContentType is omitted and the method is POST, the content
                # type is application/x-www-form-urlencoded" (the cmdlets' help).
                draft.imply("Content-Type", "application/x-www-form-urlencoded")
        status = call.named.get("StatusCodeVariable")
        if status is not None:
            self.env[_variable_name(_text(status[0]))] = Status(draft)
        self.drafts.append((draft, node.end_point[0] + 1))
        return Response(draft)

    @staticmethod
    def _authentication(draft: RequestDraft, call: Call) -> None:
        scheme = call.named.get("Authentication")
        if scheme is None:
            return
        kind = _text(scheme[0]).lower()
        if kind in ("bearer", "oauth"):
            token = call.named.get("Token")
            draft.set_bearer(_text(token[0]) if token else "${Token}", scheme[1])
        elif kind == "basic":
            draft.set_auth("basic", scheme[1])

    def _body(self, draft: RequestDraft, value: Any, line: int) -> None:
        if isinstance(value, JsonOf):
            data, lines = keyed_data(value.value, _leaf)
            if isinstance(data, str):   # `$jsonText | ConvertTo-Json` sends a JSON string
                draft.set_body(data, "json", line)
            else:
                draft.set_body(data, "json", line, lines)
            return
        if isinstance(value, Keyed):
            data, lines = keyed_data(value, _leaf)
            if draft.method == "GET":   # a GET sends a hashtable body as its query
                for key, item in data.items():
                    draft.add_query(key, _text(item), lines.get(key, line))
                return
            draft.set_body({k: _text(v) for k, v in data.items()}, "form", line, lines)
            draft.imply("Content-Type", "application/x-www-form-urlencoded")
            return
        text = _text(value)
        first = self.origins.get(text, line) if isinstance(value, str) else line
        draft.set_body_text(text, lambda offset: first + text.count("\n", 0, offset))

    # -- status checks ------------------------------------------------------------

    def _status_check(self, node: Node) -> None:
        children = node.named_children
        if len(children) != 3 or self.text(children[1]).lower() not in ("-eq", "-ne", "-ieq", "-ceq"):
            return
        for side, other in ((children[0], children[2]), (children[2], children[0])):
            target = self._status_target(side)
            if target is not None:
                spelling = self.text(_unwrap(other)).strip("'\"")
                target.expect(spelling, self.line(node))
                return

    def _status_switch(self, node: Node) -> None:
        """`switch ($r.StatusCode) { 201 { ... } }`: each clause below 400."""
        condition = next((c for c in node.named_children if c.type == "switch_condition"), None)
        inner = condition.named_children if condition is not None else []
        target = self._status_target(inner[0]) if inner else None
        if target is None:
            return
        for clause in treesit.walk(node):
            if clause.type == "switch_clause_condition":
                target.expect(self.text(clause).strip("'\""), self.line(clause))

    def _status_target(self, node: Node) -> RequestDraft | None:
        node = _unwrap(node)
        while node.type in ("expression_with_unary_operator", "cast_expression") and node.named_children:
            node = _unwrap(node.named_children[-1])
        if node.type == "variable":
            value = self.value(node)
            return value.draft if isinstance(value, Status) else None
        if node.type != "member_access" or len(node.named_children) < 2:
            return None
        if self.text(node.named_children[-1]).lower() != "statuscode":
            return None
        owner = self.value(node.named_children[0])
        if isinstance(owner, (Response, Status)):
            return owner.draft
        return self.drafts[-1][0] if isinstance(owner, Unknown) and self.drafts else None


# --------------------------------------------------------------------------- helpers


def _unwrap(node: Node) -> Node:
    """The grammar wraps a value in a chain of one-child nodes (pipeline,
    logical_expression, ... unary_expression): the value is at its end."""
    while node.child_count == 1 and node.children[0].is_named and node.type in _WRAPPERS:
        node = node.children[0]
    return node


def _argument_nodes(node: Node) -> list[Node]:
    args = next((c for c in node.named_children if c.type == "argument_list"), None)
    if args is None:
        return []
    listed = args.child_by_field_name("argument_expression_list")
    if listed is None:
        return []
    return [c for c in listed.named_children if c.type == "argument_expression"]


def _variable_name(written: str) -> str:
    """`$Token`, `${token}`, `$script:token`, `@params` -> token (PowerShell's names are case-blind)."""
    name = written.lstrip("$@").strip("{}").lower()
    scope, colon, rest = name.partition(":")
    if colon and scope in ("script", "global", "local", "private", "using"):
        return rest
    return name


def _method(value: Any) -> str:
    text = _text(value)
    return text.rsplit(":", 1)[-1].upper() if not isinstance(value, Unknown) else text


def _plus(left: Any, right: Any) -> Any:
    """PowerShell's `+`: lists append, hashtables merge, the rest as everywhere."""
    if isinstance(left, list):
        return left + (right if isinstance(right, list) else [right])
    if isinstance(left, Keyed) and isinstance(right, Keyed):
        merged = left.copy()
        for key, value in right.items.items():
            merged.put(key, value, right.lines.get(key, 0))
        return merged
    return treesit.plus(left, right, _text, _unknown("..."))


_BACKTICK = re.compile(r"`(.)|\"\"", re.DOTALL)


def _unescape(text: str) -> str:
    """Backtick escapes of a double-quoted string (`` `n ``, `` `" ``, `` `$ ``) and its doubled quotes."""
    def one(match: re.Match[str]) -> str:
        if match.group(0) == '""':
            return '"'
        char = match.group(1)
        return _ESCAPES.get(char, char)
    return _BACKTICK.sub(one, text)


def _here_body(raw: str) -> str:
    """A here-string's text: what lies between the line after `@"` and the line of `"@`."""
    inner = raw[2:-2]
    if "\n" in inner:
        inner = inner.split("\n", 1)[1]
    return inner.removesuffix("\n").rstrip("\r")


class PowerShellExtractor:
    """Invoke-RestMethod and Invoke-WebRequest requests from PowerShell samples."""

    languages = frozenset({"powershell"})

    def extract(self, code: str) -> Extraction:
        """The requests `code` sends. Never raises."""
        return guarded(self._extract, code)

    @staticmethod
    def _extract(code: str) -> Extraction:
        return Reader(code).extraction("PowerShell")
