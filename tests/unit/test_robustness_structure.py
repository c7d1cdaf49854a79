"""Specific and measurable judged from sentence structure, on goals nobody tuned the rules on.

Every sentence here was invented for this suite (none is copied from the labelled dev files),
across job families (nursing, warehouse, teaching, retail, software, call centre, public
sector, hospitality) and forms (imperative, "I will", "The employee will", "Employee must",
nominal, "Goal: ... Measure: ...", "(What) ... (Why) ... (How) ...", passives, long sentences
with purpose and means clauses). Each expected verdict was decided by the labelling rules of
the eval README before the analyser was run on it (in four rounds, each committed before it
was run; FOLLOW_UP holds one sentence per behaviour the fixes added, decided the same way):
- specific: a concrete action or outcome; "improve / reduce / increase + a named metric"
  without a number is specific but not measurable;
- measurable: a quantity, a count, or an observable yes/no deliverable; a subjective test or
  an open-ended activity with no count or end is not.
"""

from __future__ import annotations

import pytest

# The rules' own reading of structure, pinned here; the learned second opinion that weighs
# the verdicts afterwards is tested in test_second_opinion.py.
RULES_ONLY = True

# (goal, specific, measurable): True when the criterion is met (not flagged).
S, M = "specific", "measurable"
OK, FLAG = True, False

# be + trait: describes the person, not something they will do.
TRAITS = [
    ("Be more compassionate with patients.", FLAG, FLAG),
    ("The nurse will be more attentive during handovers.", FLAG, FLAG),
    ("Be a more organised teacher.", FLAG, FLAG),
    ("Be more patient on the phone.", FLAG, FLAG),
    ("The officer will be more responsive.", FLAG, FLAG),
    ("Be friendlier to guests.", FLAG, FLAG),
    ("Become more confident.", FLAG, FLAG),
    ("Be more proactive in order to deliver the Q3 roadmap.", FLAG, FLAG),
    ("(What) Be more engaged in team meetings (Why) to improve team spirit", FLAG, FLAG),
    # be + a place or a time is a state anyone can see, not a trait
    ("Be at the loading bay by 6:00 every morning.", OK, OK),
]

# abstract verb + abstract object
ABSTRACT = [
    ("Foster a culture of openness on the ward.", FLAG, FLAG),
    ("Grow your presence in the staff room.", FLAG, FLAG),
    ("Promote a spirit of transparency across the department.", FLAG, FLAG),
    ("The employee will display a positive attitude towards customers.", FLAG, FLAG),
    ("Take ownership of the release process.", FLAG, FLAG),
    ("Develop relationships with key stakeholders.", FLAG, FLAG),
    ("Strengthen your presence in meetings.", FLAG, FLAG),
    ("Improved communication.", FLAG, FLAG),
    ("Greater visibility.", FLAG, FLAG),
    ("Goal: Be a better team player. Measure: feedback from colleagues.", FLAG, FLAG),
]

# comparatives without an object
COMPARATIVES = [
    ("Work harder and do more.", FLAG, FLAG),
    ("Sell more.", FLAG, FLAG),
    ("Do more to help customers.", FLAG, FLAG),
    ("Write better code.", FLAG, FLAG),
    ("Communicate more with the team leader.", FLAG, FLAG),
    ("Do more for guests.", FLAG, FLAG),
    ("Work faster.", FLAG, FLAG),
]

# indefinite generic objects
GENERIC = [
    ("Finish a project before the peak season.", FLAG, FLAG),
    ("Complete some training.", FLAG, FLAG),
    ("Take on a new responsibility.", FLAG, FLAG),
    ("Improve customer service by attending a course.", FLAG, FLAG),
]

# vague verbs judged by their object
VAGUE_VERBS = [
    ("Develop your skills in stock control.", FLAG, FLAG),
    ("Improve your technical skills.", FLAG, FLAG),
    ("Develop an online quiz bank that covers every topic of the biology syllabus.", OK, OK),
    ("Build a dashboard that shows the error rate of each API endpoint.", OK, OK),
    ("Develop a shift handover checklist for the ward.", OK, OK),
]

