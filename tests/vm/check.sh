#!/usr/bin/env bash
# make check: build, then run every suite and add up the results.
#
#   KUnit suites          QEMU TCG, parsed by the kernel's kunit.py
#   tests/scenarios/qemu  QEMU TCG (no VMX)
#   tests/scenarios/bochs Bochs, VMX CPU model (BENCH=kvm: QEMU/KVM, nested VMX)
#
# The Bochs run starts first and the QEMU runs go on beside it.
# Ends with "N passed, N failed"; exits non-zero if anything failed.
set -uo pipefail
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

"$top/tests/vm/run.sh" "$vmx_emu" bochs "$out/bochs" &
vmx_pid=$!
"$top/tests/vm/run.sh" qemu kunit "$out/kunit"
"$top/tests/vm/run.sh" qemu qemu "$out/qemu"
wait "$vmx_pid"

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

echo "== KUnit (QEMU TCG) =="
# The boot-time executor prints an empty KTAP block ("1..0") of its own:
# hand kunit.py only what the KUnit scenario produced.
sed -n '/^PV-START: 10-kunit/,$p' "$out/kunit/serial.log" >"$out/kunit/ktap.log"
python3 "$KDIR/tools/testing/kunit/kunit.py" parse "$out/kunit/ktap.log" >"$out/kunit/parsed.txt" 2>&1
kunit_rc=$?
sed 's/\x1b\[[0-9;]*m//g' "$out/kunit/parsed.txt" >"$out/kunit/parsed.plain"
# One PASS/FAIL per test case, as kunit.py reported them.
grep -E '^\[[0-9:]+\] +\[(PASSED|FAILED|CRASHED|SKIPPED)\] ' "$out/kunit/parsed.plain" |
	sed -E 's/^\[[0-9:]+\] +\[(PASSED|SKIPPED)\] (.*)/PASS kunit\/\2/; s/^\[[0-9:]+\] +\[(FAILED|CRASHED)\] (.*)/FAIL kunit\/\2/' |
	grep -E '^(PASS|FAIL) ' >"$out/kunit/cases.txt"
summary=$(grep -E 'Testing complete\.' "$out/kunit/parsed.plain" | tail -n 1)
echo "kunit.py: ${summary:-no summary}"
if [ "$kunit_rc" -ne 0 ] || [ ! -s "$out/kunit/cases.txt" ]; then
	echo "FAIL kunit/parse: kunit.py exited $kunit_rc or found no test cases"
	tail -n 50 "$out/kunit/parsed.plain"
	failed=$((failed + 1))
fi
tally <"$out/kunit/cases.txt"
"$top/tests/vm/judge.py" "$out/kunit/serial.log" kunit-boot | tally

echo "== Scenarios (QEMU TCG, no VMX) =="
"$top/tests/vm/judge.py" "$out/qemu/serial.log" qemu | tally

echo "== Scenarios ($vmx_emu, VMX) =="
"$top/tests/vm/judge.py" "$out/bochs/serial.log" "$vmx_emu" | tally

echo "check: $(( $(date +%s) - t0 ))s in all; $vmx_emu boot+scenarios $(cat "$out/bochs/elapsed" 2>/dev/null || echo ?)s; logs in $out"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
