"""Time whole `orders` processes against baselines measured in the same run.

    python benchmarks/run.py [--sizes 100,1000,10000,100000] [--rounds 7] [--taskwarrior-max 10000]

For each database size it runs, interleaved round by round: a bare Typer app (`--help`,
and a command that runs one sqlite3 query and prints the rows), `orders --help`,
`orders due`, `orders due --json`, `orders remind`, `orders list`, and Taskwarrior's
`task +DUE list` on the same number of tasks (Debian package `taskwarrior`). It prints
medians in milliseconds and ratios to the baselines. Databases are cached in
benchmarks/.cache (delete it to rebuild).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from dataset import TODAY, build, taskwarrior_data  # noqa: E402

CACHE = HERE / ".cache"
PY = sys.executable
BARE = str(HERE / "bare_app.py")


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - start) * 1000


def measure(commands: dict[str, tuple[list[str], dict[str, str]]], rounds: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for name, (command, env) in commands.items():  # warm the page cache and .pyc files
        timed(command, env)
    for _ in range(rounds):
        for name, (command, env) in commands.items():
            samples[name].append(timed(command, env))
    return {name: statistics.median(values) for name, values in samples.items()}


def scenario(label: str, db: Path, rounds: int, tw_dir: Path | None, with_list: bool) -> list[tuple]:
    env = {**os.environ, "ORDERS_DB": str(db), "ORDERS_TODAY": TODAY.isoformat(), "NO_COLOR": "1"}
    env.pop("ORDERS_DEBUG", None)
    orders = [PY, "-m", "tracker"]
    commands = {
        "bare app --help": ([PY, BARE, "--help"], env),
        "bare app query": ([PY, BARE, "query", str(db)], env),
        "orders --help": ([*orders, "--help"], env),
        "orders due": ([*orders, "due"], env),
        "orders due --json": ([*orders, "due", "--json"], env),
        "orders remind": ([*orders, "remind"], env),
        "completion: order numbers": ([*orders, "__complete-orders", "80000000000001"], env),
    }
    if with_list:
        commands["orders list"] = ([*orders, "list"], env)
    if tw_dir is not None:
        tw_env = {"TASKRC": str(tw_dir / "taskrc"), "PATH": "/usr/bin:/bin", "HOME": str(tw_dir)}
        commands["task +DUE list"] = (["task", "+DUE", "list"], tw_env)
    medians = measure(commands, rounds)
    rows = []
    for name, ms in medians.items():
        base = "bare app --help" if name.endswith("--help") else "bare app query"
        ratio = "" if name.startswith("bare") else f"{ms / medians[base]:.2f}x {base}"
        rows.append((label, name, ms, ratio))
    if "task +DUE list" in medians:
        rows.append((label, "orders due vs task +DUE list", medians["orders due"], f"{medians['orders due'] / medians['task +DUE list']:.2f}x task"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--taskwarrior-max", type=int, default=10000)
    parser.add_argument("--list-max", type=int, default=10000, help="largest size to time `orders list` at")
    parser.add_argument("--many-due", type=int, default=5000, help="also time a book where this many are due")
    args = parser.parse_args()
    has_task = shutil.which("task") is not None
    if not has_task:
        print("taskwarrior not found (apt-get install taskwarrior): skipping the peer", file=sys.stderr)

    rows = []
    for size in [int(s) for s in args.sizes.split(",") if s]:
        print(f"building/timing {size} orders...", file=sys.stderr)
        db = build(CACHE / f"orders-{size}.db", size)
        tw = taskwarrior_data(CACHE / f"task-{size}", size) if has_task and size <= args.taskwarrior_max else None
        rows += scenario(f"{size} orders, 50 due", db, args.rounds, tw, size <= args.list_max)
    if args.many_due:
        n = args.many_due
        db = build(CACHE / f"orders-{n}-all-due.db", n, due=n)
        rows += scenario(f"{n} orders, all due", db, args.rounds, None, False)

    print(f"\nmedians of {args.rounds} interleaved runs; python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print(f"| {'database':<24} | {'command':<30} | {'median ms':>9} | ratio |")
    print(f"|{'-' * 26}|{'-' * 32}|{'-' * 11}|-------|")
    for label, name, ms, ratio in rows:
        print(f"| {label:<24} | {name:<30} | {ms:9.0f} | {ratio} |")


if __name__ == "__main__":
    main()
