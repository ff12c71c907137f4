#!/usr/bin/env bash
# The engine-speed targets (issue 12), measured side by side in one
# invocation and printed with the target and whether it holds:
#   scale-10k wall time, against the actor engine: at least 4x faster
#     (stretch 8x);
#   scale-100k: peak memory at most 600 MiB, set-up at least 2x faster;
#   scale-1m: completes, peak memory at most 4 GiB;
#   marginal cost per request, 1,000 to 1,000,000 nodes: flat (printed as
#     the ratio of the two, from scaling.sh).
# OLD is an ogsim built from the actor engine (commit 8e4e447), e.g.
#   git worktree add /tmp/og-old 8e4e447 && cmake -S /tmp/og-old -B /tmp/og-old/build \
#     -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build /tmp/og-old/build -j2
# Without OLD the comparisons are left out. Not a test: machines are noisy;
# run it on a quiet machine and read the figures together.
#   scenarios/bench/targets.sh [NEW] [OLD]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
new=${1:-$here/../../build/ogsim}
old=${2:-}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
run() {  # run BIN SCENARIO TAG: "wall setup peak_MiB" into $tmp/TAG
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$1" run "$2" -q -o "$tmp/$3.h5"
  read -r wall rss < "$tmp/time"
  setup=$(/usr/bin/python3 -c "import h5py; print(h5py.File('$tmp/$3.h5')['perf']['setup_wall_time'][()])")
  echo "$wall $setup $((rss / 1024))" > "$tmp/$3"
}
for s in 10k 100k 1m; do run "$new" "$here/scale-$s.yaml" "new-$s"; done
if [ -n "$old" ]; then for s in 10k 100k; do run "$old" "$here/scale-$s.yaml" "old-$s"; done; fi
"$here/scaling.sh" "$new" 1000 1000000 > "$tmp/scaling"
/usr/bin/python3 - "$tmp" "${old:+1}" <<'PY'
import sys
t, have_old = sys.argv[1], sys.argv[2] == "1"
get = lambda tag: [float(x) for x in open(f"{t}/{tag}").read().split()]
rows = []
def row(what, value, target, ok):
    rows.append((what, value, target, "yes" if ok else "NO"))
w10, s10, m10 = get("new-10k"); w100, s100, m100 = get("new-100k"); w1m, s1m, m1m = get("new-1m")
if have_old:
    ow10, _, _ = get("old-10k"); _, os100, _ = get("old-100k")
    row("scale-10k speed-up over the actor engine", f"{ow10 / w10:.1f}x ({ow10:.2f} s -> {w10:.2f} s)",
        ">= 4x (stretch 8x)", ow10 / w10 >= 4)
    row("scale-100k set-up speed-up", f"{os100 / s100:.0f}x ({os100:.2f} s -> {s100:.2f} s)",
        ">= 2x", os100 / s100 >= 2)
row("scale-100k peak memory", f"{m100:.0f} MiB", "<= 600 MiB", m100 <= 600)
row("scale-1m peak memory (wall)", f"{m1m:.0f} MiB ({w1m:.2f} s)", "<= 4096 MiB", m1m <= 4096)
lines = [l.split() for l in open(f"{t}/scaling") if l.strip() and l.split()[0].isdigit()]
c1k, c1m = float(lines[0][3]), float(lines[-1][3])
row("cost per request, 1,000,000 vs 1,000 nodes", f"{c1m / c1k:.1f}x ({c1k:.2f} -> {c1m:.2f} us)",
    "flat (1x)", c1m / c1k <= 1.25)
w = max(len(r[0]) for r in rows)
print(f"{'target':<{w}}  {'measured':<32} {'wanted':<20} met")
for r in rows:
    print(f"{r[0]:<{w}}  {r[1]:<32} {r[2]:<20} {r[3]}")
PY
