#!/usr/bin/env bash
# Runs each named fuzz target for FUZZ_SECONDS (default 600), FUZZ_JOBS (default 2) at a time,
# at nice 19 with ASan + UBSan and a 300 MB memory limit. A target's corpus grows in
# build-fuzz/fuzz-work/<target>/corpus (seeded from tests/fuzz/corpus/<target>/), its crash
# inputs land in build-fuzz/fuzz-work/<target>/artifacts/ and its log beside them; nothing is
# written elsewhere. Copy a crash input to tests/fuzz/regressions/<target>/ to keep it.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds=${FUZZ_SECONDS:-600}
jobs=${FUZZ_JOBS:-2}
san=$root/tests/sanitizers
# A smaller quarantine than ASan's 256 MB: with it the 300 MB limit measures the reader, not the
# freed blocks ASan holds back (the IDX target hit the limit at 243 MB quarantined, 24 MB live).
export ASAN_OPTIONS="include=$san/asan.options:quarantine_size_mb=16"
export LSAN_OPTIONS="include=$san/lsan.options:suppressions=$san/lsan.supp"
export UBSAN_OPTIONS="include=$san/ubsan.options"

# Fork mode with crashes, OOMs and timeouts ignored: one finding does not end the run, and every
# failing input is kept in artifacts/. libFuzzer's fork mode keeps its jobs in TMPDIR, set to the
# target's own folder.
run_one() {
    local t=$1 work=$root/build-fuzz/fuzz-work/$1
    mkdir -p "$work/corpus" "$work/artifacts" "$work/tmp"
    cp -n "$root/tests/fuzz/corpus/$t/"* "$work/corpus/" 2>/dev/null || true
    local start=$SECONDS
    (cd "$work" && TMPDIR="$work/tmp" nice -n 19 "$root/build-fuzz/fuzz/fuzz_$t" corpus \
        -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
        -max_total_time="$seconds" -rss_limit_mb=300 -malloc_limit_mb=300 -timeout=25 \
        -artifact_prefix=artifacts/ -print_final_stats=1 >"$work/fuzz.log" 2>&1)
    local rc=$?
    local execs
    execs=$(grep -o '^#[0-9]*: cov' "$work/fuzz.log" | tail -n 1 | tr -dc '0-9')
    echo "fuzz_$t: exit $rc, ${execs:-?} execs in $((SECONDS - start)) s," \
        "$(ls "$work/artifacts" | wc -l) artefacts in $work/artifacts"
    return $rc
}

status=0
pids=()
for t in "$@"; do
    run_one "$t" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$jobs" ]; then
        wait "${pids[0]}" || status=1
        pids=("${pids[@]:1}")
    fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