# improve / reduce / increase + a named metric, no number: specific, not measurable
NAMED_METRICS = [
    # "Ward 6", "Ward 3": a number that names a place is not the goal's quantity
    ("Reduce the patient fall rate on Ward 6.", OK, FLAG),
    ("A reduction in missed medication doses on Ward 3.", OK, FLAG),
    ("Increase pick accuracy in the chilled zone.", OK, FLAG),
    ("Improve student attendance at after-school revision sessions.", OK, FLAG),
    ("Increase average transaction value at the Leeds store.", OK, FLAG),
    ("Reduce the mean time to recovery for production incidents.", OK, FLAG),
    ("Improve first-call resolution.", OK, FLAG),
    ("Reduce average handling time on the billing queue.", OK, FLAG),
    ("Reduce the processing time for benefit claims.", OK, FLAG),
    ("Increase repeat bookings from corporate clients.", OK, FLAG),
    ("Make fewer mistakes when entering customer orders.", OK, FLAG),
]

# observable deliverables: measurable without a number
DELIVERABLES = [
    ("Complete the Basic Life Support refresher course by 31 March.", OK, OK),
    ("Every medication chart should be checked by a second nurse before the ward round.", OK, OK),
    ("Record fluid balance for every patient on the chart at the end of each shift.", OK, OK),
    ("Sign up for the forklift licence course and pass the practical test by June.", OK, OK),
    ("Every pallet must be scanned and labelled before it leaves the dock.", OK, OK),
    ("Put away all returned stock on the day it arrives.", OK, OK),
    ("Plan and deliver a Year 9 unit on fractions using the new scheme of work.", OK, OK),
    ("Mark every Year 10 mock paper and return it to students within ten school days.", OK, OK),
    ("Volunteer to run the Saturday stock count.", OK, OK),
    ("Restock the promotional bays at the front of the store before opening.", OK, OK),
    ("Apply to the Assistant Manager Development Programme by the end of Q2.", OK, OK),
    ("Set up the new window display for the spring campaign by 1 March.", OK, OK),
    ("Migrate the billing service to the new payment gateway by the end of the sprint.", OK, OK),
    ("Every pull request must be reviewed by another engineer before it is merged.", OK, OK),
    ("Log every call in the CRM before taking the next one.", OK, OK),
    ("Follow up on every open complaint within two working days.", OK, OK),
    ("Complete the De-escalation Skills workshop run by the training team.", OK, OK),
    ("Every FOI request should be answered within 20 working days.", OK, OK),
    ("Publish the updated housing allocation policy on the council website.", OK, OK),
    ("Completion of the Data Protection e-learning module by 30 September.", OK, OK),
    ("Check every guest room against the housekeeping checklist before it is released.", OK, OK),
    ("Train two new waiting staff on the till system by the end of May.", OK, OK),
    ("The employee will sign off every timesheet by Friday.", OK, OK),
    ("All rota changes should be signed off by the duty manager by Thursday.", OK, OK),
    ("Employee must arrive in full uniform by 7:00 for every shift.", OK, OK),
    ("The weekly rota will be published by Wednesday noon.", OK, OK),
    ("Customer refunds are processed within 48 hours.", OK, OK),
    ("Draft, review and submit the annual safeguarding report by 31 October.", OK, OK),
    ("Write up the minutes of every ward meeting and send them out within two days.", OK, OK),
    ("I will volunteer to mentor one apprentice during the autumn intake.", OK, OK),
    ("Pass the CompTIA Security+ exam.", OK, OK),
    ("Complete the Level 3 Award in Education and Training.", OK, OK),
    ("I will hand over the keys and the cash float to the night manager at close.", OK, OK),
    (
        "Goal: Reduce late deliveries to the Manchester depot. "
        "Measure: on-time delivery rate above 95% each week.",
        OK,
        OK,
    ),
    (
        "Goal: Clear the backlog of planning applications. "
        "Measure: fewer than 50 cases open at the end of each month.",
        OK,
        OK,
    ),
]

