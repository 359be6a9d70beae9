"""C#: HttpClient and RestSharp."""

from checker.languages import CODE, Language, LineShape

LANGUAGE = Language(
    name="csharp",
    display="C#",
    aliases=frozenset({"csharp", "c#", "cs", "dotnet"}),
    extractors=("checker.extract.csharp:CSharpExtractor",),
    clients={"httpclient": "C#", "restsharp": "C#"},
    line_comments=("//",),
    block_comments=True,
    prints=("Console.WriteLine", "Console.Write"),
    published_rank=90,
    published=(
        LineShape(r"^using\s+(?:static\s+)?[A-Z][\w.]*;$", head=True),
        LineShape(r"^namespace\s+[A-Z][\w.]*\s*[;{]?$", head=True),
        # `using var client = new HttpClient();`, `using (var c = new HttpClient())`
        LineShape(r"^using\s*\(?\s*(?:var|[A-Z]\w*)\s+\w+\s*=\s*new\b"),
        # `var request = new HttpRequestMessage(`: `var x = new` plus a capitalised type
        # (JavaScript has no `new` of a type after `var ... =` written like this often,
        # so the shape asks for .NET's own words).
        LineShape(r"^var\s+\w+\s*=\s*(?:await\s+)?(?:new\s+(?:HttpClient|HttpRequestMessage|"
                  r"StringContent|RestClient|RestRequest|Uri|Dictionary|AuthenticationHeaderValue)\b|"
                  r"\w+\.(?:SendAsync|PostAsync|GetAsync|PutAsync|DeleteAsync|PostAsJsonAsync|"
                  r"ExecuteAsync|ReadAsStringAsync)\()"),
        LineShape(r"^(?:HttpClient|HttpRequestMessage|HttpResponseMessage|RestClient|RestRequest|"
                  r"RestResponse|string|var)\s+\w+\s*=\s*new\b"),
        LineShape(r"^(?:public|private|internal|protected)\s+(?:static\s+)?(?:async\s+)?"
                  r"(?:class|record|struct|Task|void|string|int|[A-Z]\w*(?:<[\w<>, ]*>)?)\b"),
        LineShape(r"^(?:static\s+)?async\s+Task\b"),
        LineShape(r"^\w+(?:\.\w+)*\.(?:Headers|DefaultRequestHeaders)\.(?:Add|Authorization|Accept)\b"),
        LineShape(r"^\w+\.(?:Content|BaseAddress)\s*=\s*new\b"),
        LineShape(r"^\w+\.(?:AddHeader|AddJsonBody|AddParameter|AddQueryParameter|AddStringBody)\("),
        LineShape(r"^\w+\.EnsureSuccessStatusCode\(\);$"),
        LineShape(r"^Console\.Write(?:Line)?\("),
        LineShape(r"^\};?$", CODE),
    ),
)
