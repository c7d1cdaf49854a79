"""The specific verdict on the kinds of vague goal the frame used to pass, and on the concrete
look-alikes it used to flag (the vague round of 2026-12-02). Every sentence is invented for
this file, none taken from the labelled files or from tests/data/analyser-fresh-vague.jsonl.

A state of a named thing that only an opinion can judge ("keep the stockroom tidy") is not
specific: the eval README asks for a concrete outcome, and "tidy" says no more than "up to date"
does in "Keep the wiki up to date" (vague-quality's own flag example); a state anyone can check
by looking ("clear of pallets", "locked", "stocked") is one.
"""

from __future__ import annotations

import pytest

# The rules' own reading of structure, pinned here; the learned second opinion that weighs
# the verdicts afterwards is tested in test_second_opinion.py.
RULES_ONLY = True

FLAGGED = ("missing", "partly")


def specific(engine, text: str) -> bool:
    return engine.analyze(text).criteria["specific"] not in FLAGGED


@pytest.mark.parametrize(
    "text",
    [
        # a state or a standard only an opinion can judge
        "Keep the sluice room tidy.",
        "Make sure the reception desk is neat.",
        "Keep the parts bins well organised.",
        "Leave the training room in good order.",
        "Paint the skirting boards to a better finish.",
        # a manner, or how people should feel, as the only content
        "Cope well with a busy ward.",
        "Talk to tenants with greater patience.",
        "Look after patients with more kindness.",
        # figures of speech for effort
        "Pick up the slack on Saturdays.",
        "Raise your game with the new accounts.",
        "Stay on the ball with the returns.",
        # possessive or generic work that names nothing in particular
        "Get on with her own jobs without prompting.",
        "Keep up with his caseload.",
    ],
)
def test_vague_goals_are_not_specific(engine, text):
    assert not specific(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        # a state anyone can check
        "Keep the loading bay doors locked after 6 pm.",
        "Keep the first-aid box stocked on every floor.",
        "Keep the walkway by the presses clear of offcuts.",
        # a linking verb with its own preposition, and a thing got done
        "Look after the school minibus log.",
        "Get the boiler serviced before October.",
        # a change verb done to each of a set is no quantity to move
        "Raise each damaged delivery with the carrier on the day.",
        # a plain adjective on a course or an event names its kind
        "Attend a professional standards workshop for new managers.",
        # a credential someone holds or not
        "Become a registered mental health nurse by September.",
        # the parser's misreadings: a plural read as a verb, an object read as an appositive
        "Provide weekly reports to the practice manager.",
        "Greet every visitor with the site safety briefing.",
    ],
)
def test_concrete_look_alikes_stay_specific(engine, text):
    assert specific(engine, text)
