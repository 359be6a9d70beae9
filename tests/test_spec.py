"""checker/spec.py: loading specs, matching requests to operations, the checks."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.extract.placeholders import is_placeholder
from checker.spec import (
    BodyProblem,
    Credential,
    Operation,
    Spec,
    check_auth,
    check_body,
    check_query,
    check_status,
    load_spec,
)

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO / "fixtures" / "specs"
BROKEN = SPECS / "broken"
MULTI = SPECS / "multi file (1)"
# Copies of public specs (see fixtures/specs/public/README.md), so these tests run in any checkout.
PUBLIC = SPECS / "public"
REMEMBERIZER = PUBLIC / "rememberizer_openapi.yml"
FLOWISE_SWAGGER = PUBLIC / "flowise" / "swagger.yml"
FLOWISE_OPENAI = PUBLIC / "flowise" / "openai_openapi.yaml"
# Optional: the whole Flowise docs tree (every version of its specs), when it stands beside the repo.
FLOWISE_CORPUS = Path("/work/shared/corpora/flowise")
FLOWISE_CORPUS_FILES = sorted(FLOWISE_CORPUS.glob("*/.gitbook/assets/*.y*ml"))

_SPEC_CACHE: dict[str, Spec] = {}


def spec(path: Path | str) -> Spec:
    key = str(path)
    if key not in _SPEC_CACHE:
        _SPEC_CACHE[key] = load_spec(key)
    return _SPEC_CACHE[key]


def op(path: Path | str, method: str, template: str) -> Operation:
    found = spec(path).find(method, template)
    assert found is not None, (method, template)
    return found


def outcome(spec_path: Path | str, method: str, url: str) -> tuple[str, str, dict[str, str], str]:
    found = spec(spec_path).match(method, url)
    return found.reason, found.path, found.path_params, found.note


def kinds(problems: list[BodyProblem]) -> list[tuple[str, tuple[str | int, ...]]]:
    return [(p.kind, p.key_path) for p in problems]


AUTH = SPECS / "auth.yml"
SWAGGER2 = SPECS / "swagger2.yaml"
OAS31 = SPECS / "oas31.yaml"
DOCS_JSON = SPECS / "documents.json"
BASE = "https://api.rememberizer.ai/api/v1"
NO_SERVER = "the spec declares no server: matched under the base path `/api/v1`"


# ---------------------------------------------------------------------------
# Loading


def test_rememberizer_spec_loads_and_has_no_auth_paths():
    remember = spec(REMEMBERIZER)
    assert (remember.dialect, remember.version, remember.title) == ("openapi-3.0", "3.0.0", "Rememberizer API")
    assert [s.url for s in remember.servers] == [BASE]
    assert remember.notes == ()
    assert [(o.method, o.path) for o in remember.operations] == [
        ("GET", "/account/"), ("GET", "/integrations/"), ("GET", "/documents/"),
        ("GET", "/documents/search/"), ("GET", "/documents/{document_id}/contents/"),
        ("GET", "/common-knowledge/subscribed-list/"), ("POST", "/documents/memorize/")]
    assert outcome(REMEMBERIZER, "POST", f"{BASE}/auth/signup/") == ("unknown-path", "", {}, "")
    assert remember.find("POST", "/auth/signup/") is None


FLOWISE_SWAGGER_NOTE = (
    "$ref `#/components/schemas/assistant` at #/paths/~1assistants~1{id}/put/responses/200/"
    "content/application~1json/schema: points to nothing (in a response: ignored)")


def check_flowise_spec(path: Path) -> None:
    loaded = load_spec(str(path))
    if path.name == "openai_openapi.yaml":
        assert (loaded.dialect, loaded.version, loaded.notes) == ("openapi-3.0", "3.0.0", ())
        assert [s.url for s in loaded.servers] == ["https://api.openai.com/v1"]
    else:  # Flowise's own: no version key, no servers, one dangling ref in a response
        assert (loaded.dialect, loaded.version) == ("openapi-3.0", "")
        assert loaded.notes == ("no `openapi` version key: read as OpenAPI 3.0", FLOWISE_SWAGGER_NOTE)
        assert [s.url for s in loaded.servers] == [""]
        assert loaded.find("post", "/prediction/{id}").security == (
            (Credential("bearer", "Authorization", "bearerAuth"),),)


@pytest.mark.parametrize("path", [FLOWISE_SWAGGER, FLOWISE_OPENAI], ids=lambda p: p.name)
def test_flowise_specs_load(path):
    check_flowise_spec(path)


@pytest.mark.skipif(not FLOWISE_CORPUS_FILES, reason=f"optional: the whole Flowise docs tree at {FLOWISE_CORPUS} "
                    "(18 versions of its specs) is not here; its current two are checked from fixtures")
def test_every_flowise_spec_of_the_corpus_loads():
    for path in FLOWISE_CORPUS_FILES:
        check_flowise_spec(path)


@pytest.mark.parametrize("method, url, expected", [
    ("POST", "http://localhost:3000/api/v1/prediction/<chatflowid>",
     ("matched", "/prediction/{id}", {"id": "<chatflowid>"}, NO_SERVER)),
    ("POST", "http://localhost:3000/api/v1/prediction/${flowId}",
     ("matched", "/prediction/{id}", {"id": "${flowId}"}, NO_SERVER)),
    ("POST", "http://localhost:3000/api/v1/prediction/{flow_id}",
     ("matched", "/prediction/{id}", {"id": "{flow_id}"}, NO_SERVER)),
    ("POST", "https://localhost:3000/api/v1/predictions/{flow-id}", ("unknown-path", "", {}, "")),
    ("GET", "http://localhost:3000/api/v1/prediction/abc", ("unknown-method", "/prediction/{id}", {"id": "abc"}, NO_SERVER)),
    ("POST", "http://localhost:3000/api/v1/vector/upsert/your-chatflow-id",
     ("matched", "/vector/upsert/{id}", {"id": "your-chatflow-id"}, NO_SERVER)),
    ("POST", "http://localhost:3000/api/v1/document-store/upsert/${DOC_STORE_ID}",
     ("matched", "/document-store/upsert/{id}", {"id": "${DOC_STORE_ID}"}, NO_SERVER)),
    ("GET", "http://localhost:3000/api/v1/ping", ("matched", "/ping", {}, NO_SERVER)),
    ("GET", "/prediction/x", ("unknown-method", "/prediction/{id}", {"id": "x"}, "")),
    # two templates of one shape: the one with the method wins
    ("PUT", "http://localhost:3000/api/v1/document-store/chunks/s/l/c",
     ("matched", "/document-store/chunks/{storeId}/{loaderId}/{chunkId}",
      {"storeId": "s", "loaderId": "l", "chunkId": "c"}, NO_SERVER)),
    ("GET", "http://localhost:3000/api/v1/document-store/chunks/s/l/3",
     ("matched", "/document-store/chunks/{storeId}/{loaderId}/{pageNo}",
      {"storeId": "s", "loaderId": "l", "pageNo": "3"}, NO_SERVER)),
])
def test_flowise_urls_match_the_flowise_spec(method, url, expected):
    assert outcome(FLOWISE_SWAGGER, method, url) == expected


def test_openai_spec_of_the_flowise_docs_matches_its_own_host_only():
    openai = FLOWISE_OPENAI
    assert outcome(openai, "POST", "https://api.openai.com/v1/completions") == ("matched", "/completions", {}, "")
    assert outcome(openai, "POST", "http://localhost:3000/api/v1/prediction/x")[0] == "other-host"
    completions = op(openai, "POST", "/completions")
    assert check_body(completions, {"model": "gpt-3.5-turbo-instruct", "prompt": None}, "json") == []
    assert kinds(check_body(completions, {"prompt": 5}, "json")) == [("missing", ("model",)), ("type", ("prompt",))]


def test_yaml_is_read_with_yaml_1_2_scalars_and_string_keys():
    notes = spec(OAS31)
    assert notes.version == "3.1.0" and notes.dialect == "openapi-3.1"
    schema = op(OAS31, "POST", "/notes").request_body_schema
    assert list(schema["properties"])[:3] == ["title", "on", "shared"]
    assert schema["properties"]["shared"] == {"enum": ["yes", "no"]}
    assert op(OAS31, "GET", "/notes").responses == ("200", "default")
    assert op(OAS31, "POST", "/notes").responses == ("2XX", "default")
    assert op(SWAGGER2, "POST", "/pets").responses == ("201", "default")


def test_json_spec_loads():
    docs = spec(DOCS_JSON)
    assert (docs.dialect, docs.version, docs.title) == ("openapi-3.0", "3.0.1", "Documents (JSON)")
    assert len(docs.operations) == 5


def test_multi_file_spec_resolves_refs_across_files_relative_to_each_file():
    trees = spec(MULTI / "api.yaml")
    assert [(o.method, o.path, o.operation_id) for o in trees.operations] == [
        ("GET", "/trees", "listTrees"), ("POST", "/trees", "plantTree"), ("PUT", "/nodes/{id}", "replaceNode")]
    node = op(MULTI / "api.yaml", "PUT", "/nodes/{id}")
    assert node.parameters[0].name == "id" and node.parameters[0].schema == {"type": "integer"}
    assert node.bodies[0].uri == (MULTI / "schemas" / "tree.yaml").resolve().as_uri() + "#/Node"
    assert node.request_body_schema["required"] == ["name"]
    assert trees.notes == ()


def test_recursive_schema_validates_at_any_depth():
    node = op(MULTI / "api.yaml", "PUT", "/nodes/{id}")
    good = {"name": "root", "owner": {"email": "a@b.c", "role": "admin"},
            "children": [{"name": "a", "children": [{"name": "b", "children": []}]}]}
    assert check_body(node, good, "json") == []
    bad = {"name": "root", "children": [{"name": "a", "children": [{"nom": "b", "owner": {"role": "boss"}}]}]}
    deep = ("children", 0, "children", 0)
    assert [(p.kind, p.key_path, p.message) for p in check_body(node, bad, "json")] == [
        ("missing", (*deep, "name"), "`body.children[0].children[0].name` is required but missing"),
        ("unknown", (*deep, "nom"),
         "unknown key `body.children[0].children[0].nom` (the schema allows name, owner, children)"),
        ("missing", (*deep, "owner", "email"), "`body.children[0].children[0].owner.email` is required but missing"),
        ("enum", (*deep, "owner", "role"),
         '`body.children[0].children[0].owner.role` is "boss", not one of "admin", "member"'),
    ]


def test_http_ref_is_never_fetched_and_is_a_note(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    remote = load_spec(str(SPECS / "http-ref.yaml"))
    assert remote.notes == ("$ref `https://schemas.example.com/address.json` at #/paths/~1places/post/"
                            "requestBody/content/application~1json/schema/properties/address "
                            "is not a local file: left unresolved",)
    places = remote.find("POST", "/places")
    assert kinds(check_body(places, {"address": {"street": 1}}, "json")) == [("missing", ("name",))]
    assert check_body(places, {"name": "Home"}, "json") == []


def _missing_file() -> str:
    return str((BROKEN / "nowhere.yaml").resolve())


SCHEMA_AT = "#/paths/~1things/post/requestBody/content/application~1json/schema"


@pytest.mark.parametrize("name, message", [
    ("absent.yml", "cannot read spec {path}: no such file"),
    ("", "cannot read spec {path}: it is a folder"),
    ("not-yaml.yml", "cannot read spec {path}: not valid YAML: did not find expected ',' or ']' (line 4, column 1)"),
    ("bad.json", "cannot read spec {path}: not valid JSON: Expecting property name enclosed in double quotes "
                 "(line 1, column 34)"),
    ("latin1.yml", "cannot read spec {path}: not UTF-8 text"),
    ("list.json", "spec {path}: not an OpenAPI or Swagger document (it is a list, not a mapping)"),
    ("not-openapi.yml", "spec {path}: not an OpenAPI or Swagger document (no `openapi`, `swagger` or `paths` key)"),
    ("swagger-1.2.json", "spec {path}: Swagger 1.2 is not supported (Swagger 2.0 and OpenAPI 3.x are)"),
    ("openapi-4.yaml", "spec {path}: OpenAPI 4.0.0 is not supported (3.0 and 3.1 are)"),
    ("missing-file-ref.yaml", "spec {path}: $ref `nowhere.yaml#/Thing` at " + SCHEMA_AT + ": {missing}: no such file"),
    ("missing-pointer-ref.yaml", "spec {path}: $ref `#/components/schemas/Thing` at " + SCHEMA_AT
     + ": points to nothing"),
    ("ref-cycle.yaml", "spec {path}: $ref `#/components/schemas/A` at " + SCHEMA_AT
     + ": a cycle of $refs that never reaches a definition"),
])
def test_a_broken_spec_is_one_clear_input_error(name, message):
    path = str(BROKEN / name) if name else str(BROKEN)
    with pytest.raises(InputError) as error:
        load_spec(path)
    assert str(error.value) == message.format(path=path, missing=_missing_file())
    assert "\n" not in str(error.value)


def test_a_dangling_ref_in_a_request_schema_of_another_file_names_that_file(tmp_path):
    folder = tmp_path / "specs (2)"
    folder.mkdir()
    (folder / "main spec.yaml").write_text(
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n"
        "      requestBody: {content: {application/json: {schema: {$ref: 'other.yaml#/A'}}}}\n"
        "      responses: {'200': {description: ok}}\n")
    (folder / "other.yaml").write_text("A: {type: object, properties: {b: {$ref: '#/B'}}}\n")
    path = str(folder / "main spec.yaml")
    with pytest.raises(InputError) as error:
        load_spec(path)
    assert str(error.value) == f"spec {path}: $ref `#/B` at other.yaml#/A/properties/b: points to nothing"


# ---------------------------------------------------------------------------
# Matching


@pytest.mark.parametrize("segment", ["42", "{id}", "${doc_id}", ":id", "<document-id>", "YOUR_DOC_ID",
                                     "{document_id}"])
def test_a_placeholder_segment_matches_a_template_segment(segment):
    url = f"{BASE}/documents/{segment}/contents/"
    assert outcome(REMEMBERIZER, "GET", url) == (
        "matched", "/documents/{document_id}/contents/", {"document_id": segment}, "")


@pytest.mark.parametrize("method, url, expected", [
    ("GET", f"{BASE}/documents/?page=2&page_size=10", ("matched", "/documents/", {}, "")),
    ("POST", f"{BASE}/documents/memorize/", ("matched", "/documents/memorize/", {}, "")),
    ("GET", f"{BASE}/documents/memorize/", ("unknown-method", "/documents/memorize/", {}, "")),
    ("POST", f"{BASE}/documents/memorize",
     ("unknown-path", "/documents/memorize/", {}, "differs only by a trailing slash from `/documents/memorize/`")),
    ("GET", "https://api.rememberizer.ai/documents/",
     ("unknown-path", "", {}, "the path is outside the base path of the spec's servers")),
    ("GET", "http://localhost:8000/api/v1/documents/", ("other-host", "", {}, "")),
    ("GET", "https://API.Rememberizer.ai:443/api/v1/account/", ("matched", "/account/", {}, "")),
    ("GET", "http://api.rememberizer.ai/api/v1/account/", ("matched", "/account/", {}, "")),
    ("GET", "https://YOUR_HOST/api/v1/account/", ("matched", "/account/", {}, "")),
    ("GET", "https://your-domain.com/api/v1/account/", ("matched", "/account/", {}, "")),
    ("GET", "/api/v1/account/", ("matched", "/account/", {}, "")),
    ("GET", "${BASE_URL}/account/", ("matched", "/account/", {}, "")),
    ("GET", "{{baseUrl}}/api/v1/account/", ("matched", "/account/", {}, "")),
])
def test_rememberizer_urls(method, url, expected):
    assert outcome(REMEMBERIZER, method, url) == expected


@pytest.mark.parametrize("method, url, expected", [
    ("POST", "https://api.docs.test/api/v1/documents/memorize/", ("matched", "/documents/memorize/", {}, "")),
    # concrete paths first (as OpenAPI says), even when only the template has the method
    ("GET", "https://api.docs.test/api/v1/documents/memorize/",
     ("unknown-method", "/documents/memorize/", {}, "")),
    ("DELETE", "https://api.docs.test/api/v1/documents/7/", ("matched", "/documents/{id}/", {"id": "7"}, "")),
    ("GET", "https://api.docs.test/api/v1/documents/7/contents/",
     ("matched", "/documents/{document_id}/contents/", {"document_id": "7"}, "")),
    ("GET", "https://api.docs.test/api/v1/documents/7/contents",
     ("unknown-path", "/documents/{document_id}/contents/", {},
      "differs only by a trailing slash from `/documents/{document_id}/contents/`")),
    ("GET", "https://api.docs.test/api/v1/documents/7/other/", ("unknown-path", "", {}, "")),
])
def test_most_literal_template_and_trailing_slashes(method, url, expected):
    assert outcome(DOCS_JSON, method, url) == expected


@pytest.mark.parametrize("method, url, expected", [
    ("POST", "https://eu.notes.test/v1/notes", ("matched", "/notes", {}, "")),
    ("POST", "https://us.notes.test/v2/notes", ("matched", "/notes", {}, "")),  # `version` has no enum
    ("POST", "https://asia.notes.test/v1/notes", ("other-host", "", {}, "")),   # `region` has one
    ("GET", "https://eu.notes.test/v1/notes/5.json", ("matched", "/notes/{id}.{format}", {"id": "5", "format": "json"}, "")),
    ("GET", "https://eu.notes.test/v1/notes/<id>.<format>",
     ("matched", "/notes/{id}.{format}", {"id": "<id>", "format": "<format>"}, "")),
    ("GET", "https://eu.notes.test/v1/notes/<note-file>", ("matched", "/notes/{id}", {"id": "<note-file>"}, "")),
    ("GET", "https://eu.notes.test/v1/notes/5", ("matched", "/notes/{id}", {"id": "5"}, "")),
])
def test_server_variables_and_partly_templated_segments(method, url, expected):
    assert outcome(OAS31, method, url) == expected


@pytest.mark.parametrize("method, url, expected", [
    ("GET", "https://api.pets.test/v2/pets?status=sold", ("matched", "/pets", {}, "")),
    ("GET", "http://api.pets.test:80/v2/pets/{petId}", ("matched", "/pets/{petId}", {"petId": "{petId}"}, "")),
    ("PATCH", "https://api.pets.test/v2/pets/1", ("unknown-method", "/pets/{petId}", {"petId": "1"}, "")),
    ("GET", "https://api.pets.test/pets",
     ("unknown-path", "", {}, "the path is outside the base path of the spec's servers")),
    ("GET", "https://api.pets.test:8443/v2/pets", ("other-host", "", {}, "")),
])
def test_swagger2_host_and_base_path(method, url, expected):
    assert outcome(SWAGGER2, method, url) == expected


def test_relative_server_url_accepts_any_host_under_its_base_path():
    api = MULTI / "api.yaml"
    assert outcome(api, "PUT", "https://trees.example.org/api/v1/nodes/7") == ("matched", "/nodes/{id}", {"id": "7"}, "")
    assert outcome(api, "PUT", "https://trees.test/api/v1/nodes/7")[0] == "matched"
    assert outcome(api, "DELETE", "/api/v1/trees")[:2] == ("unknown-method", "/trees")
    assert spec(api).match("DELETE", "/api/v1/trees").methods == ("GET", "POST")


def test_match_carries_the_operation_and_the_compared_path():
    found = spec(AUTH).match("post", f"{BASE}/auth/signin/")
    assert found.matched and found.operation is op(AUTH, "POST", "/auth/signin/")
    assert found.api_path == "/auth/signin/"


def test_find_is_exact_on_the_template_and_ignores_method_case():
    assert op(AUTH, "post", "/auth/signup/").operation_id == "auth_signup"
    assert spec(AUTH).find("POST", "/auth/signup") is None
    assert spec(DOCS_JSON).find("GET", "/documents/{id}/contents/") is None
    assert spec(DOCS_JSON).find("get", "/documents/{document_id}/contents/").operation_id == "getContents"


# ---------------------------------------------------------------------------
# Operations


def test_auth_fixture_operations_as_the_seed_page_states_them():
    assert [(o.method, o.path, o.responses, o.required_body, o.media_types) for o in spec(AUTH).operations] == [
        ("POST", "/auth/signup/", ("201", "400"), True, ("application/json",)),
        ("POST", "/auth/signin/", ("204", "401"), True, ("application/json",)),
        ("POST", "/auth/verify-email/", ("200", "400", "401"), True, ("application/json",)),
        ("POST", "/auth/custom-refresh/", ("204", "401"), False, ()),
        ("POST", "/auth/custom-logout/", ("204",), False, ()),
    ]
    assert op(AUTH, "POST", "/auth/signup/").request_body_schema["required"] == ["email", "password", "name", "captcha"]
    assert op(AUTH, "POST", "/auth/custom-logout/").request_body_schema is None


def test_security_is_the_operations_own_else_the_specs_resolved_to_credentials():
    bearer = (Credential("bearer", "Authorization", "bearerAuth"),)
    assert op(AUTH, "POST", "/auth/signup/").security == ()          # security: []
    assert op(AUTH, "POST", "/auth/verify-email/").security == (bearer,)  # the global one
    assert op(AUTH, "POST", "/auth/custom-refresh/").security == (
        (Credential("apikey-cookie", "refresh_token", "refreshToken"),),)
    assert op(OAS31, "GET", "/notes").security == (
        (Credential("apikey-cookie", "session", "cookieAuth"), Credential("apikey-header", "X-API-Key", "apiKey")),
        (Credential("openid", "Authorization", "oidc"),),
        (Credential("oauth2", "Authorization", "oauth"),))
    assert op(OAS31, "GET", "/notes/{id}").security == ((), (Credential("apikey-header", "X-API-Key", "apiKey"),))
    assert op(OAS31, "GET", "/notes/{id}.{format}").security == ()   # no security anywhere
    assert op(SWAGGER2, "GET", "/pets").security == (
        (Credential("apikey-query", "api_key", "query_key"),), (Credential("basic", "Authorization", "basic"),))
    assert op(SWAGGER2, "DELETE", "/pets/{petId}").security == (
        (Credential("oauth2", "Authorization", "petstore_auth"),),)
    assert op(SWAGGER2, "POST", "/pets").security == ((Credential("apikey-header", "X-API-Key", "api_key"),),)


def test_parameters_merge_path_and_operation_levels():
    listing = op(SWAGGER2, "GET", "/pets")
    assert [(p.name, p.location, p.required, p.schema) for p in listing.parameters] == [
        ("X-Request-Id", "header", False, {"type": "string"}),
        ("status", "query", True, {"type": "string", "enum": ["available", "sold"]}),
        ("limit", "query", False, {"type": "integer"})]
    assert [(p.name, p.schema) for p in op(SWAGGER2, "GET", "/pets/{petId}").parameters] == [
        ("petId", {"type": "integer"})]
    assert [(p.name, p.schema) for p in op(SWAGGER2, "DELETE", "/pets/{petId}").parameters] == [
        ("petId", {"type": "string", "format": "uuid"})]   # the operation's overrides the path's


def test_swagger2_body_and_form_parameters_become_bodies():
    add = op(SWAGGER2, "POST", "/pets")
    assert (add.media_types, add.required_body) == (("application/json",), True)
    assert add.request_body_schema["required"] == ["id", "name"]
    photo = op(SWAGGER2, "POST", "/pets/{petId}/photo")
    assert (photo.media_types, photo.required_body) == (("multipart/form-data",), True)
    assert photo.request_body_schema == {
        "type": "object",
        "properties": {"file": {}, "caption": {"type": "string"},
                       "orientation": {"type": "string", "enum": ["portrait", "landscape"]},
                       "width": {"type": "integer"}},
        "required": ["file"]}
    assert [p.name for p in photo.parameters] == ["petId"]


# ---------------------------------------------------------------------------
# check_body

SIGNUP = {"email": "user@example.com", "password": "secure_password", "name": "John Doe",
          "captcha": "recaptcha_response"}


@pytest.mark.parametrize("template, body", [
    ("/auth/signup/", SIGNUP),
    ("/auth/signin/", {"login": "user@example.com", "password": "secure_password", "captcha": "recaptcha_response"}),
    ("/auth/verify-email/", {"verification_code": "123456"}),
])
def test_the_seed_pages_bodies_fit_the_auth_fixture(template, body):
    assert check_body(op(AUTH, "POST", template), body, "json", {"recaptcha_response"}) == []


def test_translated_keys_are_unknown_and_leave_required_ones_missing():
    body = {**SIGNUP, "nom": "Jean Dupont"}
    del body["name"]
    problems = check_body(op(AUTH, "POST", "/auth/signup/"), body, "json", set())
    assert [(p.kind, p.key_path, p.location, str(p)) for p in problems] == [
        ("missing", ("name",), "body.name", "`body.name` is required but missing"),
        ("unknown", ("nom",), "body.nom",
         "unknown key `body.nom` (the schema allows email, password, name, captcha)"),
    ]


def test_wrong_types_and_placeholders_for_any_type():
    signup = op(AUTH, "POST", "/auth/signup/")
    assert [str(p) for p in check_body(signup, {**SIGNUP, "captcha": 123456}, "json")] == [
        "`body.captcha` is a number; the schema wants string"]
    pets = op(SWAGGER2, "POST", "/pets")
    assert check_body(pets, {"name": "Rex", "status": "sold"}, "json") == []  # id is readOnly
    for placeholder in ("YOUR_NAME", "<name>", "${name}", "{name}", "{{name}}", "your-pet-name", "NAME_HERE"):
        assert check_body(pets, {"name": placeholder}, "json") == [], placeholder
    notes = op(OAS31, "POST", "/notes")
    assert check_body(notes, {"title": "t", "priority": "YOUR_PRIORITY", "tags": "<tags>"}, "json") == []
    assert check_body(notes, {"title": "t", "priority": "high"}, "json", {"high"}) == []
    assert kinds(check_body(notes, {"title": "t", "priority": "high"}, "json")) == [("type", ("priority",))]
    assert check_body(pets, "YOUR_PET_JSON", "json") == []


def test_a_placeholder_does_not_satisfy_an_enum():
    pets = op(SWAGGER2, "POST", "/pets")
    assert [str(p) for p in check_body(pets, {"name": "Rex", "status": "YOUR_STATUS"}, "json")] == [
        '`body.status` is the placeholder "YOUR_STATUS", not one of "available", "pending", "sold"']
    assert [str(p) for p in check_body(pets, {"name": "Rex", "status": "adopté"}, "json")] == [
        '`body.status` is "adopté", not one of "available", "pending", "sold"']
    notes = op(OAS31, "POST", "/notes")
    assert [str(p) for p in check_body(notes, {"title": "t", "kind": "YOUR_KIND"}, "json", {"YOUR_KIND"})] == [
        '`body.kind` is the placeholder "YOUR_KIND", not "note"']
    assert check_body(notes, {"title": "t", "kind": "note", "shared": "yes"}, "json") == []


def test_nullable_in_each_dialect():
    assert check_body(op(DOCS_JSON, "POST", "/documents/memorize/"), {"name": None, "content": "x"}, "json") == []
    pets = op(SWAGGER2, "POST", "/pets")
    assert check_body(pets, {"name": "Rex", "tag": None}, "json") == []            # x-nullable
    assert kinds(check_body(pets, {"name": None}, "json")) == [("type", ("name",))]
    notes = op(OAS31, "POST", "/notes")
    assert check_body(notes, {"title": "t", "due": None}, "json") == []             # type: [string, "null"]
    assert kinds(check_body(notes, {"title": None}, "json")) == [("type", ("title",))]


def test_one_of_reports_the_closest_branch_or_nothing():
    notes = op(OAS31, "POST", "/notes")
    assert check_body(notes, {"title": "t", "body": "text"}, "json") == []
    assert check_body(notes, {"title": "t", "body": {"format": "html", "text": "<p>"}}, "json") == []
    assert [str(p) for p in check_body(notes, {"title": "t", "body": {"format": "pdf"}}, "json")] == [
        '`body.body.format` is "pdf", not one of "markdown", "html"',
        "`body.body.text` is required but missing"]
    assert [str(p) for p in check_body(notes, {"title": "t", "body": 5}, "json")] == [
        "`body.body` is a number; the schema wants string or object"]


def test_form_and_multipart_values_are_strings():
    photo = op(SWAGGER2, "POST", "/pets/{petId}/photo")
    assert check_body(photo, {"file": "@cat.jpg", "orientation": "portrait", "width": "200"}, "multipart") == []
    assert [(p.kind, p.key_path) for p in check_body(photo, {"orientation": "square"}, "multipart")] == [
        ("missing", ("file",)), ("enum", ("orientation",))]
    notes = op(OAS31, "POST", "/notes")
    assert check_body(notes, {"title": "t", "priority": "3", "shared": "no"}, "form") == []


def test_body_kind_media_type_and_presence():
    photo = op(SWAGGER2, "POST", "/pets/{petId}/photo")
    assert [str(p) for p in check_body(photo, {"file": "x"}, "json")] == [
        "the body is sent as JSON; POST /pets/{petId}/photo takes multipart/form-data"]
    assert kinds(check_body(op(OAS31, "POST", "/notes"), {"title": "t"}, "multipart")) == [("type", ())]
    assert [str(p) for p in check_body(op(AUTH, "POST", "/auth/signup/"), None, "")] == [
        "POST /auth/signup/ requires a request body (application/json)"]
    assert check_body(op(DOCS_JSON, "POST", "/documents/memorize/"), None, "") == []   # not required
    assert [str(p) for p in check_body(op(AUTH, "POST", "/auth/custom-logout/"), {"a": 1}, "json")] == [
        "POST /auth/custom-logout/ takes no request body"]
    assert check_body(op(AUTH, "POST", "/auth/signup/"), "email=x", "raw") == []   # not validated


def test_is_placeholder():
    assert is_placeholder("YOUR_JWT_TOKEN") and is_placeholder("<your-api-key>") and is_placeholder("${id}")
    assert is_placeholder("recaptcha_response", {"recaptcha_response"})
    assert not is_placeholder("recaptcha_response") and not is_placeholder("John Doe")
    assert not is_placeholder("Bearer YOUR_TOKEN") and not is_placeholder(42)


# ---------------------------------------------------------------------------
# check_status


@pytest.mark.parametrize("spec_path, method, template, statuses, problems", [
    (AUTH, "POST", "/auth/signin/", ["204"], []),
    (AUTH, "POST", "/auth/signin/", ["2xx"], []),
    (AUTH, "POST", "/auth/signin/", ["200"],
     ["expects status 200, which POST /auth/signin/ does not document (it documents 204, 401)"]),
    (AUTH, "POST", "/auth/verify-email/", ["200", "204"],
     ["expects status 204, which POST /auth/verify-email/ does not document (it documents 200, 400, 401)"]),
    (AUTH, "POST", "/auth/custom-logout/", ["3xx"],
     ["expects status 3xx, which POST /auth/custom-logout/ does not document (it documents 204)"]),
    (OAS31, "POST", "/notes", ["201", "2xx", "204"], []),         # a 2XX range
    (OAS31, "GET", "/notes", ["204"],                             # 200 is documented: default is the error
     ["expects status 204, which GET /notes does not document (it documents 200, default)"]),
    (OAS31, "GET", "/notes/{id}", ["200", "2xx"], []),            # default alone covers it
    (SWAGGER2, "POST", "/pets", ["200"],
     ["expects status 200, which POST /pets does not document (it documents 201, default)"]),
    (SWAGGER2, "POST", "/pets", ["ok", ""], []),                  # not statuses
])
def test_check_status(spec_path, method, template, statuses, problems):
    assert check_status(op(spec_path, method, template), statuses) == problems


# ---------------------------------------------------------------------------
# check_auth


def auth_problems(spec_path: Path, method: str, template: str, headers=None, cookies=None, query=None,
                  credentials: str = "", auth: str = "") -> list[str]:
    return check_auth(op(spec_path, method, template), spec(spec_path), headers or {}, cookies or {},
                      query or {}, credentials, auth)


def test_check_auth_on_the_seed_pages_requests():
    assert auth_problems(AUTH, "POST", "/auth/signup/") == []
    assert auth_problems(AUTH, "POST", "/auth/verify-email/", {"Authorization": "Bearer YOUR_JWT_TOKEN"}) == []
    assert auth_problems(AUTH, "POST", "/auth/verify-email/", {"authorization": "bearer x"}) == []
    assert auth_problems(AUTH, "POST", "/auth/custom-refresh/", cookies={"refresh_token": "VOTRE_REFRESH_TOKEN"}) == []
    assert auth_problems(AUTH, "POST", "/auth/custom-refresh/", credentials="include") == []
    assert auth_problems(AUTH, "POST", "/auth/custom-refresh/", {"Cookie": "a=1; refresh_token=x"}) == []
    assert auth_problems(AUTH, "POST", "/auth/custom-logout/") == []
    # credentials the operation does not use are never reported
    assert auth_problems(AUTH, "POST", "/auth/signin/", {"Authorization": "Bearer x"}) == []


def test_check_auth_reports_missing_authentication():
    assert auth_problems(AUTH, "POST", "/auth/verify-email/") == [
        "the request does not authenticate: POST /auth/verify-email/ needs a Bearer token "
        "(`Authorization: Bearer ...`)"]
    assert auth_problems(AUTH, "POST", "/auth/verify-email/", {"Authorization": "Token abc"}) == [
        "the request does not authenticate: POST /auth/verify-email/ needs a Bearer token "
        "(`Authorization: Bearer ...`) (it sends `Authorization: Token ...`)"]
    assert auth_problems(AUTH, "POST", "/auth/custom-refresh/", credentials="same-origin") == [
        "the request does not authenticate: POST /auth/custom-refresh/ needs the `refresh_token` cookie"]


def test_check_auth_alternatives_and_combinations():
    assert auth_problems(SWAGGER2, "GET", "/pets", query={"api_key": "K"}) == []
    assert auth_problems(SWAGGER2, "GET", "/pets", auth="basic") == []
    assert auth_problems(SWAGGER2, "GET", "/pets", {"Authorization": "Basic dTpw"}) == []
    assert auth_problems(SWAGGER2, "GET", "/pets", {"X-API-Key": "K"}) == [
        "the request does not authenticate: GET /pets needs the `api_key` query parameter or HTTP basic auth"]
    assert auth_problems(SWAGGER2, "POST", "/pets", {"x-api-key": "K"}) == []
    assert auth_problems(SWAGGER2, "DELETE", "/pets/{petId}", {"Authorization": "Bearer t"}) == []
    assert auth_problems(SWAGGER2, "GET", "/pets/{petId}") == []
    # cookie AND header, or an OpenID / OAuth 2 token
    assert auth_problems(OAS31, "GET", "/notes", {"X-API-Key": "k"}, {"session": "s"}) == []
    assert auth_problems(OAS31, "GET", "/notes", {"Authorization": "Bearer t"}) == []
    assert auth_problems(OAS31, "GET", "/notes", {"X-API-Key": "k"}) == [
        "the request does not authenticate: GET /notes needs the `session` cookie and the `X-API-Key` header "
        "or an OpenID Connect token (`Authorization: Bearer ...`) or an OAuth 2 token (`Authorization: Bearer ...`)"]
    assert auth_problems(OAS31, "GET", "/notes/{id}") == []   # `{}`: anonymous access allowed


# ---------------------------------------------------------------------------
# check_query


def test_check_query_on_rememberizer():
    documents = op(REMEMBERIZER, "GET", "/documents/")
    assert check_query(documents, {"page": "1", "page_size": "10"}) == []
    assert check_query(documents, {"pagesize": "10"}) == [
        "unknown query parameter `pagesize` (GET /documents/ takes page, page_size, integration_type)"]
    assert check_query(op(REMEMBERIZER, "GET", "/account/"), {"anything": "1"}) == []   # declares none


def test_check_query_required_and_api_key_parameters():
    pets = op(SWAGGER2, "GET", "/pets")
    assert check_query(pets, {"status": "sold", "api_key": "K"}) == []
    assert check_query(pets, {"limit": "5", "sort": "name"}) == [
        "GET /pets requires the query parameter `status`",
        "unknown query parameter `sort` (GET /pets takes status, limit)"]
    assert check_query(op(OAS31, "GET", "/notes"), {}) == ["GET /notes requires the query parameter `q`"]


# ---------------------------------------------------------------------------
# Edge cases, on specs written here


def write_spec(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_dangling_ref_in_a_response_is_a_note_not_an_error(tmp_path):
    path = write_spec(tmp_path, (
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n"
        "          content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}\n"
        "        '404': {$ref: 'missing.yaml#/NotFound'}\n"))
    loaded = load_spec(str(path))
    missing = (tmp_path / "missing.yaml").resolve()
    assert loaded.notes == (
        "$ref `#/components/schemas/Nope` at #/paths/~1x/get/responses/200/content/application~1json/schema: "
        "points to nothing (in a response: ignored)",
        f"$ref `missing.yaml#/NotFound` at #/paths/~1x/get/responses/404: {missing}: no such file "
        "(in a response: ignored)")
    assert loaded.find("GET", "/x").responses == ("200", "404")


def test_a_ref_chain_that_ends_nowhere_says_where_it_led(tmp_path):
    path = write_spec(tmp_path, (
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n"
        "      requestBody: {$ref: '#/components/requestBodies/B'}\n"
        "      responses: {'200': {description: ok}}\n"
        "components:\n  requestBodies:\n    B: {$ref: '#/components/requestBodies/C'}\n"))
    with pytest.raises(InputError) as error:
        load_spec(str(path))
    assert str(error.value) == (
        f"spec {path}: $ref `#/components/requestBodies/B` at #/paths/~1x/post/requestBody: "
        "leads to `#/components/requestBodies/C`, which points to nothing")


def test_a_document_without_a_version_key_is_guessed_from_its_keys(tmp_path):
    path = write_spec(tmp_path, (
        "host: api.test\nbasePath: /v1\npaths:\n  /x:\n    post:\n"
        "      parameters: [{in: body, name: b, schema: {$ref: '#/definitions/X'}}]\n"
        "      responses: {200: {description: ok}}\n"
        "definitions:\n  X: {type: object, required: [a]}\n"))
    loaded = load_spec(str(path))
    assert (loaded.dialect, loaded.version, loaded.notes) == (
        "swagger-2.0", "", ("no `swagger` version key: read as Swagger 2.0",))
    assert loaded.match("POST", "https://api.test/v1/x").matched
    assert kinds(check_body(loaded.find("POST", "/x"), {}, "json")) == [("missing", ("a",))]


def test_an_undefined_security_scheme_is_a_note_and_its_requirement_is_dropped(tmp_path):
    path = write_spec(tmp_path, (
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\nsecurity: [{ghost: []}, {key: []}]\n"
        "components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n"
        "paths:\n  /x:\n    get:\n      responses: {'200': {description: ok}}\n"))
    loaded = load_spec(str(path))
    assert loaded.notes == ("security scheme `ghost` is not defined: requirements using it are ignored",)
    assert loaded.find("GET", "/x").security == ((Credential("apikey-header", "X-Key", "key"),),)


def test_a_schema_that_includes_itself_does_not_hang(tmp_path):
    path = write_spec(tmp_path, (
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n"
        "      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}\n"
        "      responses: {'200': {description: ok}}\n"
        "components:\n  schemas:\n    A: {allOf: [{$ref: '#/components/schemas/A'}]}\n"))
    assert check_body(load_spec(str(path)).find("POST", "/x"), {"a": 1}, "json") == []


def test_yaml_aliases_and_a_bom_are_fine(tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_bytes("\ufeffopenapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n"
                     "  /a:\n    get: &op\n      responses: {'200': {description: ok}}\n"
                     "  /b:\n    get: *op\n".encode())
    assert [o.path for o in load_spec(str(path)).operations] == ["/a", "/b"]


def test_location_of_odd_keys():
    assert BodyProblem("type", ("a key", 0, "x-y"), "m").location == 'body["a key"][0].x-y'
    assert BodyProblem("type", (), "m").location == "body"


def test_a_spec_pickles_by_loading_its_file_again():
    import pickle
    copy = pickle.loads(pickle.dumps(spec(AUTH)))
    assert copy.path == str(AUTH) and copy.operations == spec(AUTH).operations
    assert kinds(check_body(copy.find("POST", "/auth/signup/"), {}, "json")) == [
        ("missing", ("captcha",)), ("missing", ("email",)), ("missing", ("name",)), ("missing", ("password",))]
