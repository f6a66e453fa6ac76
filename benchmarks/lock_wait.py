"""How long one `orders` command keeps other writers waiting: the longest wait for the
write lock seen by a second process while the command runs.

    python benchmarks/lock_wait.py import [--orders 10000]
    python benchmarks/lock_wait.py recompute [--orders 10000]
    python benchmarks/lock_wait.py export-ics [--orders 10000]

`import`: imports a JSON export of N orders (built once from dataset.py's book) into an
empty database. `recompute`: edits config.toml in a way that changes deadlines
(safety_margin_days), then runs `orders due`, which brings every stored deadline up to
date. `export-ics`: the first export of a book of N orders. Beside the command, a probe
process runs `BEGIN IMMEDIATE` / `ROLLBACK` in a loop, each with a short busy timeout,
and records how long each attempt waited; it prints the command's time, the longest
wait and the number of attempts that gave up (after PROBE_TIMEOUT seconds).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sqlite3
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
PROBE_TIMEOUT = 60


def probe(db: str, stop, result) -> None:  # type: ignore[no-untyped-def]
    """Take and release the write lock in a loop; report the longest wait (seconds)."""
    while not os.path.exists(db):
        if stop.is_set():
            return
        time.sleep(0.01)
    longest, attempts, gave_up = 0.0, 0, 0
    con = sqlite3.connect(db, timeout=PROBE_TIMEOUT, isolation_level=None)
    while not stop.is_set():
        start = time.perf_counter()
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("ROLLBACK")
        except sqlite3.OperationalError:  # waited PROBE_TIMEOUT in vain
            gave_up += 1
        longest = max(longest, time.perf_counter() - start)
        attempts += 1
        time.sleep(0.005)
    con.close()
    result.put((longest, attempts, gave_up))


def orders(db: Path, config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "tracker", "--db", str(db), "--today", TODAY.isoformat(), *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("case", choices=["import", "recompute", "export-ics"])
    parser.add_argument("--orders", type=int, default=10000)
    args = parser.parse_args()
    source = build(CACHE / f"orders-{args.orders}.db", args.orders)
    with tempfile.TemporaryDirectory() as tmp:
        work, config = Path(tmp), Path(tmp) / "config"
        config.mkdir()
        env = {**os.environ, "ORDERS_CONFIG_DIR": str(config), "NO_COLOR": "1", "LC_ALL": "C.UTF-8"}
        env.pop("ORDERS_DB", None)
        db = work / "orders.db"
        if args.case == "import":
            dump = CACHE / f"orders-{args.orders}.json"
            if not dump.exists():
                subprocess.run(orders(source, config, "export", "-o", str(dump)), env=env, check=True)
            command = orders(db, config, "import", str(dump))
        else:
            shutil.copy(source, db)
            if args.case == "recompute":
                (config / "config.toml").write_text("safety_margin_days = 3\n")
                command = orders(db, config, "due")
            else:
                command = orders(db, config, "export-ics", "-q", "-o", str(work / "orders.ics"))
        stop, result = multiprocessing.Event(), multiprocessing.Queue()
        watcher = multiprocessing.Process(target=probe, args=(str(db), stop, result))
        watcher.start()
        time.sleep(0.2)
        start = time.perf_counter()
        done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        took = time.perf_counter() - start
        stop.set()
        longest, attempts, gave_up = result.get(timeout=2 * PROBE_TIMEOUT)
        watcher.join()
        if done.returncode:
            sys.exit(f"{' '.join(command[2:])} failed ({done.returncode}): {done.stderr}")
    print(f"{args.case}, {args.orders} orders: took {took:.2f} s; longest wait for the write lock "
          f"{longest:.3f} s over {attempts} attempts ({gave_up} gave up after {PROBE_TIMEOUT} s)")


if __name__ == "__main__":
    main()
