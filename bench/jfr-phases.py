#!/usr/bin/env python3
"""Sorts JFR execution samples (`jfr print --events jdk.ExecutionSample` output) into the phases
of a floxj run by the frames on their stacks, and shows each phase's hottest top frames.

usage: jfr-phases.py SAMPLES.txt
"""
import collections
import re
import sys

# First match wins, checked against the whole stack (outermost frames included).
PHASES = [
    ("hashing and writing (second thread)", "HashingPipeline.consume"),
    ("measuring layers (third thread)", "LayerSizes"),
    ("streaming: reading files, tar headers", "DockerArchiveWriter.write"),
    ("prepare: manifest and lock", "EnvironmentDirectory"),
    ("prepare: resolving packages", "LockResolver"),
    ("prepare: Nix database (SQLite)", "LocalStore."),
    ("prepare: layering", "LayerPlan"),
    ("prepare: root filesystem", "rootFilesystem"),
    ("prepare: other", "Containerizer.prepare"),
    ("command line (picocli)", "picocli.CommandLine"),
    ("start-up", "dev.floxj.cli.Main"),
]

text = open(sys.argv[1]).read()
phases = collections.Counter()
tops = collections.defaultdict(collections.Counter)
for event in text.split("jdk.ExecutionSample {")[1:]:
    frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
    stack = " ".join(frames)
    phase = next((name for name, pattern in PHASES if pattern in stack), "other (JVM, JFR)")
    phases[phase] += 1
    if frames:
        tops[phase][".".join(frames[0].split(".")[-2:])] += 1

total = sum(phases.values()) or 1
print(f"{total} samples (1 ms of Java execution each, all threads)")
for phase, count in phases.most_common():
    hottest = ", ".join(f"{frame} {n}" for frame, n in tops[phase].most_common(4))
    print(f"{100 * count / total:5.1f}%  {phase:42s} hottest: {hottest}")
