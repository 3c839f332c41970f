"""What a brief shows, in order, independent of the output format: the rows of the PDF and the data handed to
the Markdown templates. The layouts (original, translation, bilingual) live here, once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from ..model import Article, Block, Inline, Translation
from ..options import Options

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


@dataclass(frozen=True)
class Row:
    """One paragraph of the PDF (``columns`` set: two paragraphs side by side)."""

    style: str
    runs: Tuple[Inline, ...] = ()
    columns: Optional[Tuple[Tuple[Inline, ...], Tuple[Inline, ...]]] = None


def display_date(value: str) -> str:
    """A timestamp as its date ("2026-03-07T00:05:00+07:00" → "2026-03-07"); anything else as given."""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}", value)
    return match.group(1) if match else value


def meta_line(article: Article) -> str:
    """"source · date · author", leaving out what is unknown."""
    return " · ".join(part for part in (article.source, display_date(article.date), article.author) if part)


def effective_layout(article: Article, options: Options) -> str:
    """The layout actually drawn: ``original`` when there is no translation."""
    return options.layout if article.translation is not None else "original"


def machine_notice(translation: Translation) -> str:
    """The sentence every translated brief carries."""
    provider = PROVIDER_NAMES.get(translation.provider, translation.provider)
    if translation.model:
        provider += f" ({translation.model})"
    text = (f"Machine translation ({translation.source_lang} → {translation.target_lang}) by {provider} on "
            f"{translation.date}.")
    reviewed = sum(translation.reviewed) + int(translation.title_reviewed)
    total = translation.segments or len(translation.blocks) + 1
    if reviewed:
        text += f" {reviewed} of {total} segments reviewed by a person (marked {REVIEWED_MARK})."
    else:
        text += " Not reviewed by a person."
    return text


def translated_blocks(article: Article) -> List[Tuple[Block, Block, bool]]:
    """(original block, translated block, reviewed) for every block."""
    tr = article.translation
    assert tr is not None
    reviewed = tr.reviewed or (False,) * len(tr.blocks)
    return list(zip(article.blocks, tr.blocks, reviewed))


def _marked(block: Block, reviewed: bool) -> Tuple[Inline, ...]:
    return block.runs + ((Inline(" " + REVIEWED_MARK),) if reviewed else ())


def brief_rows(article: Article, options: Options) -> List[Row]:
    """The PDF brief's paragraphs for the article and the chosen layout."""
    layout = effective_layout(article, options)
    meta = meta_line(article)
    tr = article.translation
    rows: List[Row] = []
    if layout == "original" or tr is None:
        rows.append(Row("headline", (Inline(article.heading),)))
        if meta:
            rows.append(Row("meta", (Inline(meta),)))
        rows.extend(Row(b.kind, b.runs) for b in article.blocks)
        return rows
    title_mark = f" {REVIEWED_MARK}" if tr.title_reviewed else ""
    if layout == "translation":
        rows.append(Row("headline", (Inline(tr.title + title_mark),)))
        rows.append(Row("original_title", (Inline(article.heading),)))
        if meta:
            rows.append(Row("meta", (Inline(meta),)))
        rows.append(Row("notice", (Inline(machine_notice(tr)),)))
        rows.extend(Row(orig.kind, _marked(block, rev)) for orig, block, rev in translated_blocks(article))
        return rows
    # bilingual: the original and its translation side by side, paragraph by paragraph
    rows.append(Row("headline", (Inline(article.heading),)))
    rows.append(Row("original_title", (Inline(tr.title + title_mark),)))
    if meta:
        rows.append(Row("meta", (Inline(meta),)))
    rows.append(Row("notice", (Inline(machine_notice(tr)),)))
    for orig, block, rev in translated_blocks(article):
        style = orig.kind if orig.kind in ("caption", "heading", "byline", "quote") else "column"
        if orig.kind == "lead":
            style = "column_lead"
        rows.append(Row(style, columns=(orig.runs, _marked(block, rev))))
    return rows


def document_info(article: Article, options: Options) -> Dict[str, str]:
    """Title, author, subject and language of the document."""
    layout = effective_layout(article, options)
    tr = article.translation
    title = tr.title if (tr is not None and layout == "translation") else article.heading
    lang = tr.target_lang if (tr is not None and layout == "translation") else article.lang
    subject = article.body[0] if article.body else ""
    if tr is not None and layout == "translation":
        subject = next((b.text for o, b, _ in translated_blocks(article) if o.kind == "lead"), subject)
    if len(subject) > 300:
        subject = subject[:299].rsplit(" ", 1)[0] + "…"
    return {"title": title, "author": article.author, "subject": subject, "lang": lang or "vi"}
