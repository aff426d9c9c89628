#!/usr/bin/env python3
"""Wall time of werkblad and the C program, paired run by run.

    paired.py cold N 'C command' 'werkblad command'
    paired.py warm N 'C command' 'werkblad command'     (each prints "per-doc-ms X")

The two commands run alternately, N pairs after one warm-up run each, so that a machine that
speeds up or slows down during the benchmark (a shared host) weighs on both alike; the ratio is
the median of the N per-pair ratios. Cold: the whole process, spawned directly (no shell), as
hyperfine -N times it. Warm: the per-document figure each process prints. Prints one line:
"C_MEDIAN OURS_MEDIAN RATIO" (milliseconds)."""
import os, statistics, subprocess, sys, time, shlex

mode, n, c_cmd, w_cmd = sys.argv[1], int(sys.argv[2]), shlex.split(sys.argv[3]), shlex.split(sys.argv[4])

def once(cmd):
    if mode == "cold":
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return (time.perf_counter() - start) * 1000
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    figures = [float(line.split()[1]) for line in (out.stdout + out.stderr).splitlines() if line.startswith("per-doc-ms ")]
    if not figures:
        sys.exit(f"no per-doc-ms line from: {' '.join(cmd)}")
    return figures[-1]

once(c_cmd); once(w_cmd)
cs, ws, ratios = [], [], []
for i in range(n):
    # Alternate which one goes first, so that neither always follows the other.
    if i % 2 == 0: c = once(c_cmd); w = once(w_cmd)
    else: w = once(w_cmd); c = once(c_cmd)
    cs.append(c); ws.append(w); ratios.append(w / c)
print(f"{statistics.median(cs):.2f} {statistics.median(ws):.2f} {statistics.median(ratios):.2f}")
