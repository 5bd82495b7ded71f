#!/usr/bin/env bash
# test/bench/run.sh — `npm run bench`: crossdock vs skopeo vs the rig's reference
# copier on the shared registry benchmark rig, in one invocation.
#
#   1. builds the CLI if out/main/cli.js is missing or older than the sources,
#      and benchmarks a copy of it ($OUT/crossdock-build/cli.js)
#   2. cold runs: the rig's baseline.sh with crossdock as its COPIER (DST wiped
#      before every run, every digest verified afterwards)
#   3. warm runs: DST filled once by crossdock (not timed), then RUNS timed
#      re-runs of crossdock and of `skopeo sync` (seq) into that complete DST,
#      each measured by the rig's `regtool.py measure` and verified
#   4. prints a report with ratios and targets (also $OUT/crossdock-report.md)
#
# knobs (env):
#   SIZE=default           corpus: small (smoke test, minutes) | default | large
#   RUNS=1                 runs per method, cold and warm; RUNS=3 gives medians
#   JOBS=                  crossdock --jobs (unset: the CLI's default)
#   METHODS="raw-blobs raw-full skopeo-sync-seq copier"   baseline.sh methods (copier = crossdock)
#   WARM=1                 0 skips the warm re-runs
#   QUIET_WAIT, TIMEOUT, SRC_MODE, SKOPEO_FLAGS   passed to the rig (see its baseline.sh)
#   WORK=/tmp/regbench     rig work dir (corpus cache, registries, results)
#   OUT=$WORK/crossdock-<size>-<timestamp>   where this run's results go
#   CROSSDOCK_BENCH_RIG    the rig's directory (default: ../shared/bench next to the project)
#
# Exits non-zero if any run fails or any verification finds a difference.
# Missed performance targets are reported, not fatal.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
PROJECT="$(cd "$HERE/../.." && pwd)"
RIG="${CROSSDOCK_BENCH_RIG:-$HERE/../../../shared/bench}"
[ -x "$RIG/baseline.sh" ] || { echo "bench: rig not found at $RIG (set CROSSDOCK_BENCH_RIG)" >&2; exit 2; }
RIG="$(cd "$RIG" && pwd)"

SIZE="${SIZE:-default}"
RUNS="${RUNS:-1}"
JOBS="${JOBS:-}"
METHODS="${METHODS:-raw-blobs raw-full skopeo-sync-seq copier}"
WARM="${WARM:-1}"
QUIET_WAIT="${QUIET_WAIT:-30}"
TIMEOUT="${TIMEOUT:-1800}"
SRC_MODE="${SRC_MODE:-noauth}"
SKOPEO_FLAGS="${SKOPEO_FLAGS:-}"
WORK="${WORK:-/tmp/regbench}"
REGDIR="$WORK/reg"                 # baseline.sh hard-codes this location
CORPUS="$WORK/corpus-$SIZE"
OUT="${OUT:-$WORK/crossdock-$SIZE-$(date -u +%Y%m%d-%H%M%S)}"
CLI="$PROJECT/out/main/cli.js"
mkdir -p "$WORK" "$OUT"

log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }
# Run a rig script without our lock fd: registries it starts outlive us and
# would otherwise hold the lock forever.
rig() { "$RIG/$1" "${@:2}" 9>&-; }

# One bench at a time per WORK dir: two would wipe each other's DST.
exec 9>"$WORK/.crossdock-bench.lock"
if ! flock -n 9; then
  log "another 'npm run bench' is using $WORK; waiting for it"
  flock 9
fi
if pgrep -f 'bench/baseline\.sh' > /dev/null; then
  log "WARNING: another baseline.sh is running on this machine; if it uses $WORK too, results will be corrupted"
fi

# ------------------------------------------------------------------ cleanup
# Stop the registries at exit only if this script started them (a running set
# belongs to someone else, who may still need it).
rig setup.sh > "$OUT/setup.log" 2>&1 || { cat "$OUT/setup.log" >&2; log "rig setup.sh failed"; exit 1; }
OWN_REGISTRIES=1
REG_STATUS="$(rig registries.sh status "$REGDIR")"   # not piped into grep -q: SIGPIPE + pipefail
if [[ "$REG_STATUS" == *running* ]]; then
  OWN_REGISTRIES=0
  log "registries under $REGDIR were already running: reusing them, and leaving them running afterwards"
