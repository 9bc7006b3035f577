#!/usr/bin/env bash
# Where a large containerize spends its time: one run under Java Flight Recorder, sampling every
# thread's Java stack each millisecond, summarised by phase and by hottest frames; plus, where
# Linux perf is installed, each thread's CPU time (the JIT compilers' share included).
#
#   bench/profile.sh [ENV]      # ENV defaults to the large benchmark environment (bench/run.sh
#                               # builds it); writes bench/work/profile.jfr
set -euo pipefail
cd "$(dirname "$0")/.."
work=$PWD/bench/work
env=${1:-$work/env-large}
store=${BENCH_STORE:-/tmp/floxj-bench-store}
[ -d "$env/.flox" ] || { echo "profile: no environment at $env; run bench/run.sh first" >&2; exit 1; }

# Java's "profile" settings, with stacks sampled every millisecond instead of every 10-20.
jfc=$work/every-millisecond.jfc
python3 - "$jfc" <<'PY'
import os, re, subprocess, sys
home = subprocess.run(["java", "-XshowSettings:properties", "-version"], capture_output=True,
                      text=True).stderr
java_home = re.search(r"java\.home = (.*)", home).group(1).strip()
settings = open(os.path.join(java_home, "lib", "jfr", "profile.jfc")).read()
for event in ("jdk.ExecutionSample", "jdk.NativeMethodSample"):
    settings = re.sub(r'(<event name="%s">.*?<setting name="period"[^>]*>)[^<]*(</setting>)' % event,
                      r"\g<1>1 ms\2", settings, flags=re.S)
open(sys.argv[1], "w").write(settings)
PY

recording=$work/profile.jfr
FLOXJ_JAVA_OPTS="-XX:FlightRecorderOptions:stackdepth=512 \
-XX:StartFlightRecording=filename=$recording,settings=$jfc" \
  bin/floxj containerize -q -d "$env" --store "$store" ${PROFILE_ARGS:-} >/dev/null 2>"$work/profile.log"

echo "== Java stacks sampled every 1 ms ($recording), by phase of the run"
jfr print --stack-depth 512 --events jdk.ExecutionSample "$recording" >"$work/profile-samples.txt"
python3 bench/jfr-phases.py "$work/profile-samples.txt"
echo
echo "== jfr summary (event counts)"
jfr summary "$recording" | grep -E "ExecutionSample|NativeMethodSample|GarbageCollection|Compilation |ObjectAllocationSample|Duration" || true

if command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1; then
  echo
  echo "== CPU seconds per thread (perf, all threads; JIT compiler threads included)"
  perf record -q -F 999 -o "$work/profile.perf" -- \
    bin/floxj containerize -q -d "$env" --store "$store" ${PROFILE_ARGS:-} >/dev/null 2>>"$work/profile.log"
  perf report -i "$work/profile.perf" --sort comm --stdio -F period,comm 2>/dev/null |
    grep -v '^#' | grep -v '^$' |
    awk '{ s = $1 / 1e9; t += s; $1 = ""; n = $0; sub(/^ +/, "", n); sub(/ CompilerThre.*/, " compiler", n); a[n] += s }
         END { for (n in a) if (a[n] >= 0.01) printf "%7.2f s  %s\n", a[n], n; printf "%7.2f s  total\n", t }' |
    sort -rn
fi
