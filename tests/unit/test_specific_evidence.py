"""What counts as evidence that a goal is specific: a concrete action on something concrete.

Every sentence here was invented for this suite (none is copied from the labelled dev files);
each expected verdict was decided by the labelling rules of the eval README before the
analyser was run on it: specific means a concrete action, behaviour or outcome; "improve /
develop / show X" with nothing concrete is not specific; "improve / reduce + a named metric"
without a number is specific (though not measurable).

The mechanisms:
- a noun made of an adjective or a role by a suffix of quality ("-ness", "-ity", "-ism",
  "-ship", "-hood") is a quality, whether or not the lexicon lists it ("friendliness",
  "positivity"); the concrete nouns of that shape ("facility", "internship") are data;
- a verb with no direct object, whose prepositional objects are only qualities or standards
  nobody names, describes conduct ("act with integrity", "adhere to high standards");
- a verb of growth or intent (support, help, contribute, work ...) acting only on people
  ("support colleagues", "work with other departments") or only where it happens ("commit
  to high standards on every shift") acts on nothing one could point at;
- a person treated "with" a quality ("treat every guest with warmth") is how they should feel;
- "help someone do something": the doing is the action ("help the manager count the safe");
- a manner of judgement made into an adverb ("collaboratively", "tactfully") on an action
  that does nothing to a thing or a person ("work collaboratively on the stock take");
- conduct or a quality given by degree ("pay closer attention", "take greater care");
- verbs of degree made from adjectives ("shorten", "lessen", "quicken", "speed up", "level
  up") are changes: specific on a named metric, vague on a broad area;
- a hyphenated verb the tokenizer splits ("cross-train", "re-key") is read as one verb;
- an action said as a noun ("completion of tasks") is as specific as what it is done to.
"""

from __future__ import annotations

import pytest

# The rules' own reading of structure, pinned here; the learned second opinion that weighs
# the verdicts afterwards is tested in test_second_opinion.py.
RULES_ONLY = True

OK, FLAG = True, False

QUALITY_BY_FORM = [
    ("Show more friendliness to visitors at reception.", FLAG),
    ("Demonstrate attentiveness towards the residents.", FLAG),
    ("Exhibit greater positivity during ward rounds.", FLAG),
    ("Display professionalism when dealing with tenants.", FLAG),
    ("Show good stewardship of the budget.", FLAG),
    # the concrete nouns of that shape still name things
    ("Book the training facility for the 4 March induction.", OK),
    ("Complete the apprenticeship end-point assessment by 30 June.", OK),
    ("Renew the pharmacy's membership of the buying group by April.", OK),
]

QUALITY_COMPLEMENTS = [
    ("Act with integrity at all times.", FLAG),
    ("Operate with transparency in client dealings.", FLAG),
    ("Adhere to high standards of hygiene.", FLAG),
    ("Reflect on your professional practice.", FLAG),
    ("Care about the quality of the work.", FLAG),
    ("Commit to high standards on every shift.", FLAG),
    # a named procedure, a named standard, people met: concrete
    ("Adhere to the lone-working procedure on every home visit.", OK),
    ("Follow up with callers within one working day.", OK),
    ("Take part in the fire evacuation drill next month.", OK),
]

PEOPLE_ONLY = [
    ("Support colleagues during busy periods.", FLAG),
    ("Help customers on the shop floor.", FLAG),
    ("Work closely with other departments.", FLAG),
    ("Engage with stakeholders across the trust.", FLAG),
    ("Treat every patient with kindness and respect.", FLAG),
    # something done to a thing, or to people with a thing named
    ("Help the store manager count the cash office safe every Friday.", OK),
    ("Support the auditors by sending the ledger extracts by 3 May.", OK),
    ("Greet each guest with a printed welcome card.", OK),
    ("Cooperate with colleagues on the ward.", FLAG),
    ("Assist the pharmacist with the weekly controlled-drug stock check.", OK),
]

MANNER_ADVERBS = [
    ("Work collaboratively on the stock take.", FLAG),
    ("Deal with refund requests tactfully.", FLAG),
    ("Respond proactively to tenant repair requests.", FLAG),
    # an action done to a thing or a person is named, however it is to be done (the manner
    # is for measurable to judge); an adverb that says nothing of opinion
    ("Answer calls on the switchboard courteously.", OK),
    ("Proactively call each overdue account holder before the 15th of the month.", OK),
    ("Carefully count the controlled drugs with a second nurse at every handover.", OK),
    ("Successfully complete the first-aid at work course by 12 May.", OK),
]

COMPARED_CONDUCT = [
    ("Pay closer attention to the till roll.", FLAG),
    ("Take greater care with the controlled-drug keys.", FLAG),
    ("Give better service to walk-in customers.", FLAG),
    ("Give a faster answer than last month to 90% of callers.", OK),
]

DEGREE_VERBS = [
    ("Shorten the waiting time at the prescription counter.", OK),
    ("Lessen the number of missed collections on the Tuesday round.", OK),
    ("Speed up the turnaround of lab results.", OK),
    ("Shorten your learning curve.", FLAG),
    ("Level up the department's engineering culture.", FLAG),
    ("Step up as a leader.", FLAG),
    # a tracked aggregate and when: "customer retention in Q3" names a measure
    ("Increase customer retention in Q3.", OK),
    ("Reduce staff turnover in Q4.", OK),
]

NOMINAL_ACTIONS = [
    ("Timely completion of tasks.", FLAG),
    ("Delivery of projects on time.", FLAG),
    ("Demonstration of professionalism with patients.", FLAG),
    ("Completion of the annual fire-safety appraisal by 30 April.", OK),
    ("Review of every open housing-benefit case by the end of June.", OK),
]

SPLIT_VERBS = [
    ("Cross-train on the pallet truck and gain the pallet-truck licence within 60 days.", OK),
    ("Re-key the store-room locks by 12 November.", OK),
    ("Double-check the float against the till roll at every cash-up.", OK),
]

# "finish", "resume" and "complete" before a gerund wrap the action it names
WRAPPED_GERUNDS = [
    ("Finish painting the rooms on the top floor.", OK),
    ("Resume logging the fridge temperatures at every opening.", OK),
    ("Finish your work.", FLAG),
]

ALL = QUALITY_BY_FORM + QUALITY_COMPLEMENTS + PEOPLE_ONLY + MANNER_ADVERBS + COMPARED_CONDUCT
ALL += DEGREE_VERBS + NOMINAL_ACTIONS
ALL += SPLIT_VERBS + WRAPPED_GERUNDS


@pytest.mark.parametrize(("goal", "specific"), ALL, ids=lambda v: str(v)[:50])
def test_specific_needs_a_concrete_action_on_a_concrete_thing(engine, goal, specific):
    assert engine.analyze(goal).flagged("specific") != specific


def test_a_quality_complement_is_reported_as_a_vague_action(engine):
    """The user is told the action does not say what will be done differently."""
    rules = {f.rule for f in engine.analyze("Act with integrity at all times.").findings}
    assert "specific.vague-action" in rules


def test_a_judging_adverb_without_an_object_is_a_vague_action(engine):
    """The user is told what the action lacks, and not told so when it names what is done."""
    bare = engine.analyze("Respond proactively to tenant repair requests.")
    named = engine.analyze("Proactively call each overdue account holder before the 15th.")
    assert "specific.vague-action" in {f.rule for f in bare.findings}
    assert not named.flagged("specific")
