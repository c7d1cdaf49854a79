"""Issue types of goals from job families the labelled files lack (issue 9).

The labelled goals are mostly sales, software and office work; these invented goals are from
care, warehouses, factories, schools, shops and hotels, councils, finance, building sites, call
centres, cleaning and (held out) other trades. Each goal's type was decided from the type's
description in rules/issue-types.yaml before the classifier was run on it.

AUDIT (99 goals) was written first, and the cues were extended on what it showed with the
general vocabulary of each type (safety, hygiene, safeguarding, signatures, qualifications,
per shift...), never the words of one sentence: 63 -> 88 right first. HELD_OUT (45 goals, other
job families) was written only after the last cue change and nothing was changed after it was
run: it is the honest figure (29 right first; 26 with the cues and model before this change).

Since the model also learns from the invented training goals (coach/resources/model/
invented-training.jsonl): audit 88 -> 93, held out 29 -> 33 right first. Two goals whose output
is counted per "round" were lost to time management (near ties on "by the end of the month")
and are marked as misses; eleven were won. Four training goals (work per round, early finishes)
were written after seeing the goals it first lost, so the held-out figure is no longer untouched.

Model 1380a1598766 (2026-12-03: the tune half of tests/data/dev4-goals.jsonl learnt, injuries
and qualifications named with their subject among the cues, "production" no longer a
technical word): audit 96 -> 94, held out 36 -> 34 right first, while every set of real goals
it never learnt gained (README, "Issue types"). Model def735a11e27 (dev5's tune half learnt
too; phrase cues matched across numbers, "missed three deadlines"): audit 93, held out 35.
Model 49cbf1a14789 (dev6's and dev7's tune halves learnt too): audit 92, held out 35; the
homework goal lost ("miss: None") is still time management first, but at 0.19, under the
threshold.
Model e383cb189cae (2026-12-04: dev9- to dev12-goals.jsonl's tune halves learnt too, and a
type no labelled goal has trusted at 0.85 of its cues rather than 0.8, so that "proofread every
letter for typos" stays quality of work while "errors" grew as a performance cue): five audit
goals lost (a radio call about a late trailer, month-end accounts, observing a new teacher,
appraisals, delegating reconciliations: near ties, marked below), while the ten check halves of
real goals it never learnt gained 11 goals top-1 (0.641 -> 0.650) and 21 in their top-3
suggestions.
Model 8f4edd5e161f (the same night: dev13's tune half learnt too): one audit and one held-out
goal lost, both near ties ("stay until the end of the working day" now time management first,
a radio call about running late now attendance), while the eleven check halves gained 11
goals top-1 (0.647 -> 0.655).
The markings below follow it.

Only the goals classified right are asserted. A miss is marked `miss: <type it was taken for>`,
so that a change that fixes one can move it into the asserted set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_issue_types import EVAL_LABELS

from coach.analysis.pipeline import load_pipeline
from coach.resources import classify, load_issue_types

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
ISSUE_TYPES = load_issue_types(RULES_DIR)

# type expected first | job family | goal [| miss: type it is taken for]
AUDIT = """
performance_metrics | warehouse | Load 14 trailers per shift at the dispatch dock by the end of March.
performance_metrics | manufacturing | Assemble 65 gearbox housings per shift on line 3, up from 50.
performance_metrics | retail | Raise the average basket size at the till from 18 to 22 pounds this quarter.
performance_metrics | public sector | Process 30 benefit applications a day by the end of the month.
performance_metrics | finance | Post 250 supplier invoices per week in the ledger.
performance_metrics | construction | Lay at least 400 bricks per day on the housing site by week 4.
performance_metrics | call centre | Handle 55 inbound calls per shift from the second month.
performance_metrics | cleaning | Clean 16 guest rooms per shift by the end of the probation period.
performance_metrics | teaching | Lift the pass rate of your Year 11 maths set from 62% to 70% in the summer exams.
performance_metrics | hospitality | Increase covers served per evening from 90 to 110 in the restaurant by June.
performance_metrics | care | Complete 12 home visits per day across the district round by the end of the month. | miss: time_management
interpersonal | nursing | Speak to the other care assistants calmly and respectfully, even when the ward is short-staffed.
interpersonal | warehouse | Stop swearing at colleagues on the warehouse floor, with no further reports by the end of the review.
interpersonal | manufacturing | Work with the night shift crew to share machine changeovers without arguments.
interpersonal | teaching | Treat teaching assistants as equal partners and stop criticising them in front of pupils.
interpersonal | hospitality | Resolve the dispute with the kitchen team through a mediated meeting by the end of the month.
interpersonal | public sector | Cooperate with the other departments on joint casework instead of refusing their requests.
interpersonal | finance | Stop making belittling remarks about colleagues' questions in the finance office.
interpersonal | construction | Get along with the other trades on site and settle disagreements with the foreman without shouting.
interpersonal | call centre | Support fellow agents on the call floor instead of mocking their call scores.
interpersonal | cleaning | Share the cleaning equipment fairly with the other cleaners and stop quarrelling over rounds.
interpersonal | care | Build a respectful working relationship with the pharmacy technicians and stop quarrelling over stock duties.
communication | nursing | Give a full verbal handover to the incoming nurse at the end of every shift.
communication | warehouse | Radio the yard supervisor whenever a trailer is delayed by more than 15 minutes. | miss: time_management
communication | manufacturing | Write the shift log clearly so the next crew knows the state of each press.
communication | teaching | Send parents a short progress note for each pupil at the end of every half term.
communication | hospitality | Brief the waiting staff on the day's specials before service opens. | miss: customer_service
communication | public sector | Answer emails from other council departments within two working days.
communication | finance | Explain variances in the monthly management accounts in plain English to budget holders.
communication | construction | Keep the site manager informed each morning of which jobs the crew will start that day. | miss: attendance_behaviour
communication | call centre | Write clear notes on every call so the next agent can pick up the case.
communication | facilities | Report broken fixtures to the facilities desk on the same day you find them. | miss: attendance_behaviour
communication | retail | Present the quarterly stock figures to the store team in a 10-minute talk.
technical_skills | nursing | Complete the IV cannulation competency and be signed off by the clinical educator by June.
technical_skills | warehouse | Obtain the counterbalance forklift licence by the end of the probation period.
technical_skills | manufacturing | Learn to set up and program the CNC lathe without help from the setter by week 8.
technical_skills | teaching | Complete the training on the new interactive whiteboards and use them in three lessons a week.
technical_skills | retail | Learn every function of the new till system, including stock look-ups, within two weeks.
technical_skills | public sector | Become proficient with the case management system so that you need no help logging cases by March.
technical_skills | finance | Master the new ERP ledger module and run the aged-debt report yourself by the end of Q2.
technical_skills | construction | Gain the NVQ level 3 in electrical installation by next summer.
technical_skills | call centre | Learn the new telephony software, including transfers and conference calls, within two weeks.
technical_skills | cleaning | Learn to use the floor scrubber-dryer and the dosing system correctly after the supplier's training.
technical_skills | trades | Complete the welding qualification test for stainless pipework by October.
attendance_behaviour | nursing | Arrive on the ward by 7:15 for every early shift.
attendance_behaviour | warehouse | Have no unplanned absences from the picking rota over the next eight weeks.
attendance_behaviour | manufacturing | Be at your station on the line when the 6:00 bell rings every day.
attendance_behaviour | teaching | Be in your classroom before registration starts each morning.
attendance_behaviour | retail | Stop swapping shifts without notice and work every shift you are rostered for.
attendance_behaviour | public sector | Phone your line manager before 8:00 whenever you are ill and cannot come in.
attendance_behaviour | finance | Stay until the end of the working day instead of leaving at 4:00. | miss: time_management
attendance_behaviour | construction | Turn up on site by 7:30 each day, with no more than one late start per month.
attendance_behaviour | call centre | Log on to the phone system by the start of your scheduled shift every day.
attendance_behaviour | cleaning | Attend every evening cleaning shift you are rostered for this month.
attendance_behaviour | hospitality | Return from breaks on time, taking no more than the agreed 30 minutes.
policy_compliance | nursing | Check two patient identifiers before giving any medication, on every round.
policy_compliance | warehouse | Wear high-visibility clothing and safety boots at all times in the loading yard.
policy_compliance | manufacturing | Keep the machine guards closed while the press is running, as the safety rules require.
policy_compliance | teaching | Record every safeguarding concern about a pupil on the school's reporting system the same day.
policy_compliance | retail | Ask for ID from every customer who looks under 25 before selling alcohol.
policy_compliance | public sector | Handle citizens' personal records only on council systems, as data protection law requires.
policy_compliance | finance | Get a second signature on every payment over 5,000 before it is released.
policy_compliance | construction | Wear a harness whenever you work at height on the scaffold.
policy_compliance | call centre | Read the mandatory disclosure statement to the customer on every sales call.
policy_compliance | cleaning | Dilute cleaning chemicals only as the COSHH data sheet says and store them in the locked cupboard.
policy_compliance | hospitality | Record fridge temperatures twice a day in the kitchen's food safety log.
time_management | nursing | Plan your drug rounds and dressings at the start of each shift so that no care task is left unfinished.
time_management | warehouse | Dispatch every urgent order before the 15:00 courier cut-off.
time_management | manufacturing | Finish planned maintenance jobs by their due week, with none carried over into the next month.
time_management | teaching | Return marked homework to pupils within one week of it being handed in. | miss: None
time_management | retail | Finish the weekly stock take by Sunday evening rather than leaving it half done.
time_management | public sector | Clear the pile of planning applications older than eight weeks by the end of the quarter. | miss: communication
time_management | finance | Close the month-end accounts by the fifth working day. | miss: performance_metrics
time_management | construction | Finish each fit-out stage by the date in the programme and warn the site manager a week ahead of any slip.
time_management | call centre | Finish your case wrap-up tasks by the end of each day so that none are carried over.
time_management | cleaning | Organise the cleaning round so that all meeting rooms are done before the 8:00 deadline.
time_management | facilities | Prioritise the urgent repair requests each morning and schedule the routine ones for later in the week.
customer_service | nursing | Raise the ward's patient satisfaction score in the friends and family test from 82% to 90%.
customer_service | logistics | Resolve missing-parcel complaints from customers within 48 hours.
customer_service | manufacturing | Reply to every customer query about a faulty part within one working day.
customer_service | teaching | Respond to parents' complaints politely and resolve them within five school days.
customer_service | hospitality | Greet every guest at the door within one minute and thank them as they leave.
customer_service | public sector | Resolve residents' enquiries about council tax at the first contact in 80% of cases.
customer_service | finance | Lower the number of client complaints about late statements to none this quarter.
customer_service | trades | Keep complaints from homeowners about your visits to no more than one per quarter.
customer_service | call centre | Lift your customer satisfaction score after calls from 78% to 85% by December.
customer_service | facilities | Raise the tenants' satisfaction with cleaning in the quarterly survey from 3.5 to 4.2.
customer_service | retail | Apologise to shoppers for out-of-stock items and offer to order them in.
leadership | nursing | Hold a monthly supervision session with each healthcare assistant you manage.
leadership | warehouse | Give each picker on your team feedback on their rate every week and coach the slowest two.
leadership | manufacturing | Train two operators on your line to cover your role as team leader by the autumn.
leadership | teaching | Observe each newly qualified teacher in your department twice a term and agree next steps with them. | miss: interpersonal
leadership | hospitality | Reduce staff turnover in your restaurant from 40% to 25% this year.
leadership | public sector | Complete annual appraisals for all twelve caseworkers who report to you by April. | miss: time_management
leadership | finance | Delegate the weekly bank reconciliations to your two assistants and check their work monthly. | miss: quality_of_work
leadership | construction | Coach each apprentice in your crew through a written development plan this year.
leadership | call centre | Listen to three calls per agent each month and give each agent coaching on one thing to improve. | miss: performance_metrics
leadership | cleaning | Raise the engagement score of your cleaning team in the staff survey from 55% to 70%.
leadership | retail | Set clear weekly goals for each sales assistant you supervise and review them in a short one-to-one.
"""  # noqa: E501

# Written after the last cue change; never tuned on.
HELD_OUT = """
performance_metrics | postal | Deliver 110 parcels per route each day on the rural round by the end of the month. | miss: time_management
performance_metrics | hairdressing | Raise retail product sales in the salon from 6% to 10% of takings this quarter.
performance_metrics | laboratory | Test 40 water samples per shift in the laboratory by week 5.
performance_metrics | agriculture | Bring the farm's milk yield up to 28 litres per cow per day by spring.
performance_metrics | fitness | Increase gym membership sign-ups from 20 to 35 a month at your club.
interpersonal | transport | Stop raising your voice at fellow drivers in the depot canteen. | miss: performance_metrics
interpersonal | laboratory | Work cooperatively with the other lab technicians when sharing the fume cupboards.
interpersonal | childcare | Treat the nursery practitioners in your room with respect and stop talking over them.
interpersonal | airline | Have no further incidents of intimidating behaviour towards the cabin crew this year.
interpersonal | hairdressing | Settle disagreements with the other stylists privately instead of arguing on the salon floor.
communication | veterinary | Pass on every message left for the vet to the right person within one hour.
communication | social work | Update the case file notes after each home visit so colleagues know what was agreed.
communication | utilities | Tell the dispatcher by radio as soon as a job runs more than 30 minutes late. | miss: attendance_behaviour
communication | security | Write incident summaries that a duty manager can understand without asking you questions.
communication | dental | Explain the treatment plan to the dental nurse before each appointment starts.
technical_skills | transport | Complete the HGV class 1 driving course and pass the test by September.
technical_skills | laboratory | Learn to run the gas chromatograph without supervision by the end of the quarter.
technical_skills | childcare | Gain the paediatric first aid certificate before working alone in the baby room.
technical_skills | library | Become confident using the library's cataloguing software within six weeks.
technical_skills | hairdressing | Pass the hairdressing NVQ level 2 practical assessment by May.
attendance_behaviour | postal | Be ready at the depot for your first drop by 6:30 on every working day. | miss: quality_of_work
attendance_behaviour | animal care | Have no more than two unexplained absences from the kennels this quarter.
attendance_behaviour | security | Report for duty at the gatehouse 15 minutes before your patrol begins. | miss: communication
attendance_behaviour | childcare | Stop finishing your shift early without telling the room leader.
attendance_behaviour | dental | Attend every team huddle at the start of the morning clinic.
policy_compliance | transport | Complete the vehicle walk-round check and record defects before every journey.
policy_compliance | laboratory | Sign every sample in and out of the chain-of-custody register.
policy_compliance | childcare | Never leave children unsupervised, keeping to the staff-to-child ratios at all times. | miss: interpersonal
policy_compliance | pharmacy | Follow the dispensing procedure and have every controlled medicine checked by a second person.
policy_compliance | security | Sign every visitor in at reception and issue a badge, as the site security policy requires.
time_management | postal | Complete each day's deliveries before the depot closes at 18:00, planning the route the night before.
time_management | legal | Submit court bundles to the solicitor at least three days before each hearing.
time_management | social work | Write up every assessment report within ten working days of the visit. | miss: technical_skills
time_management | library | Finish the monthly book returns processing by the last Friday of each month. | miss: performance_metrics
time_management | beauty | Schedule your client appointments so that no treatment runs over into the next booking. | miss: attendance_behaviour
customer_service | airline | Welcome every passenger on board and answer call bells within two minutes.
customer_service | veterinary | Reduce complaints from pet owners about waiting times at reception to fewer than three a month.
customer_service | hairdressing | Keep the salon's online review rating at 4.7 stars or above this year.
customer_service | library | Answer every library member's enquiry about a reservation within one working day.
customer_service | utilities | Handle residents' reports of burst pipes politely and give them a repair time on the first call.
leadership | transport | Run a monthly one-to-one with each of the drivers on your shift and agree one improvement each.
leadership | childcare | Build a training plan for each new nursery practitioner in your room and review it every term. | miss: technical_skills
leadership | laboratory | Give every technician in your lab written feedback after each quarterly review. | miss: communication
leadership | veterinary | Delegate rota planning to your deputy manager and coach her through the first three months.
leadership | animal care | Lower turnover among your kennel staff from 30% to 15% by next year.
"""  # noqa: E501


def goals(table: str) -> list[tuple[str, str, str, str | None]]:
    """(expected type, job family, goal, the type it is wrongly taken for or None)."""
    rows = []
    for line in table.strip().splitlines():
        expected, family, text, *miss = (cell.strip() for cell in line.split(" | "))
        rows.append((expected, family, text, miss[0].removeprefix("miss: ") if miss else None))
    return rows


AUDIT_GOALS = goals(AUDIT)
HELD_OUT_GOALS = goals(HELD_OUT)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def first_type(nlp, text: str) -> str | None:
    matches = classify(text, nlp=nlp, issue_types=ISSUE_TYPES)
    return matches[0].id if matches else None


def asserted(rows):
    return [
        pytest.param(expected, text, id=f"{expected}-{family}")
        for expected, family, text, miss in rows
        if miss is None
    ]


def test_every_type_has_goals_from_many_job_families():
    for rows, per_type in ((AUDIT_GOALS, 10), (HELD_OUT_GOALS, 5)):
        types = {expected for expected, *_ in rows}
        assert types == EVAL_LABELS
        for type_id in types:
            families = [family for expected, family, *_ in rows if expected == type_id]
            assert len(families) >= per_type
            assert len(set(families)) == len(families), type_id
    for _, _, _, miss in AUDIT_GOALS + HELD_OUT_GOALS:
        assert miss is None or miss == "None" or miss in ISSUE_TYPES


def test_most_audit_goals_get_their_type_first(nlp):
    # Counted live, misses included: a cue change that loses several unasserted goals shows here.
    right = sum(first_type(nlp, text) == expected for expected, _, text, _ in AUDIT_GOALS)
    assert right / len(AUDIT_GOALS) >= 0.85


@pytest.mark.parametrize(("expected", "text"), asserted(AUDIT_GOALS))
def test_audit_goal_gets_its_type_first(nlp, expected, text):
    assert first_type(nlp, text) == expected


@pytest.mark.parametrize(("expected", "text"), asserted(HELD_OUT_GOALS))
def test_held_out_goal_gets_its_type_first(nlp, expected, text):
    assert first_type(nlp, text) == expected
