#!/usr/bin/env bash
# floxj's benchmark, one command: builds a ~950 MB closure of ~200 store paths with real Nix, then
# times `floxj containerize > /dev/null` against `tar | openssl dgst -sha256` over the same paths
# (A/B/A/B, medians, ratio), measures peak RSS on a 250 MB and the 950 MB closure (and with
# -Xmx128m), layering of a 20,000-path graph, start-up, and reruns: an unchanged re-write of an
# OCI layout and re-push to Debian's docker-registry on loopback against the first run's time (the
# layer-digest cache, docs/cache.md). See docs/performance.md.
#
#   bench/run.sh            # everything; ROUNDS=9 bench/run.sh for more rounds
#   bench/run.sh --quick    # throughput and memory only, 3 rounds
#   NIXPKGS_STREAMER=…/stream_layered_image.py bench/run.sh   # also nixpkgs' own streamer
#
# Needs nix-build (Debian's nix-bin), busybox-static, openssl, python3, a JDK 17 and the jar
# (built here if missing). Working files: bench/work/ and the chroot store $BENCH_STORE.
set -euo pipefail

cd "$(dirname "$0")/.."
here=$PWD
work=$here/bench/work
store=${BENCH_STORE:-/tmp/floxj-bench-store}
rounds=${ROUNDS:-5}
megabytes=${MEGABYTES:-950}
count=${PATHS:-200}
small_megabytes=${SMALL_MEGABYTES:-250}
quick=false
if [ "${1:-}" = "--quick" ]; then quick=true; rounds=${ROUNDS:-3}; fi

