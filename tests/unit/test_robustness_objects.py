"""Objects made concrete by what completes them: a topic after a generic noun, a list of
behaviours that spells out a vague action.

Every sentence here was invented for this suite (none is copied from the labelled dev files).
Each expected verdict was decided by the labelling rules of the eval README before the
analyser was run on it:
- specific: a concrete action, behaviour or outcome; "improve / develop / show X" with nothing
  concrete is not specific;
- measurable: a quantity, a count, or an observable yes/no deliverable or behaviour
  (completing a named course is one); a subjective test or an open-ended activity is not.

A course, class, workshop, module, session or book named by its subject ("a course in
spreadsheet formulas", "a course in leadership skills") is as named as one named by a
compound ("a leadership course"): completing it is a yes/no deliverable. Learning "more about"
a subject stays vague.
"""

from __future__ import annotations

import pytest

# The rules' own reading of structure, pinned here; the learned second opinion that weighs
# the verdicts afterwards is tested in test_second_opinion.py.
RULES_ONLY = True

# (goal, specific, measurable): True when the criterion is met (not flagged).
S, M = "specific", "measurable"
OK, FLAG = True, False

# a generic noun named by the topic that completes it (often hung on the verb by the parser)
TOPICS = [
    ("Take a course in spreadsheet formulas by the end of May.", OK, OK),
    ("Take a class in Adobe Illustrator before the autumn term.", OK, OK),
    ("The employee will take a class in Microsoft Excel by the end of the year.", OK, OK),
    ("Attend a workshop on handling difficult conversations by 30 June.", OK, OK),
    ("Read a book about giving feedback by the end of the quarter.", OK, OK),
    ("Complete a module on safe lifting by Friday.", OK, OK),
    ("Do a course in basic food hygiene this month.", OK, OK),
    ("Take a short course in leadership skills by December.", OK, OK),
    ("Enrol on a training session about infection control by 1 March.", OK, OK),
    # "get" with an object obtains something; it is not "get + trait"
    ("Get a qualification in accounting by 2028.", OK, OK),
]

# nothing names which one: no topic, a time, a pronoun, or only learning more
UNNAMED = [
    ("Take a course by the end of May.", FLAG, FLAG),
    ("Read a book by the end of the quarter.", FLAG, FLAG),
    ("Attend a workshop in the spring.", FLAG, FLAG),
    ("Take a course on it by June.", FLAG, FLAG),
    ("Learn more about negotiation by June.", FLAG, FLAG),
    ("Attend conferences to keep up with the field.", FLAG, FLAG),
    ("Attend a training on Monday.", FLAG, FLAG),
    ("Take a course in order to get promoted.", FLAG, FLAG),
]

# a vague action spelt out by concrete behaviours
SPELT_OUT = [
    ("Demonstrate respectful behaviour on the ward (no interrupting, no raised voice).", OK, OK),
    (
        "Show professionalism, such as answering e-mails within a day and wearing the uniform.",
        OK,
        OK,
    ),
    ("Improve my teamwork, including sharing my rota changes with the shift manager.", OK, OK),
    ("Show more initiative, for example volunteering to run the Monday briefing.", OK, OK),
    ("Improve customer service: greet every caller within three rings.", OK, OK),
    ("Show respect for colleagues (for example, no eye-rolling or sarcasm in huddles).", OK, OK),
    ("Demonstrate calm conduct at the counter (zero instances of shouting or swearing).", OK, OK),
    ("Improve teamwork by sharing rota changes with my supervisor.", OK, OK),
    # the list says what "more courteous" means: no judgement left to argue about
    ("Be more courteous to guests (greeting each guest at the door and offering a menu).", OK, OK),
    ("Respectful behaviour on the ward (no interrupting, no raised voice).", OK, OK),
    (
        "Be more approachable: keep my office door open and hold a drop-in hour every Tuesday.",
        OK,
        OK,
    ),
    # the means names a behaviour, but with no count or end
    ("Build your confidence by speaking at team meetings.", OK, FLAG),
]

# examples that name things say which, but nothing is done or not
EXAMPLES = [
    ("Develop technical skills (e.g. Python, SQL).", OK, FLAG),
    ("Develop skills such as Excel pivot tables and PowerPoint.", OK, FLAG),
    ("Improve soft skills such as communication and teamwork.", FLAG, FLAG),
    ("Demonstrate calm conduct at the counter (no shouting or swearing).", OK, OK),
]

