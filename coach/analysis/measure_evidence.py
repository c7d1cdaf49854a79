"""What measures the goal: which of the numbers, dates and deliverables found are the goal's
own test, read from the parse after the fields are found.

- A deliverable done "more quickly", "properly" or "more seriously" is judged by its manner,
  and a manner of degree or of opinion is not a yes/no test: "respond to customer emails more
  quickly" is done or not, but whether it was quick enough is anyone's call.
- A linking verb with an adjective states how someone is or feels ("feel more comfortable
  leading stand-ups", "get better at Excel"), even when the parser hangs a noun on it.
- A number that only describes a thing ("the 8-person night team", "a 50-bed ward") or only
  says where things start ("improve the survey results from last year's 58%", with no
  target) measures nothing the goal asks for.
- An opening phrase that gives the reason or the role ("Following the 3 complaints received
  in March, ...", "As one of 3 team leaders, ...") sets the scene: its numbers, and the dates
  of a reason, are not the goal's.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from coach.analysis.frame import GoalFrame
from coach.analysis.frame.goal_frame import Action
from coach.analysis.frame.manner import judged_manner
from coach.analysis.goal_fields import MEASURE_FIELDS, TIME_FIELDS, drop_within, set_field
from coach.analysis.lexicon import Lexicon

# Opening prepositions of a phrase that gives the reason, or the role, the goal starts from.
REASON_PREPS = frozenset(
    {"following", "given", "since", "despite", "due", "because", "considering", "after"}
)
ROLE_PREPS = frozenset({"as", "with"})
# A date in one of these openings is the reason's, not the goal's ("Following the audit in
# March"); "after" is left out: "after each delivery" is an occasion, "after 1 June" a start.
REASON_TIME_PREPS = REASON_PREPS - {"after"}
# "as of 1 June", "as from Monday": a start, not a role.
NOT_A_ROLE_NEXT = frozenset({"of", "from", "soon", "long", "well"})
# Adjectives after a linking verb that are states anyone can check ("be present at ...").
CHECKABLE_STATES = frozenset({"present", "early", "late", "absent", "on"})
# Modifiers of degree that may stand between a linking verb and its adjective.
DEGREE_WORDS = frozenset({"more", "less", "much", "very", "far", "even", "so", "too"})
# A descriptor's noun that is itself a measure: "a 5-star rating", "a 24-hour turnaround".
MEASURED_NOUNS = frozenset({"rating", "star", "review", "grade", "point"})

# Verbs that, with a particle of direction, say a figure should move ("bring down").
CHANGE_BY_PARTICLE = frozenset(
    {"bring", "drive", "push", "cut", "scale", "step", "ramp", "speed", "knock", "bump"}
)
CHANGE_PARTICLES = frozenset({"down", "up", "back"})
TARGET_PREPS = frozenset({"to", "into", "under", "below", "above", "over", "at"})
# "on every shift", "at each visit", "for every scheduled shift": a cadence of occasions.
OCCASION_WORDS = frozenset({"every", "each", "on", "at", "for", "before", "after", "during"})
OCCASION_UNITS = frozenset({"shift", "sprint", "session", "visit", "round"})
# Levels a goal may name without a figure: "to a minimum", "to the expected level".
LEVEL_NOUNS = frozenset({"minimum", "maximum", "level", "standard", "degree", "extent"})
NAMING_DEPS = frozenset({"prep", "acl", "relcl", "compound", "appos"})
RATE_WORDS = frozenset({"per", "a", "an", "each", "every", "/"})  # "an hour per day"


def weigh_measures(
    fields: dict[str, list[Span]], doc: Doc, frame: GoalFrame, lexicon: Lexicon
) -> None:
    """Drop from `fields` the deliverables judged by manner or stating a feeling, and the
    numbers and dates that belong to the scene rather than the goal."""
    judged = [action for action in frame.deliverables if not is_yes_no(action, lexicon)]
    if judged and "deliverable" in fields:
        gone = {(a.span.start, a.span.end) for a in judged}
        kept = [s for s in fields["deliverable"] if (s.start, s.end) not in gone]
        set_field(fields, "deliverable", kept)
    times = [t.i for name in TIME_FIELDS.values() for span in fields.get(name, []) for t in span]
    occasions = [
        t.i for span in fields.get("cadence", []) if span[0].lower_ in OCCASION_WORDS for t in span
    ]
    done = [
        span
        for action in frame.actions
        if not action.deliverable and action.role == "main" and is_yes_no(action, lexicon)
        for span in (
            kept_up_for_a_time(action, times, occasions, lexicon),
            had_done(action, lexicon),
            cleared_to_zero(action, lexicon),
        )
        if span is not None
    ]
    if done:
        set_field(fields, "deliverable", [*fields.get("deliverable", []), *done])
    scene, reasons = opening_scene(doc)
    for name in MEASURE_FIELDS:
        drop_within(fields, name, scene)
    for name in TIME_FIELDS.values():
        drop_within(fields, name, reasons)
    # "by half-term", "at the 30-day review": a number in the name of an occasion
    events = frozenset(t.i for span in fields.get("time_relative", []) for t in span)
    drop_within(fields, "quantity", events)
    if "quantity" in fields:
        kept = [
            s
            for s in fields["quantity"]
            if not describes_a_thing(s, lexicon) and not numbers_a_thing(s, lexicon)
        ]
        changes = lexicon.classes.get("change_verbs", frozenset())
        asks_a_change = any(action.lemma in changes for action in frame.actions)
        if asks_a_change and "change" not in fields and all(only_a_starting_point(s) for s in kept):
            kept = []
        set_field(fields, "quantity", kept)
    set_field(
        fields,
        "quantity",
        [
            *fields.get("quantity", []),
            *time_worked(fields),
            *occasions_counted(fields),
            *levels_to_reach(fields, lexicon),
        ],
    )


def acts_on_each(head: Token) -> bool:
    """ "Raise every safeguarding concern at handover": done to each of a set of things."""
    return any(
        child.dep_ in ("dobj", "obj")
        and any(c.dep_ == "det" and c.lower_ in ("every", "each", "all") for c in child.children)
        for child in head.children
    )


def kept_up_for_a_time(
    action: Action, times: list[int], occasions: list[int], lexicon: Lexicon
) -> Span | None:
    """ "Keep the loading bay clear during the next 4 weeks", "use the new till every shift":
    an open-ended action on a named thing is kept up or not over a stated time, so it can be
    checked; without the time ("keep the bay clear") it never ends."""
    head = action.head
    classes = lexicon.classes
    if not action.concrete:
        return None
    subtree = {t.i for t in head.subtree}
    if not any(i in subtree for i in times):
        return None
    if head.lemma_.lower() in classes.get("change_verbs", ()) and not acts_on_each(head):
        return None  # "increase patients every year": a change needs its figures, not a rhythm
    if head.lemma_.lower() not in classes.get("open_ended_verbs", ()):
        # "arrive on time for every scheduled shift", "greet each patient at every visit":
        # a concrete act on each of a schedule's occasions is done or not, each time
        return action.span if any(i in subtree for i in occasions) else None
    vague = frozenset().union(
        *(
            classes.get(name, frozenset())
            for name in ("abstract_nouns", "conduct_nouns", "person_nouns")
        )
    )
    things = [
        child
        for child in head.children
        if child.dep_ in ("dobj", "obj")
        and child.pos_ in ("NOUN", "PROPN")
        and child.lemma_.lower() not in vague
    ]
    return action.span if things else None


def had_done(action: Action, lexicon: Lexicon) -> Span | None:
    """ "Get the fleet vehicles serviced", "have the contract signed by the client": the thing
    ends up done (by someone), which can be checked."""
    head = action.head
    if head.lemma_.lower() not in ("get", "have"):
        return None
    people = lexicon.classes.get("person_nouns", frozenset())
    for result in head.children:
        if result.dep_ in ("ccomp", "xcomp", "oprd") and result.tag_ == "VBN":
            subjects = [c for c in result.children if c.dep_ in ("nsubj", "nsubjpass")]
            if any(c.pos_ in ("NOUN", "PROPN") and c.lemma_.lower() not in people
                   for c in subjects):  # fmt: skip
                return head.doc[head.i : result.i + 1]
    # "get the audit actions closed": the parser often hangs the result on the thing
    for thing in head.children:
        if thing.dep_ in ("dobj", "obj") and thing.pos_ in ("NOUN", "PROPN"):
            if thing.lemma_.lower() in people:
                continue
            for result in thing.children:
                if result.dep_ == "acl" and result.tag_ == "VBN" and result.i == thing.i + 1:
                    return head.doc[head.i : result.i + 1]
    return None


def cleared_to_zero(action: Action, lexicon: Lexicon) -> Span | None:
    """ "Clear the repairs backlog", "clear the overdue maintenance jobs", "close out the
    remaining audit findings": work waiting to be done brought to none left is a yes/no end
    state (nothing outstanding), however many there were; "reduce the backlog" asks for a
    change and is measured by how far."""
    classes = lexicon.classes
    if not action.concrete or action.lemma not in classes.get("clearing_verbs", ()):
        return None
    backlogs = classes.get("backlog_nouns", frozenset())
    pending = classes.get("pending_words", frozenset())
    for noun in action.head.children:
        if noun.dep_ not in ("dobj", "obj", "nsubjpass", "npadvmod") or noun.pos_ != "NOUN":
            continue
        if noun.lemma_.lower() in backlogs or noun.lower_ in backlogs:
            return action.span
        waiting = any(
            (child.dep_ in ("amod", "compound", "acl") and child.lemma_.lower() in pending)
            or child.lower_ in pending
            for child in noun.children
        )
        if waiting and noun.tag_ in ("NNS", "NNPS"):
            return action.span  # "the overdue invoices": every one of them, each one checked
    return None


def occasions_counted(fields: dict[str, list[Span]]) -> list[Span]:
    """ "shadow a senior pharmacist for 3 shifts", "over the next 6 sprints": a count of
    occasions, which have no fixed length, is a count someone can check, not only a window."""
    return [
        span
        for span in fields.get("duration", [])
        if any(t.like_num for t in span) and any(t.lemma_.lower() in OCCASION_UNITS for t in span)
    ]


def time_worked(fields: dict[str, list[Span]]) -> list[Span]:
    """ "work at least one hour per day", "2 hours of study per week": an amount of time with
    a rate right after it is an amount of work, counted period by period."""
    rates = [s for s in fields.get("cadence", []) if s[0].lower_ in RATE_WORDS]
    worked = []
    for duration in fields.get("duration", []):
        for rate in rates:
            between = duration.doc[duration.end : rate.start]
            if 0 <= len(between) <= 3 and not any(t.is_punct for t in between):
                worked.append(duration)
                break
    return worked


def is_yes_no(action: Action, lexicon: Lexicon) -> bool:
    """Is a deliverable done or not, rather than judged by its manner or a feeling?"""
    head = action.head
    if head.pos_ not in ("VERB", "AUX") or action.spelt_out:
        return True  # "be more courteous (greeting each guest ...)": the list is the test
    # the manner hangs on the verb or, as the parser often has it, on the object
    holders = [head, *(c for c in head.children if c.dep_ in ("dobj", "obj"))]
    if any(
        judged_manner(child, lexicon)
        for holder in holders
        for child in holder.children
        if child.dep_ == "advmod"
    ):
        return False
    if any(judged_standard(child, lexicon) for child in head.children if child.dep_ == "prep"):
        return False
    if any(compared_thing(child) for child in head.children if child.dep_ in ("dobj", "obj")):
        return False
    if moves_a_figure(head):
        return False
    return not states_a_feeling(head, lexicon)


def moves_a_figure(verb: Token) -> bool:
    """ "bring down waiting times", "drive up conversion", "speed up the close": a phrasal
    verb of change asks for a figure to move, and is measured by how far, not by being done."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    return particle in CHANGE_PARTICLES and verb.lemma_.lower() in CHANGE_BY_PARTICLE


