#!/usr/bin/env bash
# The one option table: each command's --help lists exactly the options
# written below (an option missing from help, or one help shows that is not
# here, fails); a refused option or value exits 2 naming it and the command's
# --help; --opt=value works as --opt value does.
set -u
ogsim=$1; src=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/golden.yaml
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

declare -A want=(
  [run]="-o --set --seed --sg -q --quiet --summary-only --force --all"
  [validate]="--set --seed --force"
  [platform]="--set --seed --force"
  [report]="--format --metrics --table --columns -o --all"
  [sweep]="-o -j --shard --resume --set --seed --validate -q --quiet --exec-tasks"
  [merge]="-o"
  [equilibrium]="--reps --max-reps --tol --lo --hi --path -j --set --seed --json --exec-tasks"
  [calibrate]="-o --zoo --quick"
  [plot]="-o --format --dpi"
  [compare]="--tolerances --simulated -v"
)
for c in "${!want[@]}"; do
  rc=0; "$ogsim" "$c" --help > "$tmp/help" 2>&1 || rc=$?
  [ "$rc" = 0 ] || fail "ogsim $c --help exited $rc"
  # the option names at the start of each option line: "-q, --quiet", "--set PATH=VALUE"
  got=$(sed -n '/^options:/,$p' "$tmp/help" | grep -E '^  -' |
        sed -E 's/^  (-[a-zA-Z], )?(-[-a-z]+).*/\1 \2/; s/,//' | tr ' ' '\n' |
        grep -v -e '^$' -e '^-h$' -e '^--help$' | sort)
  exp=$(tr ' ' '\n' <<<"${want[$c]}" | sort)
  [ "$got" = "$exp" ] || fail "ogsim $c --help lists [$(echo $got)], want [$(echo $exp)]"
done
[ "$fails" = 0 ] && echo "ok   every command's --help lists its options"

refused() { # refused PATTERN CMD ARGS...: exit 2, PATTERN and the hint on stderr
  local pat=$1 c=$2; shift
  rc=0; "$ogsim" "$@" > "$tmp/out" 2> "$tmp/err" || rc=$?
  if [ "$rc" != 2 ] || ! grep -qF -- "$pat" "$tmp/err" ||
     ! grep -qF "(try 'ogsim $c --help')" "$tmp/err" || [ -s "$tmp/out" ]; then
    fail "ogsim $*: exit $rc: $(cat "$tmp/err")"
  else
    echo "ok   ogsim $*: $(head -1 "$tmp/err")"
  fi
}
refused "unknown option: --bogus" run "$sc" --bogus
refused "unknown option: --bogus=1" run "$sc" --bogus=1
refused "unknown option: -x" sweep x.yaml -x
refused "unknown option: --summary-only" validate "$sc" --summary-only
refused "--set needs PATH=VALUE" run "$sc" --set
refused "-o needs OUT.h5" merge a.h5 -o
refused "-j needs an integer from 1 to 100000" sweep x.yaml -j
refused "-j needs an integer from 1 to 100000: abc" sweep x.yaml -j abc
refused "-j needs an integer from 1 to 100000: 0" equilibrium "$sc" -j 0
refused "--reps needs an integer from 1 to 100000: 1.5" equilibrium "$sc" --reps 1.5
refused "--tol needs a number from 1e-09 to 1: 2" equilibrium "$sc" --tol=2
refused "--seed needs a non-negative integer: 1x" validate "$sc" --seed=1x
refused "--shard needs I/N with 0 <= I < N: 2/2" sweep x.yaml --shard 2/2
refused "--quiet takes no value: yes" run "$sc" --quiet=yes
refused "-o OUT.h5 is required" merge a.h5
refused "more than one scenario file given: b.yaml" validate a.yaml b.yaml
refused "unexpected argument: extra" calibrate extra
refused "no results file given" report

# --opt=value and --opt value give the same run.
"$ogsim" run "$sc" -q --seed=7 --set=workload.timeout=3s --set=duration=10s -o "$tmp/eq.h5" ||
  fail "run with --opt=value exited $?"
"$ogsim" run "$sc" -q --seed 7 --set workload.timeout=3s --set duration=10s -o "$tmp/sp.h5" ||
  fail "run with --opt value exited $?"
"$ogsim" report "$tmp/eq.h5" --all > "$tmp/eq.txt" && "$ogsim" report "$tmp/sp.h5" --all > "$tmp/sp.txt" ||
  fail "report exited $?"
grep -q "overrides *workload.timeout=3s" "$tmp/eq.txt" && grep -qx "duration=10s" "$tmp/eq.txt" &&
  grep -Eq "^  seed +7$" "$tmp/eq.txt" || fail "--opt=value not applied: $(head -20 "$tmp/eq.txt")"
simulated() { sed -e 1d -e '/wall_time/d' -e '/^simulator performance:/,$d' "$1"; }
diff <(simulated "$tmp/eq.txt") <(simulated "$tmp/sp.txt") > "$tmp/diff" ||
  fail "--opt=value and --opt value differ: $(head -20 "$tmp/diff")"
[ "$fails" = 0 ] && echo "ok   --opt=value works as --opt value"
[ "$fails" = 0 ]
