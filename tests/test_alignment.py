"""Samples pair across locales by what they call as written before placeholders
are masked: a translation's code is its original's (Flowise's document-stores
page, where an older translation kept only the `<storeId>` samples)."""

from __future__ import annotations

from checker.config import Config
from checker.engine import check_paths
from tests.helpers import write_tree

_TOKENED = ("```bash\ncurl -X POST 'https://api.example.com/upsert/your_store_id' \\\n"
            "  -H \"Authorization: Bearer YOUR_TOKEN\"\n```\n")
_PLAIN = "```bash\ncurl -X POST 'https://api.example.com/upsert/<storeId>'\n```\n"


def test_a_sample_pairs_with_the_one_written_alike_not_the_first_of_its_endpoint(tmp_path):
    files = {"en/store.md": f"# Store\n\n## Upsert\n\n{_TOKENED}\n## Form data\n\n{_PLAIN}",
             "es/store.md": f"# Almacén\n\n## Datos de formulario\n\n{_PLAIN}"}
    result = check_paths([write_tree(tmp_path, files)], Config())
    got = [(f.rule, f.message) for f in result.findings if f.rule != "structure-drift"]
    # The es sample is the en `<storeId>` one: the token sample is the one
    # missing. Paired with the token sample instead, es's would "not send"
    # its Authorization header, sample by sample.
    missing = [message for rule, message in got if rule == "sample-missing"]
    assert len(missing) == 1 and 'sample of "Upsert"' in missing[0], got
    assert not [message for rule, message in got if "does not send" in message], got
