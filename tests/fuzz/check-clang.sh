#!/usr/bin/env bash
# `make fuzz` needs clang-14 and its libFuzzer runtime; installs them (Debian 12: clang-14 ships
# libclang_rt.fuzzer) when missing and root, else says what to install.
set -euo pipefail
have() { command -v clang++-14 >/dev/null && ls /usr/lib/llvm-14/lib/clang/14*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; }
have && exit 0
if [ "$(id -u)" -eq 0 ]; then
    echo "fuzz: installing clang-14 (libFuzzer runtime included)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clang-14
    have && exit 0
fi
echo "fuzz: needs clang-14 with libFuzzer: apt-get install -y clang-14" >&2
exit 1
