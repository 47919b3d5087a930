# EPT for the root: the hypervisor's own pages are out of the root's reach.
# A test module reads and writes CPU 1's VMCS through the kernel's direct
# map: both must fail with -EFAULT (the root gets a not-present page
# fault), nothing is corrupted (the root goes on running on every CPU and
# partvisor unloads cleanly), and the EPT violations are counted.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
pa=$(sed -n 's/^vmcs_pa: //p' /sys/kernel/debug/partvisor/cpu1/exits)
[ -n "$pa" ] && [ "$pa" != 0 ] || pv_fail "no VMCS address for CPU 1 in debugfs"
n=0
while [ "$n" -lt 2 ]; do
	pv_expect_rc 0 taskset -c "$n" insmod /lib/modules/pv_ept_test.ko vmcs_pa="$pa"
	pv_expect_rc 0 rmmod pv_ept_test
	n=$((n + 1))
done
pv_dmesg_has "is out of the root's reach; ordinary memory works"
grep -q '^EPT_VIOLATION: ' /sys/kernel/debug/partvisor/cpu0/exits ||
	pv_fail "CPU 0 counted no EPT violation"
pv_expect_rc 0 pv-cpuid 0
pv_expect_rc 0 pv-cpuid 1
pv_expect_rc 0 pv-workload /tmp >/dev/null
pv_expect_rc 0 rmmod partvisor