fi
cleanup() {
  local rc=$? pid
  # regtool.py measure starts each timed command in its own session, so an
  # interrupt (Ctrl-C) does not reach it: end those sessions (found by this
  # run's unique $OUT path in their command line).
  for pid in $(pgrep -f -- "$OUT/cmd-" || true); do
    [ "$(ps -o sid= -p "$pid" | tr -d ' ')" = "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null || true
  done
  rm -rf "$OUT/run-home"
  if [ "$OWN_REGISTRIES" = 1 ]; then
    rig registries.sh stop "$REGDIR" > /dev/null 2>&1 || log "could not stop the registries: run $RIG/registries.sh stop $REGDIR"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ build
if [ ! -f "$CLI" ] || [ -n "$(find "$PROJECT/src-main" "$PROJECT/package.json" "$PROJECT/electron.vite.config.ts" -newer "$CLI" -print -quit)" ]; then
  log "building crossdock (npm run build)"
  (cd "$PROJECT" && npm run build) > "$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log" >&2; log "build failed"; exit 1; }
fi

# Benchmark a snapshot of the build: other people may rebuild out/ while this
# runs, and cold and warm runs must measure the same code. The bundle is
# CommonJS (cli.js and the chunks it loads on demand); NODE_PATH lets it find
# the project's node_modules.
rm -rf "$OUT/crossdock-build"
cp -r "$(dirname "$CLI")" "$OUT/crossdock-build"
CLI_SNAP="$OUT/crossdock-build/cli.js"
echo "crossdock build: out/main/cli.js $(date -u -r "$CLI" +%Y-%m-%dT%H:%M:%SZ) sha256 $(sha256sum "$CLI_SNAP" | cut -c1-12)" > "$OUT/crossdock-build.txt"

# ------------------------------------------------------------------ crossdock command
# The copier command as text: $SRC/$DST/creds stay literal (the rig's method
# scripts export them); paths and --jobs are filled in now. $1 = JSON summary file.
crossdock_cmd() {
  printf 'NODE_PATH=%q node %q sync "$SRC" "$DST" --plain-http "$SRC,$DST" --dest-creds "$DST_USER:$DST_PASSWORD"' \
    "$PROJECT/node_modules" "$CLI_SNAP"
  printf ' ${SRC_USER:+--src-creds "$SRC_USER:$SRC_PASSWORD"}'   # only with SRC_MODE=auth
  [ -n "$JOBS" ] && printf ' --jobs %q' "$JOBS"
  printf ' --json > %s' "$1"
}
OUTQ="$(printf '%q' "$OUT")"
# baseline.sh does not tell the copier its run number: number the JSON files in order.
COPIER="n=1; while [ -e $OUTQ/crossdock-cold-\$n.json ]; do n=\$((n+1)); done; $(crossdock_cmd "$OUTQ/crossdock-cold-\$n.json")"

# ------------------------------------------------------------------ cold runs
log "cold runs: METHODS=\"$METHODS\" SIZE=$SIZE RUNS=$RUNS -> $OUT"
# baseline.sh prints its summary.md on stdout; our report replaces it on screen.
if ! SIZE="$SIZE" RUNS="$RUNS" METHODS="$METHODS" WORK="$WORK" OUT="$OUT" QUIET_WAIT="$QUIET_WAIT" \
     TIMEOUT="$TIMEOUT" SRC_MODE="$SRC_MODE" SKOPEO_FLAGS="$SKOPEO_FLAGS" \
     COPIER="$COPIER" COPIER_NAME=crossdock rig baseline.sh > "$OUT/baseline.stdout"; then
  log "baseline.sh failed; see $OUT/baseline.log"
  exit 1
fi

# ------------------------------------------------------------------ warm runs
WARM_FAILED=0
if [ "$WARM" = 1 ]; then
  eval "$(rig registries.sh env "$REGDIR")"   # SRC DST SRC_AUTH *_USER *_PASSWORD
  VERIFY_SRC="$SRC"
  if [ "$SRC_MODE" = auth ]; then SRC="$SRC_AUTH"; else SRC_USER=""; SRC_PASSWORD=""; fi

  # Same environment as the rig's method scripts (fresh HOME/XDG per run, so
  # skopeo starts with an empty blob-info cache and crossdock sees no docker config).
  prelude() {
    cat <<EOF
#!/usr/bin/env bash
set -euo pipefail
export SRC='$SRC' DST='$DST' SRC_USER='$SRC_USER' SRC_PASSWORD='$SRC_PASSWORD'
export DST_USER='$DST_USER' DST_PASSWORD='$DST_PASSWORD'
export HOME="\$RUN_HOME" XDG_DATA_HOME="\$RUN_HOME/data" XDG_CONFIG_HOME="\$RUN_HOME/config" XDG_RUNTIME_DIR="\$RUN_HOME/run"
export _CONTAINERS_ROOTLESS_UID=1000
EOF
  }
  CD_WARM="$OUT/cmd-crossdock-warm.sh"
  { prelude; crossdock_cmd '"$1"'; echo; } > "$CD_WARM"
  # skopeo-sync-seq exactly as baseline.sh writes it (one `skopeo sync` per repo)
  SK_WARM="$OUT/cmd-skopeo-sync-seq-warm.sh"
  {
    prelude
    echo "SK='skopeo --policy $OUT/policy.json'; SKOPEO_FLAGS='$SKOPEO_FLAGS'"
    echo 'SRC_CREDS_OPT=(${SRC_USER:+--src-creds "$SRC_USER:$SRC_PASSWORD"})'
    echo 'DST_CREDS_OPT=(--dest-creds "$DST_USER:$DST_PASSWORD")'
    cat <<EOF
while read -r repo; do
  \$SK sync \$SKOPEO_FLAGS --all --src docker --dest docker --src-tls-verify=false --dest-tls-verify=false \\
    "\${SRC_CREDS_OPT[@]}" "\${DST_CREDS_OPT[@]}" "\$SRC/\$repo" "\$DST/\$(dirname "\$repo")"
done < '$OUT/repos.txt'
EOF
  } > "$SK_WARM"
  chmod +x "$CD_WARM" "$SK_WARM"

  fresh_home() {
    rm -rf "$OUT/run-home"
    mkdir -p "$OUT/run-home/data" "$OUT/run-home/config"
    mkdir -m 700 "$OUT/run-home/run"
  }
  VERIFY_REGS=(--dst "$DST" --dst-user "$DST_USER" --dst-password "$DST_PASSWORD" --src "$VERIFY_SRC")
  measure() {  # label run script [args...]: one timed, verified run -> warm.jsonl
    local label="$1" run="$2"; shift 2
    # fresh registry processes (storage kept), like baseline.sh's cold runs
    rig registries.sh restart "$REGDIR" > /dev/null || return 1
    fresh_home
    echo "===== $label run $run $(date -u +%H:%M:%S)" >> "$OUT/commands.log"
    RUN_HOME="$OUT/run-home" python3 "$RIG/regtool.py" measure --label "$label" --run "$run" --regdir "$REGDIR" \
      --out "$OUT/warm.jsonl" --log "$OUT/commands.log" --timeout "$TIMEOUT" --quiet-wait "$QUIET_WAIT" --corpus "$CORPUS" "${VERIFY_REGS[@]}" \
      --extra "{\"size\": \"$SIZE\", \"src_mode\": \"$SRC_MODE\", \"warm\": true}" -- bash "$@" > /dev/null
  }

  # Failures from here on are recorded, not fatal, so the cold results still get reported.
  log "warm: filling an empty DST with crossdock (not timed)"
  fresh_home
  echo "===== crossdock fill $(date -u +%H:%M:%S)" >> "$OUT/commands.log"
  if rig registries.sh wipe-dst "$REGDIR" &&
     RUN_HOME="$OUT/run-home" bash "$CD_WARM" "$OUT/crossdock-fill.json" >> "$OUT/commands.log" 2>&1 &&
     python3 "$RIG/regtool.py" verify "$CORPUS" "${VERIFY_REGS[@]}" --json-out "$OUT/fill-verify.json" > /dev/null; then
    # both copiers re-run against the same complete DST, alternating
    for run in $(seq 1 "$RUNS"); do
      log "warm run $run/$RUNS: crossdock"
      measure crossdock-warm "$run" "$CD_WARM" "$OUT/crossdock-warm-$run.json" || { WARM_FAILED=1; log "  crossdock warm run $run FAILED"; }
      log "warm run $run/$RUNS: skopeo-sync-seq"
      measure skopeo-sync-seq-warm "$run" "$SK_WARM" || { WARM_FAILED=1; log "  skopeo warm run $run FAILED"; }
    done
  else
    WARM_FAILED=1
    log "warm: the crossdock fill run failed or DST does not verify; no warm runs (see $OUT/commands.log, $OUT/fill-verify.json)"
  fi
  mkdir -p "$OUT/logs"
  gzip -c "$REGDIR/dst/access.log" > "$OUT/logs/warm-dst-access.log.gz" 2>/dev/null || true
fi

# ------------------------------------------------------------------ report
REPORT_RC=0
python3 "$HERE/report.py" "$OUT" --size "$SIZE" --runs "$RUNS" --jobs "${JOBS:-default}" || REPORT_RC=$?
if [ "$REPORT_RC" != 0 ] || [ "$WARM_FAILED" != 0 ]; then
  log "FAILED: a run failed or DST did not verify (details in $OUT)"
  exit 1
fi
log "done: $OUT/crossdock-report.md"