def judged_standard(prep: Token, lexicon: Lexicon) -> bool:
    """ "to a high standard", "in a professional manner", "to a minimum": a standard, manner
    or level nobody names, with no number in it."""
    abstract = lexicon.classes.get("abstract_nouns", frozenset()) | LEVEL_NOUNS
    return any(
        p.dep_ == "pobj"
        and p.lemma_.lower() in abstract
        and not any(t.like_num for t in p.subtree)
        and not any(c.dep_ in NAMING_DEPS for c in p.children)  # "the standard in the guide"
        and (
            p.lemma_.lower() in ("minimum", "maximum") or any(c.dep_ == "amod" for c in p.children)
        )
        for p in prep.children
    )


def compared_thing(noun: Token) -> bool:
    """ "take a more structured approach", "write clearer notes": the thing is asked to be
    better than before, by no stated amount ("more volunteers" asks for a count, read apart)."""
    return any(
        c.dep_ == "amod"
        and (c.tag_ == "JJR" or any(m.lower_ in ("more", "less") for m in c.children))
        for c in noun.children
    ) and not any(t.like_num for t in noun.subtree)


def states_a_feeling(verb: Token, lexicon: Lexicon) -> bool:
    """ "feel more comfortable leading stand-ups", "get better at using Excel": a linking verb
    whose next words are an adjective (of degree or not) says how someone is."""
    if verb.lemma_.lower() not in lexicon.classes.get("linking_verbs", frozenset()):
        return False
    doc = verb.doc
    index = verb.i + 1
    while index < len(doc) and doc[index].lower_ in DEGREE_WORDS and doc[index].tag_ != "JJR":
        index += 1
    if index >= len(doc):
        return False
    word = doc[index]
    return word.tag_ in ("JJ", "JJR", "JJS", "RBR") and word.lower_ not in CHECKABLE_STATES