# concrete, but not measurable: still being learnt, judged by opinion, or open-ended
NOT_MEASURABLE = [
    ("I will learn how to set up the infusion pumps on the ward.", OK, FLAG),
    ("Learn how to write integration tests with pytest.", OK, FLAG),
    ("Learn how to use the case management system to process appeals.", OK, FLAG),
    ("Write design documents that need little rework after review.", OK, FLAG),
    ("Send parents a written update that they find helpful.", OK, FLAG),
    ("Write project status reports that need little editing from the manager.", OK, FLAG),
    ("Hold regular toolbox talks with the loading team.", OK, FLAG),
    ("Hold regular one-to-ones with the new starters.", OK, FLAG),
    ("Meet with your mentor regularly.", OK, FLAG),
]

# a vague word in a purpose clause or the "Why" part leaves a concrete main action concrete
PURPOSE_CLAUSES = [
    (
        "(What) Observe two lessons taught by the head of maths "
        "(Why) to understand how to keep a class engaged",
        OK,
        OK,
    ),
    (
        "Document the deployment process in the team wiki so that the team feels more confident.",
        OK,
        OK,
    ),
    (
        "In order to support a smoother handover between shifts, I will write a one-page "
        "handover template and share it with the night team by the end of April.",
        OK,
        OK,
    ),
    (
        "Attend the two-day Conflict Resolution course to build confidence when dealing with "
        "difficult guests.",
        OK,
        OK,
    ),
    (
        "(What) Write a standard operating procedure for goods-in checks (Why) to develop my "
        "leadership (How) with support from the shift manager",
        OK,
        OK,
    ),
    (
        "(What) Rewrite the returns policy leaflet (Why) so customers understand it better "
        "(How) with the customer service manager",
        OK,
        OK,
    ),
    (
        "I will shadow a senior pharmacist for three shifts to deepen my understanding of "
        "controlled drugs.",
        OK,
        OK,
    ),
    (
        "The employee will complete the Fire Marshal course so that they can be more helpful "
        "during evacuations.",
        OK,
        OK,
    ),
]

# a second round, written after the first was fixed, expectations again decided first
SECOND_ROUND = [
    ("Employee must be more punctual and reliable.", FLAG, FLAG),
    ("Employee must demonstrate a commitment to excellence.", FLAG, FLAG),
    (
        "The employee will work on building stronger relationships with the kitchen team.",
        FLAG,
        FLAG,
    ),
    ("Show more initiative on the shop floor.", FLAG, FLAG),
    ("I will try to be a better listener.", FLAG, FLAG),
    ("Gain experience in a new area.", FLAG, FLAG),
    ("Embrace change.", FLAG, FLAG),
    ("Expand your knowledge of the product range.", FLAG, FLAG),
    ("Help out more.", FLAG, FLAG),
    ("Enhance the guest experience.", FLAG, FLAG),
    ("Take part in more projects.", FLAG, FLAG),
    ("Handle a wider range of tasks.", FLAG, FLAG),
    ("Get better at time management.", FLAG, FLAG),
    ("Complete an assignment.", FLAG, FLAG),
    ("Reduce the number of customer complaints about cold food.", OK, FLAG),
    ("Lower the sickness absence rate in the care home.", OK, FLAG),
    ("Cut the average wait time for outpatient appointments.", OK, FLAG),
    ("Decrease the number of failed deployments.", OK, FLAG),
    ("Improve the on-time dispatch rate for next-day orders.", OK, FLAG),
    ("Boost the open rate of the monthly newsletter.", OK, FLAG),
    ("The employee will create a training plan for each new cashier.", OK, OK),
    ("Employee must submit the weekly stock report to the area manager every Monday.", OK, OK),
    ("Write and publish a style guide for the customer help pages.", OK, OK),
    ("Roll out the new rota app to all three kitchens by the end of the quarter.", OK, OK),
    ("Back up the student records database every night.", OK, OK),
    ("Fill in an incident form for every fall on the unit.", OK, OK),
    ("Carry out a fire drill with each shift before the inspection.", OK, OK),
    ("Enrol on the Certificate in Workplace Coaching by September.", OK, OK),
    ("Sit the Microsoft Azure Fundamentals exam.", OK, OK),
    ("Replace the broken scanners at the returns desk.", OK, OK),
    ("The new refund policy will be approved by the regional director.", OK, OK),
    ("All agency invoices are to be matched to purchase orders before payment.", OK, OK),
    ("Completion of the annual appraisal for every direct report.", OK, OK),
    ("Learn to use the new electronic patient record system.", OK, FLAG),
    ("Produce lesson plans that are engaging.", OK, FLAG),
    ("Give feedback that is constructive.", OK, FLAG),
    ("Hold frequent huddles with the housekeeping team.", OK, FLAG),
    ("Regularly review the open tickets in the queue.", OK, FLAG),
    (
        "Run a stock count of the pharmacy fridge every Friday so that the team is more aware "
        "of what is running low.",
        OK,
        OK,
    ),
    (
        "(What) Publish the shift swap procedure on the intranet (Why) to build a better "
        "culture of trust",
        OK,
        OK,
    ),
    (
        "Goal: Set up a shared inbox for supplier queries. Why: to be more organised.",
        OK,
        OK,
    ),
    (
        "By rewriting the onboarding checklist, I will cut the time new starters need before "
        "they can work alone.",
        OK,
        FLAG,
    ),
]

