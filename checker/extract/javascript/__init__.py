"""Reads JavaScript and TypeScript samples and returns the HTTP requests they send.

The sample is parsed with tree-sitter-javascript (a `javascript` fence, JSX
included) or tree-sitter-typescript (a `typescript` fence; its TSX grammar
when the sample holds JSX) and walked statically: nothing is ever run. The
package, along its seams:

* `values`: the value model (`ObjVal`, `Opaque`, `JsonText`...), `js_string`,
  `to_data`, `JSON.stringify`.
* `syntax`: the grammars (each loaded on first use) and tree helpers, with
  what TypeScript names differently (`required_parameter`, `x as T`, `x!`).
* `scopes`: declarations (variables, destructuring, functions, enums,
  imports, parameters), later assignments and mutations, call frames.
* `reader`: evaluation, `Reader.value(node, at)`.
* `clients`: one module per client (fetch, axios, got and ky, superagent,
  XMLHttpRequest), each filling `checker.extract.http.RequestDraft`.
* `status`: status checks, given to the request they test.
* `extractor`: `JavaScriptExtractor`, errors.

What it understands:

* `fetch(url, init)` (also node-fetch, cross-fetch, undici, imported) --
  awaited, chained with `.then(...)`, inside functions, arrow functions,
  classes or at top level; `fetch(url)` alone is a GET. `init` may be an
  object literal, a variable, or spread from one. From `init` it reads
  `method`, `headers` (object literal, `new Headers({...})` or `[[k, v]]`, a
  variable, `.append`/`.set` calls on it), `body` and `credentials`.
* bodies: `JSON.stringify(x)` -> JSON data; a string -> JSON data when it
  holds a JSON object/array, a form when it reads `k=v&...`, else raw text;
  `new URLSearchParams({...})` -> form; a `FormData` filled with `.append(k,
  v[, filename])` -> multipart (a Blob/File with a file name is `"@name"`).
* axios: `axios.get/delete/head/options(url, config)`,
  `axios.post/put/patch(url, data, config)`, `axios.postForm/...` (multipart),
  `axios(config)`, `axios(url, config)`, `axios.request(config)`, and instances
  from `axios.create({baseURL, headers, ...})` (base URL joined the way axios
  joins it, default headers merged; `x.defaults.baseURL = ...` and
  `x.defaults.headers.common[...] = ...` too). Config keys: method, url,
  baseURL, headers, data, params (-> query), auth (-> `auth="basic"`),
  withCredentials (-> `credentials="include"`). Object/array data implies
  `Content-Type: application/json`, as axios sets it.
* got and ky: `got.post(url, {json, headers})`, `got(url, {method})`,
  `got({url, method})`, `.json()` after them, instances from `got.extend`,
  `ky.create`/`ky.extend`; options `json` (implies the JSON content type),
  `body`, `form`, `searchParams`, `prefixUrl`, `headers`, `username`.
* superagent: `request.post(url).set(k, v).set({...}).send(data).query(q)
  .type('json').auth(...)`, `request('POST', url)`; an object sent is JSON
  (content type implied), a string a form.
* XMLHttpRequest: `xhr.open(method, url)`, `xhr.setRequestHeader(k, v)`,
  `xhr.send(body)`, `xhr.withCredentials = true`; `xhr.status === 201` is its
  status check.
* values: constants and variables declared anywhere in the sample (lexical
  scopes respected, a later plain reassignment before the call wins),
  `obj.key = v` assignments, template literals, `+` concatenation, object
  shorthand and spread of known objects, `this.x` set in the class that uses
  it, `a || 'default'` / `a ?? 'default'` (an unknown left side yields the
  written default), `encodeURIComponent`, `btoa`, `String()`, `new URL(path,
  base)` with `url.searchParams.append/set`, TypeScript enums (`Role.Admin`).
  TypeScript's types (annotations, interfaces, generics, `type` aliases) are
  skipped; `x as T`, `x satisfies T`, `x!` and `<T>x` are `x`. Globals and
  call results are unknown: they are kept as `"${<source text>}"` (or
  `${name}` inside a string); a variable whose value is unknown keeps its
  own name.
* sample functions: a request inside `function f(a, b = 1)` (or `const f =
  async (a) => ...`) is read once per call `f(x, y)` written in the sample,
  its parameters bound to that call's arguments (defaults, `{a, b}`
  destructuring, calls within calls) -- so `query({...})` fills
  `body: JSON.stringify(data)`, as the Python extractor does for `json=payload`.
  Requests come out in execution order. A function no one calls (a callback,
  a method, an unused helper) is read once with its parameters unknown.
* status checks, attributed to the request whose response variable they test
  (`const r = await fetch(...)` or `.then(r => ...)`; else to the last request
  before the check): `r.status === 204` / `==` / `!==` / `!=` (`statusCode`
  too), `switch (r.status)`, `[200, 201].includes(r.status)`, `r.ok` / `!r.ok`
  and `>= 200 && < 300` -> "2xx". Only statuses below 400 count as expected
  success; `=== 404` tests a failure.

What it leaves alone: SDK clients (FlowiseClient and the like), jQuery,
`fetch(new Request(...))`, a fetch that only loads a file for a body (inside
`new Blob(...)`, `new File(...)` or `.append(...)`), spreads of unknown objects
(their keys are unknowable), conditions (a key set in an `if` is counted as
set), methods of sample classes (`this.x` is read, the method's parameters
stay unknown), and recursion.

Errors: a sample whose tree holds ERROR/MISSING nodes gets `error` (what is
wrong, near which text) and `error_line` (the first one); the requests found
in the parts that parsed are still returned. The protocol's `extract(code)`
does not say which fence it reads, so the language comes from
`extract(code, language=...)` or `JavaScriptExtractor("typescript")`
(`typescript_extractor()`); the default is `javascript`. Very large or costly
samples are read within bounds (size, depth, steps); what is beyond them is
left unknown, never an exception.
"""

from checker.extract.javascript.extractor import (
    JavaScriptExtractor,
    typescript_extractor,
)

__all__ = ["JavaScriptExtractor", "typescript_extractor"]
