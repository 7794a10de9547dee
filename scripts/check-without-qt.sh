#!/usr/bin/env bash
# Builds and tests the Qt-free part (-DDL_BUILD_GUI=OFF) with Qt made invisible: inside a
# private mount namespace every Qt 6 header folder, CMake package folder and library file is
# covered by an empty mount, so a stray Qt dependency fails the configure, the compile or the
# link, as on a cluster node without Qt. Needs root (unshare). The build goes to build-nogui/.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build-nogui}"
jobs="$(nproc)"
if [[ "${DL_QT_HIDDEN:-}" != 1 ]]; then
    exec unshare --mount env DL_QT_HIDDEN=1 "$0" "$@"
fi
empty="$(mktemp -d)"
hidden=0
for path in /usr/include/*/qt6 /usr/include/qt6 /usr/lib/*/cmake/Qt6* /usr/lib/*/qt6 \
            /usr/lib/*/libQt6* /usr/lib/qt6; do
    [[ -e "$path" ]] || continue
    if [[ -d "$path" ]]; then mount --bind "$empty" "$path"; else mount --bind /dev/null "$path"; fi
    hidden=$((hidden + 1))
done
echo "check-without-qt: hid $hidden Qt paths"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DDL_BUILD_GUI=OFF >/dev/null
cmake --build "$build" -j "$jobs"
if ldd "$build/bin/dropoutlab-cli" | grep -i qt; then
    echo "check-without-qt: dropoutlab-cli links Qt" >&2
    exit 1
fi
ctest --test-dir "$build" --output-on-failure -j "$jobs"