# a third round: longer, messier goals as people write them (expectations decided first)
THIRD_ROUND = [
    ("You are expected to be more flexible about covering shifts.", FLAG, FLAG),
    ("It is important that you show respect to your colleagues at all times.", FLAG, FLAG),
    ("Going forward, the employee needs to have a more positive attitude.", FLAG, FLAG),
    ("Work towards becoming a more effective communicator.", FLAG, FLAG),
    ("Continue to develop as a leader.", FLAG, FLAG),
    ("Contribute more in team meetings.", FLAG, FLAG),
    ("Put more effort into your work.", FLAG, FLAG),
    ("Focus on quality.", FLAG, FLAG),
    ("Make improvements to the way you work.", FLAG, FLAG),
    ("Demonstrate good judgement when dealing with patients.", FLAG, FLAG),
    ("Reduce the number of late starts on the early shift.", OK, FLAG),
    ("Improve the accuracy of stock counts in the bonded warehouse.", OK, FLAG),
    ("Cut the time it takes to answer calls on the helpdesk.", OK, FLAG),
    ("You will complete the Safe Handling of Medicines module on the learning portal.", OK, OK),
    ("The team leader must approve all holiday requests before the rota is published.", OK, OK),
    ("Prepare a written handover for each patient at the end of every shift.", OK, OK),
    ("Take the Food Hygiene Level 2 test and pass it.", OK, OK),
    ("Refunds over the store limit will be authorised by a supervisor.", OK, OK),
    ("Upload the signed risk assessment to the shared drive before the trip.", OK, OK),
    ("Send a summary of each client visit to the case manager on the same day.", OK, OK),
    ("Rewrite the password reset page so that it works on mobile phones.", OK, OK),
    ("Call back every customer who leaves a voicemail before the end of the day.", OK, OK),
    ("I will attend the induction day for new supervisors in the head office.", OK, OK),
    ("Learn how to run the monthly payroll report in the finance system.", OK, FLAG),
    ("Keep the staff noticeboard up to date.", FLAG, FLAG),
    ("Hold ongoing conversations with parents about progress.", OK, FLAG),
    ("Check in with the new apprentice from time to time.", OK, FLAG),
    (
        "To help the team feel more valued, I will nominate one colleague for the monthly "
        "recognition award.",
        OK,
        OK,
    ),
    (
        "In order to grow as a professional, enrol on the Project Management Foundation "
        "course by the end of June.",
        OK,
        OK,
    ),
    (
        "(What) Build a spreadsheet that tracks the expiry date of every controlled drug "
        "(Why) so the ward is safer (How) using the pharmacy's stock list",
        OK,
        OK,
    ),
]

