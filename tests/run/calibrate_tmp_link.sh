#!/usr/bin/env bash
# `ogsim calibrate -o OUT` creates its temporary file OUT.tmp.PID afresh:
# a symbolic link already at that name (the pid is known in advance by
# exec-ing calibrate from a shell whose pid it keeps) is neither followed
# nor replaced: exit 2, the file it points to untouched, no OUT written.
set -u
ogsim=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo precious > "$tmp/victim"
rc=0
sh -c 'ln -s "$1" "$2.tmp.$$" && exec "$3" calibrate --quick -o "$2"' sh \
  "$tmp/victim" "$tmp/cal.yaml" "$ogsim" 2>"$tmp/err" || rc=$?
if [ "$rc" = 2 ] && [ "$(cat "$tmp/victim")" = precious ] && [ ! -e "$tmp/cal.yaml" ] &&
   grep -q "cannot create" "$tmp/err"; then
  echo "ok   a link at the temporary name refused: $(cat "$tmp/err")"
else
  echo "FAIL: exit $rc, victim now '$(head -c 60 "$tmp/victim")', $(ls -l "$tmp" | tail -n +2)"
  exit 1
fi
