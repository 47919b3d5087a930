#!/usr/bin/env bash
# Build the test initramfs: busybox-static, the modules, partctl, the test
# programs and the scenarios. Nothing else from the host's root goes in.
#
#   mkinitramfs.sh OUT.cpio.gz KDIR BUILD_DIR
set -euo pipefail
out=$1 kdir=$2 build=$3
top=$(cd "$(dirname "$0")/../.." && pwd)

stage=$(mktemp -d)
# mktemp makes it 0700: as the initramfs root, nobody but root could look up anything.
chmod 755 "$stage"
trap 'rm -rf "$stage" "${child:-}"' EXIT
mkdir -p "$stage"/{bin,sbin,proc,sys,dev,tmp,lib/modules,scenarios,guests}
cp /bin/busybox "$stage/bin/busybox"
cp "$top/tests/vm/init" "$stage/init"
chmod 755 "$stage/init"
cp "$top/kmod/partvisor.ko" "$top/kmod/partvisor_test.ko" "$top"/tests/kmod/*.ko \
	"$stage/lib/modules/"
# One pointer per suite in .kunit_test_suites: the KTAP plan of the module.
size=$(objdump -h "$top/kmod/partvisor_test.ko" | awk '$2 == ".kunit_test_suites" { print $3 }')
[ -n "$size" ] || { echo "mkinitramfs: partvisor_test.ko has no KUnit suites" >&2; exit 1; }
echo $(( 0x$size / 8 )) >"$build/kunit-suites"
cp "$build/kunit-suites" "$stage/lib/modules/partvisor_test.suites"
cp "$kdir/virt/lib/irqbypass.ko" "$kdir/arch/x86/kvm/kvm.ko" "$kdir/arch/x86/kvm/kvm-intel.ko" \
	"$stage/lib/modules/"
cp "$build/partctl" "$build"/tools/* "$stage/bin/"
cp -r "$top"/tests/scenarios/. "$stage/scenarios/"
cp "$build"/guests/*.elf "$build"/guests/*.bin "$stage/guests/"
# The test kernel itself, for the PVH child scenarios (17 MB, 3 MB packed).
objcopy --strip-all "$kdir/vmlinux" "$stage/guests/vmlinux"
# The Linux child's own initramfs: busybox and an /init that starts a
# shell on the console (tests/vm/child/init), and pv-rdtsc for make bench.
child=$(mktemp -d)
chmod 755 "$child"
mkdir -p "$child/bin"
cp /bin/busybox "$build/tools/pv-rdtsc" "$child/bin/"
cp "$top/tests/vm/child/init" "$child/init"
chmod 755 "$child/init"
(cd "$child" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -9 >"$build/child-initrd.gz"
# Also kept outside: make bench boots it natively as the reference.
cp "$build/child-initrd.gz" "$stage/guests/child-initrd.gz"
rm -rf "$child"
(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$out"
