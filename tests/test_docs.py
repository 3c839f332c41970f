"""README.md is a front page and the manual lives in docs/: the first screen holds what a newcomer needs, every
link and picture it names exists, and every page of the manual is in the site's navigation."""
from __future__ import annotations

import re

import yaml
from conftest import DOCS, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _slug(heading: str) -> str:
    """The anchor MkDocs and GitHub give a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*_\[\]()]", "", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return re.sub(r"\s+", "-", text)


def _anchors(page: str) -> set:
    return {_slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", page, re.MULTILINE)}


def test_readme_is_a_front_page():
    lines = README.splitlines()
    assert len(lines) < 200, f"README.md has {len(lines)} lines: move manual text to docs/"
    first = "\n".join(lines[:60])
    assert re.search(r"^\*\*vnbrief turns Vietnamese news articles .*into\s", first, re.M | re.S)
    assert re.search(r'<img src="docs/images/[\w-]+\.png"|!\[[^\]]+\]\(docs/images/', first)
    # the two set-up commands: install and render the example; install the test dependencies and run the tests
    assert re.search(r"pip install \. && vnbrief render examples/article\.txt", first)
    block = re.search(r"<!-- test-command -->\n```bash\n(.+)\n```\n<!-- /test-command -->", first)
    assert block and "pip install '.[test]'" in block.group(1) and block.group(1).endswith("pytest -q")


def test_readme_links_and_pictures_exist():
    targets = re.findall(r'\]\(((?:docs|examples)/[^)\s]+)\)|(?:src|href)="((?:docs|examples)/[^"]+)"', README)
    targets = [a or b for a, b in targets]
    assert len(targets) > 15
    for target in targets:
        path, _, anchor = target.partition("#")
        assert (ROOT / path).exists(), target
        if anchor:
            assert anchor in _anchors((ROOT / path).read_text(encoding="utf-8")), target
    for name in ("brief.png", "bilingual.png", "digest-cover.png"):
        assert f"docs/images/{name}" in README
        assert (DOCS / "images" / name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def _nav_pages(items) -> list:
    pages = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        pages.extend(_nav_pages(value) if isinstance(value, list) else [value])
    return pages


def test_every_page_of_the_manual_is_in_the_navigation():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = _nav_pages(config["nav"])
    pages = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))
    assert sorted(nav) == pages
    assert config["theme"]["name"] == "material" and config["strict"] is True
    for page in pages:
        text = (DOCS / page).read_text(encoding="utf-8")
        assert text.startswith("# "), f"docs/{page} does not open with its title"
        assert "\\|" not in text, f"docs/{page}: a pipe escaped in a table shows its backslash on the site"
        assert "README" not in re.sub(r"`[^`]*README[^`]*`|READMEs|README\.md", "", text), \
            f"docs/{page} points to a README section: link the docs page instead"


def test_ci_builds_the_manual_strictly():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^[^#\n]*mkdocs build --strict", script, re.M)
