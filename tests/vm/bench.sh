#!/usr/bin/env bash
# make bench: the CPUID round-trip benchmark in one Bochs run (see
# tests/scenarios/bench). Prints ticks per CPUID natively, as partvisor's
# root partition and as a kvm_intel guest, and partvisor/KVM.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/bench
eval "$("$top/tests/vm/prepare.sh")"
export KDIR INITRD
CPUS=1 "$top/tests/vm/run.sh" "${BENCH:-bochs}" bench "$out"
"$top/tests/vm/judge.py" "$out/serial.log" bench || exit 1
grep '^PV-BENCH:' "$out/serial.log" | sed 's/^PV-BENCH: //'
pv=$(sed -n 's/^PV-BENCH: partvisor cpuid-root: \([0-9]*\) ticks.*/\1/p' "$out/serial.log")
kvm=$(sed -n 's/^PV-BENCH: kvm cpuid-kvm: \([0-9]*\) ticks.*/\1/p' "$out/serial.log")
[ -n "$pv" ] && [ -n "$kvm" ] && [ "$kvm" -gt 0 ] || { echo "bench: missing figures" >&2; exit 1; }
awk -v p="$pv" -v k="$kvm" 'BEGIN { printf "partvisor/KVM CPUID round trip: %.2fx (goal: <= 0.5x)\n", p / k }'
# Child partitions (tests/scenarios/bench/20-partitions.sh).
fig() { sed -n "s/^PV-BENCH: $1: \\([0-9]*\\) ticks.*/\\1/p" "$out/serial.log"; }
ccpuid=$(fig child-cpuid) cio=$(fig child-io) kio=$(fig kvm-io) pcyc=$(fig pv) kcyc=$(fig kvm)
[ -n "$ccpuid" ] && [ -n "$cio" ] && [ -n "$kio" ] && [ -n "$pcyc" ] && [ -n "$kcyc" ] ||
	{ echo "bench: missing partition figures" >&2; exit 1; }
awk -v c="$ccpuid" -v k="$kvm" -v i="$cio" -v ki="$kio" -v p="$pcyc" -v kc="$kcyc" 'BEGIN {
	printf "child CPUID exit / KVM CPUID exit: %.2fx (goal: <= 0.5x)\n", c / k
	printf "child port-I/O round trip / KVM exit to user space: %.2fx (goal: <= 0.5x)\n", i / ki
	printf "create -> first instruction -> destroy, partvisor / KVM: %.2fx (goal: <= 1x)\n", p / kc
}'
