# Load and unload repeatedly: every round must succeed the same way.
i=0
while [ "$i" -lt 5 ]; do
	insmod /lib/modules/partvisor.ko || pv_fail "insmod failed in round $i"
	rmmod partvisor || pv_fail "rmmod failed in round $i"
	i=$((i + 1))
done
[ "$(dmesg | grep -c 'partvisor: VMX ready on CPU')" -eq 5 ] || pv_fail "not every round probed all CPUs"
