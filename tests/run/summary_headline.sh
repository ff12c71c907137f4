#!/usr/bin/env bash
# The default summary of `ogsim run` and `ogsim report` is a headline that
# fits one screen (at most 48 lines for scenarios/baseline.yaml and for a
# cheating scenario, attack-lazy), with the key latency, token, load, fraud
# and cost figures, only the busiest class's per-class entries (and its
# bottleneck), and a last line counting the entries left out, which --all
# prints: with it every /summary entry is printed.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
max=48
for sc in baseline attack-lazy; do
  "$ogsim" run "$src/scenarios/$sc.yaml" -o "$tmp/$sc.h5" > "$tmp/$sc.run" 2>/dev/null
  "$ogsim" report "$tmp/$sc.h5" > "$tmp/$sc.report"
  "$ogsim" report "$tmp/$sc.h5" --all > "$tmp/$sc.all"
  for f in "$tmp/$sc.run" "$tmp/$sc.report"; do
    n=$(wc -l < "$f")
    [ "$n" -le $max ] || { cat "$f"; echo "FAIL: $sc: $(basename "$f"): $n lines, over $max"; exit 1; }
    for e in requests_completed throughput latency_p99 output_tokens_per_s ttft_p99 tpot_p99 \
             batch_size_mean utilisation compute_utilisation_ memory_bw_utilisation_ bottleneck_ \
             cost_per_1000_requests; do
      grep -q "^  $e" "$f" || { cat "$f"; echo "FAIL: $sc: $(basename "$f") lacks $e"; exit 1; }
    done
    [ "$(grep -c '^  utilisation_' "$f")" = 1 ] ||
      { echo "FAIL: $sc: the headline prints more than the busiest class"; exit 1; }
    grep -q '^ [0-9][0-9]* more entries: --all prints them' "$f" ||
      { echo "FAIL: $sc: $(basename "$f") does not say how to see the rest"; exit 1; }
    grep -q '^simulator performance: wall_time' "$f" ||
      { echo "FAIL: $sc: no one-line performance figures"; exit 1; }
  done
  echo "ok: $sc: headline of $(wc -l < "$tmp/$sc.run") (run) and $(wc -l < "$tmp/$sc.report") (report) lines"
done
grep -q '^  time_to_catch_km_median ' "$tmp/attack-lazy.run" &&
  grep -q '^  profit_gap ' "$tmp/attack-lazy.run" && grep -q '^  detections ' "$tmp/attack-lazy.run" ||
  { echo "FAIL: attack-lazy's headline lacks the fraud figures"; exit 1; }
PYTHONPATH="$src/tests/lib" /usr/bin/python3 - "$tmp" <<'PY'
import re, sys
from h5check import summary, fail
t = sys.argv[1]
for sc in ("baseline", "attack-lazy"):
    names = set(summary(f"{t}/{sc}.h5"))
    printed = set(re.findall(r"^  (\S+) ", open(f"{t}/{sc}.all").read(), re.M))
    missing = names - printed
    if missing:
        fail(f"{sc}: --all leaves out {sorted(missing)[:5]}")
    head = open(f"{t}/{sc}.report").read()
    shown = set(re.findall(r"^  (\S+) ", head, re.M)) & names
    more = int(re.search(r"^ (\d+) more entries", head, re.M).group(1))
    if more != len(names) - len(shown):
        fail(f"{sc}: '{more} more entries', but {len(names) - len(shown)} are left out")
    print(f"ok: {sc}: --all prints all {len(names)} entries; the headline {len(shown)}, "
          f"and says {more} more")
PY
