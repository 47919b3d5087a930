# Benchmark (a report): child partitions against kvm_intel, in the same
# Bochs run as 10-cpuid. TSC ticks per child CPUID exit (finished in the
# hypervisor) and per port-I/O intercept round trip (to the root's VP
# thread and back), measured inside the guest; per create -> first guest
# instruction -> destroy cycle; and the memory a partition costs beyond
# its guest RAM. KVM: CPUID exit (10-cpuid), exit to user space for port
# I/O, create VM + vCPU + run to the first instruction + close.
n=${PV_BENCH_N:-20000}
cycles=${PV_BENCH_CYCLES:-20}
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
pv_expect_rc 0 taskset -c 0 pv-run --cmdline "n=$n" /guests/bench.elf >/tmp/out
cat /tmp/out
cpuid=$(sed -n 's/^bench: cpuid n=[0-9]* ticks=\(0x[0-9a-f]*\)$/\1/p' /tmp/out)
io=$(sed -n 's/^bench: io n=[0-9]* ticks=\(0x[0-9a-f]*\)$/\1/p' /tmp/out)
[ -n "$cpuid" ] && [ -n "$io" ] || pv_fail "the bench guest printed no figures"
hv=$(sed -n 's/^pv-run: .* hv=\([0-9]*\) root=\([0-9]*\)$/\1/p' /tmp/out)
root=$(sed -n 's/^pv-run: .* hv=\([0-9]*\) root=\([0-9]*\)$/\2/p' /tmp/out)
cycle=$(taskset -c 0 pv-bench-part pv "$cycles") || pv_fail "partition cycles failed"
pv_expect_rc 0 rmmod partvisor
pv_expect_rc 0 insmod /lib/modules/irqbypass.ko
pv_expect_rc 0 insmod /lib/modules/kvm.ko
pv_expect_rc 0 insmod /lib/modules/kvm-intel.ko
kvm_io=$(taskset -c 0 pv-bench-part kvm-io "$n") || pv_fail "KVM I/O run failed"
kvm_cycle=$(taskset -c 0 pv-bench-part kvm "$cycles") || pv_fail "KVM cycles failed"
pv_expect_rc 0 rmmod kvm_intel
pv_expect_rc 0 rmmod kvm
pv_expect_rc 0 rmmod irqbypass
echo "PV-BENCH: child-cpuid: $((cpuid / n)) ticks (N=$n)"
echo "PV-BENCH: child-io: $((io / n)) ticks (N=$n)"
echo "PV-BENCH: $kvm_io"
echo "PV-BENCH: $cycle"
echo "PV-BENCH: $kvm_cycle"
echo "PV-BENCH: memory: 16 MiB, 1 VP: hypervisor $((hv / 1024)) KiB, root $((root / 1024)) KiB"
