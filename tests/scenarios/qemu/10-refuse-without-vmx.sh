# Without VMX (QEMU TCG's default CPU) partvisor refuses to load with
# ENODEV and one message that says what is missing, leaving nothing behind.
grep -qw vmx /proc/cpuinfo && pv_fail "this CPU has VMX; the scenario needs one without"
pv_expect_rc 1 insmod /lib/modules/partvisor.ko
grep -q "No such device" /tmp/pv-stderr || pv_fail "insmod did not fail with ENODEV"
pv_dmesg_has "the processor does not implement VMX (CPUID.1:ECX.VMX is 0)"
pv_dmesg_has "partvisor: not loading (-19)"
[ "$(dmesg | grep -c 'does not implement VMX')" -eq 1 ] || pv_fail "expected one line for all CPUs"
[ ! -e /sys/kernel/debug/partvisor ] || pv_fail "a refused load left debugfs behind"
grep -q '^partvisor ' /proc/modules && pv_fail "partvisor is listed in /proc/modules"
pv_expect_rc 3 partctl caps
