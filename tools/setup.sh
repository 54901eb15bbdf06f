#!/usr/bin/env bash
# Installs what ActorTrain needs on a Debian machine, once: later calls find everything and do nothing.
# As root it runs apt-get; otherwise it prints the one command to run and fails.
set -euo pipefail

packages=(libopenblas0-pthread dataset-fashion-mnist ocl-icd-libopencl1 pocl-opencl-icd libclblast1)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages. Run:  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is not installed (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2
  exit 1
fi