def opening_scene(doc: Doc) -> tuple[frozenset[int], frozenset[int]]:
    """Tokens of the phrases that open a sentence with a reason or a role, before a comma
    ("Following the audit, ...", "As one of 3 leads, ..."); and, of those, the ones whose
    dates are the reason's too."""
    scene: set[int] = set()
    reasons: set[int] = set()
    for sentence in doc.sents:
        root = sentence.root
        for prep in root.children:
            if prep.i > root.i or prep.dep_ not in ("prep", "advcl", "advmod"):
                continue
            word = prep.lower_
            following = doc[prep.i + 1].lower_ if prep.i + 1 < len(doc) else ""
            if word in ROLE_PREPS and following in NOT_A_ROLE_NEXT:
                continue
            if word not in REASON_PREPS | ROLE_PREPS or not _ends_in_comma(prep, root):
                continue
            tokens = {t.i for t in prep.subtree}
            scene |= tokens
            if word in REASON_TIME_PREPS:
                reasons |= tokens
    return frozenset(scene), frozenset(reasons)


def describes_a_thing(span: Span, lexicon: Lexicon) -> bool:
    """ "the 8-person night team", "a 50-bed ward", "a 2-day course": a number joined by a
    hyphen to a noun that modifies another noun says which thing, not how much."""
    if len(span) != 1 or not span[0].like_num:
        return False
    doc = span.doc
    number = span[0]
    if number.i + 2 >= len(doc) or doc[number.i + 1].text != "-":
        return False
    unit = doc[number.i + 2]
    thing = unit.head
    if unit.pos_ != "NOUN" or unit.dep_ not in ("compound", "amod", "nmod") or thing is unit:
        return False
    metrics = lexicon.classes.get("metric_nouns", frozenset())
    words = {unit.lemma_.lower(), thing.lemma_.lower()}
    return thing.pos_ in ("NOUN", "PROPN") and not words & (metrics | MEASURED_NOUNS)


