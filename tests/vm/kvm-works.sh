#!/usr/bin/env bash
# Exit 0 if /dev/kvm really runs guests: boot the test kernel (KDIR) under
# QEMU/KVM without a root file system and look for its panic about the
# missing root, which it only reaches by running (a few seconds on KVM). Some machines expose a
# /dev/kvm that opens but cannot run a normal guest.
set -u
: "${KDIR:?}"
[ -w /dev/kvm ] || exit 1
log=$(mktemp)
timeout 20 qemu-system-x86_64 -accel kvm -cpu host -m 256 -no-reboot -display none \
	-monitor none -serial "file:$log" -kernel "$KDIR/arch/x86/boot/bzImage" \
	-append "console=ttyS0 panic=-1" >/dev/null 2>&1
grep -q "VFS: Unable to mount root\|Kernel panic - not syncing" "$log"
rc=$?
rm -f "$log"
exit $rc
