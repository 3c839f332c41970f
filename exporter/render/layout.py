"""The words of a brief's furniture, the same in every format: the meta line under the headline, the
machine-translation notice and the reviewed mark. Where they go is decided in :mod:`exporter.render.view`."""
from __future__ import annotations

import re

from ..model import Article, Translation

#: Readable provider names for the machine-translation notice.
PROVIDER_NAMES = {
    "google": "Google Translate",
    "mymemory": "MyMemory",
    "libre": "LibreTranslate",
    "deepl": "DeepL",
    "microsoft": "Microsoft Translator",
    "openai": "a language model",
}
REVIEWED_MARK = "†"


def display_date(value: str) -> str:
    """A timestamp as its date ("2026-03-07T00:05:00+07:00" → "2026-03-07"); anything else as given."""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}", value)
    return match.group(1) if match else value


def meta_line(article: Article) -> str:
    """"source · date · author", leaving out what is unknown."""
    return " · ".join(part for part in (article.source, display_date(article.date), article.author) if part)


def engines(translation: Translation) -> str:
    """The engines that made a translation, as the notice names them: ``LibreTranslate``, ``a language model
    (qwen2.5:7b) and Google Translate``."""
    names = []
    for provider, model in translation.engines or ((translation.provider, translation.model),):
        name = PROVIDER_NAMES.get(provider, provider) if provider else "an engine the review file does not name"
        names.append(f"{name} ({model})" if model else name)
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def machine_notice(translation: Translation) -> str:
    """The sentence every translated brief carries."""
    text = (f"Machine translation ({translation.source_lang} → {translation.target_lang}) by {engines(translation)} "
            f"on {translation.date}.")
    reviewed = sum(translation.reviewed) + int(translation.title_reviewed)
    total = translation.segments or len(translation.blocks) + 1
    if reviewed:
        text += f" {reviewed} of {total} segments reviewed by a person (marked {REVIEWED_MARK})."
    else:
        text += " Not reviewed by a person."
    unapplied = sum(1 for _, found in translation.checks
                    if any(flag.split(":")[0].strip() == "glossary" for flag in found.split("; ")))
    if unapplied:
        text += (f" Glossary terms could not be applied in {unapplied} of {total} segments (flagged "
                 "\"glossary\" for review).")
    return text
