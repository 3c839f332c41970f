"""The review page's words, in Vietnamese and English (``?lang=vi`` / ``?lang=en``; by default the browser's
first language if it is Vietnamese, else English)."""
from __future__ import annotations

from typing import Dict

from ..render.layout import FLAG_LABELS

__all__ = ["WORDS", "FLAG_WORDS", "LANGUAGES", "choose_language"]

LANGUAGES = ("vi", "en")

#: (Read in the templates as ``w.<word>``: no word may be named like a method of ``dict``, such as ``keys``.)
WORDS: Dict[str, Dict[str, str]] = {
    "en": {
        "title": "Review", "articles": "Articles", "all": "All", "flagged": "Flagged", "open": "Not approved",
        "edited": "Edited", "approved": "Approved", "machine": "Machine", "save": "Save", "render": "Render briefs",
        "saved": "Saved to {path}.", "rendered": "Written: {paths}.", "unsaved": "Unsaved changes",
        "approve": "Approve", "reopen": "Re-open", "revert": "Machine text", "source": "Vietnamese",
        "target": "English", "state": "State", "checks": "Checks", "glossary": "Glossary and names",
        "reviewer": "Reviewer", "language": "Tiếng Việt", "other_lang": "vi", "shortcuts": "Keys",
        "shortcuts_help": "j/k or ↓/↑ move · e or Enter edit · Esc leave the text (kept) · Ctrl+Enter keep the text · "
                     "a approve · r re-open · f flagged · u not approved · Ctrl+S save",
        "conflict": "Not done: {message}", "reload": "Reload", "reload_file": "Reload from the file",
        "segments": "{all} segments: {machine} machine, {edited} edited, {approved} approved, {flagged} flagged",
        "empty": "No segment to show with this filter.", "error": "Error: {message}", "by": "by {who}",
        "working": "Working…", "none": "—",
    },
    "vi": {
        "title": "Duyệt bản dịch", "articles": "Bài", "all": "Tất cả", "flagged": "Bị gắn cờ",
        "open": "Chưa duyệt", "edited": "Đã sửa", "approved": "Đã duyệt", "machine": "Máy dịch", "save": "Lưu",
        "render": "Xuất bản tin", "saved": "Đã lưu vào {path}.", "rendered": "Đã ghi: {paths}.",
        "unsaved": "Có thay đổi chưa lưu", "approve": "Duyệt", "reopen": "Mở lại", "revert": "Bản máy dịch",
        "source": "Tiếng Việt", "target": "Tiếng Anh", "state": "Trạng thái", "checks": "Kiểm tra",
        "glossary": "Thuật ngữ và tên riêng", "reviewer": "Người duyệt", "language": "English",
        "other_lang": "en", "shortcuts": "Phím tắt",
        "shortcuts_help": "j/k hoặc ↓/↑ chuyển đoạn · e hoặc Enter sửa · Esc rời ô (giữ bản sửa) · Ctrl+Enter giữ bản "
                     "sửa · a duyệt · r mở lại · f đoạn bị gắn cờ · u đoạn chưa duyệt · Ctrl+S lưu",
        "conflict": "Chưa thực hiện: {message}", "reload": "Tải lại", "reload_file": "Đọc lại từ tệp",
        "segments": "{all} đoạn: {machine} máy dịch, {edited} đã sửa, {approved} đã duyệt, {flagged} bị gắn cờ",
        "empty": "Không có đoạn nào theo bộ lọc này.", "error": "Lỗi: {message}", "by": "bởi {who}",
        "working": "Đang xử lý…", "none": "—",
    },
}

#: What each flag of the checks (exporter.translate.checks.CHECKS) means, for the page (in English, as the briefs
#: say it).
FLAG_WORDS: Dict[str, Dict[str, str]] = {
    "en": FLAG_LABELS,  # the words the briefs use
    "vi": {"withheld": "giữ nguyên tiếng Việt: bản dịch của mô hình không qua kiểm tra", "number": "thiếu con số",
           "vnform": "số hoặc ngày viết kiểu Việt", "date": "thiếu ngày",
           "glossary": "thiếu thuật ngữ", "name": "thiếu hoặc sai tên riêng", "untranslated": "chưa dịch",
           "length": "độ dài bất thường", "form": "mất dạng câu hỏi hoặc câu cảm thán",
           "duplicate": "trùng bản dịch với đoạn khác", "misplaced": "thuộc về đoạn khác"},
}


def choose_language(asked: str, accept: str) -> str:
    """``asked`` when it is one of :data:`LANGUAGES`; else Vietnamese when the browser's first language is, else
    English."""
    if asked in LANGUAGES:
        return asked
    first = (accept or "").split(",")[0].strip().lower()
    return "vi" if first.startswith("vi") else "en"
