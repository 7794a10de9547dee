#!/usr/bin/env bash
# Runs `dropoutlab-cli bench` and the PyTorch peer (bench/peers/torch_peer.py) side by side,
# interleaved for N rounds, and prints a Markdown table of each one's median per workload and
# how many times faster Dropout Lab is. The workloads and the line format: docs/benchmarks.md.
#
#   bench/compare.sh [--rounds N] [--threads N] [--only W1,W3] [--steps N] [--warmup N] [--log FILE]
#   bench/compare.sh --from-log FILE     # only summarise the lines of an earlier run
#
# Every raw line goes to the log (default: $BUILD_DIR/bench-compare.log).
#
# Environment:
#   BUILD_DIR    the build holding bin/dropoutlab-cli (default: build/ in the repository)
#   PEER_PYTHON  an interpreter with Debian's python3-torch (default /usr/bin/python3)
#   PEER_BLAS    the BLAS the Python peer's torch uses: openblas-openmp (the default when
#                libopenblas0-openmp is installed), openblas-pthread, or system
#   PEERS_DIR    optional: a folder whose run.sh runs a libtorch C++ peer
#                (`run.sh --cpp-only --threads N ...`, printing impl=torch-cpp lines); it then
#                joins every round and the table. Never required.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$repo/build}"
python="${PEER_PYTHON:-/usr/bin/python3}"
rounds=3 threads=2 log="" from_log=0
pass=()

die() { echo "compare.sh: $*" >&2; exit 2; }
need_value() { [[ $# -ge 2 && -n "$2" ]] || die "$1 needs a value (see --help)."; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) need_value "$@"; rounds="$2"; shift ;;
    --threads) need_value "$@"; threads="$2"; shift ;;
    --only|--steps|--warmup) need_value "$@"; pass+=("$1" "$2"); shift ;;
    --log) need_value "$@"; log="$2"; shift ;;
    --from-log) need_value "$@"; log="$2"; from_log=1; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)." ;;
  esac
  shift
done
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "--rounds: expected a whole number ≥ 1, got \"$rounds\"."
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || die "--threads: expected a whole number ≥ 1, got \"$threads\"."

# ---- run ------------------------------------------------------------------------------------
if [[ $from_log == 0 ]]; then
  cli="$build/bin/dropoutlab-cli"
  peer="$repo/bench/peers/torch_peer.py"
  [[ -x "$cli" ]] || die "$cli not found; build it first (make build) or set BUILD_DIR."
  "$python" -c 'import torch' 2>/dev/null ||
    die "$python cannot import torch; install Debian's python3-torch (apt-get install python3-torch) or set PEER_PYTHON."
  if [[ -n "${PEERS_DIR:-}" ]]; then
    [[ -x "$PEERS_DIR/run.sh" ]] || die "PEERS_DIR=$PEERS_DIR has no executable run.sh."
  fi

  # The Python peer's BLAS: Debian's torch calls whatever libblas.so.3 it finds first.
  peer_env=()
  multiarch="$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)"
  libdir="/usr/lib/$multiarch"
  blas="${PEER_BLAS:-}"
  if [[ -z "$blas" ]]; then
    [[ -e "$libdir/openblas-openmp/libblas.so.3" ]] && blas=openblas-openmp || blas=system
  fi
  case "$blas" in
    system) ;;
    openblas-openmp|openblas-pthread)
      [[ -e "$libdir/$blas/libblas.so.3" ]] ||
        die "PEER_BLAS=$blas but $libdir/$blas/libblas.so.3 is missing (apt-get install libopenblas0-${blas#openblas-})."
      peer_env+=("LD_LIBRARY_PATH=$libdir/$blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
      # OpenBLAS 0.3.21 mistakes CPUs newer than itself for SSE3-only ones.
      if [[ -z "${OPENBLAS_CORETYPE:-}" ]]; then
        if grep -qw avx512f /proc/cpuinfo; then peer_env+=(OPENBLAS_CORETYPE=SkylakeX)
        elif grep -qw avx2 /proc/cpuinfo; then peer_env+=(OPENBLAS_CORETYPE=Haswell); fi
      fi ;;
    *) die "PEER_BLAS must be openblas-openmp, openblas-pthread or system, got \"$blas\"." ;;
  esac

  log="${log:-$build/bench-compare.log}"
  mkdir -p "$(dirname "$log")"
  : >"$log"
  cpu="$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"
  echo "# compare.sh: date=$(date -u +%Y-%m-%dT%H:%M:%SZ) cpus=$(nproc) cpu=\"$cpu\" rounds=$rounds" \
       "threads=$threads peer_blas=$blas${peer_env[*]:+ ${peer_env[*]}}" | tee -a "$log"
  [[ "$blas" == system ]] &&
    echo "# compare.sh: the Python peer uses the system libblas.so.3; with the reference BLAS its W2 is ~20x slower (docs/benchmarks.md)" | tee -a "$log"

  status=0
  run_ours() { "$cli" bench --threads "$threads" "${pass[@]}" | tee -a "$log" || status=1; }
  run_peers() {
    env "${peer_env[@]}" "$python" "$peer" --threads "$threads" "${pass[@]}" | tee -a "$log" || status=1
    if [[ -n "${PEERS_DIR:-}" ]]; then
      "$PEERS_DIR/run.sh" --cpp-only --threads "$threads" "${pass[@]}" | tee -a "$log" || status=1
    fi
  }
  for ((r = 1; r <= rounds; r++)); do
    echo "# compare.sh: round $r of $rounds" | tee -a "$log"
    # Alternate who goes first, so neither always meets the machine in the same state.
    if ((r % 2)); then run_ours; run_peers; else run_peers; run_ours; fi
  done
  echo
  [[ $status == 0 ]] || echo "compare.sh: a run failed or reported a non-finite output (see $log)" >&2
