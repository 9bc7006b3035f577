#!/usr/bin/env python3
"""Times shell commands A/B/A/B: each round runs every command once, in order, so that changes
in the machine's load hit all of them alike. Prints, per command, the median wall time, the
median CPU time (user + system, all threads and children) and the peak RSS.

usage: abtime.py ROUNDS LABEL=COMMAND [LABEL=COMMAND ...]
       (stdout of the commands is discarded; a failing command stops the run)
Prints one line per command: "<label> wall <s> cpu <s> rss <MB>", then nothing else.
"""
import os
import statistics
import subprocess
import sys
import time

rounds = int(sys.argv[1])
commands = [arg.split("=", 1) for arg in sys.argv[2:]]
walls = {label: [] for label, _ in commands}
cpus = {label: [] for label, _ in commands}
rss = {label: 0 for label, _ in commands}

for _ in range(rounds):
    for label, command in commands:
        start = time.monotonic()
        process = subprocess.Popen(["bash", "-c", command], stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"abtime: '{command}' failed with status {os.waitstatus_to_exitcode(status)}")
        walls[label].append(wall)
        cpus[label].append(usage.ru_utime + usage.ru_stime)
        rss[label] = max(rss[label], usage.ru_maxrss / 1024)

for label, _ in commands:
    print(f"{label} wall {statistics.median(walls[label]):.3f} cpu "
          f"{statistics.median(cpus[label]):.3f} rss {rss[label]:.0f}")
