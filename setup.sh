#!/usr/bin/env bash
# Set-up on a fresh Debian machine: install the Debian packages that are
# missing, build ogsim, then
#   ./setup.sh run     the baseline scenario, with its summary
#   ./setup.sh test    the test suite (no timing thresholds), then the unit,
#                      bad-input and golden tests again under ASan+UBSan with
#                      leak detection (build-asan/)                 [CI]
#   ./setup.sh asan    the whole suite under ASan+UBSan with leak detection
#   ./setup.sh bench   the benchmarks that judge speed and memory (label
#                      perf; run them on a quiet machine)
# Warnings are errors when CI=true.
set -euo pipefail
cd "$(dirname "$0")"
what=${1:-run}

pkgs=(cmake make gcc pkg-config git
      libsimgrid-dev libgsl-dev libhdf5-dev hdf5-tools libopenblas-dev libyaml-dev libcmocka-dev
      libopenmpi-dev openmpi-bin
      python3 python3-h5py python3-numpy python3-matplotlib
      python3-nbconvert python3-ipykernel jupyter-nbconvert jupyter-core
      clang libclang-rt-14-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

werror=OFF; [ "${CI:-}" = true ] && werror=ON
build() {  # build DIR [cmake options]
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOGSIM_WERROR=$werror "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)"
}
sanitized='^(unit\.|bad\.|run\.golden$)'

case $what in
  run)   build build && ./build/ogsim run scenarios/baseline.yaml ;;
  test)  build build && ctest --test-dir build --output-on-failure -j"$(nproc)" -LE perf
         build build-asan -DOGSIM_SANITIZE=ON
         ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -R "$sanitized" ;;
  asan)  build build-asan -DOGSIM_SANITIZE=ON
         ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -LE perf ;;
  bench) build build && ctest --test-dir build --output-on-failure -L perf ;;
  *)     echo "usage: ./setup.sh [run|test|asan|bench]" >&2; exit 2 ;;
esac
