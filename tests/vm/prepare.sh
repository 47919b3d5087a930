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
# Static, for the initramfs; libnl for the tools that speak netlink.
nl_cflags=$(pkg-config --cflags libnl-genl-3.0)
nl_libs=$(pkg-config --static --libs libnl-genl-3.0)
for src in "$top"/tests/tools/*.c; do
	# shellcheck disable=SC2086 # word splitting of the pkg-config flags is intended
	gcc -static -O2 -Wall -Werror -I"$top/include/uapi" $nl_cflags \
		-o "$build/tools/$(basename "$src" .c)" "$src" $nl_libs 2>"$build/tools.log" ||
		{ cat "$build/tools.log" >&2; echo "prepare: building $src failed" >&2; exit 1; }
done
# The freestanding test guests (tests/guests).
make -s -C "$top/tests/guests" OUT="$build/guests" >"$build/guests.log" 2>&1 ||
	{ cat "$build/guests.log" >&2; echo "prepare: building the test guests failed" >&2; exit 1; }
"$top/tests/vm/mkinitramfs.sh" "$build/initrd.gz" "$kdir" "$build"
echo "KDIR=$kdir"
echo "INITRD=$build/initrd.gz"
