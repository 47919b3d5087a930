# Late launch: after insmod every CPU runs as the root partition (user space
# on each CPU sees partvisor's CPUID leaves, and VMX hidden); after rmmod no
# CPU does, and the machine goes on.
ncpu=$(grep -c ^processor /proc/cpuinfo)
n=0
while [ "$n" -lt "$ncpu" ]; do
	pv_expect_rc 1 pv-cpuid "$n"
	n=$((n + 1))
done
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
n=0
while [ "$n" -lt "$ncpu" ]; do
	pv_expect_rc 0 pv-cpuid "$n" >/tmp/cpuid
	cat /tmp/cpuid
	grep -q "hypervisor bit 1, vmx bit 0" /tmp/cpuid || pv_fail "CPU $n: CPUID.1 not adjusted for the root"
	pv_dmesg_has "CPU $n: running as the root partition"
	n=$((n + 1))
done
pv_expect_rc 0 rmmod partvisor
n=0
while [ "$n" -lt "$ncpu" ]; do
	pv_expect_rc 1 pv-cpuid "$n"
	pv_dmesg_has "CPU $n: left VMX, running natively"
	n=$((n + 1))
done
