"""The word tables the time grammar is built from: months, weekdays, units of time, cadence
words, event and plan nouns, ordinals, and the wording that sounds like time but sets no bound.
Plain data: the regexes are built from these in patterns.py and grammar.py."""

from __future__ import annotations

import calendar


def wordlist(words: str) -> list[str]:
    """A table written as words separated by spaces, as it reads best."""
    return words.split()


MONTHS = {calendar.month_name[n].lower(): n for n in range(1, 13)}
MONTH_ABBREVIATIONS = {calendar.month_abbr[n].lower(): n for n in range(1, 13)} | {"sept": 9}
AMBIGUOUS_MONTHS = frozenset({"may", "march"})  # English verbs too
WEEKDAYS = {calendar.day_name[n].lower(): n for n in range(7)}
UNIT_DAYS: dict[str, int | None] = {  # None: shorter than a day, or of no fixed length
    "millisecond": None, "ms": None, "msec": None,
    "second": None, "sec": None, "minute": None, "min": None, "hour": None, "hr": None,
    "h": None, "day": 1, "week": 7, "wk": 7, "fortnight": 14, "month": 30, "mo": 30,
    "quarter": 91, "year": 365, "yr": 365, "sprint": None, "shift": None, "workday": 1,
    "weekday": 1,
    # a period a workplace counts in, named by what it counts ("pay period", "billing cycle")
    "period": None, "cycle": None,
}  # fmt: skip
# What a workplace period is named by: "over the next two pay periods", "within 3 billing cycles".
PERIOD_QUALIFIERS = wordlist("pay payroll billing reporting accounting review rota budget")
CADENCE_WORDS: dict[str, int | None] = {
    "hourly": None, "daily": 1, "nightly": 1, "weekly": 7, "biweekly": 14, "fortnightly": 14,
    "semimonthly": 15, "monthly": 30, "bimonthly": 60, "quarterly": 91, "semiannual": 182,
    "semiannually": 182, "biannual": 182, "biannually": 182, "annual": 365, "annually": 365,
    "yearly": 365,
}  # fmt: skip
# After a cadence word these make it a metric's unit ("monthly revenue", "annual leave").
METRIC_NOUNS = wordlist(
    "leave revenue revenues sales income turnover churn budget spend spending cost costs growth "
    "rate quota target targets volume allowance bonus salary pay wage wages active recurring "
    "average total limit cap"
)
# Occasions that recur or will happen: "before each release", "at every stand-up".
EVENT_NOUNS = wordlist(
    "review reviews meeting meetings release releases audit audits deadline deadlines launch "
    "deployment deployments go-live handover handoff hand-off check-in check-ins checkin 1:1 "
    "one-on-one stand-up stand-ups standup standups huddle huddles retro retrospective "
    "retrospectives sprint sprints demo demos presentation session sessions appointment visit "
    "visits interview interviews inspection inspections evaluation assessment appraisal exam "
    "examination conference event events meetup meetups workshop workshops class classes lesson "
    "lessons term semester cycle iteration milestone checkpoint kickoff kick-off round rounds "
    "shift shifts submission submissions rollout cutover receipt mid-point midpoint pip plan "
    "probation period course training one-to-one one-to-ones 1-to-1 1-to-1s supervision "
    "supervisions half-term half-terms"
)
# Occasions that recur, said in the plural with no determiner: "reflect after lessons", "speak up
# at meetings" is at each one (a cadence). Events, conferences and courses are occasions a goal
# names ("speak at events"), not ones it is timed by.
RECURRING_OCCASIONS = wordlist(
    "reviews meetings releases audits deployments check-ins checkins stand-ups standups huddles "
    "retrospectives retros sprints demos sessions visits interviews inspections lessons rounds "
    "shifts handovers handoffs one-to-ones 1:1s supervisions walk-throughs walkthroughs "
    "appointments"
)
# Stints a goal is set within, whose end is known to everyone in them: "during my preceptorship".
STINT_NOUNS = (
    "placement", "secondment", "rotation", "internship", "apprenticeship", "induction",
    "preceptorship", "residency", "traineeship", "practicum", "clerkship", "orientation period",
    "onboarding period",
)  # fmt: skip
STINTS = "|".join(noun.replace(" ", r"\s+") for noun in STINT_NOUNS)
# Seasons and holidays: "by the summer", "before Christmas", "over the winter", "by half-term".
SEASONS = wordlist(
    "summer winter autumn spring christmas easter half-term half term new year holidays "
    "summer holidays christmas holidays easter holidays festive season peak season"
)
# One-off project events said without an article: "by launch", "before go-live".
BARE_EVENTS = wordlist(
    "launch go-live golive handover cutover kickoff kick-off rollout release deployment sign-off "
    "year-end month-end quarter-end"
)
# "approved by the review board": there the event word only modifies the noun after it.
HEAD_NOUNS = wordlist("board panel team committee group process template form tool notes score")
SCHEDULE_ADJECTIVES = frozenset(
    wordlist(
        "agreed estimated requested original committed planned given set scheduled target "
        "required expected allotted allocated allowed stated stipulated published contractual "
        "completion due promised"
    )
)
VAGUE_ADJECTIVES = frozenset(
    wordlist("specified certain reasonable acceptable appropriate suitable")
)
PLAN_NOUNS = (
    r"(?:performance\s+)?improvement\s+(?:plan|period)|pip(?:\s+(?:period|plan|window|term))?"
    r"|plan(?:\s+(?:period|window|term))?|(?:review|evaluation|assessment|coaching|support)"
    r"\s+period|probation(?:ary)?(?:\s+period)?"
)
PERIOD_NOUNS = (
    r"period|window|plan|pip|timeline|time\s*frame|sla|turnaround|deadline|programme|program|mark"
    r"|probation(?:ary)?\s+period|improvement\s+plan|action\s+plan|cycle"
    # a stint the goal is set within: "during my two-week hospital placement"
    rf"|{STINTS}|stint"
    # the window a metric is averaged over: "a 7-day average rating", "the 30-day rolling rate"
    r"|average|avg|rolling|moving\s+average"
)
START_WORDS = r"now|today|the\s+start(?:\s+of\s+the\s+(?:plan|pip))?|the\s+plan\s+start|start"
NOT_A_BOUND = (
    "on time", "on-time", "in time", "on schedule", "ahead of schedule", "timely", "promptly",
    "quickly", "as quickly as possible", "punctually", "punctual", "in a timely way",
    "in a timely manner", "in a timely fashion", "ongoing", "on an ongoing basis",
    "on a regular basis", "at regular intervals", "on a continuous basis", "on an as-needed basis",
    "forever", "indefinitely", "as needed", "as-needed", "as required", "as necessary",
    "when needed", "when necessary", "when possible", "whenever possible", "as and when",
    "at all times", "all the time", "any time", "anytime", "24/7", "round the clock",
    "around the clock", "regularly", "frequently", "often", "periodically", "occasionally",
    "continuously", "continually", "constantly", "consistently", "routinely", "from time to time",
    "every now and then", "every so often", "now and then", "asap", "a.s.a.p.", "soon",
    "as soon as possible", "as soon as practicable", "as soon as feasible", "as early as possible",
    "at the earliest opportunity", "eventually", "someday", "some day", "at some point",
    "in due course", "when time permits", "time permitting", "sooner or later", "before long",
    "shortly", "going forward", "moving forward", "from now on", "henceforth", "over time",
    "in the future", "in future", "in the near future", "in the long run", "in the long term",
    "over the long term", "in the short term", "long-term", "long term",
)  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "sixth": 6, "final": 4, "initial": 1, "next": 1, "following": 1, "coming": 1,
    "upcoming": 1, "subsequent": 1, "remaining": 1,
}  # fmt: skip
ABBREVIATED_ENDS = {"eow": "week", "eom": "month", "eoq": "quarter", "eoy": "year", "eofy": "year"}
TIME_LEADS = frozenset({"by", "at", "before", "until", "till", "til", "no later than", "starting"})
