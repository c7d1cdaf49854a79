"""Several processes writing to one SQLite file at once: BEGIN IMMEDIATE versus DEFERRED.

    .venv/bin/python benchmarks/bench_db.py [--processes 8] [--transactions 200]

Each process runs read-then-write transactions (read a counter, write it back plus one), the
pattern of a request that loads a record and saves it. Prints, for each way of beginning a
transaction, the "database is locked" failures, lost updates and transactions per second.
SECURITY.md's claim (failures with WAL alone, none with BEGIN IMMEDIATE) is what this measures.
"""

from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from coach.db.engine import make_engine, read_only


def worker(url: str, transactions: int, deferred: bool) -> int:
    engine = read_only(make_engine(url)) if deferred else make_engine(url)
    failures = 0
    for _ in range(transactions):
        try:
            with engine.begin() as connection:
                value = connection.execute(text("SELECT n FROM counter")).scalar_one()
                connection.execute(text("UPDATE counter SET n = :n"), {"n": value + 1})
        except OperationalError:
            failures += 1
    engine.dispose()
    return failures


def measure(processes: int, transactions: int, deferred: bool) -> str:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE counter (n INTEGER NOT NULL)")
            connection.exec_driver_sql("INSERT INTO counter VALUES (0)")
        started = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            failures = sum(pool.starmap(worker, [(url, transactions, deferred)] * processes))
        elapsed = time.perf_counter() - started
        with engine.connect() as connection:
            total = connection.exec_driver_sql("SELECT n FROM counter").scalar_one()
        engine.dispose()
    attempted = processes * transactions
    lost = attempted - failures - total
    mode = "DEFERRED (WAL alone)" if deferred else "BEGIN IMMEDIATE"
    return (
        f"{mode:<22} {failures:>6} of {attempted} failed, {lost} lost updates, "
        f"{total / elapsed:,.0f} committed transactions/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--transactions", type=int, default=200)
    options = parser.parse_args()
    for deferred in (True, False):
        print(measure(options.processes, options.transactions, deferred))


if __name__ == "__main__":
    main()
