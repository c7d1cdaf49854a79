"""One decision for a manner of judgement (analysis/frame/manner.py), read by the frame (an
action whose only content is its manner is vague) and by the measure (a deliverable done in
such a manner is not a yes/no test). Every sentence is invented for this file."""

from __future__ import annotations

import pytest

from coach.analysis import measure_evidence
from coach.analysis.frame import judging, manner

FLAGGED = ("missing", "partly")


def test_the_frame_and_the_measure_ask_the_same_function():
    assert judging.judged_manner is manner.judged_manner
    assert measure_evidence.judged_manner is manner.judged_manner


@pytest.mark.parametrize(
    ("sentence", "adverb", "kind"),
    [
        ("Answer the phone properly.", "properly", manner.OPINION),
        ("Reply to tenants more quickly.", "quickly", manner.DEGREE),
        ("Reply to tenants faster.", "faster", manner.DEGREE),
        ("Reply to tenants promptly.", "promptly", manner.DEGREE),
        ("Work well with the night team.", "well", manner.OPINION),
        ("Work collaboratively on the stock take.", "collaboratively", manner.OPINION),
        ("Deal with complaints tactfully.", "tactfully", manner.OPINION),
        ("Greet patients politely.", "politely", manner.OPINION),
        ("Successfully complete the forklift licence.", "Successfully", None),
        ("Submit the rota later than usual.", "later", None),
        ("Previously agreed actions are closed.", "Previously", None),
    ],
)
def test_which_adverbs_are_manners_of_judgement(engine, sentence, adverb, kind):
    doc = engine.parse(sentence)[0]
    token = next(t for t in doc if t.text == adverb)
    assert manner.judged_manner(token, engine.lexicon) == kind


@pytest.mark.parametrize(
    "text",
    [
        "The nurse must be able to work well under pressure.",
        "Work collaboratively on the stock take.",
        "Behave more professionally with visitors.",
    ],
)
def test_an_action_whose_only_content_is_a_manner_is_not_specific(engine, text):
    assert engine.analyze(text).criteria["specific"] == "missing"


@pytest.mark.parametrize(
    "text",
    [
        "Carefully count the controlled drugs with a second nurse.",
        "Proactively call each overdue account holder.",
        "Reply to tenants' repair requests promptly.",
    ],
)
def test_a_manner_on_an_action_done_to_a_thing_leaves_it_specific(engine, text):
    assert engine.analyze(text).criteria["specific"] not in FLAGGED
