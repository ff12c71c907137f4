#!/usr/bin/env bash
# SIGTERM and SIGINT end `run` with 143 and 130 (not 1, which means a failed
# check), saying so, and leave neither the results file nor its temporary
# file: once mid-simulation, and once (with a preloaded shim that raises the
# signal in fsync) when the complete file is still under its temporary name.
set -eu
ogsim=$1; src=$2
tmp=$(mktemp -d); pid=
trap '[ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
sed 's/^duration: .*/duration: 100000s/' "$src/tests/scenarios/golden.yaml" > "$tmp/long.yaml"
declare -A code=([TERM]=143 [INT]=130) said=([TERM]="terminated (SIGTERM)"
  [INT]="interrupted (SIGINT)") bit=([TERM]=15 [INT]=2)

nothing_left() {
  [ -z "$(ls "$tmp" | grep '\.h5')" ] || { echo "FAIL: $1: left $(ls "$tmp")"; exit 1; }
}
check() {  # check SIG RC WHAT
  [ "$2" = "${code[$1]}" ] || { echo "FAIL: $3: exit $2, want ${code[$1]}"; exit 1; }
  grep -qF "${said[$1]}" "$tmp/err" || { echo "FAIL: $3: no '${said[$1]}' said"; exit 1; }
  nothing_left "$3"
  echo "ok   $3: exit $2, '${said[$1]}', nothing left"
}
# Whether process $1 catches signal number $2 (Linux: SigCgt in /proc).
catches() {
  local mask; mask=$(awk '/^SigCgt:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$mask" ] && (( (16#$mask >> ($2 - 1)) & 1 ))
}

set -m   # background jobs keep SIGINT (without job control bash ignores it)
for sig in TERM INT; do
  "$ogsim" run "$tmp/long.yaml" -q -o "$tmp/long.h5" 2>"$tmp/err" & pid=$!
  for _ in $(seq 3000); do   # until the handler is in place (at most 300 s)
    catches "$pid" "${bit[$sig]}" && break
    [ -d "/proc/$pid" ] || break
    sleep 0.1
  done
  kill -"$sig" "$pid"
  rc=0; wait "$pid" || rc=$?; pid=
  check "$sig" "$rc" "SIG$sig mid-simulation"
done
set +m

if cc -shared -fPIC -o "$tmp/shim.so" "$src/tests/shim/fault.c" -ldl 2>"$tmp/cc.err"; then
  for sig in TERM INT; do
    rc=0
    env LD_PRELOAD="$tmp/shim.so" OGSIM_SHIM_RAISE_AT_FSYNC="${bit[$sig]}" \
      ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" \
      "$ogsim" run "$src/tests/scenarios/golden.yaml" -q -o "$tmp/g.h5" 2>"$tmp/err" || rc=$?
    check "$sig" "$rc" "SIG$sig with the file complete under its temporary name"
  done
else
  echo "skip the temporary-file trials: no C compiler ($(head -1 "$tmp/cc.err"))"
fi
rm -f "$tmp/shim.so" "$tmp/cc.err"
