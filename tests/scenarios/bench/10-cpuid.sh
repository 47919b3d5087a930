# Benchmark (a report, not a timed test): TSC ticks per CPUID round trip,
# natively, as the root partition under partvisor, and as a guest of
# kvm_intel of the same kernel. Under Bochs with clock: sync=none the TSC
# counts emulated instructions, so the figures repeat from run to run.
n=${PV_BENCH_N:-20000}
native=$(taskset -c 0 pv-bench-cpuid root "$n") || pv_fail "native run failed"
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
root=$(taskset -c 0 pv-bench-cpuid root "$n") || pv_fail "root run failed"
pv_expect_rc 0 rmmod partvisor
pv_expect_rc 0 insmod /lib/modules/irqbypass.ko
pv_expect_rc 0 insmod /lib/modules/kvm.ko
pv_expect_rc 0 insmod /lib/modules/kvm-intel.ko
kvm=$(taskset -c 0 pv-bench-cpuid kvm "$n") || pv_fail "KVM run failed"
pv_expect_rc 0 rmmod kvm_intel
pv_expect_rc 0 rmmod kvm
pv_expect_rc 0 rmmod irqbypass
echo "PV-BENCH: native $native"
echo "PV-BENCH: partvisor $root"
echo "PV-BENCH: kvm $kvm"
