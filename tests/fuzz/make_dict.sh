#!/usr/bin/env bash
# Print the fuzzing dictionary (scenario.dict in the fuzz build folder): every key, enum
# name and unit of the scenario schema (sim/scenario/scenario_schema.c, sim/base/units.c,
# the plug-in lists and the protocols' own keys),
# the sweep file's keys (sim/sweep/sweep_load.c, sim/sweep/sweep_axes.c), the zoo's model
# names, and YAML and --set syntax. run.sh makes it afresh in the build
# folder before each fuzzing run, so it always follows the sources.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)

# String literals of the array initialisers `static const ... NAME[] = {...};`.
arrays() {
  awk '/static const .*\[[A-Z_0-9]*\] = \{/ { on = 1 } on { print } /\};/ { on = 0 }' "$@" |
    grep -o '"[^"]*"'
}

{
  echo '# ogsim fuzzing dictionary: made by tests/fuzz/make_dict.sh, do not edit.'
  {
    # Schema keys: the first argument of each row macro, or .key = "...".
    grep -oE '(NUM|COUNT|STR|ENUM|REF|LIST)\("[^"]*"|\.key = "[^"]*"' "$src/sim/scenario/scenario_schema.c" |
      grep -o '"[^"]*"'
    arrays "$src/sim/scenario/scenario_schema.c" "$src/sim/base/units.c" "$src/sim/sweep/sweep_load.c" \
      "$src/sim/sweep/sweep_axes.c"
    # Names from the plug-in lists (*_list.h) and the protocols' own keys.
    grep -ohE '^ *X\([A-Z_0-9]+, *[a-z_0-9]+' "$src"/sim/include/ogsim/*_list.h |
      sed -E 's/.*, *([a-z_0-9]+)$/"\1"/'
    grep -ohE '\.key = "[^"]*"' "$src"/sim/protocols/*.c | grep -o '"[^"]*"' || true
    for f in "$src"/models/zoo/*.yaml; do
      n=${f##*/}
      echo "\"${n%.yaml}\""
    done
    # Booleans, numbers at the edges, YAML syntax, --set syntax.
    printf '%s\n' '"true"' '"false"' '"yes"' '"no"' '"0"' '"1"' '"-1"' '"0.5"' '"1e308"' \
      '"1e-320"' '"18446744073709551615"' '"18446744073709551616"' '"nan"' '"inf"' '"0x10"' \
      '": "' '"- "' '"["' '"]"' '"{"' '"}"' '", "' '"~"' '"null"' '"&a "' '"*a"' '"<<: "' \
      '"!!str "' '"? "' '"---"' '"..."' '"|"' '">"' '"\x22"' '"'"'"'"' '"#"' \
      '"\x0a#--set\x0a"' '"="' '"."' '"[0]"' '"[1]"' '".0"'
  } | grep -vx '""' | awk '!seen[$0]++'
}
