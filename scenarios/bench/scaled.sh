# Sourced by scaling.sh and floor.sh: scale-10k.yaml scaled to N nodes
# (its classes' 4:4:2 split), each node offered 5 requests/s, R requests in
# all (the duration follows). `scaled N R` sets the array SCALED to the
# `ogsim run` options that say so.
scaled() {
  local n=$1 rate=$((5 * $1)) dur
  dur=$(/usr/bin/python3 -c "print($2 / $rate)")
  SCALED=(--set "name=scale-$n"
          --set "node_classes[h100].count=$((n * 4 / 10))"
          --set "node_classes[l4].count=$((n * 4 / 10))"
          --set "node_classes[a10].count=$((n * 2 / 10))"
          --set "workload.rate=$rate/s" --set "duration=${dur}s" --set "warmup=0s")
}
