#!/usr/bin/env bash
# Set-up on a fresh Debian machine: install the Debian packages that are
# missing, build ogsim, then run the baseline scenario (`./setup.sh run`) or
# the whole test suite (`./setup.sh test`). Warnings are errors when CI=true.
set -euo pipefail
cd "$(dirname "$0")"
what=${1:-run}

pkgs=(cmake make gcc pkg-config git
      libsimgrid-dev libgsl-dev libhdf5-dev hdf5-tools libopenblas-dev libyaml-dev libcmocka-dev
      libopenmpi-dev openmpi-bin
      python3 python3-h5py python3-numpy python3-matplotlib
      python3-nbconvert python3-ipykernel jupyter-nbconvert jupyter-core)
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
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOGSIM_WERROR=$werror >/dev/null
cmake --build build -j"$(nproc)"

case $what in
  run)  ./build/ogsim run scenarios/baseline.yaml ;;
  test) ctest --test-dir build --output-on-failure -j"$(nproc)" ;;
  *)    echo "usage: ./setup.sh [run|test]" >&2; exit 2 ;;
esac
