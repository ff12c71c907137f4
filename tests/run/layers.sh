#!/usr/bin/env bash
# The layer rules the compiler cannot see: quoted includes across folders
# are stopped by each folder's include path (CMakeLists.txt), but system
# headers resolve everywhere. Only sim/engine and sim/protocols (and the
# serving engines and network modes, sim/serving and sim/netmode) may
# include SimGrid; only sim/results may include HDF5; only sim/cli and
# sim/cli_mpi may parse argv (getopt) or be a main(); only sim/protocols
# names a protocol.
set -u
src=$2
fails=0
bad() { # bad WHAT PATTERN ALLOWED_DIR_REGEX
  local hits
  hits=$(cd "$src" && grep -rlE "$2" sim models --include='*.[ch]' | grep -vE "$3" || true)
  if [ -n "$hits" ]; then echo "FAIL: $1 in: $hits"; fails=1; else echo "ok   $1 only where allowed"; fi
}
bad "SimGrid headers" '#include <simgrid' '^sim/(engine|protocols|serving|netmode)/'
bad "HDF5 headers" '#include <(hdf5|H5)' '^sim/results/'
bad "main() or getopt" '^int main\(|getopt' '^sim/(cli|cli_mpi)/'
# Plug-ins: only a protocol's own file names it (the engine, the request
# pool, cheater assignment, the loader and the metrics go through hooks
# and traits).
bad "a protocol named" 'OG_PROTO_(NONE|SPOT_CHECK|TEE|ZKML|OPTIMISTIC|REDUNDANCY|QUORUM)\b|og_proto_[a-z]|og_kind_[a-z]' '^sim/protocols/'
# Network modes: only a mode's own file names it (the engine goes through
# its hooks, the loader and estimate through its traits); a protocol may
# declare the modes it runs in, OG_NET_MODE_BIT(OG_NET_...).
bad "a network mode named" '(^|[^(])OG_NET_(FAST|EXACT)\b|og_net_(fast|exact)\b' '^sim/(netmode|include/ogsim)/'
exit $fails
