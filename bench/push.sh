#!/usr/bin/env bash
# Registry push timings on the benchmark's closure (bench/run.sh builds it; this script builds it
# the same way when missing): Debian's docker-registry on loopback with its own storage, then
#   first push (empty cache dir, empty registry), unchanged re-push, push to a second repository
#   (mounts), and a first push with --compression gzip; beside it `floxj containerize > /dev/null`
#   (the docker-archive stream) over the same closure. One run each, after a warm-up of the page
#   cache. See docs/destinations/registry.md.
#
#   bench/push.sh                    # the 950 MB closure of bench/run.sh
#   MEGABYTES=250 PATHS=60 bench/push.sh
set -euo pipefail

cd "$(dirname "$0")/.."
here=$PWD
work=$here/bench/work
store=${BENCH_STORE:-/tmp/floxj-bench-store}
megabytes=${MEGABYTES:-950}
count=${PATHS:-200}

say() { printf '%s\n' "$*" >&2; }
command -v docker-registry >/dev/null || { say "bench: docker-registry is missing: apt-get install docker-registry"; exit 1; }
export NIX_CONFIG=$'sandbox = false\nexperimental-features = nix-command flakes\nsubstituters =\nmax-jobs = 2'
mkdir -p "$work"
[ -f target/floxj.jar ] || ./mvnw -q package -DskipTests

stage=$work/chunks
if [ "$(cat "$stage/.parameters" 2>/dev/null)" != "$count $megabytes" ]; then
  say "bench: staging ${megabytes} MB of host files in $count chunks"
  rm -rf "$stage"
  python3 bench/pick-files.py "$stage" "$count" "$megabytes" /usr/lib/x86_64-linux-gnu /usr/share >/dev/null
  echo "$count $megabytes" >"$stage/.parameters"
fi
mkdir -p "$work/boot"
cp -u /bin/busybox "$work/boot/busybox"
say "bench: building the closure with Nix into $store (minutes the first time)"
large=$(nix-build bench/closure.nix --no-out-link --store "$store" \
  --argstr bootDir "$work/boot" --argstr chunkDir "$stage" \
  --arg count "$count" --arg smallCount 1 -A large 2>"$work/build.log")
python3 bench/write-env.py "$work/env-push" bench-push "$large"
bytes=$(nix-store --store "$store" -qR "$large" | sed 's|^/||' | (cd "$store" && xargs du -sb) | awk '{ s += $1 } END { print s }')

run=$(mktemp -d /tmp/floxj-bench-push.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$run/config.yml" <<EOF
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $run/storage}}
http: {addr: 127.0.0.1:$port}
EOF
docker-registry serve "$run/config.yml" >"$run/registry.log" 2>&1 &
registry_pid=$!
trap 'kill $registry_pid 2>/dev/null || true; rm -rf "$run"' EXIT
for _ in $(seq 50); do curl -s "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.2; done

for _ in 1 2; do tar -C "$store" -cf - $(nix-store --store "$store" -qR "$large" | sed 's|^/||') >/dev/null; done

floxj=(bin/floxj containerize -q --image-tools none -d "$work/env-push" --store "$store")
timed() { # label, command... -> "<label> <seconds> s, <uploads> uploads, <mounts> mounts"
  local label=$1; shift
  local before; before=$(wc -l <"$run/registry.log")
  local start; start=$(date +%s.%N)
  "$@" >/dev/null
  local end; end=$(date +%s.%N)
  local log; log=$(tail -n +"$((before + 1))" "$run/registry.log")
  printf '  %-34s %6.2f s   PATCH %3d   mount %3d   HEAD %3d\n' "$label" "$(echo "$end - $start" | bc)" \
    "$(grep -c '"PATCH ' <<<"$log" || true)" "$(grep -c 'mount=' <<<"$log" || true)" "$(grep -c '"HEAD ' <<<"$log" || true)"
}

echo "== floxj registry push ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "closure: $(nix-store --store "$store" -qR "$large" | wc -l) paths, $((bytes / 1000000)) MB"
timed "docker-archive > /dev/null" "${floxj[@]}"
timed "first push (empty cache, registry)" "${floxj[@]}" --cache-dir "$run/cache" --to "docker://127.0.0.1:$port/bench/a:v1"
timed "unchanged re-push" "${floxj[@]}" --cache-dir "$run/cache" --to "docker://127.0.0.1:$port/bench/a:v1"
timed "push to a second repository" "${floxj[@]}" --cache-dir "$run/cache" --to "docker://127.0.0.1:$port/bench/b:v1"
timed "first push, --compression gzip" "${floxj[@]}" --cache-dir "$run/cache-gzip" --compression gzip --to "docker://127.0.0.1:$port/bench/c:v1"
du -sb "$run/storage" | awk '{ printf "  registry storage after all pushes: %d MB\n", $1 / 1000000 }'