def numbers_a_thing(span: Span, lexicon: Lexicon) -> bool:
    """ "on Ward 6", "Line 2", "Year 9 science", "Windows 11": a number after a noun, and
    hung on it, is that thing's name, not an amount. After a metric noun it is the value to
    reach ("NPS 40"), so it stays a quantity."""
    if len(span) != 1 or not span[0].like_num:
        return False
    number = span[0]
    if number.i == 0 or number.dep_ != "nummod":
        return False
    named = number.doc[number.i - 1]
    if named.pos_ not in ("NOUN", "PROPN") or not named.is_alpha:
        return False
    named_by_parse = number.head.i == named.i
    if not named_by_parse and not (named.dep_ == "compound" and named.head.i == number.head.i):
        return False  # "Year 9 science": "9" counts "science" in the parse, "Year" names it
    metrics = lexicon.classes["metric_nouns"]
    return named.lemma_.lower() not in metrics and named.lower_ not in metrics


def levels_to_reach(fields: dict[str, list[Span]], lexicon: Lexicon) -> list[Span]:
    """ "Reach level 3", "achieve Band 7": a named level that a target verb acts on is the
    threshold the goal sets ("Pass the Level 3 exam" names a course, a deliverable already)."""
    targets = lexicon.classes["target_verbs"]
    return [
        span
        for span in fields.get("named_number", [])
        if span.root.dep_ == "dobj" and span.root.head.lemma_.lower() in targets
    ]


def only_a_starting_point(span: Span) -> bool:
    """ "from last year's 58%" with no target: where things stand, not where they must go."""
    for ancestor in _ancestors(span.root, 3):
        if ancestor.dep_ == "prep" and ancestor.lower_ in TARGET_PREPS:
            return False  # "from [X] to [Y]": the parser may hang the target under the start
        if ancestor.dep_ == "prep" and ancestor.lower_ == "from":
            # "from [X] to [Y]" names a target, even one not written as a number
            return not any(
                t.dep_ == "prep" and t.lower_ in TARGET_PREPS and t.i > ancestor.i
                for t in (*ancestor.children, *ancestor.head.children)
            )
    return False


def _ancestors(token: Token, depth: int) -> Iterable[Token]:
    for _ in range(depth):
        if token.head is token:
            return
        token = token.head
        yield token


def _ends_in_comma(prep: Token, root: Token) -> bool:
    """Does the phrase end just before a comma that comes before the main verb?"""
    end = prep.right_edge.i + 1
    return end < root.i and prep.doc[end].text == ","
