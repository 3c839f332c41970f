"""Every structure rule of docs/structure.md switched off in turn, and the tests that then fail.

Each mutation below names a rule as the docs state it and the smallest change to the code that switches that
rule off (a condition made false, a pattern left out). ``python tests/rule_mutations.py`` copies the checkout to a
temporary folder, applies one mutation at a time, runs the reading tests there and prints, per rule, the tests
that caught it (the first one; ``--all``: every one): a rule no test catches is printed ``NOT CAUGHT`` and the
script exits 1. ``--only ID …`` runs some; ``--list`` prints the rules. Each rule takes seconds when it is caught
and half a minute when it is not: run it with ``nice``.

``tests/test_rule_mutations.py`` keeps this table true to the code (every change still applies, exactly once),
so a rule rewritten without its mutation shows in the suite.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple, Sequence

ROOT = Path(__file__).resolve().parents[1]

#: The tests that exercise reading, quickest first (the whole suite would take three times as long per rule).
READING_TESTS = ("tests/test_structure.py", "tests/test_outlet.py", "tests/test_read_html.py",
                 "tests/test_read_text_real.py",
                 "tests/test_read_docx.py", "tests/test_scripts.py", "tests/test_read_url.py", "tests/test_golden.py",
                 "tests/test_real_pages.py", "tests/test_real_pages_3b.py",
                 "tests/test_real_pages_4.py", "tests/test_real_pages_6.py")

STRUCTURE = "exporter/read/rules/structure.py"
CREDITS = "exporter/read/rules/credits.py"
LINES = "exporter/read/rules/line_roles.py"
OUTLET = "exporter/read/rules/outlet.py"
PARTS = "exporter/read/rules/page_parts.py"
META = "exporter/read/rules/page_meta.py"
AUTHORS = "exporter/read/rules/page_authors.py"
FURNITURE = "exporter/read/rules/page_furniture.py"
HTML = "exporter/read/parse/html.py"
DATES = "exporter/read/rules/page_dates.py"
STORY = "exporter/read/rules/page_story.py"
TEXT = "exporter/read/rules/page_text.py"
CAPTIONS = "exporter/read/rules/page_captions.py"
SAPO = "exporter/read/rules/page_sapo.py"
RUNS = "exporter/read/rules/page_runs.py"
DATELINES = "exporter/read/rules/page_datelines.py"
DOCX = "exporter/read/parse/docx.py"
PHOTOS = "exporter/read/rules/page_photos.py"
BYLINES = "exporter/read/rules/page_bylines.py"


class Mutation(NamedTuple):
    id: str
    rule: str
    path: str
    find: str
    replace: str


M = Mutation
MUTATIONS: List[Mutation] = [
    # --- plain text -------------------------------------------------------------------------------------------
    M("text-lead-first", "Plain text, Headline: a long first paragraph and a short second line are lead and headline",
      STRUCTURE, "if (second is not None and not looks_like_headline(first.text)",
      "if (False and second is not None and not looks_like_headline(first.text)"),
    M("text-headline-not-long", "Plain text, Headline: a line over 250 characters is never the headline",
      STRUCTURE, "return 0 < len(text) <= MAX_HEADLINE and not photo_mark(text)",
      "return 0 < len(text) and not photo_mark(text)"),
    M("text-headline-not-caption", "Plain text, Headline: a photo caption is never the headline",
      STRUCTURE, "return 0 < len(text) <= MAX_HEADLINE and not photo_mark(text)",
      "return 0 < len(text) <= MAX_HEADLINE"),
    M("text-caption-under-headline", "Plain text, Captions: a single line directly under the headline",
      STRUCTURE, "if (title and len(rest) > 1 and rest[0].attached", "if (False and title and len(rest) > 1"
      " and rest[0].attached"),
    M("text-photo-credit-caption", "Plain text, Captions: lines marked (Ảnh: …) or ending in an Ảnh: credit",
      STRUCTURE, "elif mark:\n            pieces = _split_glued_caption(unit)",
      "elif False:\n            pieces = _split_glued_caption(unit)"),
    M("text-caption-glued-to-paragraph", "Plain text, Captions: a caption glued to a paragraph is cut from it",
      STRUCTURE, "    if before[:cut].strip():\n        pieces.append", "    if False:\n        pieces.append"),
    M("text-captions-glued-together", "Plain text, Captions: captions glued to each other are cut apart",
      STRUCTURE, "if after:  # what follows may hold the next photo's caption too",
      "if False:  # what follows may hold the next photo's caption too"),
    M("text-caption-full-stop", "Plain text, Captions: the full stop after (Ảnh: X). stays with its caption",
      STRUCTURE, "    if stop:\n        match_text, after =", "    if False:\n        match_text, after ="),
    M("text-headline-repeated-caption", "Plain text, Captions: the headline repeated in the body is the main "
      "photo's caption", STRUCTURE, "if same:\n            pieces = [(\"caption\", unit)]",
      "if False:\n            pieces = [(\"caption\", unit)]"),
    M("text-headline-repeated-numbered", "Plain text, Captions: … also with a picture number (… - 1)",
      STRUCTURE, 'text = _PHOTO_NUMBER.sub("", text)', "text = text"),
    M("text-punctuation-line-dropped", "Plain text, Captions: a line of punctuation alone is dropped",
      STRUCTURE, "units = [u for u in units if any(c.isalnum() for c in u.text)]", "units = list(units)"),
    M("text-subheading", "Plain text, Sub-headings: a line between paragraphs without final punctuation is a "
      "sub-heading", LINES, "elif not last and (words >= 2 or headings >= 3) and _opens_text(units[k + 1]):",
      "elif False:"),
    M("text-subheading-question", "Plain text, Sub-headings: a question of the same shape, beside another",
      LINES, 'if headings + sum(s == "question" for s in shape) >= 2 and not last:', "if False:"),
    M("text-subheading-one-word", "Plain text, Sub-headings: one word alone only among several",
      LINES, "(words >= 2 or headings >= 3)", "(words >= 1 or headings >= 3)"),
    M("text-subheading-over-text", "Plain text, Sub-headings: when a paragraph follows it",
      LINES, "return ends_sentence(unit.text) and len(_words(unit.text)) >= SECTION_WORDS", "return True"),
    M("text-subheading-label", "Plain text, Sub-headings: a short label before a colon (TPHCM: …)",
      LINES, "return bool(_LABEL.match(text)) and len(_words(text.split(\":\", 1)[0])) <= 3", "return False and 1"),
    M("text-caption-photo-place", "Plain text, Sub-headings: a caption after the place of a photo",
      LINES, "elif unit.gap or after_caption or", "elif after_caption or"),
    M("text-caption-second-line", "Plain text, Sub-headings: a caption's second line is a caption",
      LINES, 'after_caption = k > 0 and (roles[k - 1] == "caption" or is_caption(units[k - 1]))',
      "after_caption = False"),
    M("text-caption-long", "Plain text, Sub-headings: a caption by a length no sub-heading has",
      LINES, "words > HEADING_WORDS or (last and words >= 4)", "(last and words >= 4)"),
    M("text-caption-portrait", "Plain text, Sub-headings: a portrait's caption (a person, a dash, the post)",
      LINES, "_PERSON_AND_POST.match(unit.text):", "False:"),
    M("text-list-after-colon", "Plain text, Sub-headings: the items after a line ending with a colon are a list",
      LINES, 'if k > 0 and units[k - 1].text.rstrip().endswith(":"):', "if False:"),
    M("text-trailing-summary", "Plain text: a summary after the body that restates the headline is the lead",
      STRUCTURE, "summary = _take_trailing_summary(rest, title)", "summary = None"),
    M("text-date-line", "Plain text: a line holding only the date near the top is the date",
      STRUCTURE, "if unit.hint is None and is_date_line(unit.text):", "if False:"),
    M("text-byline-last-line", "Plain text, Byline: the last short line of names is the byline",
      STRUCTURE, "if looks_like_byline(last.text) and (len(rest) >= 2 or blocks):", "if False:"),
    M("text-byline-end-mark", "Plain text, Byline: a credit after the ./. end mark",
      STRUCTURE, "if match and looks_like_byline(match.group(1).strip()):", "if False:"),
    M("text-byline-glued-credit", "Plain text, Byline: a credit glued after the last sentence",
      STRUCTURE, "    cut = _glued_credit(text)\n", "    cut = None\n"),
    M("text-last-sentence-keeps-name", "Plain text, Byline: a last sentence (with its full stop) is no credit",
      STRUCTURE, 'if not tail or len(tail) > 80 or "," in tail or tail.rstrip(")").endswith((".", "!", "?", "…", '
                 '":", ";")):', 'if not tail or len(tail) > 80 or "," in tail:'),
    M("text-source-line", "Plain text, Byline: a Nguồn: … line after it names where the text was taken from",
      STRUCTURE, 'if last.text[:1] in ("N", "n") and _SOURCE_LINE.match(last.text) and len(rest) >= 2 and not '
      'credits:', "if False:"),
    M("credit-theo-is-source", "Plain text, Byline: Theo X gives the source, never the author",
      CREDITS, 'return (named, source) if source and is_name(named) else ("", _url_host(named))',
      "return (named, source)"),
    M("credit-theo-person-outlet", "Plain text, Byline: Theo Tên (X) gives the author and the source",
      CREDITS, 'return (named, source) if source and is_name(named) else ("", _url_host(named))',
      'return ("", _url_host(named))'),
    M("credit-source-url-host", "Plain text, Byline: Nguồn: http://… gives the site's name",
      CREDITS, 'else ("", _url_host(named))', 'else ("", named)'),
    M("credit-name-paren", "Plain text, Byline: Tên (Theo X) and Tên (TTXVN) give the author and the source",
      CREDITS, "    if paren and paren.group(1):\n", "    if False:\n"),
    M("credit-name-dash-theo", "Plain text, Byline: Tên - Theo X and Tên (t/h) Theo X give the author and the source",
      CREDITS, 'after = re.search(r"\\s+(?:[-–—|]\\s*)?Theo\\s+([^()]+?)\\s*$", text)', "after = None"),
    M("credit-name-slash", "Plain text, Byline: Tên/X gives the author and the source",
      CREDITS, 'if "/" in author and not author.lower().startswith(("t/h", "bài")):', "if False:"),
    M("credit-nobody", "Plain text, Byline: (t/h) and Sưu tầm name nobody",
      CREDITS, "    if _names_nobody(author):\n        author = \"\"\n", ""),
    M("text-first-paragraph-lead", "Plain text: the first remaining paragraph is the lead",
      STRUCTURE, 'if kind == "paragraph" and not have_lead:', "if False:"),
    # --- Word files ---------------------------------------------------------------------------------------------
    M("docx-title-style", "Word: the headline is the paragraph in the Title style",
      DOCX, 'pick = next((i for i, item in enumerate(items) if item[0] == "title"), None)', "pick = None"),
    M("docx-core-title", "Word: else the paragraph the document-properties title repeats",
      DOCX, "if pick is None and wanted:", "if False:"),
    M("docx-first-heading", "Word: else the first heading near the top",
      DOCX, 'pick = next((i for i, item in enumerate(items[:3]) if item[0] == "heading1"), None)', "pick = None"),
    M("docx-notes", "Word: footnotes and endnotes are kept, numbered in one sequence",
      DOCX, 'return Inline(f"[{number}]", note=number)', "return None"),
    M("docx-right-aligned-byline", "Word: a short right-aligned last paragraph is the byline",
      DOCX, "if i == len(items) - 1 and hint is None and alignment == 2",
      "if False and i == len(items) - 1 and hint is None and alignment == 2"),
    M("docx-caption-style", "Word: captions are the Caption style or an Ảnh: … line",
      DOCX, 'if name == "caption" or _CAPTION_TEXT.match(text):', "if False:"),
    # --- news pages: headline -----------------------------------------------------------------------------------
    M("page-source-name-over-address", "Pages, Source: a name beats an address or a slug",
      OUTLET, "if best is None or (_kind(best) > 0 and _kind(candidate) == 0):", "if best is None:"),
    M("page-source-best-form", "Pages, Source: of two ways to write one name the better one wins",
      OUTLET, "best = max(same, key=_style)", "best = same[0]"),
    M("page-source-title-part", "Pages, Source: the part of <title> that spells the site's address",
      OUTLET, "if p and labels and _names_site(p, labels)]", "if False]"),
    M("page-source-slug-address", "Pages, Source: a lone lower-case word that is the address is shown as the address",
      OUTLET, "best = site_host(url)", "best = best"),
    M("page-source-no-owner", "Pages, Source: an owner or a notice is never the source",
      OUTLET, "or _NOT_A_NAME.search(name) or", "or"),
    M("page-source-notice-holder", "Pages, Source: a notice's holder is",
      OUTLET, 'name = _NOTICE.sub("", " ".join(name.split()))', 'name = " ".join(name.split())'),
    M("page-source-links-host", "Pages, Source: a saved page without an address takes the site its links point to",
      META, "info.host = site_host(info.url) or page_host(tree)", "info.host = site_host(info.url)"),
    M("page-hidden-h1", "Pages, Headline: a hidden <h1> never counts",
      META, "shown_h1s = [h for h in all_h1s if not is_hidden(h)]", "shown_h1s = list(all_h1s)"),
    M("page-h1-site-name", "Pages, Headline: an <h1> that is the site's name is not the headline",
      META, "shown_h1s = [h for h in shown_h1s if match_key(h.text_content()) not in masthead]",
      "shown_h1s = list(shown_h1s)"),
    M("page-h1-site-name-first", "Pages, Headline: … when another part of the <title> is the page's heading",
      META, "if len(parts) >= 2 and any(match_key(p) in headings - masthead for p in parts):",
      "if len(parts) >= 2:"),
    M("page-title-tag-first-part", "Pages, Headline: else the first part of <title> when the page shows it",
      META, "title_from_tag = parts[0] if parts and match_key(parts[0]) in headings else max(parts, key=len, "
            'default="")', 'title_from_tag = max(parts, key=len, default="")'),
    M("page-seen-headline-wins", "Pages, Headline: the <h1> the reader sees wins over reworded metadata",
      META, "if _overlap(seen_title, info.title) >= 0.6:", "if False:"),
    M("page-unescape-twice", "Pages, Headline: metadata is unescaped until no entity is left",
      RUNS, "    for _ in range(4):\n        if not _ENTITY.search(text):", "    for _ in range(1):\n        if not "
            "_ENTITY.search(text):"),
    # --- news pages: lead ---------------------------------------------------------------------------------------
    M("page-sapo-element", "Pages, Lead: the element marked sapo, lead, description, summary",
      META, 'any("sapo" in c for c in classes + [(el.get("id") or "").lower()]) or set(classes) & _SAPO_CLASSES',
      "False"),
    M("page-sapo-not-in-related", "Pages, Lead: not one inside a related-story box",
      META, 'if el.xpath("ancestor::a|ancestor::figure|ancestor::li") or in_furniture(el) or _after_teaser_link(el):\n'
      '                continue', "pass"),
    M("page-sapo-h2", "Pages, Lead: else an h2 or h3 right under the headline",
      META, "best = h2_under_headline(headline)", "best = None"),
    M("page-sapo-bold-opening", "Pages, Lead: else a first paragraph set all in bold",
      HTML, "elif len(kept) > 2 and _bold_opening(kept):", "elif False:"),
    M("page-sapo-description", "Pages, Lead: else the description meta",
      META, "elif len(info.description) >= 20 and info.is_article is not False and not _hook(", "elif False and ("),
    M("page-sapo-once", "Pages, Lead: it appears once (the extracted twin replaced)",
      HTML, 'twin = next((i for i, b in enumerate(kept[:3]) if b.kind != "caption" and _same(shown[i], lead.text)), '
            "None)", "twin = None"),
    M("page-sapo-not-repeating-opening", "Pages, Lead: a description that only repeats the first paragraph is no "
      "lead", HTML, "elif any(match_key(lead.text) in match_key(b.text) and not _closes(b.text, lead.text) for b in "
      "kept[:3]):", "elif False:"),
    M("page-sapo-headline-cut", "Pages, Lead: a headline repeated at its start is cut off",
      SAPO, "for title in sorted(titles, key=len, reverse=True):", "for title in ():"),
    M("page-sapo-related-cut", "Pages, Lead: a >> related story at its end is cut off",
      SAPO, "    if related:\n        runs = runs[:related]", "    if False:\n        runs = runs[:related]"),
    # --- news pages: paragraphs ---------------------------------------------------------------------------------
    M("page-double-breaks", "Pages, Paragraphs: text separated by <br><br> becomes separate paragraphs",
      HTML, "    split_double_breaks(tree)\n", "    pass\n"),
    M("page-container-opened", "Pages, Paragraphs: the page's own container handed back is opened up",
      HTML, 'elif el.tag in ("div", "section", "article", "cell") and any(',
      'elif False and el.tag in ("div", "section", "article", "cell") and any('),
    M("page-subheadings", "Pages, Paragraphs: a dropped sub-heading is put back before its paragraph",
      HTML, "    if not info.subheadings:\n        return blocks", "    if True:\n        return blocks"),
    M("page-headline-not-repeated", "Pages, Paragraphs: the headline repeated at the top of the body is dropped",
      STORY, "match_key(blocks[at].text) in info.titles or ", ""),
    M("page-head-author-line", "Pages, Paragraphs: … and so is the author's name alone among the head's lines",
      STORY, 'names = {match_key(info.page_author)} - {""}', "names: set = set()"),
    # --- news pages: captions -----------------------------------------------------------------------------------
    M("page-figcaption", "Pages, Captions: figure/figcaption and elements with a caption class",
      META, 'if (tag == "figcaption" or (tag not in ("figure", "table") and any("caption" in c for c in classes)',
      'if (False and (tag not in ("figure", "table") and any("caption" in c for c in classes)'),
    M("page-one-cell-table", "Pages, Captions: one-cell image tables",
      HTML, 'blocks.append(Block("caption", info.captions[key]) if key in info.captions',
      'blocks.append(Block("caption", info.captions[key]) if False'),
    M("page-line-under-photo", "Pages, Captions: a short italic, centred or credited line right under a photo",
      CAPTIONS, "for line, img in lines_under_photos(tree, under):", "for line, img in ():"),
    M("page-amp-img", "Pages, Captions: <amp-img> on AMP pages is a photo",
      CAPTIONS, '_PHOTOS = ("img", "amp-img")', '_PHOTOS = ("img",)'),
    M("page-photo-story", "Pages, Captions: the line after each photo of a <br>-separated photo story",
      CAPTIONS, "for text, img, holder in [*photo_story_lines(tree), ",
      "for text, img, holder in [*(), "),
    # --- news pages: author -------------------------------------------------------------------------------------
    M("page-author-element", "Pages, Author: the element the page marks as the author",
      META, "if not info.page_author and marks_author(el, classes):", "if False:"),
    M("page-author-not-comments", "Pages, Author: never a name in the readers' comments",
      META, 'and not el.xpath("ancestor::li|ancestor::figure|ancestor::footer") \\\n                    and not '
            "in_furniture(el):", ":"),
    M("page-byline-paragraph", "Pages, Author: a short bold, italic or right-aligned last paragraph is the byline",
      STORY, "at = _byline_at(kept, info)", "at = None"),
    M("page-byline-before-box-titles", "Pages, Author: box titles and further credit lines may follow the byline",
      STORY, "for at in range(len(blocks) - 1, max(2, len(blocks) - 5) - 1, -1):",
      "for at in range(len(blocks) - 1, len(blocks) - 2, -1):"),
    M("page-byline-stacked-credits", "Pages, Author: credit lines stacked under the story stay with the byline",
      STORY, 'while at > 3 and blocks[at - 1].kind in ("paragraph", "heading")',
      'while False and blocks[at - 1].kind in ("paragraph", "heading")'),
    M("page-byline-theo-closing", "Pages, Author: a short Theo … line closing the story is a credit",
      STORY, 'if re.match(r"(?i)theo\\s+\\S", text) and len(text.split()) <= 6:', "if False:"),
    M("page-author-json-ld", "Pages, Author: then a JSON-LD person",
      META, 'people = _names(article.get("author"), index, people_only=True)', "people = []"),
    M("page-author-meta", "Pages, Author: then article:author",
      META, 'meta_author = metas.get("article:author", "") or metas.get("dable:author", "")', 'meta_author = ""'),
    M("page-credit-trailing", "Pages, Author: credits after the name are dropped ((tổng hợp), (t/h), (Theo X))",
      PARTS, "        previous, text = text, _TRAILING_CREDIT.sub(\"\", text).strip(\" -–|,.\")",
      "        previous = text"),
    M("page-credit-leading", "Pages, Author: Tin, ảnh: Vũ Phương Thảo → the name",
      PARTS, 'text = _LEADING_CREDIT.sub("", " ".join(text.split()).strip(" -–|,."))',
      'text = " ".join(text.split()).strip(" -–|,.")'),
    M("page-credit-person-outlet", "Pages, Author: Theo Minh Nguyễn/Vcamp.vn → the writer",
      PARTS, "    if person_at:\n        return person_at.group(1)",
      "    if False:\n        return person_at.group(1)"),
    M("page-credit-theo-source", "Pages, Author: a byline that is only Theo VnExpress names no author",
      PARTS, "if not field or len(_TRAILING_CREDIT.sub(\"\", text).split()) < 2:", "if False:"),
    M("page-author-not-publisher", "Pages, Author: a publication or company is never the author",
      AUTHORS, "if names and not any(is_publisher_name(n, info) for n in names):", "if names:"),
    M("page-author-guess-dropped-whole", "Pages, Author: a guessed author list naming one is dropped whole",
      AUTHORS, 'candidates += ["" if any(is_publisher_name(n, info) for n in guessed) else ", ".join(guessed)]',
      'candidates += [", ".join(n for n in guessed if not is_publisher_name(n, info))]'),
    # --- news pages: date ---------------------------------------------------------------------------------------
    M("page-date-metadata", "Pages, Date: from JSON-LD datePublished or article:published_time",
      META, "stated, (shown, line) = iso_date(unescape(published)), visible_date(tree, headline)",
      'stated, (shown, line) = "", visible_date(tree, headline)'),
    M("page-date-line", "Pages, Date: else from the date line next to the headline",
      META, "stated, (shown, line) = iso_date(unescape(published)), visible_date(tree, headline)",
      'stated, (shown, line) = iso_date(unescape(published)), ("", "")'),
    M("page-date-day-yields", "Pages, Date: metadata giving the day only yields to a date line with its time",
      META, "if shown and len(stated) == 10 and shown.startswith(stated) or \\\n",
      "if False and len(stated) == 10 and shown.startswith(stated) or \\\n"),
    M("page-date-shown-time-wins", "Pages, Date: metadata giving another time yields to the date line shown",
      META, '"T" in shown and "T" in stated and stated[:16] != shown[:16] and not _UPDATE.search(line):',
      'False:'),
    M("page-date-update-line", "Pages, Date: … unless that line dates an update",
      META, "and not _UPDATE.search(line):", ":"),
    M("page-date-two-digit-year", "Pages, Date: a two-digit year with its time",
      DATELINES, "for match in _DMY2.finditer(text):", "for match in ():"),
    M("page-date-time-before", "Pages, Date: a time written before its date (15:20 PM | 21/12/2012)",
      DATELINES, "before = _TIME_BEFORE.search(text[max(0, match.start() - 20):match.start()])", "before = None"),
    M("page-date-afternoon", "Pages, Date: 12-hour times read with PM, chiều, tối",
      DATELINES, 'afternoon = part in ("pm", "chiều", "tối", "đêm") and not (part == "đêm" and hour < 6)',
      "afternoon = False"),
    M("page-date-noon", "Pages, Date: trưa (noon) times",
      DATELINES, 'hour = hour % 12 + (12 if afternoon else 0) if part != "trưa" else '
                 '(hour if hour >= 11 else hour + 12)',
      "hour = hour % 12 + (12 if afternoon else 0)"),
    M("page-date-offset", "Pages, Date: a GMT+7 after the date gives the offset",
      DATELINES, 'iso += f"T{hour:02d}:{minute:02d}" + _offset(after)', 'iso += f"T{hour:02d}:{minute:02d}"'),
    M("page-date-archive-link", "Pages, Date: a date line linking to its day's archive counts",
      DATELINES, 'links = [a for a in el.iterancestors("a") if " ".join(a.text_content().split()) != text]',
      'links = list(el.iterancestors("a"))'),
    M("page-date-not-in-teasers", "Pages, Date: teaser lists and figures are not looked at",
      DATELINES, 'set(el.iterancestors("li")) - story_boxes:', "False:"),
    M("page-date-only-line", "Pages, Date: an unmarked line that is only a date, by the headline, is the date line",
      DATELINES, "(marked or (near and _DATE_ONLY.match(text))):", "marked:"),
    M("page-date-address", "Pages, Date: the day the canonical address spells out when nothing else gave one",
      DATES, "date = address_date(address, today)", 'date = ""'),
    M("page-date-bounds", "Pages, Date: a date from the address is plausible (1995 … tomorrow)",
      DATES, "return found if EARLIEST <= found <= today + datetime.timedelta(days=1) else None", "return found"),
    M("page-date-fallback", "Pages, Date: htmldate's date when nothing else gave one",
      DATES, "date = htmldate_date(tree, address, today)", 'date = ""'),
    M("page-date-original", "Pages, Date: htmldate's original publication date, not an update",
      DATES, "original_date=True", "original_date=False"),
    M("page-date-not-from-address", "Pages, Date: a date that appears only in an address is never the date",
      DATES, 'return date if seen_on_page(date, shown) or seen_on_page(date, stated) else ""', "return date"),
    # --- news pages: left out -----------------------------------------------------------------------------------
    M("page-furniture-tags", "Pages, Left out: menus, search boxes and forms (nav, form … elements)",
      FURNITURE, "if el.tag in _FURNITURE_TAGS or", "if False or"),
    M("page-furniture-roles", "Pages, Left out: role=navigation, search, menu",
      FURNITURE, '(el.get("role") or "").lower() in ("navigation", "search", "menu")', "False"),
    M("page-furniture-hidden", "Pages, Left out: hidden boxes",
      FURNITURE, "                is_hidden(el, inherited=False):", "                False:"),
    M("page-furniture-classes", "Pages, Left out: teaser, login, newsletter and comment boxes marked by class",
      FURNITURE, "if marks and FURNITURE.search(marks):", "if False:"),
    M("page-furniture-text", "Pages, Left out: Xem thêm / Tin liên quan lines, masthead and licence lines",
      FURNITURE, "if len(text) <= 300 and _FURNITURE_TEXT.match(text) or", "if False or"),
    M("page-teaser-age", "Pages, Left out: items ending in their age ((8 giờ trước))",
      FURNITURE, "len(text) <= 250 and _TEASER_AGE.search(text)", "False"),
    M("page-dateline-dropped", "Pages, Left out: a line that is only the date",
      FURNITURE, "len(text) <= 80 and _DATELINE.match(text)", "False"),
    M("page-one-link-paragraph", "Pages, Left out: a paragraph that is only one link is a teaser",
      FURNITURE, "return len(text) <= (250 if day else 200) and bool(linked) and all(r.href for r in linked)",
      "return False"),
    M("page-teaser-day", "Pages, Left out: a teaser link followed by its day (21/12)",
      FURNITURE, "day = _TEASER_DAY.search(text) if len(text) <= 250 else None", "day = None"),
    M("page-hidden-class", "Pages, Left out: a box hidden by a class that hides it on every screen",
      PARTS, ' or hidden_by_class(node):', ":"),
    M("page-teaser-headline-summary", "Pages, Left out: a related story's headline link and the summary under it",
      FURNITURE, 'elif el.tag in ("h2", "h3", "h4", "h5") and _teaser_headline(el):', "elif False:"),
    M("page-ticker", "Pages, Left out: tickers of the latest headlines (MỚI CẬP NHẬT: …)",
      FURNITURE, r'r"(?:tin )?mới cập nhật\s*:|tin (?:nóng|mới nhất|vắn)\s*:|"', 'r""'),
    M("page-licence-line", "Pages, Left out: licence lines however worded (Giấy phép Báo điện tử số: …)",
      FURNITURE, r"giấy phép\b[^:\d\n]{0,40}?(?:số)?\s*:?\s*\d|", r"giấy phép(?: số)?\s*:?\s*\d|"),
    M("page-teaser-tail", "Pages, Left out: a box title followed by headline lines whose links were lost",
      STORY, "tail = teaser_tail(kept)", "tail = 0"),
    M("page-masthead-name", "Pages, Left out: a line that is only a publication's name in capitals",
      HTML, 'return block.kind in ("paragraph", "heading") and text.isupper()', "return False and text.isupper()"),
    M("page-sapo-id", "Pages, Lead: an element whose id says sapo is a sapo",
      META, 'for c in classes + [(el.get("id") or "").lower()])', "for c in classes)"),
    M("page-sapo-h3", "Pages, Lead: an h3 right under the headline (and its time line) is the sapo",
      PARTS, 'candidate = node if node.tag in ("h2", "h3") else next(iter(node.iter("h2", "h3")), None)',
      'candidate = node if node.tag == "h2" else next(iter(node.iter("h2")), None)'),
    M("page-sapo-cut-title", "Pages, Lead: a description ending in the headline cut short gives the sapo alone",
      SAPO, "cut_title = _CUT_TITLE.search(text)", "cut_title = None"),
    M("page-sapo-not-teaser-summary", "Pages, Lead: a summary right after a teaser's headline is not the sapo",
      META, " or _after_teaser_link(el):", ":"),
    M("page-author-meta-line", "Pages, Author: the name alone in the meta line under the headline",
      META, "info.page_author = name_under_headline(headline)", "pass"),
    M("page-byline-class-emphasis", "Pages, Author: a byline emphasised by its class (span class=bold)",
      META, "info.bylines.update(match_key(text) for text in class_emphasis_lines(tree))", "pass"),
    M("page-caption-after-break", "Pages, Captions: a line after <img><br> in the photo's italic or centred block",
      CAPTIONS, "if italic or centred or _CREDIT.search(text):", "if False:"),
    M("page-caption-lost-box", "Pages, Captions: a marked caption whose photo box extraction dropped is kept apart",
      STORY, "out.insert(at, Block(\"caption\", info.captions[key]))", "pass"),
    M("page-caption-structured-data", "Pages, Captions: the main photo's caption in the structured data",
      META, 'info.caption_places.setdefault(match_key(caption), "")', "pass"),
    M("page-loose-div", "Pages, Paragraphs: a bare <div> among the story's <p>s is a paragraph",
      TEXT, 'div.tag = "p"\n                made += 1', 'div.tag = "div"\n                made += 1'),
    M("page-repeated-copy", "Pages, Paragraphs: nothing is repeated (a page holding a mobile and a desktop copy)",
      STORY, "if key in seen:", "if False:"),
    M("page-teaser-box-heading", "Pages, Left out: a heading with nothing after it heads a box of teasers",
      STORY, 'while kept and kept[-1].kind == "heading" and not looks_like_byline(kept[-1], info):', "while False:"),
    M("page-story-wrapper-kept", "Pages, Left out: never the wrapper of the story itself",
      FURNITURE, "sum(len(p.text_content()) >= 150 for p in el.iter(\"p\")) >= 4:\n            continue",
      "sum(len(p.text_content()) >= 150 for p in el.iter(\"p\")) >= 4:\n            pass"),
    M("page-link-in-sentence-kept", "Pages, Left out: never a link inside a sentence",
      FURNITURE, "        if _in_running_text(el):\n            continue", "        if _in_running_text(el):\n"
      "            pass"),
    M("page-listing-refused", "Pages: a home or section page (a column of teaser headlines) is no article",
      HTML, "(page.is_article is not True and listing and long_paragraphs < 3)", "False"),
    M("page-listing-story-of-its-own", "Pages: headline links in the sidebars do not make a story a listing",
      HTML, "(page.is_article is not True and listing and long_paragraphs < 3)",
      "(page.is_article is not True and listing)"),
    M("page-teasers-refused", "Pages: a page whose text is mostly teaser summaries is no article",
      HTML, "teaser_chars > 0.5 * sum(map(len, texts))", "False"),
    # --- round 3b: the pages revealed at the end of round three -------------------------------------------------
    M("page-layout-table", "Pages, Paragraphs: a layout table (cells holding paragraphs) is read cell by cell",
      HTML, 'if el.tag == "table" and is_layout_table(el):', "if False:"),
    M("page-photo-table-caption", "Pages, Captions: the cell under a photo's cell in a photo table",
      CAPTIONS, "for cell, img, table in cells_under_photos(tree):", "for cell, img, table in ():"),
    M("page-photo-story-is-story", "Pages, Captions: a story told only under its photos is the story, not captions",
      CAPTIONS, "story = photo_story_units(units)", "story = set()"),
    M("page-photo-story-running-text", "Pages, Captions: … only when the photos' box holds no running paragraph",
      CAPTIONS, "if len(members) >= _STORY_LINES and not _running_paragraphs(box, set(members)) and",
      "if len(members) >= _STORY_LINES and"),
    M("page-story-from-headline", "Pages, Paragraphs: text before the headline in the extracted story is dropped",
      STORY, 'return [b for b in blocks[:at] if b.kind in ("image", "caption")] + blocks[at + 1:]',
      "return blocks[:at] + blocks[at + 1:]"),
    M("page-sapo-search-words", "Pages, Lead: search keywords before the sapo or description are cut off",
      SAPO, "runs = without_search_words(without_related(runs))", "runs = without_related(runs)"),
    M("page-sapo-twin-search-words", "Pages, Lead: … also from the sapo extraction kept",
      HTML, "shown = [_text(without_search_words(b.runs)) for b in kept[:3]]", "shown = [b.text for b in kept[:3]]"),
    M("page-description-site-name", "Pages, Lead: the site's name after a description is cut off",
      META, 'info.description = without_site_name(info.description, [*tails, metas.get("og:site_name", "")])',
      "pass"),
    M("page-widget-lines", "Pages, Left out: rating widgets and archive calendars",
      FURNITURE, " or len(text) <= 80 and _WIDGET.match(text) or \\\n", " or \\\n"),
    M("page-credit-theo-person-from", "Pages, Author: Theo Sầm Hoa (Vietnamnet/Reuters) → the writer",
      PARTS, "if person_from and all(w[0].isupper() for w in person_from.group(1).split()):", "if False:"),
    # round 3b: the pages revealed at the end of round three
    M("page-sapo-hook", "Pages, Lead: … but not a description that is a teaser's hook (! or ?) the page does not show",
      META, "and not _hook(info.description, headline) \\\n", "\\\n"),
    M("page-date-story-list-item", "Pages, Date: … but a list item that holds the headline is the story's own box",
      DATELINES, 'story_boxes = set(headline.iterancestors("li")) if headline is not None else set()',
      "story_boxes = set()"),
    M("page-date-month-first", "Pages, Date: a page that writes its dates month first is read month first",
      DATELINES, "month_first = writes_month_first(tree)", "month_first = False"),
    M("page-date-published-line", "Pages, Date: a line that says it dates the publication (Published on …)",
      DATELINES, "_PUBLISHED = lazy_re.compile(r\"^\\W*(?:published|",
      "_PUBLISHED = lazy_re.compile(r\"^(?!)\\W*(?:published|"),
    M("page-date-htmldate-not-teasers", "Pages, Date: htmldate's day must be shown outside the teasers",
      DATES, 'shown = " ".join(" ".join(body.xpath(teasers)).split())',
      'shown = " ".join(body.text_content().split())'),
    M("page-caption-long-italic", "Pages, Captions: a caption set in italics of its own may be a short paragraph long",
      CAPTIONS, "if not 0 < len(text) <= (_ITALIC_CAPTION if italic else 250):", "if not 0 < len(text) <= 250:"),
    M("page-caption-photo-in-span", "Pages, Captions: a span around the photo alone is the photo's box",
      CAPTIONS, 'box.getparent().tag in ("a", "span")', 'box.getparent().tag in ("a",)'),
    M("page-caption-centred-running-text", "Pages, Captions: a centred line set as running text is no caption",
      CAPTIONS, "(centred and len(text) <= 160 and not set_as_text)", "(centred and len(text) <= 160)"),
    M("page-photo-story-span", "Pages, Captions: a photo story set in one span",
      CAPTIONS, 'for holder in tree.iter("p", "div", "span"):', 'for holder in tree.iter("p", "div"):'),
    M("page-furniture-most-read", "Pages, Left out: Tin xem nhiều nhất / Đọc nhiều nhất box titles",
      FURNITURE, "(?:tin |bài )?(?:xem|đọc) nhiều nhất|", ""),
    M("page-furniture-titled-box", "Pages, Left out: a box its title names as furniture, with its list of links",
      FURNITURE, "doomed.extend(_titled_box(el))", "pass"),
    M("page-furniture-titled-box-list", "Pages, Left out: … the list of links under the title goes with it",
      FURNITURE, "return [el, box] if linked else [el]", "return [el]"),
    M("page-teaser-stamp", "Pages, Left out: teasers ending in their time and day (08:00 | 20/12/2012)",
      FURNITURE, " or \\\n            _stamped_teasers(text):", ":"),
    M("page-teaser-unit-not-story", "Pages: a teaser reaches no further than one summary (never the story's box)",
      FURNITURE, "len(parent.text_content()) > 1000 or _running_paragraphs(parent) >= 2:",
      "len(parent.text_content()) > 1000:"),
    M("page-byline-initials", "Pages, Author: a signature of initials with its dot (H.V.) is a byline",
      STORY, "not INITIALS.match(text):  # a signature", "True:  # a signature"),
    M("page-credit-initials", "Pages, Author: initials keep their dots",
      PARTS, "if INITIALS.match(text.strip()):", "if False:"),
    M("page-credit-photo-after-name", "Pages, Author: a photo credit after the name is dropped (Tâm Giao Ảnh: …)",
      PARTS, '|"\n                                   r"\\s*[-–,/]?\\s+(?:ảnh|video|clip|đồ họa|đồ hoạ)\\s*:.*$"', '"'),
    M("page-byline-photo-credit", "Pages, Author: a photo credit closing the story stays under the byline",
      STORY, "credit = _photo_credit(kept)", "credit = None"),
    M("page-byline-marked-runs", "Pages, Author: a marked byline as extraction reads it (line breaks as spaces)",
      META, 'info.bylines.update((match_key(text), match_key("".join(r.text for r in element_runs(el)))))',
      "info.bylines.add(match_key(text))"),
    M("page-loose-lines-div", "Pages, Paragraphs: a <div> of running text set in lines (text<br>text) keeps its first",
      TEXT, 'return made + sum(_lines_made_paragraph(div) for div in list(tree.iter("div")))', "return made"),
    M("page-sapo-description-not-title", "Pages, Lead: … not a description that only repeats the headline",
      META, "and description_key not in info.titles and not excerpt:", "and not excerpt:"),
    M("page-caption-video-credit", "Pages, Captions: a video's credit (Video: …) marks a caption as a photo's does",
      CAPTIONS, "|Đồ họa|Đồ hoạ|Video|Clip)", "|Đồ họa|Đồ hoạ)"),
    M("page-caption-player-box", "Pages, Captions: a photo's box may hold blank elements (a player's icons) beside it",
      CAPTIONS, "and all(_blank(c) for c in box.getparent() if c is not box):", "and len(box.getparent()) == 1:"),
    M("page-caption-hidden-title", "Pages, Captions: text the page hides in a photo's box (a player's title) is none",
      CAPTIONS, "return el.tag in _PHOTOS or (_has_photo(el) and not _shown_text(el))",
      'return el.tag in _PHOTOS or (_has_photo(el) and not " ".join(el.text_content().split()))'),
    M("page-separator-line", "Pages, Left out: a line without a letter or a digit (| between buttons, -----)",
      FURNITURE, "if text.strip() and not any(c.isalnum() for c in text):", "if False:"),
    M("page-headline-once-after-photos", "Pages, Paragraphs: the headline kept after photos is not printed again",
      STORY, 'if b.kind in ("image", "caption")] + blocks[at + 1:]',
      'if b.kind in ("image", "caption")] + blocks[at:]'),
    M("page-teaser-not-story-box", "Pages, Left out: a link whose nearest block is the story's box is no teaser",
      FURNITURE, "        if len(holder.text_content()) > 1000 or _running_paragraphs(holder) >= 2:\n",
      "        if False:\n"),
    M("page-teaser-holder-story", "Pages, Left out: a link set alone in a short story's box is no teaser",
      FURNITURE, "if len(holder.text_content()) > 1000 or _running_paragraphs(holder) >= 2:",
      "if len(holder.text_content()) > 1000:"),
    M("page-teaser-run-after-story", "Pages, Left out: teasers extraction kept after the story are cut off",
      HTML, "without_teaser_run(before_footer(body_blocks(body, page, url)), teasers)",
      "before_footer(body_blocks(body, page, url))"),
    M("page-teaser-run-long", "Pages, Left out: a short line (a byline's name) is never taken for a teaser's text",
      FURNITURE, "return len(key) >= 20 and key in teasers", "return key in teasers"),
    M("page-description-excerpt", "Pages, Lead: a description cut from the page's opening text is no sapo",
      META, "and description_key not in info.titles and not excerpt:",
      "and description_key not in info.titles:"),
    M("page-description-excerpt-bold", "Pages, Lead: the text a cut description comes from, set apart in bold, is "
      "the sapo", SAPO, "    return True, bold\n", "    return True, None\n"),
    M("page-description-excerpt-whole", "Pages, Lead: a description written whole (no full stop) is no excerpt",
      SAPO, "if not marked and not (wholes and not description.rstrip().endswith(_WHOLE_END)):",
      "if False:"),
    M("page-headline-h2-without-h1", "Pages, Headline: with no h1 on the page, the h2 giving its stated title is the "
      "headline", META, "    if not shown_h1s:\n        # no h1 on the page",
      "    if False:\n        # no h1 on the page"),
    M("page-date-time-first", "Pages, Date: a line that is only a time and a date (14:08 05/04/2024) is a date line",
      DATELINES, '(?:\\d{1,2}\\s*[:h]\\s*\\d{2}(?:\\s*[AaPp][Mm])?[\\W_]{1,4})?"  # a time before it',
      '"  # a time before it'),
    M("page-date-time-beside", "Pages, Date: a day and its time set in two elements side by side are read together",
      DATELINES, 'if not day or "T" in day or box is None:', "if True:"),
    M("page-author-box-first-line", "Pages, Author: an author's box holding more than the name gives its first line",
      META, "text = text if looks_like_name(text) else _first_line(el)", "text = text"),
    M("page-author-box-one-profile", "Pages, Author: … not when the box links to several authors' profiles",
      META, 'if len({a.get("href") for a in box.iter("a")', 'if 0 * len({a.get("href") for a in box.iter("a")'),
    M("page-byline-bold-line", "Pages, Author: a short paragraph wholly in bold tags that is only names is a byline "
      "candidate", META, "    info.bylines.update(match_key(text) for text in bold_lines(tree))\n", ""),
    M("page-byline-bold-line-names", "Pages, Author: … only names, every word capitalised (not a bold sub-heading)",
      BYLINES, "len(words) <= 8 and all(w[0].isupper() for w in words) and", "len(words) <= 8 and"),
    M("page-box-after-byline", "Pages, Left out: a titled box after the story's byline goes",
      STORY, "box = _box_after_byline(kept, info)", "box = None"),
    M("page-key-invisible", "Pages, Captions: texts that differ only by invisible characters (a BOM pasted before a "
      "caption) are the same text", RUNS, "text.translate(_INVISIBLE).split()", "text.split()"),
    M("page-caption-row", "Pages, Captions: a paragraph made only of photos' captions one after another is those "
      "captions", HTML, "elif row := _caption_row(key, info.captions):", "elif False:"),
    M("page-figure-credit", "Pages, Left out: a short line in a figure beside its marked caption is the photo's credit",
      FURNITURE, "            doomed.extend(photo_credits(el))", "            doomed.extend([])"),
    M("page-figure-credit-photo-only", "Pages, Left out: … only in a figure that holds a photo (a pull quote's is "
      "story)", FURNITURE, '    if figure.find(".//img") is None and',
      '    if False and figure.find(".//img") is None and'),
    M("page-figure-credit-not-quote", "Pages, Left out: … never a quote, table or list inside the figure",
      FURNITURE, "or a.tag in _TEXT_HOLDERS for a in inside", "for a in inside"),
    M("page-gallery-beside-story", "Pages, Captions: photos beside a story told in running text are its gallery, not "
      "a photo story", CAPTIONS, "and not _story_beside(box):", ":"),
    M("page-related-line", "Pages, Left out: a related story's `>>` link on a line of its own after the story's "
      "text in its paragraph goes, the lines after it close the story", HTML, "    related_lines(tree)\n", ""),
    M("page-loose-runs-photo-boxes", "Pages, Paragraphs: runs set loose around photo boxes of their own are "
      "paragraphs", PARTS, 'if boxes and (holder.tag == "p" or not all(_photo_box(c) for c in boxes)):',
      "if boxes:"),
    M("page-sapo-closes-paragraph", "Pages, Lead: a description that also closes a first paragraph after a "
      "sentence of its own is still the sapo", HTML, " and not _closes(b.text, lead.text) for b in kept[:3]",
      " for b in kept[:3]"),
    M("page-gallery-loose-runs", "Pages, Captions: … a loose text's runs between <br><br> count one by one",
      CAPTIONS, "count += max(0, sum(n >= _RUNNING for n in _break_runs(el)) - 1)", "count += 0"),
    M("page-date-utc-time-element", "Pages, Date: a <time datetime> in UTC is read in Vietnam time",
      DATELINES, 'found = in_vietnam_time(iso_date(el.get("datetime") or ""))',
      'found = iso_date(el.get("datetime") or "")'),
    M("page-description-first-paragraph", "Pages, Lead: a description that copies the story's first paragraph "
      "(a <p> like the ones after it) is no sapo", META,
      'and not copies_first_paragraph(info.description, next(tree.iter("body"), None))', "and True"),
    M("page-author-profile-link", "Pages, Author: an author's box saying more than the name gives its profile link's "
      "name", META, "text = _linked_name(el, text) or text", "text = text"),
    M("page-styled-bold", "Pages, Lead: bold set by an inline style (font-weight) is bold",
      HTML, "    styled_bold(tree)\n", ""),
    M("page-class-bold", "Pages, Paragraphs: bold set by a class (<span class=\"bold\">) is bold: a short line so "
      "set is a sub-heading", PARTS, "or BOLD_CLASSES.intersection(", "or frozenset().intersection("),
    M("page-bold-opening-past-subheadings", "Pages, Lead: … the story after it may open with sub-headings",
      HTML, 'islice((b for b in blocks[1:] if b.kind != "heading"), 3)', "blocks[1:4]"),
    M("page-byline-bracketed-credit", "Pages, Author: a credit line in brackets under the byline stays with it",
      STORY, "    if _BRACKETED_CREDIT.match(text):\n        return True", "    if False:\n        return True"),
    M("page-byline-bold-name-over-credit", "Pages, Author: … and the name over it, set in bold (read as a "
      "sub-heading), is the byline", STORY, 'blocks[at - 1].kind in ("paragraph", "heading")',
      'blocks[at - 1].kind in ("paragraph",)'),
    M("page-furniture-read-more", "Pages, Left out: Mời đọc thêm: titles a box of links",
      FURNITURE, 'r"mời (?:bạn )?(?:đọc|xem) (?:thêm|tiếp)|"', 'r""'),
    M("page-footer-ends-story", "Pages, Left out: the page's footer ends the story (a second copy's boxes after it)",
      FURNITURE, "_FOOTER.match(block.text) and all(", "False and all("),
    M("page-author-camel-class", "Pages, Author: a CamelCase class ending in Author marks the author",
      PARTS, "any(_CAMEL_AUTHOR_CLASS.match(c) for c", "False and any(_CAMEL_AUTHOR_CLASS.match(c) for c"),
    M("page-description-stray-space", "Pages, Lead: a description's space before punctuation is dropped",
      SAPO, 'return _STRAY_SPACE.sub("", text)', "return text"),
    M("page-author-mail-class", "Pages, Author: the byline line that links to the author's mail (author_mail)",
      PARTS, "|author[-_]?e?mail|", "|"),
    M("page-headline-shared-title", "Pages, Headline: the <h1> that og:title repeats beats a search headline",
      META, "info.title = next((h for h in h1s if match_key(h) in shared), info.title)", "pass"),
    M("page-description-whole", "Pages, Lead: a description cut short yields to another giving it whole",
      SAPO, 'if first.endswith(("...", "…")):', "if False:"),
    M("page-byline-right-not-margin", "Pages, Author: right-aligned by text-align or float, not by a right margin",
      META, '(_RIGHT_ALIGNED.search(el.get("style") or "")', '("right" in (el.get("style") or "")'),
    M("page-caption-not-in-furniture", "Pages, Captions: a caption class on a box named furniture (a tooltip) is none",
      META, "and el.find(\".//img\") is None)) and not marked_furniture(el):", "and el.find(\".//img\") is None)):"),
    M("page-furniture-tooltip", "Pages, Left out: tooltips (not popups: photos open in lightboxes called so)",
      PARTS, "|older-?news|tooltip", "|older-?news"),
    M("page-sapo-key-points", "Pages, Lead: else the story's key points set before it, a dash opening each",
      HTML, 'kept[0].kind == "paragraph" and key_points(kept[0].text):', 'False:'),
    M("page-caption-place-key", "Pages, Captions: a marked caption's place is keyed as the caption (breaks as spaces)",
      META, 'key = match_key("".join(r.text for r in runs))\n            if key not in info.caption_places:',
      "key = match_key(el.text_content())\n            if key not in info.caption_places:"),
    M("page-caption-lines-apart", "Pages, Captions: a marked caption's block children stand apart (its credit line)",
      META, "runs = element_runs(lines_apart(el), url)", "runs = element_runs(el, url)"),
    M("page-photo-buttons", "Pages, Left out: share and print buttons' pictures are no photos",
      PHOTOS, "if not src or _BUTTON.match(", "if not src or False and _BUTTON.match("),
]


def check(root: Path = ROOT) -> List[str]:
    """Problems with the table: a change that no longer applies exactly once, or a repeated id."""
    problems = []
    ids = [m.id for m in MUTATIONS]
    problems += [f"{i}: id repeated" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for m in MUTATIONS:
        count = (root / m.path).read_text(encoding="utf-8").count(m.find)
        if count != 1:
            problems.append(f"{m.id}: the change applies {count} times to {m.path}, not once")
    return problems


def _copy(root: Path, into: Path) -> Path:
    """A copy of the checkout's tracked and new files (the corpus beside it linked), to mutate freely."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=root, check=True,
                           capture_output=True, text=True).stdout.split("\n")
    copy = into / "checkout"
    for name in filter(None, files):
        source = root / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    shared = root.parent / "shared"
    if shared.exists():
        (into / "shared").symlink_to(shared.resolve())
    return copy


