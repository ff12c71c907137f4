#!/usr/bin/env bash
# Help from the table of subcommands: `ogsim --help` lists every command;
# `ogsim COMMAND --help` and `-h` print that command's own usage on stdout
# and exit 0 (also when other arguments come first), and no two commands
# print the same; an unknown command exits 2 naming it.
set -u
ogsim=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
"$ogsim" --help > "$tmp/global" || fail "ogsim --help exited $?"
cmds=$(sed -n '/^commands:/,/^$/p' "$tmp/global" | awk 'NF && !/^commands:/ {print $1}')
for want in run validate report sweep merge equilibrium platform calibrate plot compare; do
  echo "$cmds" | grep -qx "$want" || fail "ogsim --help does not list $want"
done
for c in $cmds; do
  for h in --help -h; do
    rc=0; "$ogsim" "$c" $h > "$tmp/$c$h" 2>"$tmp/err" || rc=$?
    [ "$rc" = 0 ] || fail "ogsim $c $h exited $rc"
    [ -s "$tmp/err" ] && fail "ogsim $c $h wrote on stderr: $(cat "$tmp/err")"
    head -1 "$tmp/$c$h" | grep -q "^usage: ogsim $c\b" || fail "ogsim $c $h: $(head -1 "$tmp/$c$h")"
  done
  cmp -s "$tmp/$c--help" "$tmp/$c-h" || fail "ogsim $c: --help and -h differ"
  cmp -s "$tmp/$c--help" "$tmp/global" && fail "ogsim $c --help prints the global help"
  echo "ok   ogsim $c --help: $(head -1 "$tmp/$c--help")"
done
dups=$(for c in $cmds; do md5sum < "$tmp/$c--help"; done | sort | uniq -d)
[ -z "$dups" ] || fail "two commands print the same help"
rc=0; "$ogsim" run scenario.yaml --seed 3 --help > "$tmp/late" 2>&1 || rc=$?
[ "$rc" = 0 ] && grep -q "^usage: ogsim run" "$tmp/late" || fail "--help after arguments: exit $rc"
grep -q -- "--summary-only" "$tmp/run--help" || fail "run's help lacks its options"
rc=0; "$ogsim" frobnicate > "$tmp/out" 2>&1 || rc=$?
[ "$rc" = 2 ] && grep -q "unknown command 'frobnicate'" "$tmp/out" ||
  fail "unknown command: exit $rc: $(head -1 "$tmp/out")"
[ "$fails" = 0 ] && echo "ok   every command answers --help with its own usage"
[ "$fails" = 0 ]
