"""Ordinary and worst-case inputs for what anyone may send without logging in.

Shared by bench_attack.py (sent to gunicorn by attackers) and bench_cost.py (timed in process).
Every size comes from the app's own limits, so the worst cases follow them when they change;
tokens are counted by the pipeline's own tokenizer, as the app counts them.

The worst goals pass every check of coach.analysis.limits (length, runs, MAX_GOAL_TOKENS) and
are built to make spaCy and the goal frame do the most work, which grows with the tokens:

* token-dense: "1m 1m 1m ..." to the token limit ("1m" is two tokens);
* dash runs: runs of "—" at the run limit (the tokenizer's quadratic case, cut at the limit);
* dates: "1 May 2026 to 2 June 2027, ..." (numbers and dates for the timex scanner);
* figures: percentages, times, priorities and a date, as dense as a real goal can be;
* coordinated verbs ("Improve Improve ..."), a noun chain ("Lead Lead ...") and a list of
  commands ("Publish the report, ..."): the shapes that were exponential, cubic and quadratic
  in the goal frame before it was fixed.

Over the limits (refused; what the refusal costs): a 1,000-character flood of dash runs
(tokenized, then refused), 50 token-dense goals at the API's old limits, 20,000 characters.

Classify and suggest (`/api/classify`, `/api/resources?text=`) take up to MAX_TEXT_CHARS, cut
whitespace-free runs and refuse more than MAX_TEXT_TOKENS: "10,000 dashes" is the run the limit
cuts, "10,000 spaced letters" 5,000 tokens (refused), and the texts at the token limit the
worst that is parsed.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from coach.analysis.limits import MAX_GOAL_CHARS, MAX_GOAL_TOKENS, MAX_RUN_CHARS
from coach.resources.text import MAX_TEXT_TOKENS
from coach.web.api.routes import MAX_QUERY_CHARS, MAX_TEXT_CHARS
from coach.web.config import DEFAULTS

ROOT = Path(__file__).resolve().parents[1]
DEV_GOALS = ROOT.parent / "shared" / "eval" / "dev-goals.jsonl"


def limit(name: str) -> int:
    return int(DEFAULTS[name])  # type: ignore[call-overload]


MAX_BATCH_GOALS = limit("MAX_BATCH_GOALS")
MAX_BATCH_CHARS = limit("MAX_BATCH_CHARS")
MAX_BATCH_TOKENS = limit("MAX_BATCH_TOKENS")
ANONYMOUS_BATCH_GOALS = limit("ANONYMOUS_BATCH_GOALS")
ANONYMOUS_BATCH_CHARS = limit("ANONYMOUS_BATCH_CHARS")
ANONYMOUS_BATCH_TOKENS = limit("ANONYMOUS_BATCH_TOKENS")
MAX_GAP_CHARS = limit("MAX_GAP_CHARS")
MAX_CONTENT_LENGTH = limit("MAX_CONTENT_LENGTH")
# gunicorn's default limit_request_line: a GET whose request line is longer gets 414 from
# gunicorn itself, before the app sees it (the Flask test client has no such limit).
GUNICORN_REQUEST_LINE = 4094

BUILT_IN_GOALS = [
    "Be more proactive",
    "Improve communication with the team and be more proactive",
    "Respond to 95% of customer emails within 24 hours by 30 June 2026",
    "Reduce the defect rate of the billing module from 8% to 3% over the next 60 days",
    "Send a written status update to the project lead every Friday by 5 PM and flag any risk "
    "to the delivery date the same day",
    "Complete the data privacy course and pass its assessment with at least 80% by 15 March "
    "2026, then share three lessons with the team at the next monthly meeting",
]


def ordinary_goals() -> list[str]:
    """The labelled development goals (../shared/eval/dev-goals.jsonl) when present, else a
    built-in list; only goals within the length limit."""
    if DEV_GOALS.exists():
        lines = DEV_GOALS.read_text(encoding="utf-8").splitlines()
        goals = [json.loads(line)["text"] for line in lines if line.strip()]
    else:
        goals = BUILT_IN_GOALS
    return [goal for goal in goals if 0 < len(goal) <= MAX_GOAL_CHARS]


def goals_source() -> str:
    return str(DEV_GOALS) if DEV_GOALS.exists() else "the built-in goals"


@functools.cache
def tokenizer():
    """The pipeline's own tokenizer (what the app counts tokens with)."""
    from coach.analysis.pipeline import load_pipeline

    return load_pipeline().tokenizer


def tokens(text: str) -> int:
    return len(tokenizer()(text))


def repeated(unit: str, max_chars: int, max_tokens: int | None = None) -> str:
    """`unit` repeated while the text stays within `max_chars` and `max_tokens`."""
    text = ""
    while len(text + unit) <= max_chars and (
        max_tokens is None or tokens((text + unit).strip()) <= max_tokens
    ):
        text += unit
    return text.strip()


def worst(unit: str) -> str:
    """A goal of `unit` repeated to the goal's limits (characters and tokens)."""
    return repeated(unit, MAX_GOAL_CHARS, MAX_GOAL_TOKENS)


