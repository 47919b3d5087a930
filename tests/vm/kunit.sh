#!/usr/bin/env bash
# Run partvisor's KUnit suites the way users do: through virtme-ng (vng),
# which boots the test kernel with this machine's root over 9p and loads
# kmod/partvisor_test.ko from the work tree. Results are parsed by the
# kernel's own tools/testing/kunit/kunit.py.
#
# Falls back to the plain QEMU boot of `make check` (run.sh qemu kunit)
# when vng cannot be had. Uses KVM when /dev/kvm works, else QEMU TCG.
#   VNG=0 forces the fallback.
# Writes the kunit.py report to stdout and keeps the logs in OUT
# (KUNIT_OUT, default build/results/kunit); exits as kunit.py does.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${KUNIT_OUT:-$top/build/results/kunit}
# make check has built everything already and says so with KDIR and INITRD.
if [ -z "${KDIR:-}" ] || [ -z "${INITRD:-}" ]; then
	eval "$("$top/tests/vm/prepare.sh")"
fi
rm -rf "$out"
mkdir -p "$out"

vng=
if [ "${VNG:-1}" != 0 ]; then
	vng=$("$top/tests/vm/get-vng.sh") || vng=
fi

if [ -n "$vng" ]; then
	accel=--disable-kvm
	KDIR=$KDIR "$top/tests/vm/kvm-works.sh" && accel=
	n=$(cat "$top/build/kunit-suites")
	# As in tests/scenarios/kunit: Linux 6.1 prints no top-level KTAP plan
	# for the suites of a module, so announce it the way the executor would.
	cmd="echo KTAP version 1 >/dev/kmsg; echo 1..$n >/dev/kmsg; insmod $top/kmod/partvisor_test.ko; echo PV-KUNIT-END >/dev/kmsg; dmesg"
	echo "kunit: vng ${accel:-(KVM)} --run $KDIR" >&2
	timeout 600 "$vng" --run "$KDIR" $accel --force-9p --force-initramfs --cpus 2 \
		--memory 512M --exec "$cmd" >"$out/vng.log" 2>&1 || true
	if grep -q 'PV-KUNIT-END' "$out/vng.log"; then
		# From the last top-level KTAP header (ours) to the end marker; the
		# boot-time executor prints an empty block of its own before it.
		awk '/^\[ *[0-9.]+\] KTAP version 1$/ { buf = "" } { buf = buf $0 "\n" }
		     /PV-KUNIT-END/ { printf "%s", buf; exit }' "$out/vng.log" >"$out/ktap.log"
		python3 "$KDIR/tools/testing/kunit/kunit.py" parse "$out/ktap.log"
		exit $?
	fi
	echo "kunit: vng did not run the suites (log: $out/vng.log); falling back to plain QEMU" >&2
fi

export KDIR INITRD
"$top/tests/vm/run.sh" qemu kunit "$out/qemu"
sed -n '/^PV-START: 10-kunit/,$p' "$out/qemu/serial.log" >"$out/ktap.log"
python3 "$KDIR/tools/testing/kunit/kunit.py" parse "$out/ktap.log"
