# Hypercalls: from the root kernel, good and garbage input on every CPU
# (tests/kmod/pv_hvcall_test.ko refuses to load if a check fails); from
# user mode, #UD.
ncpu=$(grep -c ^processor /proc/cpuinfo)
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
n=0
while [ "$n" -lt "$ncpu" ]; do
	pv_expect_rc 0 taskset -c "$n" insmod /lib/modules/pv_hvcall_test.ko
	pv_expect_rc 0 rmmod pv_hvcall_test
	n=$((n + 1))
done
[ "$(dmesg | grep -c 'pv_hvcall_test: all [0-9]* checks passed')" -eq "$ncpu" ] ||
	pv_fail "the hypercall checks did not pass on every CPU"
pv_expect_rc 0 pv-vmcall-user
pv_expect_rc 0 rmmod partvisor
