#!/usr/bin/env bash
# Build everything a test boot needs, against the test kernel:
# the modules, a static partctl, the test programs and the initramfs.
# Prints the lines KDIR=... and INITRD=... for the caller to eval.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$top/build
mkdir -p "$build"

kdir=$("$top/tests/vm/build-kernel.sh")
make -s -C "$top" module KDIR="$kdir" >"$build/module.log" 2>&1 ||
	{ cat "$build/module.log" >&2; echo "prepare: module build failed" >&2; exit 1; }
# As for kmod/ (see the Makefile): start clean when the kernel tree changes.
if [ "$(cat "$top/tests/kmod/.pv-kdir" 2>/dev/null)" != "$kdir" ]; then
	make -s -C "$kdir" M="$top/tests/kmod" clean
	echo "$kdir" >"$top/tests/kmod/.pv-kdir"
fi
make -s -C "$kdir" M="$top/tests/kmod" modules >>"$build/module.log" 2>&1 ||
	{ cat "$build/module.log" >&2; echo "prepare: test module build failed" >&2; exit 1; }
make -s -C "$top/ctl" STATIC=1 OUT="$build/ctl" >"$build/partctl.log" 2>&1 ||
	{ cat "$build/partctl.log" >&2; echo "prepare: partctl build failed" >&2; exit 1; }
cp "$build/ctl/partctl" "$build/partctl"
mkdir -p "$build/tools"
for src in "$top"/tests/tools/*.c; do
	gcc -static -O2 -Wall -Werror -o "$build/tools/$(basename "$src" .c)" "$src"
done
"$top/tests/vm/mkinitramfs.sh" "$build/initrd.gz" "$kdir" "$build"
echo "KDIR=$kdir"
echo "INITRD=$build/initrd.gz"