# a fourth round (expectations decided first)
FOURTH_ROUND = [
    ("Staff must be more careful when handling cash.", FLAG, FLAG),
    ("The manager expects you to take more responsibility.", FLAG, FLAG),
    ("Strive for excellence in everything you do.", FLAG, FLAG),
    ("Work more closely with the pharmacy team.", FLAG, FLAG),
    ("Be visible on the ward.", FLAG, FLAG),
    ("Engage with the wider business.", FLAG, FLAG),
    ("Be a role model for junior staff.", FLAG, FLAG),
    ("Reduce overtime spend in the distribution centre.", OK, FLAG),
    ("Increase the proportion of orders shipped on the same day.", OK, FLAG),
    ("Improve the retention rate of new volunteers.", OK, FLAG),
    ("Every delivery note is to be signed by the driver and the receiver.", OK, OK),
    ("Print and laminate the new allergen cards for every table.", OK, OK),
    ("Hand in the completed mileage claim form to payroll by the 5th of each month.", OK, OK),
    ("Present the quarterly safety figures at the March board meeting.", OK, OK),
    ("Write a risk assessment for the new cleaning chemicals.", OK, OK),
    ("Get the Level 2 First Aid at Work certificate.", OK, OK),
    ("Learn the new stock management software.", OK, FLAG),
    ("Write emails that customers can easily understand.", OK, FLAG),
    ("Attend team meetings regularly.", OK, FLAG),
]

# a fifth round (expectations decided first)
FIFTH_ROUND = [
    ("Show a willingness to learn.", FLAG, FLAG),
    ("Have a can-do attitude.", FLAG, FLAG),
    ("Make a bigger contribution to the team.", FLAG, FLAG),
    ("Raise the standard of your written work.", FLAG, FLAG),
    ("Reduce the backlog of unpaid supplier invoices.", OK, FLAG),
    ("Increase the number of patients seen within four hours in A&E.", OK, FLAG),
    ("Clean and restock the treatment room at the end of every clinic.", OK, OK),
    ("Complete a fire risk assessment of the kitchen.", OK, OK),
    ("Create a seating plan for each of your classes.", OK, OK),
    ("Move the stock records from the spreadsheet into the warehouse system.", OK, OK),
    ("Arrange a meeting with the union rep before the consultation starts.", OK, OK),
    ("Deliver the induction presentation to the September cohort.", OK, OK),
    ("Understand how the billing system calculates late fees.", OK, FLAG),
]

# a sixth round, mostly structured and long goals (expectations decided first)
SIXTH_ROUND = [
    ("Goal: Communicate better with the kitchen. Measure: fewer complaints.", FLAG, FLAG),
    ("Goal: Publish the allergen matrix for the new menu. Measure: matrix on the wall.", OK, OK),
    (
        "(What) Improve my confidence (Why) so I can lead handovers (How) by shadowing "
        "the charge nurse",
        FLAG,
        FLAG,
    ),
    (
        "(What) Run the Monday stand-up for the picking team (Why) to become a more visible leader",
        OK,
        OK,
    ),
    ("Employee must complete all outstanding appraisals for the team.", OK, OK),
    ("Employee must improve their attitude towards management.", FLAG, FLAG),
    ("Employee must take responsibility for their actions.", FLAG, FLAG),
    ("The employee will reduce the error rate on invoice entry.", OK, FLAG),
    ("Staff rotas should be emailed to all staff a fortnight in advance.", OK, OK),
    ("All spills must be cleaned up straight away and logged.", OK, OK),
    (
        "With the aim of becoming a more rounded manager, I will lead the recruitment of two "
        "new team leaders this year.",
        OK,
        OK,
    ),
    (
        "Using the feedback from the last inspection, write an action plan for the ward and "
        "agree it with the matron.",
        OK,
        OK,
    ),
    (
        "So that parents feel better informed, send home a termly report for every child in "
        "your class.",
        OK,
        OK,
    ),
    # the means names a concrete behaviour (specific), with no count or end (not measurable)
    ("Work on your confidence by presenting at team meetings.", OK, FLAG),
    ("Contribute to a culture of continuous improvement.", FLAG, FLAG),
    ("Deliver excellent customer service.", FLAG, FLAG),
    ("Handle complaints in a more professional manner.", FLAG, FLAG),
]

