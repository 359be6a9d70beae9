"""C#: HttpClient and RestSharp."""

from checker.languages import Language, LineShape

# .NET types a sample creates or declares.
_TYPES = ("HttpClient|HttpRequestMessage|HttpResponseMessage|StringContent|FormUrlEncodedContent|"
          "MultipartFormDataContent|RestClient|RestClientOptions|RestRequest|RestResponse|Uri|"
          "Dictionary|AuthenticationHeaderValue|MediaTypeWithQualityHeaderValue")

LANGUAGE = Language(
    name="csharp",
    display="C#",
    aliases=frozenset({"csharp", "c#", "cs", "dotnet"}),
    extractors=("checker.extract.csharp:CSharpExtractor",),
    clients={"httpclient": "C#", "restsharp": "C#"},
    line_comments=("//",),
    spanning_quotes={'"""': '"""', '@"': '"'},
    block_comments=True,
    prints=("Console.WriteLine", "Console.Write", "Console.Error.WriteLine", "Debug.WriteLine",
            "logger.*", "_logger.*", "log.*"),
    # Before JavaScript's (40): `var request = new HttpRequestMessage(` is a
    # `var` statement JavaScript's shapes would take. Only lines no JavaScript
    # sample writes are shapes here: .NET's type names, PascalCase methods.
    published_rank=35,
    published=(
        LineShape(r"^using\s+(?:static\s+)?[A-Z][\w.]*;$", head=True),
        LineShape(r"^namespace\s+[A-Z][\w.]*\s*[;{]?$", head=True),
        # `using var client = new HttpClient();`, `using (var c = new HttpClient())`
        LineShape(r"^using\s*\(?\s*(?:var|[A-Z]\w*)\s+\w+\s*=\s*\S"),
        # `var request = new HttpRequestMessage(`, `var payload = new` (an anonymous object)
        LineShape(rf"^var\s+\w+\s*=\s*new\s*(?:$|\{{|(?:{_TYPES})\b)"),
        # `var json = JsonSerializer.Serialize(payload);`, `await client.SendAsync(request)`:
        # a method in PascalCase is .NET's, JavaScript's are camelCase.
        LineShape(r"^var\s+\w+\s*=\s*(?:await\s+)?(?:\(?[\w.]*\.)?[A-Z]\w*\s*(?:<[\w<>, ]*>)?\("),
        LineShape(rf"^(?:{_TYPES}|string|int)\s+\w+\s*=\s*\S"),
        LineShape(r"^(?:public|private|internal|protected)\s+(?:(?:static|readonly|async|sealed|"
                  r"override|virtual)\s+)*(?:class|record|struct|interface|Task|void|string|int|bool|"
                  r"[A-Z]\w*(?:<[\w<>, ]*>)?)\b"),
        LineShape(r"^(?:static\s+)?async\s+Task\b"),
        LineShape(r"^(?:if|while)\s*\(.{0,300}?(?:\.StatusCode\b|\.IsSuccessStatusCode\b|\.IsSuccessful\b|"
                  r"HttpStatusCode\.).{0,300}\)\s*\{?$"),
        LineShape(r"^\w+(?:\.\w+)*\.(?:Headers|DefaultRequestHeaders)\.(?:Add|TryAddWithoutValidation|"
                  r"Authorization|Accept)\b"),
        LineShape(r"^\w+\.(?:Content|BaseAddress|RequestUri|Method)\s*=\s*new\b"),
        LineShape(r"^\w+\.(?:AddHeader|AddJsonBody|AddParameter|AddQueryParameter|AddStringBody|"
                  r"AddBody|AddUrlSegment)\("),
        LineShape(r"^\w+\.EnsureSuccessStatusCode\(\);$"),
        LineShape(r"^Console\.Write(?:Line)?\("),
    ),
)