# the same vague actions bare, or spelt out by vague words: still vague
NOT_SPELT_OUT = [
    ("Demonstrate respectful behaviour on the ward.", FLAG, FLAG),
    ("Show professionalism.", FLAG, FLAG),
    ("Respectful behaviour on the ward.", FLAG, FLAG),
    ("Improve my teamwork.", FLAG, FLAG),
    ("Show professionalism, such as being more positive.", FLAG, FLAG),
    ("Improve leadership by collaborating effectively with other departments.", FLAG, FLAG),
    ("Be a team player, such as helping others.", FLAG, FLAG),
    ("Show commitment (going above and beyond).", FLAG, FLAG),
    ("Increase sales, for example by offering the warranty at every checkout.", FLAG, FLAG),
]

# a bracket that is a note says nothing about what is to be done, nor measures it
NOTES = [
    ("Demonstrate good customer care (as discussed at the review).", FLAG, FLAG),
    ("Be more respectful (see the staff handbook).", FLAG, FLAG),
    ("Improve customer service (see attached plan).", FLAG, FLAG),
    ("Reduce invoice errors (currently 12 a month).", OK, FLAG),
    ("Improve teamwork (Q3).", FLAG, FLAG),
    ("Follow the lone-working procedure (see section 4 of the handbook).", OK, FLAG),
    ("Include the shift supervisors in rota decisions (measured by meeting invites).", OK, FLAG),
]

# the parser read the first word of a metric as a verb: "decrease [wait] time"
MISREAD = [
    ("decrease wait time in queue for each caller by June.", OK, FLAG),
]

# a rule for occasions someone could list is kept or broken on each one: observable
OCCASIONS = [
    ("Ask the shift lead for help whenever the picking queue is over 50 orders.", OK, OK),
    ("When a delivery is late, phone the customer to let them know.", OK, OK),
    ("Wear gloves whenever handling cleaning chemicals.", OK, OK),
    ("Use the CRM when logging customer calls.", OK, OK),
    # no occasion named: "when needed", "when you can"
    ("Call the duty supervisor when needed.", OK, FLAG),
    # (was "Keep the stockroom floor tidy when you can.": a state only an opinion can judge
    # is not specific since the vague round of 2026-12-02; the occasion is what this tests)
    ("Keep the stockroom floor clear of boxes when you can.", OK, FLAG),
]

# an ordinary verb with nothing but an abstract object does nothing one could point at
ABSTRACT_OBJECTS = [
    ("Bring energy to the team.", FLAG, FLAG),
    ("Add value to client projects.", FLAG, FLAG),
    ("Show real commitment on the ward.", FLAG, FLAG),
    # a thing named by an abstract word is still a thing
    ("Send the quality report to the board by May.", OK, OK),
    ("Bring the signed consent forms to every appointment.", OK, OK),
    ("Complete the safety induction by Friday.", OK, OK),
]

# Sentences still read wrong, kept out of the asserted set (strict: one that gets fixed fails,
# and moves into the asserted set).
NOT_YET = [
    # "the shift leads" is parsed as a clause ("the shift leads in ..."), leaving no object
    ("Include the shift leads in rota decisions (measured by meeting invites).", OK, FLAG),
]

ALL = TOPICS + UNNAMED + SPELT_OUT + EXAMPLES + NOT_SPELT_OUT + NOTES + MISREAD + OCCASIONS
ALL += ABSTRACT_OBJECTS


@pytest.mark.parametrize(("goal", "specific", "measurable"), ALL, ids=lambda v: str(v)[:50])
def test_objects_made_concrete_by_what_completes_them(engine, goal, specific, measurable):
    analysis = engine.analyze(goal)
    assert (not analysis.flagged(S), not analysis.flagged(M)) == (specific, measurable)


def test_a_spelt_out_action_is_the_evidence_not_a_finding(engine):
    """The user sees no "does not say what will be done" on an action the brackets spell out,
    and still sees it on the same action bare."""
    spelt = engine.analyze("Demonstrate respectful behaviour on the ward (no interrupting).")
    bare = engine.analyze("Demonstrate respectful behaviour on the ward.")
    assert "specific.vague-action" not in {f.rule for f in spelt.findings}
    assert "specific.vague-action" in {f.rule for f in bare.findings}


@pytest.mark.parametrize(("goal", "specific", "measurable"), NOT_YET, ids=lambda v: str(v)[:50])
@pytest.mark.xfail(reason="known misreadings, listed in NOT_YET", strict=True)
def test_not_yet_read_right(engine, goal, specific, measurable):
    analysis = engine.analyze(goal)
    assert (not analysis.flagged(S), not analysis.flagged(M)) == (specific, measurable)
