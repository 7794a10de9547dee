#!/usr/bin/env bash
# Runs the libtorch peer and `dropoutlab-cli bench` side by side, interleaved, and prints the
# medians per workload with their ratios as a Markdown table (the README's Performance table).
#
#   scripts/bench-vs-peers.sh [--rounds N] [--threads N]   # needs ../shared/peers and a build
#   scripts/bench-vs-peers.sh --from-log FILE              # only summarise an earlier log
#
# The raw lines go to bench-vs-peers.log (or the --from-log file is read instead).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds=3 threads=2 log="" peers="${PEERS_DIR:-$here/../shared/peers}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --from-log) log="$2"; shift ;;
    *) echo "bench-vs-peers.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [[ -z "$log" ]]; then
  log="bench-vs-peers.log"
  : >"$log"
  for ((r = 1; r <= rounds; r++)); do
    "$peers/run.sh" --cpp-only --threads "$threads" | tee -a "$log"
    "$here/build/bin/dropoutlab-cli" bench --threads "$threads" | tee -a "$log"
  done
fi

# W<k> lines: the first key is the metric; impl= says whose line it is.
awk '
  /^W[1-5] / {
    split($3, kv, "="); metric = kv[1]; value = kv[2] + 0
    impl = ""; for (i = 4; i <= NF; i++) if ($i ~ /^impl=/) impl = substr($i, 6)
    if (impl != "torch-cpp" && impl != "dropoutlab") next
    key = $1 " " $2; unit[key] = metric
    n = ++count[key, impl]; vals[key, impl, n] = value; names[key] = 1
  }
  function median(key, impl,    n, i, j, t, a) {
    n = count[key, impl]; if (n == 0) return -1
    for (i = 1; i <= n; i++) a[i] = vals[key, impl, i]
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    print "| workload | libtorch peer (median) | Dropout Lab (median) | ratio | runs |"
    print "|---|---|---|---|---|"
    for (k = 1; k <= 5; k++) for (key in names) {
      if (substr(key, 2, 1) != k) continue
      p = median(key, "torch-cpp"); o = median(key, "dropoutlab")
      u = unit[key] == "ms" ? " ms" : " steps/s"
      ratio = (p <= 0 || o <= 0) ? "n/a" : sprintf("%.2f×", unit[key] == "ms" ? p / o : o / p)
      printf "| %s | %.1f%s | %.1f%s | **%s** | %d + %d |\n", key, p, u, o, u, ratio,
             count[key, "torch-cpp"], count[key, "dropoutlab"]
    }
  }' "$log"
