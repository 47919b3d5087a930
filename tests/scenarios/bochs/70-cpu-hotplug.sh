# CPU 1 offline and online again while partvisor is loaded: it leaves VMX
# going down, is launched again coming up, and its exit counters show the
# root running there afterwards.
[ -e /sys/devices/system/cpu/cpu1/online ] || pv_fail "no CPU 1 to take offline"
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
pv_expect_rc 0 pv-cpuid 1
echo 0 >/sys/devices/system/cpu/cpu1/online || pv_fail "CPU 1 does not go offline"
pv_dmesg_has "CPU 1: left VMX, running natively"
echo 1 >/sys/devices/system/cpu/cpu1/online || pv_fail "CPU 1 does not come back online"
[ "$(dmesg | grep -c 'CPU 1: running as the root partition')" -eq 2 ] ||
	pv_fail "CPU 1 was not launched again when it came online"
pv_expect_rc 0 pv-cpuid 1
before=$(sed -n 's/^CPUID: //p' /sys/kernel/debug/partvisor/cpu1/exits)
pv_expect_rc 0 pv-cpuid 1
after=$(sed -n 's/^CPUID: //p' /sys/kernel/debug/partvisor/cpu1/exits)
[ -n "$after" ] && [ "$after" -gt "${before:-0}" ] ||
	pv_fail "CPU 1's CPUID exit counter did not move ($before -> $after)"
pv_expect_rc 0 rmmod partvisor
pv_expect_rc 1 pv-cpuid 1
