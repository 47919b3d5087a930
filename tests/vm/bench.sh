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
hv=$(sed -n 's/^PV-BENCH: memory: 16 MiB, 1 VP: hypervisor \([0-9]*\) KiB, root \([0-9]*\) KiB.*/\1/p' "$out/serial.log")
root=$(sed -n 's/^PV-BENCH: memory: 16 MiB, 1 VP: hypervisor \([0-9]*\) KiB, root \([0-9]*\) KiB.*/\2/p' "$out/serial.log")
[ -n "$hv" ] && [ -n "$root" ] || { echo "bench: missing memory figures" >&2; exit 1; }
# VMBus (tests/scenarios/bench/30-vmbus.sh): a report, no goal. For scale,
# a 64-byte round trip against one KVM exit to user space.
vpp=$(fig vmbus-pingpong-64)
[ -n "$vpp" ] || { echo "bench: missing VMBus figures" >&2; exit 1; }
awk -v v="$vpp" -v ki="$kio" 'BEGIN {
	printf "VMBus 64-byte round trip / KVM exit to user space: %.2fx (a report)\n", v / ki
}'
# Each line says whether its goal (issue 4) is met; the figures are a
# report, not a test: a goal missed does not fail make bench.
awk -v c="$ccpuid" -v k="$kvm" -v i="$cio" -v ki="$kio" -v p="$pcyc" -v kc="$kcyc" \
    -v hv="$hv" -v root="$root" '
function verdict(x, goal) { return x <= goal ? "met" : "NOT met" }
BEGIN {
	printf "child CPUID exit / KVM CPUID exit: %.2fx (goal: <= 0.5x, %s)\n", c / k, verdict(c / k, 0.5)
	printf "child port-I/O round trip / KVM exit to user space: %.2fx (goal: <= 0.5x, %s)\n",
	    i / ki, verdict(i / ki, 0.5)
	printf "create -> first instruction -> destroy, partvisor / KVM: %.2fx (goal: <= 1x, %s)\n",
	    p / kc, verdict(p / kc, 1)
	# The hypervisor holds the GPA map (EPT) and 16 KiB per VP (state,
	# VMCS, two XSAVE areas); Documentation/partitions.rst.
	ept = hv - 16
	printf "memory beyond guest RAM (16 MiB, 1 VP): %d KiB = EPT %d KiB + %d KiB (hypervisor VP state %d, root %d) (goal: <= 64 KiB + EPT, %s)\n",
	    hv + root, ept, hv + root - ept, 16, root, verdict(hv + root - ept, 64)
}'
# Linux boot (tests/scenarios/bench/40-linux-boot.sh): a report, no goal.
# The reference is the same kernel and child initramfs booted natively in
# Bochs with 1 and 2 CPUs: its /init prints the TSC at the shell marker,
# ticks since Bochs's power-on (BIOS, isolinux and the bzImage's
# decompression included, which a PVH child skips).
b1=$(sed -n 's/^PV-BENCH: linux-boot-1vp: \([0-9]*\) ticks.*/\1/p' "$out/serial.log")
b2=$(sed -n 's/^PV-BENCH: linux-boot-2vp: \([0-9]*\) ticks.*/\1/p' "$out/serial.log")
[ -n "$b1" ] && [ -n "$b2" ] || { echo "bench: missing Linux boot figures" >&2; exit 1; }
native_tsc() {
	sed -n "s/^PV-CHILD: shell on $1 CPUs, .*, tsc \([0-9]*\).*/\1/p" "$out-native-$1/serial.log"
}
for n in 1 2; do
	INITRD=$(dirname "$INITRD")/child-initrd.gz CPUS=$n APPEND=pv.native \
		"$top/tests/vm/run.sh" "${BENCH:-bochs}" native-linux "$out-native-$n"
done
native1=$(native_tsc 1) native2=$(native_tsc 2)
[ -n "$native1" ] && [ -n "$native2" ] || { echo "bench: missing native boot figures" >&2; exit 1; }
awk -v b1="$b1" -v b2="$b2" -v n1="$native1" -v n2="$native2" 'BEGIN {
	printf "Linux to its shell: child 1 VP %d ticks, 2 VPs %d ticks (partctl start -> marker); native Bochs 1 CPU %d, 2 CPUs %d (power-on -> marker); child/native %.2fx, %.2fx (a report)\n",
	    b1, b2, n1, n2, b1 / n1, b2 / n2
}'