def dash_runs(max_tokens: int = MAX_GOAL_TOKENS) -> str:
    """Runs of dashes at the run limit, then a few words, within `max_tokens` (one per dash)."""
    words = " Close deals by May"
    dashes = max_tokens - tokens(words)
    runs = ["—" * MAX_RUN_CHARS] * (dashes // MAX_RUN_CHARS) + ["—" * (dashes % MAX_RUN_CHARS)]
    return " ".join(run for run in runs if run) + words


TOKEN_DENSE_GOAL = worst("1m ")
DASH_RUNS_GOAL = dash_runs()
DATES_GOAL = worst("1 May 2026 to 2 June 2027, ")
FIGURES_GOAL = worst(
    "Cut mis-picks from 2.5% to 1.0% (P1: 4h, P2: 8h) by 30/06/2026; log 5+ fixes/week. "
)
WORST_GOALS = {
    "token-dense": TOKEN_DENSE_GOAL,
    "dash runs": DASH_RUNS_GOAL,
    "dates": DATES_GOAL,
    "figures": FIGURES_GOAL,
    "coordinated verbs": worst("Improve "),
    "noun chain": worst("Lead "),
    "list of commands": worst("Publish the report, "),
}
# Refused, after the tokenizer has counted it: 1,000 characters of dash runs (960 tokens).
DASH_FLOOD_GOAL = " ".join(["—" * MAX_RUN_CHARS] * (MAX_GOAL_CHARS // (MAX_RUN_CHARS + 1)))
MAX_GAP = repeated("1m ", MAX_GAP_CHARS + 1)  # the context's gap description, at its limit

TEXT_DASHES = "—" * MAX_TEXT_CHARS  # one run: cut to the run limit before spaCy sees it
TEXT_SPACED = repeated("a ", MAX_TEXT_CHARS + 1)  # 5,000 tokens, refused
TEXT_AT_TOKEN_LIMIT = repeated("a ", MAX_TEXT_CHARS, MAX_TEXT_TOKENS)  # the most parsed
TEXT_DENSE_AT_TOKEN_LIMIT = repeated("1m ", MAX_TEXT_CHARS, MAX_TEXT_TOKENS)
# The longest `text=` a GET through gunicorn can carry: "a+a+..." within the request line.
TEXT_SPACED_GET = repeated("a ", GUNICORN_REQUEST_LINE - len("GET /api/resources?text= HTTP/1.1"))
LONG_QUERY = repeated("conflict resolution ", MAX_QUERY_CHARS + 1)


def json_body(payload: object) -> bytes:
    """Compact UTF-8 JSON (not \\u-escaped), as a client trying to fit the most would send."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def fill_batch(goals: list[str], max_goals: int = MAX_BATCH_GOALS) -> list[str]:
    """`goals` repeated in turn up to `max_goals`, while the JSON body fits MAX_CONTENT_LENGTH."""
    batch: list[str] = []
    for index in range(max_goals):
        candidate = [*batch, goals[index % len(goals)]]
        if len(json_body({"goals": candidate})) > MAX_CONTENT_LENGTH:
            break
        batch = candidate
    return batch


def fill_budget(
    goals: list[str],
    max_goals: int = ANONYMOUS_BATCH_GOALS,
    max_chars: int = ANONYMOUS_BATCH_CHARS,
    max_tokens: int = ANONYMOUS_BATCH_TOKENS,
) -> list[str]:
    """`goals` in turn while the batch stays within all three limits (a goal that would not
    fit whole is cut, at a token, to the tokens and characters left)."""
    batch: list[str] = []
    used_chars = used_tokens = 0
    for index in range(max_goals):
        doc = tokenizer()(goals[index % len(goals)])
        room = max_tokens - used_tokens
        doc = doc[: min(room, len(doc))]
        while len(doc) and used_chars + len(doc.text) > max_chars:
            doc = doc[: len(doc) - 1]
        goal = doc.text
        if not goal.strip():
            break
        batch.append(goal)
        used_chars += len(goal)
        used_tokens += tokens(goal)
    return batch


def fill_block(goals: list[str], max_chars: int = MAX_BATCH_CHARS) -> str:
    """One goal per line, in turn, up to MAX_BATCH_GOALS lines and `max_chars` characters."""
    lines: list[str] = []
    for index in range(MAX_BATCH_GOALS):
        line = goals[index % len(goals)]
        if len("\n".join([*lines, line])) > max_chars:
            break
        lines.append(line)
    return "\n".join(lines)


# Within the visitors' limits (what the batch page and the API accept without a log-in): the
# costliest goals per token first (those spaCy parses twice), to the token budget.
COSTLIEST_FIRST = ["noun chain", "coordinated verbs", "list of commands", "figures", "dates"]
BATCH_BUDGET_WORST = fill_budget([WORST_GOALS[name] for name in COSTLIEST_FIRST])
BATCH_BUDGET_DENSE = fill_budget([repeated("1m ", MAX_GOAL_CHARS, 40)])  # ten short dense goals
BLOCK_BUDGET_WORST = "\n".join(BATCH_BUDGET_WORST)
# Over them (refused whole with 413; what the refusal costs): 50 token-dense goals in a 64 KiB
# body, and the logged-in limit of 20,000 characters (the page's block too).
BATCH_API_WORST = fill_batch([TOKEN_DENSE_GOAL])
BATCH_20K_WORST = fill_batch([repeated("1m ", MAX_BATCH_CHARS // MAX_BATCH_GOALS + 1)])
BLOCK_WORST = fill_block([TOKEN_DENSE_GOAL])  # the page's pasted block, at 20,000 characters