def _failing(copy: Path, tests: Sequence[str], every: bool = True, skip: Sequence[str] = ()) -> List[str]:
    env = dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider", "--no-header",
                           *([] if every else ["-x"]), *(f"--deselect={s}" for s in skip), *tests], cwd=copy,
                          env=env, capture_output=True, text=True)
    return sorted(set(re.findall(r"^FAILED (\S+)", done.stdout, re.M)))


def _caught(copy: Path, tests: Sequence[str], every: bool, unsound: List[str]) -> List[str]:
    """The tests that fail with the mutation applied, less any that also fail without it (a test that fails
    for another reason, under load or by the state of the machine, catches nothing): such a test is checked
    on the unmutated copy, left out, and the run repeated."""
    while True:
        failing = _failing(copy, tests, every, unsound)
        if not failing:
            return []
        with _unmutated(copy):
            also = [t for t in failing if _failing(copy, [t])]
        if not also:
            return failing
        unsound.extend(also)
        print(f"  left out, failing without the mutation too: {', '.join(also)}", file=sys.stderr, flush=True)


_ORIGINALS: Dict[Path, str] = {}


@contextlib.contextmanager
def _unmutated(copy: Path) -> Iterator[None]:
    """The copy as checked out, for the time of the block."""
    mutated = {path: path.read_text(encoding="utf-8") for path in _ORIGINALS}
    for path, text in _ORIGINALS.items():
        path.write_text(text, encoding="utf-8")
    try:
        yield
    finally:
        for path, text in mutated.items():
            path.write_text(text, encoding="utf-8")


