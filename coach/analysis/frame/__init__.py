"""The goal frame: what a goal asks someone to do, read from its dependency parse.

A bag of words cannot tell "Attend the workshop to improve communication" (a concrete main action
with a vague purpose) from "Improve communication" (nothing concrete at all). The frame can: it
finds the main action(s) — the root verb, looking through wrappers such as "aim to", "be able to",
"my goal is to", "ensure that", and its coordinated verbs — with their objects, and sets apart
what only explains the action: purpose ("to ...", "so that ..."), means ("by ...ing") and
condition ("if/when ...") clauses. Goals without a verb ("Reduced inventory", "A 10% increase in
reviews") are read as a change or an outcome on their head noun.

Each main action is then judged, with the word classes of `rules/lexicon.yaml`:
- concrete: it acts on something concrete (a named artefact, a metric, a person, a count);
- or one problem: a trait ("be more proactive"), a vague action ("develop your skills"), a change
  in an unnamed aggregate ("reduce turnover"), a bare comparative ("do more"), a generic object
  ("finish a project");
- and whether it is an observable deliverable (measurable without a number): concrete, not
  open-ended ("maintain", "hold regular catch-ups"), not still being learnt ("learn how to ..."),
  not judged by a subjective test ("reports that need little editing").

An object is made concrete by what completes it: a generic noun by its topic ("a course in
Excel pivot tables", the phrase often hung on the verb by the parser), and a vague action by
a list of concrete behaviours that spells it out ("show respect (no interrupting, no raised
voice)", "such as ...", "including ...", a colon, "by ...ing").

The frame knows nothing of rules: `kinds/frame` turns its problems into findings, and the engine
reads its concrete actions and deliverables as evidence fields.

The package: goal_frame.py holds what the frame is (`GoalFrame`, `Action`); build.py reads it
sentence by sentence; main_actions.py finds the main actions and the clauses that only explain
them; objects.py finds what an action acts on; judging.py judges each action (concrete, its
problem, an observable deliverable).
"""

from coach.analysis.frame.build import build_frame, context_sentences, typo_lemmas
from coach.analysis.frame.goal_frame import PROBLEMS, Action, GoalFrame

__all__ = ["PROBLEMS", "Action", "GoalFrame", "build_frame", "context_sentences", "typo_lemmas"]