# Added after the fixes, one per behaviour they added (decided by the same rules).
FOLLOW_UP = [
    ("The checkout process will be faster.", FLAG, FLAG),
    ("By the end of June, complete the Safeguarding Level 2 course.", OK, OK),
    ("Take part in the summer open day at the depot.", OK, OK),
    ("If a resident falls, fill in an incident form before the end of the shift.", OK, OK),
    ("Promote kindness.", FLAG, FLAG),
    ("Email each supplier who missed a delivery slot.", OK, OK),
    ("Improve the accuracy of delivery notes at the goods-in desk.", OK, FLAG),
    ("Run the Friday stand-up for the night shift.", OK, OK),
    ("Because the audit is in May, update the asset register by the end of April.", OK, OK),
    ("Answer the phones in a more professional way.", FLAG, FLAG),
    ("Run a fire evacuation session for the kitchen porters by 30 November.", OK, OK),
    ("Deliver a session.", FLAG, FLAG),
    # a count of occasions measures the goal, not only its window (measure_evidence.py)
    (
        "Shadow the night manager for two shifts to get a better understanding of the role.",
        OK,
        OK,
    ),
]

# Audit sentences the analyser still gets wrong, kept out of the asserted set (see the report):
NOT_YET = [
    # the idiom "keep in touch" parses as the phrasal verb "keep in" + the object "touch"
    ("Keep in touch with the families of the residents.", OK, FLAG),
    # idiom: "pick up" is a concrete verb, and "the pace" says nothing concrete
    ("The associate needs to pick up the pace.", FLAG, FLAG),
    # the parser reads "the fire exits on ..." as a clause ("the fire exits"), no object left
    ("New starters should be shown the fire exits on their first day.", OK, OK),
]

# Things of a kind in a number nobody set are no deliverable; a set that is defined, a cadence,
# one for each of a set or a time each is held to makes them one. A state left by "make"
# that only an opinion can judge, more time, "lots of", a bare rule noun.
SEVENTH_ROUND = [
    ("Launch email campaigns for the spring menu.", OK, FLAG),
    ("Suggest new outdoor activities.", OK, FLAG),
    ("Write newsletters.", OK, FLAG),
    ("Write the two newsletters the parents' association asked for.", OK, OK),
    ("Send out newsletters every Friday.", OK, OK),
    ("Answer guest emails within four hours.", OK, OK),
    ("Draw up risk assessments for all the new play areas.", OK, OK),
    ("Close the assigned work orders.", OK, OK),
    ("Start shifts on time.", OK, OK),
    ("Make the booking page fast and reliable.", FLAG, FLAG),
    ("Make Checkout Fast and Reliable", FLAG, FLAG),
    ("Spend more time on the shop floor.", FLAG, FLAG),
    ("Spend two hours a day on the shop floor.", OK, OK),
    ("Sell lots of raffle tickets.", OK, FLAG),
    ("Follow procedure.", FLAG, FLAG),
    ("Follow the lone-working procedure on every night visit.", OK, OK),
    # a thing or a group said to be as someone would judge it; a state anyone can check
    ("The new booking website is user-friendly.", FLAG, FLAG),
    ("The library is a welcoming place.", FLAG, FLAG),
    ("The volunteers feel supported.", FLAG, FLAG),
    ("The stockroom door is locked at night.", OK, OK),
    # "with responsibility for ..." gives the role, not a manner
    ("Appoint a deputy manager with responsibility for the rota by September.", OK, OK),
    # a post held or not is a result; graded by an opinion it is a trait again
    ("Become a shift supervisor by the end of the year.", OK, OK),
    ("I would like to become a product manager.", OK, OK),
    ("Become a better manager.", FLAG, FLAG),
    # a subject to learn, named alone, has no end; a thing to know is named with which one
    ("Learn Kubernetes.", FLAG, FLAG),
    ("Learn the new rota system by June.", OK, FLAG),
]

