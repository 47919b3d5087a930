#!/usr/bin/env bash
# make check: build, then run every suite and add up the results.
#
#   KUnit suites          vng (virtme-ng), else plain QEMU TCG; parsed by
#                         the kernel's kunit.py (tests/vm/kunit.sh)
#   tests/scenarios/qemu  QEMU TCG (no VMX)
#   tests/scenarios/bochs       Bochs, VMX CPU model (BENCH=kvm: QEMU/KVM,
#   tests/scenarios/partitions  nested VMX): the root, and child partitions
#   tests/scenarios/vmbus       and VMBus, after the root's boot, then
#   tests/scenarios/linux       the Linux child's shell, in the same slot
#
# The two Bochs boots start first, side by side (Bochs uses one core
# each), and the QEMU runs go on beside them.
# Ends with "N passed, N failed"; exits non-zero if anything failed.
set -uo pipefail
shopt -s lastpipe # "... | tally" must count in this shell
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/results
t0=$(date +%s)

if ! env=$("$top/tests/vm/prepare.sh"); then
	echo "check: build failed"
	echo "0 passed, 1 failed"
	exit 1
fi
eval "$env"
export KDIR INITRD
rm -rf "$out"
mkdir -p "$out"
vmx_emu=${BENCH:-bochs}

# The VMBus and Linux suites boot after the root's, in the same slot:
# together about as long as the partitions suite beside them.
{
	"$top/tests/vm/run.sh" "$vmx_emu" bochs "$out/bochs"
	"$top/tests/vm/run.sh" "$vmx_emu" vmbus "$out/vmbus"
	"$top/tests/vm/run.sh" "$vmx_emu" linux "$out/linux"
} &
vmx_pid=$!
"$top/tests/vm/run.sh" "$vmx_emu" partitions "$out/partitions" &
pt_pid=$!
KUNIT_OUT=$out/kunit "$top/tests/vm/kunit.sh" >"$out/kunit.txt" 2>&1
kunit_rc=$?
"$top/tests/vm/run.sh" qemu qemu "$out/qemu"
wait "$vmx_pid"
wait "$pt_pid"

passed=0 failed=0
tally() {
	local line
	while IFS= read -r line; do
		echo "$line"
		case "$line" in
		PASS\ *) passed=$((passed + 1)) ;;
		FAIL\ *) failed=$((failed + 1)) ;;
		esac
	done
}

echo "== KUnit ($(grep -o '^kunit: vng[^/]*' "$out/kunit.txt" || echo 'plain QEMU TCG')) =="
sed 's/\x1b\[[0-9;]*m//g' "$out/kunit.txt" >"$out/kunit/parsed.plain"
# One PASS/FAIL per test case, as kunit.py reported them.
grep -E '^\[[0-9:]+\] +\[(PASSED|FAILED|CRASHED|SKIPPED)\] ' "$out/kunit/parsed.plain" |
	sed -E 's/^\[[0-9:]+\] +\[(PASSED|SKIPPED)\] (.*)/PASS kunit\/\2/; s/^\[[0-9:]+\] +\[(FAILED|CRASHED)\] (.*)/FAIL kunit\/\2/' \
	>"$out/kunit/cases.txt"
summary=$(grep -E 'Testing complete\.' "$out/kunit/parsed.plain" | tail -n 1)
echo "kunit.py: ${summary:-no summary}"
if [ "$kunit_rc" -ne 0 ] || [ ! -s "$out/kunit/cases.txt" ]; then
	echo "FAIL kunit/run: kunit.sh exited $kunit_rc or kunit.py found no test cases"
	tail -n 50 "$out/kunit/parsed.plain"
	failed=$((failed + 1))
fi
tally <"$out/kunit/cases.txt"
# The kernel log of the KUnit boot must be free of WARN, oops, hangs.
if [ -f "$out/kunit/qemu/serial.log" ]; then
	"$top/tests/vm/judge.py" "$out/kunit/qemu/serial.log" kunit-boot | tally
elif [ -f "$out/kunit/vng.log" ]; then
	"$top/tests/vm/judge.py" --scan "$out/kunit/vng.log" kunit-vng | tally
fi

echo "== Scenarios (QEMU TCG, no VMX) =="
"$top/tests/vm/judge.py" "$out/qemu/serial.log" qemu | tally

echo "== Scenarios ($vmx_emu, VMX: the root) =="
"$top/tests/vm/judge.py" "$out/bochs/serial.log" "$vmx_emu" | tally
echo "== Scenarios ($vmx_emu, VMX: child partitions) =="
"$top/tests/vm/judge.py" "$out/partitions/serial.log" "$vmx_emu-partitions" | tally
echo "== Scenarios ($vmx_emu, VMX: VMBus) =="
"$top/tests/vm/judge.py" "$out/vmbus/serial.log" "$vmx_emu-vmbus" | tally
echo "== Scenarios ($vmx_emu, VMX: a Linux child) =="
"$top/tests/vm/judge.py" "$out/linux/serial.log" "$vmx_emu-linux" | tally

echo "check: $(( $(date +%s) - t0 ))s in all; $vmx_emu boots+scenarios $(cat "$out/bochs/elapsed" 2>/dev/null || echo ?)s + $(cat "$out/vmbus/elapsed" 2>/dev/null || echo ?)s + $(cat "$out/linux/elapsed" 2>/dev/null || echo ?)s and $(cat "$out/partitions/elapsed" 2>/dev/null || echo ?)s side by side; logs in $out"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
