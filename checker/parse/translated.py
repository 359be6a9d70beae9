"""GitBook words a translation tool or a translator translated, per language.

GitBook's tag names and hint styles are English code: `{% fichier %}` and
`style="avertissement"` mean nothing to it. These tables hold the translations
whose English word is certain, one table per language, so the tag rules (and
`sampledrift fix`) can say and restore the English word. A word that could
stand for two English ones in its language (Japanese `タブ`: `tab` or `tabs`)
is left out: a guess is no repair.
"""

from __future__ import annotations

from checker import locales

# Translated tag name (lower-case) -> the GitBook tag, per language.
TAG_NAMES: dict[str, dict[str, str]] = {
    "fr": {"onglets": "tabs", "onglet": "tab", "indice": "hint", "astuce": "hint",
           "fichier": "file", "intégrer": "embed", "incorporer": "embed", "étapes": "stepper",
           "étape": "step", "colonnes": "columns", "colonne": "column", "inclure": "include"},
    "es": {"pestañas": "tabs", "pestaña": "tab", "pista": "hint", "sugerencia": "hint",
           "archivo": "file", "fichero": "file", "incrustar": "embed", "pasos": "stepper",
           "paso": "step", "columnas": "columns", "columna": "column", "incluir": "include"},
    "pt": {"abas": "tabs", "aba": "tab", "dica": "hint", "arquivo": "file", "ficheiro": "file",
           "incorporar": "embed", "incluir": "include"},
    "it": {"schede": "tabs", "scheda": "tab", "suggerimento": "hint", "incorpora": "embed",
           "includi": "include"},
    "de": {"registerkarten": "tabs", "registerkarte": "tab", "hinweis": "hint", "datei": "file",
           "einbetten": "embed", "spalten": "columns", "spalte": "column"},
    "da": {"faner": "tabs", "fane": "tab", "fil": "file", "indlejr": "embed", "kolonner": "columns",
           "kolonne": "column"},
    "nl": {"tabbladen": "tabs", "tabblad": "tab", "bestand": "file", "insluiten": "embed"},
    "zh": {"标签页": "tabs", "选项卡": "tabs", "提示": "hint", "文件": "file", "嵌入": "embed",
           "步骤": "stepper"},
    "ja": {"ヒント": "hint", "ファイル": "file", "埋め込み": "embed"},
    "ko": {"탭": "tab", "힌트": "hint", "파일": "file", "임베드": "embed"},
}

# Translated hint style (lower-case) -> the GitBook style, per language.
HINT_STYLES: dict[str, dict[str, str]] = {
    "fr": {"information": "info", "informations": "info", "succès": "success",
           "réussite": "success", "avertissement": "warning", "attention": "warning"},
    "es": {"información": "info", "éxito": "success", "advertencia": "warning",
           "peligro": "danger"},
    "pt": {"informação": "info", "informações": "info", "sucesso": "success",
           "aviso": "warning", "perigo": "danger"},
    "it": {"informazioni": "info", "successo": "success", "avvertimento": "warning",
           "avviso": "warning", "pericolo": "danger"},
    "de": {"erfolg": "success", "warnung": "warning", "gefahr": "danger"},
    "da": {"succes": "success", "advarsel": "warning", "fare": "danger"},
    "nl": {"informatie": "info", "succes": "success", "waarschuwing": "warning",
           "gevaar": "danger"},
    "zh": {"信息": "info", "資訊": "info", "成功": "success", "警告": "warning",
           "危险": "danger", "危險": "danger"},
    "ja": {"情報": "info", "成功": "success", "警告": "warning", "危険": "danger"},
    "ko": {"정보": "info", "성공": "success", "경고": "warning", "위험": "danger"},
    "ru": {"информация": "info", "успех": "success", "предупреждение": "warning",
           "опасность": "danger"},
}


def language_of(locale: str | None) -> str | None:
    """The language a page's locale is in (`zh-cn` -> `zh`, `esp` -> `es`)."""
    tag = locales.canonical(locale) if locale else None
    return tag.split("-")[0] if tag else None


def english(table: dict[str, dict[str, str]], word: str, locale: str | None) -> str | None:
    """The English word `word` translates, from the page's language's table;
    for a word that table does not hold, the one English word every language
    that holds it agrees on. None when no table says, or they disagree."""
    key = word.strip().lower()
    own = table.get(language_of(locale) or "", {})
    if key in own:
        return own[key]
    meant = {words[key] for words in table.values() if key in words}
    return meant.pop() if len(meant) == 1 else None
