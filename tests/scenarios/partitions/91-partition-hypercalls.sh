# The partition-management hypercalls from the root kernel: garbage input
# (bad ids, reserved bits and fields, sizes, pages that are the
# hypervisor's, already deposited or mapped into another child, calls in
# the wrong state) gets the documented status and changes nothing; the
# good calls then build, run and tear down partitions, and every deposited
# page comes back (tests/kmod/pv_part_test.ko refuses to load on a failed
# check).
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
pa=$(sed -n 's/^vmcs_pa: //p' /sys/kernel/debug/partvisor/cpu1/exits)
[ -n "$pa" ] && [ "$pa" != 0 ] || pv_fail "no VMCS address for CPU 1 in debugfs"
pv_expect_rc 0 insmod /lib/modules/pv_part_test.ko vmcs_pa="$pa"
pv_dmesg_has "pv_part_test: all"
dmesg | grep pv_part_test
pv_expect_rc 0 rmmod pv_part_test
pv_expect_rc 0 rmmod partvisor
