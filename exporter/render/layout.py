"""The words of a brief's furniture, the same in every format: the meta line under the headline, the
machine-translation notice, the photo-note label and the marks of a person's work. Where they go is decided in
:mod:`exporter.render.view`."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import APPROVED, EDITED, Article
from ..text.dates import format_date

if TYPE_CHECKING:
    from ..model.translation import Translation

#: Readable provider names for the machine-translation notice.
PROVIDER_NAMES = {
    "google": "Google Translate",
    "mymemory": "MyMemory",
    "libre": "LibreTranslate",
    "deepl": "DeepL",
    "microsoft": "Microsoft Translator",
    "openai": "a language model",
}
#: After a segment a person approved, and after one a person edited but has not approved.
APPROVED_MARK, EDITED_MARK = "†", "‡"
REVIEWED_MARK = APPROVED_MARK  # the name templates knew before edits and approvals were told apart
#: The mark of each state a person gives (a machine translation has none).
STATE_MARKS = {APPROVED: APPROVED_MARK, EDITED: EDITED_MARK}
#: What a flag of the checks (exporter.translate.checks) says to a reader of the brief, by kind.
FLAG_LABELS = {
    "withheld": "left in Vietnamese: the model's answers failed the checks", "number": "number missing",
    "vnform": "number or date in Vietnamese form", "date": "date missing", "glossary": "glossary term missing",
    "name": "name missing or misspelt", "untranslated": "not translated", "length": "length far off",
    "form": "question or exclamation lost", "duplicate": "same translation as another segment",
    "misplaced": "belongs to another segment",
}
#: The reference after a flagged segment, and the heading of the reasons at the end of the brief.
FLAG_REFERENCE = "[check {number}]"
FLAGS_HEADING = "Checks not yet settled by a person"

#: The label of a caption shown without its photo (a photo note), by the language of its text (English for the
#: languages not listed).
PHOTO_LABELS = {"vi": "Ảnh", "en": "Photo"}


def photo_note_label(lang: str) -> str:
    """The word a photo note opens with, in ``lang``."""
    return PHOTO_LABELS.get((lang or "en").split("-")[0].lower(), PHOTO_LABELS["en"])


def meta_line(article: Article, lang: str = "vi", *, date_format: str = "auto", english: str = "uk") -> str:
    """"source · date" (the date as the layout in ``lang`` prints it), leaving out what is unknown. The author is
    not in it: a brief names the author once, in its byline at the end (:func:`exporter.render.view.brief_view`)."""
    date = format_date(article.date, lang, "meta", date_format=date_format, english=english)
    return " · ".join(part for part in (article.source, date) if part)


def engines(translation: Translation) -> str:
    """The engines that made a translation, as the notice names them: ``LibreTranslate``, ``a language model
    (qwen2.5:7b) and Google Translate``."""
    names = []
    for provider, model in translation.engines or ((translation.provider, translation.model),):
        name = PROVIDER_NAMES.get(provider, provider) if provider else "an engine the review file does not name"
        names.append(f"{name} ({model})" if model else name)
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def flag_reasons(check: str) -> str:
    """A segment's ``check`` text (``number: 2.000; vnform: 1,5``) in the words of :data:`FLAG_LABELS`."""
    from ..translate.checks import parse_flags

    labels = ((FLAG_LABELS.get(flag.kind, flag.kind), flag.detail) for flag in parse_flags(check))
    return "; ".join(f"{label}: {detail}" if detail else label for label, detail in labels)


def machine_notice(translation: Translation, *, date_format: str = "auto", english: str = "uk",
                   flags: str = "show") -> str:
    """The sentence every translated brief carries (in English, its date too): the engine, what people did with
    its segments, and how many the checks flagged (marked in the brief unless ``flags`` is ``hide``)."""
    made = format_date(translation.date, "en", "meta", date_format=date_format, english=english)
    text = (f"Machine translation ({translation.source_lang} → {translation.target_lang}) by {engines(translation)} "
            f"on {made}.")
    total = translation.segments or len(translation.blocks) + 1
    approved, edited = translation.count(APPROVED), translation.count(EDITED)
    people = []
    if approved:
        people.append(f"{approved} of {total} segments approved by a person (marked {APPROVED_MARK})")
    if edited:
        people.append(f"{edited} {'' if approved else f'of {total} segments '}edited by a person and not yet "
                      f"approved (marked {EDITED_MARK})")
    text += " " + "; ".join(people) + "." if people else " Not reviewed by a person."
    flagged = len(translation.checks)
    if flagged:
        text += f" The checks flagged {flagged} of {total} segments, not yet approved by a person"
        text += (f" (marked {FLAG_REFERENCE.format(number='n')}; reasons at the end)." if flags == "show"
                 else " (not marked in this brief).")
    return text
