#!/usr/bin/env python3
"""Times whole commands: A (and B, in turn: A B A B ...) over several runs, with the kernel's own accounting of
each finished process (user and system CPU, wall, peak RSS of the largest process), and prints min, median and
max of each figure and, with --vs, the ratio A/B pair by pair. Standard library only.

    benchmarks/paired_time.py -n 3 --warmup 1 --vs 'COMMAND B' -- COMMAND A ...

Each command's output is thrown away. On a shared machine quote the medians and the paired ratios."""
import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time


def run(argv):
    """Runs argv to its end; returns (user s, sys s, wall s, peak MiB) of the process tree."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        print(f"exit {proc.returncode}: {shlex.join(argv)}", file=sys.stderr)
    # ru_maxrss is the largest of the process and its waited-for descendants, in KiB on Linux
    return usage.ru_utime, usage.ru_stime, wall, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=5, help="counted runs of each command (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="runs not counted, first (default 1)")
    parser.add_argument("--vs", help="a second command B, one string split as a shell splits words")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND A [ARG ...]")
    args = parser.parse_args()
    a = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not a:
        parser.error("no command given after --")
    b = shlex.split(args.vs) if args.vs else None
    for _ in range(args.warmup):
        run(a)
        if b:
            run(b)
    figures = {"A": [], "B": []}
    for _ in range(args.n):
        figures["A"].append(run(a))
        if b:
            figures["B"].append(run(b))
    names = ["user s", "sys s", "cpu s", "wall s", "peak MiB"]

    def rows(label, runs):
        cols = [[r[0] for r in runs], [r[1] for r in runs], [r[0] + r[1] for r in runs], [r[2] for r in runs],
                [r[3] for r in runs]]
        return [(f"{label} {n}", c) for n, c in zip(names, cols)]

    table = rows("A", figures["A"])
    if b:
        table += rows("B", figures["B"])
        pa, pb = figures["A"], figures["B"]
        table += [("A/B cpu", [(x[0] + x[1]) / (y[0] + y[1]) for x, y in zip(pa, pb)]),
                  ("A/B wall", [x[2] / y[2] for x, y in zip(pa, pb)])]
    print(f"{'':14}{'min':>10}{'median':>10}{'max':>10}   n: {args.n} each; whole process")
    for name, values in table:
        print(f"{name:14}{min(values):10.3f}{statistics.median(values):10.3f}{max(values):10.3f}")


if __name__ == "__main__":
    main()