say() { printf '%s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null || { say "bench: '$1' is missing: $2"; exit 1; }; }
need nix-build "apt-get install nix-bin"
need openssl "apt-get install openssl"
need python3 "apt-get install python3"
need java "apt-get install openjdk-17-jdk-headless"
[ -x /bin/busybox ] || { say "bench: /bin/busybox is missing: apt-get install busybox-static"; exit 1; }

export NIX_CONFIG=$'sandbox = false\nexperimental-features = nix-command flakes\nsubstituters =\nmax-jobs = 2'
mkdir -p "$work"

if [ ! -f target/floxj.jar ]; then
  say "bench: building floxj (./mvnw -q package -DskipTests)"
  ./mvnw -q package -DskipTests
fi

# 1. The closure: host files staged once, then built into store paths by Nix (cached).
stage=$work/chunks
if [ "$(cat "$stage/.parameters" 2>/dev/null)" != "$count $megabytes" ]; then
  say "bench: staging ${megabytes} MB of host files in $count chunks"
  rm -rf "$stage"
  python3 bench/pick-files.py "$stage" "$count" "$megabytes" /usr/lib/x86_64-linux-gnu /usr/share \
    >/dev/null
  echo "$count $megabytes" >"$stage/.parameters"
fi
# The small closure: the first chunks whose total comes closest to SMALL_MEGABYTES.
small_count=$(awk -v target=$((small_megabytes * 1000000)) '
  { sum += $2; d = sum - target; if (d < 0) d = -d; if (best == "" || d < best) { best = d; n = $1 + 1 } }
  END { print n }' "$stage/chunks.txt")
mkdir -p "$work/boot"
cp -u /bin/busybox "$work/boot/busybox"
say "bench: building the closure with Nix into $store (minutes the first time)"
mapfile -t outputs < <(nix-build bench/closure.nix --no-out-link --store "$store" \
  --argstr bootDir "$work/boot" --argstr chunkDir "$stage" \
  --arg count "$count" --arg smallCount "$small_count" -A large -A small -A tiny 2>"$work/build.log")
large=${outputs[0]} small=${outputs[1]} tiny=${outputs[2]}
python3 bench/write-env.py "$work/env-large" bench-large "$large"
python3 bench/write-env.py "$work/env-small" bench-small "$small"
python3 bench/write-env.py "$work/env-tiny" bench-tiny "$tiny"

describe() { # store path, name -> "<paths> paths, <files> files, <MB> MB"; writes <name>-paths.txt
  local list=$work/$2-paths.txt
  nix-store --store "$store" -qR "$1" | sed 's|^/||' >"$list"
  local files bytes
  # shellcheck disable=SC2046 # one argument per store path
  files=$(cd "$store" && find $(cat "$list") -type f | wc -l)
  # shellcheck disable=SC2046
  bytes=$(cd "$store" && find $(cat "$list") -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
  echo "$(wc -l <"$list") paths, $files files, $((bytes / 1000000)) MB"
}
large_info=$(describe "$large" large)
small_info=$(describe "$small" small)
tiny_info=$(describe "$tiny" tiny)

# --image-tools none: the closure alone, as before images carried bash, coreutils and a CA bundle.
floxj() { echo "bin/floxj containerize -q -d $work/env-$1 --store $store --image-tools none"; }
baseline="tar -C $store -cf - -T $work/large-paths.txt | openssl dgst -sha256"

# Page cache: read everything twice before timing anything.
for _ in 1 2; do tar -C "$store" -cf - -T "$work/large-paths.txt" >/dev/null; done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "bench: load average $load_before; $(nproc) CPUs; $rounds rounds each"

# 2. Throughput, A/B/A/B. floxj's is a first run: a new, empty cache directory each round (a
#    docker-archive reads and hashes everything either way, but a first run writes the
#    layer-digest cache and a rerun reads it).
first_runs=$work/first-runs
rm -rf "$first_runs" && mkdir -p "$first_runs"
first_run="$(floxj large) --cache-dir \$(mktemp -d $first_runs/cache.XXXXXX)"
throughput=("baseline=$baseline" "floxj=$first_run")
# nixpkgs' own streamer (stream_layered_image.py, behind streamLayeredImage and flox containerize)
# over the same layers, where a nixpkgs checkout gives it: NIXPKGS_STREAMER=<nixpkgs>/pkgs/
# build-support/docker/stream_layered_image.py. It runs inside the chroot store, so that its tar
# entries are named /nix/store/... as floxj's are.
streamer=${NIXPKGS_STREAMER:-}
if [ -n "$streamer" ]; then
  layers=$(floxj large)
  ${layers/ -q / -v } --cache-dir "$(mktemp -d "$first_runs/cache.XXXXXX")" 2>"$work/layers.log" >/dev/null
  python3 bench/streamer-conf.py "$work/layers.log" "$work/streamer.json" "$work/streamer-custom"
  throughput+=("nixpkgs=cd $store && python3 $streamer $work/streamer.json 2>/dev/null")
fi
mapfile -t speed < <(python3 bench/abtime.py "$rounds" "${throughput[@]}")
rm -rf "$first_runs"
# 3. Memory: peak RSS on both closures, default heap and -Xmx128m.
mapfile -t memory < <(python3 bench/abtime.py 1 \
  "small=$(floxj small)" "large=$(floxj large)" \
  "small-128m=FLOXJ_JAVA_OPTS=-Xmx128m $(floxj small)" \
  "large-128m=FLOXJ_JAVA_OPTS=-Xmx128m $(floxj large)")

field() { # line field-name -> value
  awk -v f="$2" '{ for (i = 1; i < NF; i++) if ($i == f) print $(i + 1) }' <<<"$1"
}
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
check() { python3 -c "print('met' if $1 else 'MISSED')"; }

base_wall=$(field "${speed[0]}" wall) floxj_wall=$(field "${speed[1]}" wall)
speed_ratio=$(ratio "$floxj_wall" "$base_wall")
rss_small=$(field "${memory[0]}" rss) rss_large=$(field "${memory[1]}" rss)
rss_small_128=$(field "${memory[2]}" rss) rss_large_128=$(field "${memory[3]}" rss)

echo "== floxj benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(java -version 2>&1 | head -1))"
echo "closure large: $large_info"
echo "closure small: $small_info"
echo "load average before: $load_before"
echo
echo "throughput (median of $rounds, A/B/A/B, page cache warm):"
echo "  tar | openssl dgst -sha256   wall $(field "${speed[0]}" wall) s  cpu $(field "${speed[0]}" cpu) s"
echo "  floxj containerize           wall $(field "${speed[1]}" wall) s  cpu $(field "${speed[1]}" cpu) s  rss $(field "${speed[1]}" rss) MB"
echo "  ratio floxj / baseline       $speed_ratio  (target <= 1.2: $(check "$speed_ratio <= 1.2"))"
if [ -n "$streamer" ]; then
  echo "  nixpkgs' streamer            wall $(field "${speed[2]}" wall) s  cpu $(field "${speed[2]}" cpu) s  rss $(field "${speed[2]}" rss) MB  (floxj / it: $(ratio "$floxj_wall" "$(field "${speed[2]}" wall)"))"
else
  echo "  nixpkgs' streamer            not measured: set NIXPKGS_STREAMER (see bench/run.sh)"
fi
echo
echo "peak RSS (MB):            small (250 MB)   large (950 MB)"
echo "  default heap            $rss_small              $rss_large"
echo "  -Xmx128m                $rss_small_128              $rss_large_128"
echo "  large / small           $(ratio "$rss_large" "$rss_small") and $(ratio "$rss_large_128" "$rss_small_128") (target: does not grow, <= 1.15: $(check "$rss_large_128 <= 1.15 * $rss_small_128"))"

if [ "$quick" = false ]; then
  # 4. Layering a 20,000-path, 100,000-reference graph: JMH, single shot in fresh JVMs, as one
  #    floxj run pays it (the first run downloads JMH from Maven Central).
  ./mvnw -q -P bench test -Djmh.args="LayeringBenchmark -bm ss -wi 0 -i 1 -f 5 -tu ms \
    -rf csv -rff $work/layering.csv" >"$work/layering.log" 2>&1 || true
  layering=$(awk -F, '/LayeringBenchmark/ { printf "%.0f", $5 }' "$work/layering.csv" 2>/dev/null)
  # 5. Start-up.
  jdk25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
  startup_commands=("version=bin/floxj --version" "tiny=$(floxj tiny)")
  if [ -x "$jdk25/bin/java" ] && [ -f target/floxj.aot ]; then
    startup_commands+=("tiny25=JAVA=$jdk25/bin/java $(floxj tiny)" "tiny25-noaot=JAVA=$jdk25/bin/java FLOXJ_JAVA_OPTS=-Xshare:auto $(floxj tiny)")
  fi
  mapfile -t startup < <(python3 bench/abtime.py "$((rounds * 2))" "${startup_commands[@]}")
  echo
  if [ -n "$layering" ]; then
    echo "layering 20,000 paths / 100,000 references, fresh JVM (mean of 5): $layering ms" \
      "(target < 1000: $(check "$layering < 1000"))"
  else
    echo "layering: JMH did not run, see $work/layering.log"
  fi
  echo
  echo "start-up (median of $((rounds * 2))):"
  echo "  floxj --version              wall $(field "${startup[0]}" wall) s  cpu $(field "${startup[0]}" cpu) s"
  echo "  containerize tiny ($tiny_info)  wall $(field "${startup[1]}" wall) s  cpu $(field "${startup[1]}" cpu) s" \
    "(target <= 0.3 s: $(check "$(field "${startup[1]}" wall) <= 0.3"))"
  if [ "${#startup[@]}" -gt 2 ]; then
    echo "  tiny on JDK 25, AOT cache     wall $(field "${startup[2]}" wall) s  cpu $(field "${startup[2]}" cpu) s" \
      "(target <= 0.3 s: $(check "$(field "${startup[2]}" wall) <= 0.3"); $(ratio "$(field "${startup[2]}" wall)" "$(field "${startup[1]}" wall)")x JDK 17 with CDS)"
    echo "  tiny on JDK 25, no archive    wall $(field "${startup[3]}" wall) s  cpu $(field "${startup[3]}" cpu) s"
  fi

  # 6. Reruns. Each "first" writes into a fresh directory with a fresh cache (A/B/A/B as above);
  #    each "warm" reruns the last first run unchanged: same layout or repository, same cache.
  reruns=$work/reruns
  rm -rf "$reruns"; mkdir -p "$reruns"
  first_oci="d=\$(mktemp -d $reruns/oci.XXXXXX) && ln -sfn \$d $reruns/last-oci && $(floxj large) --cache-dir \$d/cache --to oci:\$d/layout"
  warm_oci="$(floxj large) --cache-dir $reruns/last-oci/cache --to oci:$reruns/last-oci/layout"
  commands=("oci-first=$first_oci" "oci-warm=$warm_oci")
  registry_pid=
  if command -v docker-registry >/dev/null; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    printf 'version: 0.1\nlog: {level: warn}\nstorage: {filesystem: {rootdirectory: %s}}\nhttp: {addr: 127.0.0.1:%s}\n' \
      "$reruns/registry" "$port" >"$reruns/registry.yml"
    docker-registry serve "$reruns/registry.yml" >"$reruns/registry.log" 2>&1 &
    registry_pid=$!
    for _ in $(seq 50); do curl -s "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.2; done
    first_push="d=\$(mktemp -d $reruns/push.XXXXXX) && ln -sfn \$d $reruns/last-push && $(floxj large) --cache-dir \$d/cache --to docker://127.0.0.1:$port/bench/\$(basename \$d | tr A-Z a-z):v1"
    warm_push="d=\$(readlink $reruns/last-push) && $(floxj large) --cache-dir \$d/cache --to docker://127.0.0.1:$port/bench/\$(basename \$d | tr A-Z a-z):v1"
    commands+=("push-first=$first_push" "push-warm=$warm_push")
  fi
  mapfile -t rerun < <(python3 bench/abtime.py "$rounds" "${commands[@]}")
  [ -z "$registry_pid" ] || kill "$registry_pid"
  echo
  echo "reruns (median of $rounds; first = empty cache and destination, warm = unchanged rerun):"
  oci_ratio=$(ratio "$(field "${rerun[1]}" wall)" "$(field "${rerun[0]}" wall)")
  echo "  OCI layout   first $(field "${rerun[0]}" wall) s  warm $(field "${rerun[1]}" wall) s  cpu $(field "${rerun[1]}" cpu) s" \
    " ratio $oci_ratio (target <= 0.1: $(check "$oci_ratio <= 0.1"))"
  if [ -n "$registry_pid" ]; then
    push_ratio=$(ratio "$(field "${rerun[3]}" wall)" "$(field "${rerun[2]}" wall)")
    echo "  registry     first $(field "${rerun[2]}" wall) s  warm $(field "${rerun[3]}" wall) s  cpu $(field "${rerun[3]}" cpu) s" \
      " ratio $push_ratio (target <= 0.1: $(check "$push_ratio <= 0.1"))"
  else
    echo "  registry     not measured: docker-registry is missing (apt-get install docker-registry)"
  fi
  rm -rf "$reruns"
fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