else
  [[ -r "$log" ]] || die "$log: cannot read it."
  status=0
fi

# ---- summarise ------------------------------------------------------------------------------
# W<k> lines: the first key after the name is the metric; impl= says whose line it is.
awk -v rounds_file="$log" '
  function label(impl) {
    if (impl == "dropoutlab") return "Dropout Lab"
    if (impl == "torch-py") return "PyTorch, Python (torch-py)"
    if (impl == "torch-python") return "PyTorch, Python (torch-python)"
    if (impl == "torch-cpp") return "libtorch, C++ (torch-cpp)"
    return impl
  }
  function median(key, impl,    n, i, j, t, a) {
    n = count[key, impl]
    if (n == 0) return -1
    for (i = 1; i <= n; i++) a[i] = vals[key, impl, i]
    for (i = 2; i <= n; i++)
      for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function figure(v, unit) { return v < 0 ? "—" : sprintf("%.1f %s", v, unit) }
  /^W[1-5] / {
    split($3, kv, "=")
    impl = "?"
    for (i = 4; i <= NF; i++) if ($i ~ /^impl=/) impl = substr($i, 6)
    key = $1 " " $2
    metric[key] = kv[1]
    vals[key, impl, ++count[key, impl]] = kv[2] + 0
    if (!(key in named)) { named[key] = 1; keys[substr($1, 2, 1)] = key }
    if (!(impl in seen)) { seen[impl] = 1; order[++nseen] = impl }
  }
  END {
    if (!("dropoutlab" in seen)) {
      print "compare.sh: " rounds_file " has no impl=dropoutlab lines to compare." > "/dev/stderr"
      exit 1
    }
    ncol = 0
    cols[++ncol] = "dropoutlab"
    split("torch-py torch-python torch-cpp", preferred, " ")
    for (p = 1; p <= 3; p++) if (preferred[p] in seen) { cols[++ncol] = preferred[p]; taken[preferred[p]] = 1 }
    for (p = 1; p <= nseen; p++)
      if (order[p] != "dropoutlab" && !(order[p] in taken)) cols[++ncol] = order[p]
    head = "| workload | " label("dropoutlab") " |"; rule = "|---|---|"
    for (c = 2; c <= ncol; c++) { head = head " " label(cols[c]) " | ratio |"; rule = rule "---|---|" }
    print head " runs |"; print rule "---|"
    for (k = 1; k <= 5; k++) {
      if (!(k in keys)) continue
      key = keys[k]; ms = metric[key] == "ms"; unit = ms ? "ms" : "steps/s"
      ours = median(key, "dropoutlab")
      line = "| " key " | " figure(ours, unit) " |"; runs = count[key, "dropoutlab"] + 0
      for (c = 2; c <= ncol; c++) {
        theirs = median(key, cols[c])
        ratio = (theirs <= 0 || ours <= 0) ? "n/a" : sprintf("**%.2f×**", ms ? theirs / ours : ours / theirs)
        line = line " " figure(theirs, unit) " | " ratio " |"; runs = runs " / " (count[key, cols[c]] + 0)
      }
      print line " " runs " |"
    }
    print ""
    print "Medians per implementation; ratio = how many times faster Dropout Lab is (steps/s: ours ÷ theirs, ms: theirs ÷ ours); runs = lines per column."
  }' "$log"
exit $status