# 2026-12-04: verbs that gather many things into one artefact make one list, however many
# things it holds, and whatever kind of thing they are
EIGHTH_ROUND = [
    ("Write down the unwritten house rules.", OK, OK),
    ("Compile common interview questions for the new panel.", OK, OK),
    ("Summarise the key lessons from the fire drill.", OK, OK),
    ("List the skills you want to build this year.", OK, OK),
    ("Collate parents' comments from the open evening.", OK, OK),
    ("Write letters.", OK, FLAG),
    # a status someone else confers is held or not, whatever noun the parser hangs it on
    ("I want to be a certified payroll professional by March.", OK, OK),
    ("Get licensed as a gas engineer by the end of the year.", OK, OK),
    ("Become more qualified.", FLAG, FLAG),
    # the time given to an act, and a wrapper's "to" + gerund, lead to the act
    ("Take time on Friday to email the three new suppliers.", OK, OK),
    ("Find a moment each morning to update the ward whiteboard.", OK, OK),
    ("Commit to logging every repair in the job sheet.", OK, OK),
    # a behaviour that spells out a vague one is the goal's own, so its count measures it
    ("Show patience by waiting for your turn to speak in 4 out of 5 team huddles.", OK, OK),
    ("Demonstrate teamwork by helping colleagues.", FLAG, FLAG),
    # a change verb done to one thing is an act, not a quantity moved
    ("Raise a maintenance ticket for every fault found on the line.", OK, OK),
    ("Raise the close rate.", OK, FLAG),
    # a measure that is also a business aggregate names a figure where the goal says which
    ("Cut costs.", FLAG, FLAG),
    ("Lower the food cost on the lunch menu.", OK, FLAG),
    ("Reduce the cost per hire.", OK, FLAG),
    ("Improve margins.", FLAG, FLAG),
]

NINTH_ROUND = [
    # "get to work" with a time or place is arriving; alone it may only mean starting
    ("Get to work by 7:30 on weekdays.", OK, OK),
    ("Get to work.", FLAG, FLAG),
    # an -ing word before a bare noun is the noun's modifier, unless the verb takes a gerund
    ("Audit cleaning logs on the first Monday of each month.", OK, OK),
    ("Remove tripping hazards from the loading bay by Friday.", OK, FLAG),
    # a habit verb's -ing word is the act itself; a hedge's is not
    ("Keep logging every call in the CRM.", OK, OK),
    ("Consider using the new template.", FLAG, FLAG),
    ("Keep improving your writing.", FLAG, FLAG),
    # "on time" says how an arrival is timed, not what it acts on: being on time is seen or
    # not (it is no time bound, though)
    ("Be on time.", OK, OK),
    ("We expect you to arrive on time for all scheduled shifts.", OK, OK),
    # taking part in one named event is attendance; in events of a kind it is open-ended
    ("Participate in the negotiation workshop by June.", OK, OK),
    ("Participate in team meetings.", FLAG, FLAG),
    # a proposal or an effort word wraps the act it is about
    ("Let’s reduce compliance violations by June.", OK, FLAG),
    ("Please do your best to hand in the timesheet by Friday.", OK, OK),
    ("Do your best.", FLAG, FLAG),
    # a bare participle after a noun says which of its things; the change's figure is the goal's
    ("Reduce the number of nurses turned over by 10% this year.", OK, OK),
    # an -ing modifier of a noun does not make it a generic one
    ("Run learning sessions for the new starters.", OK, OK),
    # knowing how to do a named thing can be tested; proficiency alone, or in a kind, cannot
    ("Be proficient in setting up the pallet wrapper by the end of the month.", OK, FLAG),
    ("Be proficient.", FLAG, FLAG),
    ("Get familiar with company policies.", FLAG, FLAG),
    ("Become more fluent in Spanish.", FLAG, FLAG),
    # motivating people is a verb of intent, like inspiring them: concrete only on a thing
    ("Motivate your team.", FLAG, FLAG),
    # a thing wanted in a state someone can check is a thing got done; in a state only an
    # opinion can judge it is not
    ("We need the vans serviced before the winter.", OK, OK),
    ("I want my desk tidied.", FLAG, FLAG),
    # a service level in seconds or milliseconds is a threshold, as one in minutes is
    ("Make sure the site responds within 2 seconds.", OK, OK),
    # a post reached is held or not, whatever verb says the promotion ("promote" is also
    # open-ended: "promote a culture of safety")
    ("I want to get promoted to Senior Administrator at the Leeds branch.", OK, OK),
    ("Promote a culture of safety.", FLAG, FLAG),
]

