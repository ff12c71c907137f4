#!/usr/bin/env bash
# What `run -o` refuses, before simulating and touching nothing: a target
# that exists and is not a regular file (FIFO, symbolic link, device node,
# folder), a missing output folder; a long output name whose temporary name
# would pass NAME_MAX still works; a scenario name that would put the
# default output outside results/ is refused.
set -eu
ogsim=$(realpath "$1"); src=$(realpath "$2")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
sc=$src/tests/scenarios/golden.yaml
# A bad SimGrid option makes SimGrid abort as soon as it starts: a refusal
# with exit 2 and our message shows the path was checked before simulating.
refused() {  # refused TARGET MESSAGE
  local rc=0
  "$ogsim" run "$sc" -q --summary-only -o "$1" --sg --cfg=no/such:1 >"$tmp/out" 2>"$tmp/err" ||
    rc=$?
  [ "$rc" = 2 ] || { echo "FAIL: -o $1: exit $rc, want 2: $(tail -3 "$tmp/err")"; exit 1; }
  grep -q "$2" "$tmp/err" || { echo "FAIL: -o $1: want '$2', got: $(cat "$tmp/err")"; exit 1; }
  echo "ok   -o $1 refused: $(cat "$tmp/err")"
}
mkfifo "$tmp/fifo"
refused "$tmp/fifo" "is a FIFO, not a regular file"
[ -p "$tmp/fifo" ] || { echo "FAIL: the FIFO was replaced"; exit 1; }
echo "keep" > "$tmp/target"; ln -s target "$tmp/link"
refused "$tmp/link" "is a symbolic link, not a regular file"
[ -L "$tmp/link" ] && [ "$(cat "$tmp/target")" = keep ] ||
  { echo "FAIL: the symbolic link or its target was touched"; exit 1; }
mkdir "$tmp/folder.h5"
refused "$tmp/folder.h5" "is a folder, not a regular file"
if mknod "$tmp/null" c 1 3 2>/dev/null; then
  refused "$tmp/null" "is a device, not a regular file"
  [ -c "$tmp/null" ] || { echo "FAIL: the device node was replaced"; exit 1; }
else
  echo "skip device node: mknod not permitted here"
fi
refused "$tmp/no/such/dir/out.h5" "folder '$tmp/no/such/dir': No such file or directory"
[ -z "$(ls "$tmp" | grep -v '^fifo$\|^target$\|^link$\|^null$\|^folder.h5$\|^out$\|^err$')" ] ||
  { echo "FAIL: files left: $(ls "$tmp")"; exit 1; }

long=$tmp/$(printf 'n%.0s' $(seq 250)).h5   # 253 bytes: ".tmp.PID" would pass 255
"$ogsim" run "$sc" -q --summary-only -o "$long"
[ -f "$long" ] || { echo "FAIL: no file under a 253-byte name"; exit 1; }
ls "$tmp" | grep -q '\.tmp\.' && { echo "FAIL: a temporary file was left"; exit 1; }
echo "ok   a 253-byte output name is written (temporary name kept within NAME_MAX)"

mkdir "$tmp/cwd"
for name in ../escape a/b ..; do
  rc=0
  (cd "$tmp/cwd" && "$ogsim" run "$sc" -q --summary-only --set "name=$name" 2>"$tmp/err") ||
    rc=$?
  # refused by the scenario's name rule, or (a second line of defence) by
  # the default output path
  [ "$rc" = 2 ] && grep -Eq "cannot name a file in results/|not allowed in a name|must not start with" "$tmp/err" ||
    { echo "FAIL: scenario name '$name': exit $rc: $(cat "$tmp/err")"; exit 1; }
  [ -z "$(find "$tmp" -name '*.h5*' ! -path "$long" ! -name folder.h5)" ] ||
    { echo "FAIL: scenario name '$name' wrote $(find "$tmp" -name '*.h5*')"; exit 1; }
  echo "ok   scenario name '$name' refused for the default output: $(cat "$tmp/err")"
done
