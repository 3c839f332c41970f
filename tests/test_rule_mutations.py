"""The mutation table of tests/rule_mutations.py stays true to the code and the docs: each rule's switch still
applies, once, and each rule belongs to a part of docs/structure.md, so that the report the script prints (every
structure rule with the test that fails when the rule is switched off) can be trusted."""
from __future__ import annotations

import re

from conftest import docs_page
from rule_mutations import MUTATIONS, check

#: How the table names the parts of docs/structure.md.
PARTS = {"Plain text": "Plain text", "Word": "Word files", "Pages": "News pages"}


def test_every_mutation_still_applies_once():
    assert check() == []


def test_every_rule_is_one_of_the_documented_parts():
    headings = set(re.findall(r"^## (.+)$", docs_page("structure.md"), re.M))
    assert set(PARTS.values()) <= headings
    assert [m.id for m in MUTATIONS if re.split(r"[,:]", m.rule)[0] not in PARTS] == []
    assert {re.split(r"[,:]", m.rule)[0] for m in MUTATIONS} == set(PARTS)  # every part has its rules here
