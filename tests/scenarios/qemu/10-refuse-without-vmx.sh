# Without VMX (QEMU TCG's default CPU) partvisor refuses to load with
# ENODEV and one message that says what is missing, leaving nothing behind.
grep -qw vmx /proc/cpuinfo && pv_fail "this CPU has VMX; the scenario needs one without"
# busybox insmod exits with the errno: 19 is ENODEV.
pv_expect_rc 19 insmod /lib/modules/partvisor.ko
grep -q "No such device" /tmp/pv-stderr || pv_fail "insmod did not report ENODEV"
pv_dmesg_has "the processor does not implement VMX (CPUID.1:ECX.VMX is 0)"
pv_dmesg_has "partvisor: not loading (-19)"
# One line for all CPUs per load attempt (busybox tries finit_module, then
# init_module: two attempts).
[ "$(dmesg | grep -c 'CPU 0-1: the processor does not implement VMX')" -eq \
  "$(dmesg | grep -c 'not loading (-19)')" ] || pv_fail "expected one line naming CPUs 0-1 per attempt"
[ ! -e /sys/kernel/debug/partvisor ] || pv_fail "a refused load left debugfs behind"
grep -q '^partvisor ' /proc/modules && pv_fail "partvisor is listed in /proc/modules"
pv_expect_rc 3 partctl caps
