#!/usr/bin/env bash
# Installs the Debian 12 packages Dropout Lab needs, only those that are missing.
set -euo pipefail
PKGS=(cmake make g++ pkg-config
      qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev libxkbcommon-dev
      libeigen3-dev libtbb-dev libgtest-dev ccache nlohmann-json3-dev libcli11-dev librandom123-dev zlib1g-dev dataset-fashion-mnist
      xvfb xauth fonts-dejavu-core)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
