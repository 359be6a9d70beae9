"""Ruby: Net::HTTP and Faraday."""

from checker.languages import CODE, Language, LineShape

LANGUAGE = Language(
    name="ruby",
    display="Ruby",
    aliases=frozenset({"ruby", "rb"}),
    extractors=("checker.extract.ruby:RubyExtractor",),
    clients={"net/http": "Ruby", "faraday": "Ruby"},
    line_comments=("#",),
    continuation="\\",
    prints=("puts", "print", "p", "pp", "logger.*", "Rails.logger.*", "warn"),
    published_rank=70,
    published=(
        LineShape(r"^require(?:_relative)?\s+['\"][\w./-]+['\"]$", head=True),
        # `uri = URI('...')`, `req = Net::HTTP::Post.new(uri)`, `conn = Faraday.new(`
        LineShape(r"^(?:[a-z_]\w*\s*=\s*)?(?:URI(?:\.parse)?\(|Net::HTTP\b|Faraday\.new\b)"),
        # `response = conn.post('/v1/users') do |req|`, `Net::HTTP.start(...) { |http|`
        LineShape(r"^.{1,300}\s(?:do|\{)\s*\|[\w, *&]{1,100}\|$"),
        LineShape(r"^puts\s+\S"),
        LineShape(r"^end(?:\.\w+.{0,200})?$", CODE),
        LineShape(r"^(?:else|begin|ensure)$|^(?:rescue|elsif|when)\b", CODE),
        LineShape(r"^(?:if|unless|while|until|case)\s+(?!\()[^{;]{1,300}[^:{;,.]$", CODE),
    ),
)
