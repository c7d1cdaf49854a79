"""Time the password check (`passwords.password_problem`) on passwords people type.

    .venv/bin/python benchmarks/bench_passwords.py [--count 1000] [--seed 7]

A mix, in equal parts: leaked passwords from zxcvbn's ranked list (caught before the estimate),
passphrases of three to six common words, random character strings of 8-16, and long ones of
73-128 characters (the estimate reads their first 72). Each is checked for a person with a name
and an e-mail, as a sign-up or change does. Prints p50, p95 and the slowest per kind and for all;
the check should stay well under 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import time

from coach.services import passwords


def sample(count: int, seed: int) -> list[tuple[str, str]]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    rng = random.Random(seed)
    leaked = [p for p in FREQUENCY_LISTS["passwords"] if len(p) >= 8]
    words = FREQUENCY_LISTS["english_wikipedia"][:5000]
    printable = string.ascii_letters + string.digits + string.punctuation + " "
    kinds = {
        "leaked": lambda: rng.choice(leaked),
        "passphrase": lambda: " ".join(rng.sample(words, rng.randint(3, 6))),
        "random 8-16": lambda: "".join(rng.choices(printable, k=rng.randint(8, 16))),
        "73-128 chars": lambda: " ".join(rng.choices(words, k=40))[: rng.randint(73, 128)],
    }
    names = list(kinds)
    return [(names[i % 4], kinds[names[i % 4]]()) for i in range(count)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    cases = sample(args.count, args.seed)
    passwords.password_problem("warm up the lists once")  # zxcvbn loads its lists on first use
    times: dict[str, list[float]] = {}
    refused: dict[str, int] = {}
    for kind, password in cases:
        started = time.perf_counter()
        problem = passwords.password_problem(password, "maria.manager@example.com", "Maria M")
        times.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        refused[kind] = refused.get(kind, 0) + (problem is not None)
    everything = [ms for values in times.values() for ms in values]
    print(f"{'kind':<14} {'n':>5} {'refused':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, values in [*times.items(), ("all", everything)]:
        count = refused.get(kind, sum(refused.values()))
        print(
            f"{kind:<14} {len(values):>5} {count:>8} {statistics.median(values):>8.2f} "
            f"{percentile(values, 0.95):>8.2f} {max(values):>8.2f}"
        )


if __name__ == "__main__":
    main()
