"""Ordinary and worst-case inputs for what anyone may send without logging in.

Shared by bench_attack.py (sent to gunicorn by attackers) and bench_cost.py (timed in process).
Every size comes from the app's own limits, so the worst cases follow them when they change.

The worst goals pass every check of coach.analysis.limits (length, runs, pieces) and are built
to make spaCy do the most work, which grows with the number of tokens:

* token-dense: "1m 1m 1m ..." to the length limit: each "1m" is one piece for the limits but
  two tokens for spaCy ("1", "m"), so ~660 tokens in 1,000 characters;
* dash runs: runs of "—" at the run limit, as many as the piece limit allows (the tokenizer's
  quadratic case, cut at the limit);
* dates: "1 May 2026 to 2 June 2027, ..." to the length limit (numbers and dates for the timex
  scanner);
* figures: percentages, times, priorities and a date, as dense as a real goal can be.

Classify and suggest (`/api/classify`, `/api/resources?text=`) take up to MAX_TEXT_CHARS and
cut whitespace-free runs, but have no piece limit: "10,000 dashes" is the run the limit cuts,
"10,000 spaced letters" ("a a a ...") is 5,000 tokens spaCy must parse.
"""

from __future__ import annotations

import json
from pathlib import Path

from coach.analysis.limits import MAX_GOAL_CHARS, MAX_PIECES, MAX_RUN_CHARS, PIECE
from coach.web.api.routes import MAX_QUERY_CHARS, MAX_TEXT_CHARS
from coach.web.config import DEFAULTS

ROOT = Path(__file__).resolve().parents[1]
DEV_GOALS = ROOT.parent / "shared" / "eval" / "dev-goals.jsonl"
MAX_BATCH_GOALS = int(DEFAULTS["MAX_BATCH_GOALS"])  # type: ignore[call-overload]
MAX_BATCH_CHARS = int(DEFAULTS["MAX_BATCH_CHARS"])  # type: ignore[call-overload]
MAX_GAP_CHARS = int(DEFAULTS["MAX_GAP_CHARS"])  # type: ignore[call-overload]
MAX_CONTENT_LENGTH = int(DEFAULTS["MAX_CONTENT_LENGTH"])  # type: ignore[call-overload]
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


def repeated(unit: str, max_chars: int, max_pieces: int | None = None) -> str:
    """`unit` repeated while the text stays within `max_chars` and `max_pieces`."""
    pieces = len(PIECE.findall(unit))
    count = max_chars // len(unit)
    if max_pieces is not None:
        count = min(count, max_pieces // pieces)
    return (unit * count).strip()


TOKEN_DENSE_GOAL = repeated("1m ", MAX_GOAL_CHARS + 1, MAX_PIECES)
DASH_RUNS_GOAL = (("—" * MAX_RUN_CHARS + " ") * (MAX_PIECES // MAX_RUN_CHARS - 1)) + (
    "—" * MAX_RUN_CHARS + " Close deals by May"
)
DATES_GOAL = repeated("1 May 2026 to 2 June 2027, ", MAX_GOAL_CHARS, MAX_PIECES)
FIGURES_GOAL = repeated(
    "Cut mis-picks from 2.5% to 1.0% (P1: 4h, P2: 8h) by 30/06/2026; log 5+ fixes/week. ",
    MAX_GOAL_CHARS,
    MAX_PIECES,
)
WORST_GOALS = {
    "token-dense": TOKEN_DENSE_GOAL,
    "dash runs": DASH_RUNS_GOAL,
    "dates": DATES_GOAL,
    "figures": FIGURES_GOAL,
}
MAX_GAP = repeated("1m ", MAX_GAP_CHARS + 1)  # the context's gap description, at its limit

TEXT_DASHES = "—" * MAX_TEXT_CHARS  # one run: cut to the run limit before spaCy sees it
TEXT_SPACED = repeated("a ", MAX_TEXT_CHARS + 1)  # 5,000 tokens, nothing cut
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


def fill_block(goals: list[str], max_chars: int = MAX_BATCH_CHARS) -> str:
    """One goal per line, in turn, up to MAX_BATCH_GOALS lines and `max_chars` characters."""
    lines: list[str] = []
    for index in range(MAX_BATCH_GOALS):
        line = goals[index % len(goals)]
        if len("\n".join([*lines, line])) > max_chars:
            break
        lines.append(line)
    return "\n".join(lines)


# The API batch at its own limits: 50 goals of up to 1,000 characters in a 64 KiB body (the
# 20,000-character MAX_BATCH_CHARS applies to the page's pasted block only).
BATCH_API_WORST = fill_batch([TOKEN_DENSE_GOAL])
BATCH_API_MIXED = fill_batch(list(WORST_GOALS.values()))
# The same worst goals, in 20,000 characters (the page's limit) split over up to 50 goals.
BATCH_20K_WORST = fill_batch([repeated("1m ", MAX_BATCH_CHARS // MAX_BATCH_GOALS + 1)])
BLOCK_WORST = fill_block([TOKEN_DENSE_GOAL])  # the page's pasted block, at 20,000 characters
