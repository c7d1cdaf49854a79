"""The analyser holds its judgement when a goal is said another way.

Every sentence here was written for this suite (none is copied from the labelled dev files):
paraphrases that must agree, list markers, notes in brackets, context sentences, typos,
currencies, structured goals, placeholders and other languages.
"""

from __future__ import annotations

import pytest

from coach.analysis import GoalTextError, NotEnglishError

CORE = ("specific", "measurable", "time_bound")


def verdicts(engine, text: str) -> dict[str, bool]:
    """Criterion -> flagged (missing or partly), for the three the labels judge most."""
    analysis = engine.analyze(text)
    return {criterion: analysis.flagged(criterion) for criterion in CORE}


PARAPHRASES = [
    # the same goal said as an imperative, a "will" sentence, a goal statement and a list item
    (
        "Answer every customer email within 24 hours.",
        "The employee will answer every customer email within 24 hours.",
        "My goal is to answer every customer email within 24 hours.",
        "3) Answer every customer email within 24 hours.",
    ),
    (
        "Improve communication with the team.",
        "You will improve communication with the team.",
        "My goal is to improve communication with the team.",
        "- Improve communication with the team.",
    ),
    (
        "Complete the forklift safety course by 30 June.",
        "The associate will complete the forklift safety course by 30 June.",
        "Goal 2: Complete the forklift safety course by 30 June.",
        "b) complete the forklift safety course by 30 June",
    ),
    (
        "Be more proactive.",
        "You need to be more proactive.",
        "Employee is expected to be more proactive.",
        "• Be more proactive.",
    ),
    (
        "Reduce picking errors from 12 to 4 a week by the end of March.",
        "Picking errors will be reduced from 12 to 4 a week by the end of March.",
        "A reduction in picking errors from 12 to 4 a week by the end of March.",
        "1. Reduce picking errors from 12 to 4 a week by the end of March.",
    ),
]


@pytest.mark.parametrize("sayings", PARAPHRASES, ids=lambda s: s[0][:30])
def test_paraphrases_get_the_same_verdicts(engine, sayings):
    first = verdicts(engine, sayings[0])
    for other in sayings[1:]:
        assert verdicts(engine, other) == first, other


@pytest.mark.parametrize(
    "goal",
    [
        "1. Improve communication.",
        "2) Improve communication.",
        "(3) Improve communication.",
        "a) Improve communication.",
        "Goal 4: Improve communication.",
        "• Improve communication.",
        "KR1: Improve communication.",
        "- [ ] Improve communication.",
        "**Goal:** Improve communication.",
        "#2 Improve communication.",
    ],
)
def test_a_list_number_is_never_the_goals_measure(engine, goal):
    analysis = engine.analyze(goal)
    assert analysis.flagged("measurable") and analysis.flagged("specific")
    marker_end = goal.index("mprove") - 1
    assert all(finding.start >= marker_end for finding in analysis.findings), goal


def test_a_number_in_a_note_does_not_measure_the_goal(engine):
    noted = engine.analyze("Reduce returns to the warehouse (currently 14 a week).")
    measured = engine.analyze("Reduce returns to the warehouse from 14 to 6 a week.")
    assert noted.flagged("measurable") and not measured.flagged("measurable")


def test_a_purpose_clause_does_not_make_a_concrete_action_vague(engine):
    analysis = engine.analyze(
        "Shadow a senior agent for two shifts to understand how to improve call handling."
    )
    assert analysis.criteria["specific"] == "met"


def test_a_concrete_purpose_does_not_make_a_vague_action_specific(engine):
    analysis = engine.analyze("Improve your skills so that you can close 10 deals a month.")
    assert analysis.flagged("specific")


def test_the_why_of_a_structured_goal_is_not_judged(engine):
    analysis = engine.analyze(
        "(What) Publish the returns checklist for the night shift "
        "(Why) to improve understanding of the process "
        "(Measure) checklist published and used by 10 pickers by 15 May"
    )
    assert {c: analysis.criteria[c] for c in CORE} == dict.fromkeys(CORE, "met")


@pytest.mark.parametrize(
    ("typo", "right"),
    [
        ("Imporve communication with the team.", "Improve communication with the team."),
        ("Devlop your leadership skills.", "Develop your leadership skills."),
        ("Be more proactvie in meetings.", "Be more proactive in meetings."),
        ("Communicate beter with the design team.", "Communicate better with the design team."),
        ("Write beter code.", "Write better code."),
        ("Submit the audit pack by Septmber 30.", "Submit the audit pack by September 30."),
    ],
)
def test_a_typo_never_turns_a_flag_off(engine, typo, right):
    assert verdicts(engine, typo) == verdicts(engine, right)


