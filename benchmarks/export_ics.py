"""Time `orders export-ics --output FILE` as whole processes on books of many orders.

    python benchmarks/export_ics.py [--sizes 1000,10000] [--rounds 5]

Two cases per size, medians of the rounds: the first export of a book (every event is
new and remembered: a fresh copy of the database each round) and a re-export with
nothing changed (the everyday case, e.g. from cron for a subscribed calendar). Half of
the orders are open with three deadlines each (see dataset.py), so 10,000 orders give
about 15,000 events. Databases are cached in benchmarks/.cache (delete it to rebuild).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from dataset import TODAY, build  # noqa: E402

CACHE = HERE / ".cache"


def export_once(db: Path, output: Path) -> float:
    env = {**os.environ, "ORDERS_DB": str(db), "ORDERS_TODAY": TODAY.isoformat(), "NO_COLOR": "1"}
    env.pop("ORDERS_DEBUG", None)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tracker", "export-ics", "--output", str(output)],
        env=env, stdout=subprocess.DEVNULL, check=True,
    )
    return (time.perf_counter() - start) * 1000


def fresh_copy(source: Path, work: Path) -> Path:
    db = work / "orders.db"
    for leftover in work.glob("orders.db*"):
        leftover.unlink()
    shutil.copy(source, db)
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    rows = []
    for size in [int(s) for s in args.sizes.split(",") if s]:
        print(f"building/timing {size} orders...", file=sys.stderr)
        source = build(CACHE / f"orders-{size}.db", size)
        with sqlite3.connect(source) as con:
            if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'calendar_exports'").fetchone():
                sys.exit(f"{source} predates the calendar_exports table: delete {CACHE} and run again")
        with tempfile.TemporaryDirectory() as tmp:
            work, output = Path(tmp), Path(tmp) / "orders.ics"
            first = [export_once(fresh_copy(source, work), output) for _ in range(args.rounds)]
            events = output.read_bytes().count(b"BEGIN:VEVENT")
            megabytes = output.stat().st_size / 1e6
            again = [export_once(work / "orders.db", output) for _ in range(args.rounds)]
        rows.append((size, events, megabytes, statistics.median(first), statistics.median(again)))

    print(f"\nmedians of {args.rounds} runs; python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print("| orders | events | file MB | first export ms | re-export, unchanged ms |")
    print("|-------:|-------:|--------:|----------------:|------------------------:|")
    for size, events, megabytes, first, again in rows:
        print(f"| {size:>6} | {events:>6} | {megabytes:7.1f} | {first:15.0f} | {again:23.0f} |")


if __name__ == "__main__":
    main()
