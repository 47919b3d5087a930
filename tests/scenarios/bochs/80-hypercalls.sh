# Hypercalls: from the root kernel, good and garbage input on every CPU,
# including an output page that is the hypervisor's own
# (tests/kmod/pv_hvcall_test.ko refuses to load if a check fails); from
# user mode, #UD.
ncpu=$(grep -c ^processor /proc/cpuinfo)
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
# A VMCS of the hypervisor's: no hypercall may write it for the root.
pa=$(sed -n 's/^vmcs_pa: //p' /sys/kernel/debug/partvisor/cpu1/exits)
[ -n "$pa" ] && [ "$pa" != 0 ] || pv_fail "no VMCS address for CPU 1 in debugfs"
n=0
while [ "$n" -lt "$ncpu" ]; do
	pv_expect_rc 0 taskset -c "$n" insmod /lib/modules/pv_hvcall_test.ko vmcs_pa="$pa"
	pv_expect_rc 0 rmmod pv_hvcall_test
	n=$((n + 1))
done
[ "$(dmesg | grep -c 'pv_hvcall_test: all [0-9]* checks passed')" -eq "$ncpu" ] ||
	pv_fail "the hypercall checks did not pass on every CPU"
pv_expect_rc 0 pv-vmcall-user
pv_expect_rc 0 rmmod partvisor