@pytest.mark.parametrize(
    "goal",
    [
        "Grow annual recurring revenue from $2M to $2.6M by 31 December.",
        "Cut agency spend from £40k to £30k a quarter by the end of Q3.",
        "Lower the travel budget from CHF 12,000 to CHF 10,000 by 30 September.",
        "Raise monthly add-on sales from €500 to €800 by 31 July.",
    ],
)
def test_currency_amounts_are_a_baseline_and_a_target(engine, goal):
    analysis = engine.analyze(goal)
    assert analysis.extracted.baseline and analysis.extracted.target, goal
    assert not analysis.flagged("measurable")


def test_a_date_range_is_a_period_not_a_change(engine):
    analysis = engine.analyze("Cover the front desk from 3 May to 28 June.")
    assert analysis.extracted.baseline is None


def test_a_one_to_one_is_a_meeting_not_a_number(engine):
    assert engine.analyze("Hold one-to-ones with the new starters.").extracted.quantity is None
    assert engine.analyze("Hold a 1:1 with each new starter.").extracted.quantity is None


def test_a_placeholder_never_silences_a_vague_word(engine):
    analysis = engine.analyze("Learn more about [topic].")
    assert analysis.flagged("specific")
    assert any(f.rule == "wording.placeholder" for f in analysis.findings)


def test_a_placeholder_in_a_number_slot_stands_for_its_number(engine):
    analysis = engine.analyze("Book [20] qualified demos with new accounts by 30 June.")
    assert not analysis.flagged("measurable")
    assert any(f.rule == "wording.placeholder" for f in analysis.findings)


@pytest.mark.parametrize("goal", ["[goal]", "TBD", "___", "<target>"])
def test_a_goal_that_is_only_a_placeholder_is_not_ready(engine, goal):
    analysis = engine.analyze(goal)
    assert not analysis.ready
    assert analysis.flagged("specific")


@pytest.mark.parametrize(
    "goal",
    [
        "Améliorer la communication avec l'équipe avant la fin du trimestre.",
        "Reducir los errores de facturación en un 20% antes de junio.",
        "Die Fehlerquote bis Ende Juni um die Hälfte senken.",
    ],
)
def test_goals_in_other_languages_are_refused_not_judged(engine, goal):
    with pytest.raises(NotEnglishError, match="PIP Coach reads English goals only"):
        engine.analyze(goal)


@pytest.mark.parametrize(
    "goal",
    [
        "Ship the v2.3 release of the Kanban board to the QA team by Friday.",
        "Close 12 tickets in Jira per sprint.",
        "Complete the à la carte menu costing for the café by 30 June.",
        "Reduce [metric] from XX% to XX% by [date].",
    ],
)
def test_english_with_jargon_names_or_placeholders_is_judged(engine, goal):
    try:
        engine.analyze(goal)
    except GoalTextError as error:  # pragma: no cover - the assertion below explains
        pytest.fail(f"refused: {error}")


def test_personal_words_about_work_are_not_about_the_person(engine):
    about_work = engine.analyze("Cut complaints about rude replies from 6 to 1 a month by June.")
    about_person = engine.analyze("Stop being rude to the front-desk staff.")
    assert not about_work.findings_for("fairness")
    assert about_person.findings_for("fairness")


def test_a_ward_metric_is_not_a_health_reference(engine):
    analysis = engine.analyze("Reduce medication errors on Ward 4 from 6 to 2 a month by June.")
    assert not analysis.findings_for("fairness")


def test_numbers_and_dates_of_a_context_sentence_do_not_count_for_the_goal(engine):
    analysis = engine.analyze("Sales fell 20% last quarter. Improve sales.")
    assert analysis.flagged("measurable") and analysis.flagged("time_bound")
    assert analysis.flagged("specific")


def test_a_goal_after_a_context_sentence_is_judged_on_its_own_words(engine):
    analysis = engine.analyze("Our abandonment rate is 12%. Bring it down to 5% by 30 June.")
    assert analysis.extracted.quantity == "5%"
    assert not analysis.flagged("measurable") and not analysis.flagged("time_bound")


def test_the_action_after_volunteer_to_is_the_goals_action(engine):
    analysis = engine.analyze("Volunteer to lead 2 team retrospectives by 30 May.")
    assert {c: analysis.criteria[c] for c in CORE} == dict.fromkeys(CORE, "met")


def test_make_sure_looks_through_to_what_is_made_sure_of(engine):
    analysis = engine.analyze("Make sure every delivery is checked against the manifest.")
    assert analysis.criteria["specific"] == "met"


def test_a_role_model_is_a_trait_and_a_president_of_something_a_position(engine):
    assert engine.analyze("Be a role model for the junior staff.").flagged("specific")
    assert not engine.analyze("Be president of the regional nursing association.").flagged(
        "specific"
    )


def test_a_decimal_at_the_start_is_a_number_not_a_list_marker(engine):
    analysis = engine.analyze("1.5 hours of coaching a week for the new leads.")
    assert analysis.extracted.quantity is not None
