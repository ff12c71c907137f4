#!/usr/bin/env bash
# A bad scenario file must be refused with its own message (the "# expect:"
# text on its first line) and exit code 2, by both `validate` and `run`, and
# `run` must leave no file behind (no results, no temporary).
set -u
ogsim=$1; file=$2
expect=$(sed -n '1s/^# expect: //p' "$file")
[ -n "$expect" ] || { echo "FAIL: $file has no '# expect:' first line"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # check LABEL -- command...
  local label=$1; shift 2
  "$@" >"$tmp/.out" 2>&1; local rc=$?
  if [ "$rc" != 2 ]; then echo "FAIL: $label exited $rc, want 2"; fails=1; fi
  if ! grep -qF -- "$expect" "$tmp/.out"; then
    echo "FAIL: $label: message does not contain: $expect"; fails=1
  fi
  echo "$label: $(head -c 300 "$tmp/.out")"
}
check validate -- "$ogsim" validate "$file"
mkdir "$tmp/out"
check run -- "$ogsim" run "$file" -o "$tmp/out/r.h5"
left=$(ls -A "$tmp/out")
[ -z "$left" ] || { echo "FAIL: run left files behind: $left"; fails=1; }
exit $fails