TENTH_ROUND = [
    # a name that only says which kind of skill leaves it a skill; a name the quality
    # belongs to is a thing measured
    ("Develop your PowerPoint skills.", FLAG, FLAG),
    ("Build up your Jira knowledge.", FLAG, FLAG),
    ("Improve the performance of the Checkout API.", OK, FLAG),
    # the place after a verb of arriving is where one arrives, whatever noun says it
    ("Arrive at work by 8 am every weekday.", OK, OK),
    ("Start arriving at the depot at or before 6:45 from Monday.", OK, OK),
    # a manager's recommendation wraps the act it recommends
    ("We recommend that you log each call in the CRM before the end of your shift.", OK, OK),
    ("We suggest you work on your attitude.", FLAG, FLAG),
    # a template's letters, a range and a named slot stand for the change's figures
    ("Cut the average wait from X to Y minutes by June.", OK, OK),
    ("Raise the survey score from A% to B% this year.", OK, OK),
    ("Lift the utilisation rate from 88%-92% by the end of the year.", OK, OK),
    ("Reduce reversing accidents by a set percentage this year.", OK, OK),
    # a change needs its figures, whatever its rhythm; an act on each of a set is done or not
    ("Increase the number of volunteers every year.", OK, FLAG),
    ("Raise every safeguarding concern at the daily handover.", OK, OK),
]

ALL = (
    TRAITS
    + ABSTRACT
    + COMPARATIVES
    + GENERIC
    + VAGUE_VERBS
    + NAMED_METRICS
    + DELIVERABLES
    + NOT_MEASURABLE
    + PURPOSE_CLAUSES
    + SECOND_ROUND
    + THIRD_ROUND
    + FOURTH_ROUND
    + FIFTH_ROUND
    + SIXTH_ROUND
    + FOLLOW_UP
    + SEVENTH_ROUND
    + EIGHTH_ROUND
    + NINTH_ROUND
    + TENTH_ROUND
)


@pytest.mark.parametrize(("goal", "specific", "measurable"), ALL, ids=lambda v: str(v)[:50])
def test_specific_and_measurable_from_structure(engine, goal, specific, measurable):
    analysis = engine.analyze(goal)
    assert (not analysis.flagged(S), not analysis.flagged(M)) == (specific, measurable)


@pytest.mark.parametrize(("goal", "specific", "measurable"), NOT_YET, ids=lambda v: str(v)[:50])
# Strict: a misreading that gets fixed fails here, so it moves into the asserted set.
@pytest.mark.xfail(reason="known misreadings, listed in NOT_YET", strict=True)
def test_not_yet_read_right(engine, goal, specific, measurable):
    analysis = engine.analyze(goal)
    assert (not analysis.flagged(S), not analysis.flagged(M)) == (specific, measurable)
