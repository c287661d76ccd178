"""Texts of experts and requirements of assignments."""

from __future__ import annotations

from matcher.texts import expert_texts, requirements, split_sentences
from tests.matcher.conftest import build_assignment, build_expert


def test_split_sentences_keeps_abbreviations() -> None:
    text = "I worked in the U.S. Army for years. Dr. Sall and I rebuilt the register, e.g. Dakar."
    assert split_sentences(text) == [
        "I worked in the U.S. Army for years.",
        "Dr. Sall and I rebuilt the register, e.g. Dakar.",
    ]


def test_expert_texts_name_their_sources() -> None:
    texts = expert_texts(build_expert())
    sources = [t.source for t in texts]
    assert sources[0] == "headline"
    assert sources.count("summary") == 2
    assert sources.count("skill") == 2
    assert sources[-1] == "experience: Finance Director, City of Tacoma (2015-03 to now)"
    assert texts[-1].text.startswith("Finance Director, City of Tacoma. Runs budgeting")


def test_requirements_fall_back_to_the_description() -> None:
    kinds = [r.kind for r in requirements(build_assignment())]
    assert kinds == ["required", "required", "preferred"]
    bare = build_assignment(required_skills=(), preferred_skills=())
    (only,) = requirements(bare)
    assert only.kind == "description"
    assert bare.description in only.text