def run(mutations: Sequence[Mutation], tests: Sequence[str] = READING_TESTS, every: bool = False
        ) -> Dict[str, List[str]]:
    caught: Dict[str, List[str]] = {}
    unsound: List[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = _copy(ROOT, Path(tmp))
        baseline = _failing(copy, tests)
        if baseline:
            raise SystemExit(f"the reading tests fail before any mutation: {baseline}")
        for m in mutations:
            path = copy / m.path
            original = _ORIGINALS.setdefault(path, path.read_text(encoding="utf-8"))
            path.write_text(original.replace(m.find, m.replace, 1), encoding="utf-8")
            try:
                caught[m.id] = _caught(copy, tests, every, unsound)
            finally:
                path.write_text(original, encoding="utf-8")
            print(f"{m.id}: {len(caught[m.id])} failing", file=sys.stderr, flush=True)
    return caught


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=[], metavar="ID")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--all", action="store_true", help="every test that catches a rule, not the first")
    args = parser.parse_args(argv)
    problems = check()
    if problems:
        print("\n".join(problems))
        return 2
    chosen = [m for m in MUTATIONS if not args.only or m.id in args.only]
    if args.list:
        for m in chosen:
            print(f"{m.id:34} {m.rule}")
        return 0
    caught = run(chosen, every=args.all)
    print("| rule | switched off | caught by |\n| --- | --- | --- |")
    for m in chosen:
        tests = caught[m.id]
        shown = ", ".join(t.split("::")[-1] for t in tests[:3]) + (f" (+{len(tests) - 3})" if len(tests) > 3 else "")
        print(f"| {m.rule} | `{m.id}` | {shown or '**NOT CAUGHT**'} |")
    missed = [m.id for m in chosen if not caught[m.id]]
    print(f"\n{len(chosen) - len(missed)} of {len(chosen)} rules caught" + (f"; not caught: {', '.join(missed)}"
                                                                        if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
