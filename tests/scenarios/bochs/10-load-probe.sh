# partvisor loads on a VMX machine, probes every CPU (including a real
# VMXON/VMXOFF), exposes what it found in debugfs and over genetlink
# (through partctl; malformed requests are refused), and unloads leaving
# nothing behind.
ncpu=$(grep -c ^processor /proc/cpuinfo)
[ "$ncpu" -ge 2 ] || pv_fail "the bench must run with at least 2 CPUs, has $ncpu"
online=$(cat /sys/devices/system/cpu/online)

pv_expect_rc 0 insmod /lib/modules/partvisor.ko
pv_dmesg_has "partvisor: VMX ready on CPU $online"

n=0
while [ "$n" -lt "$ncpu" ]; do
	f=/sys/kernel/debug/partvisor/cpu$n/caps
	[ -f "$f" ] || pv_fail "no $f"
	for k in vmxon_ok ept ept_walk_4 ept_wb unrestricted_guest vpid preemption_timer \
		 invept_single invept_all invvpid_single invvpid_all msr_bitmaps; do
		grep -qx "$k: yes" "$f" || pv_fail "CPU $n: '$k: yes' missing from $f"
	done
	grep -q '^basic: 0x' /sys/kernel/debug/partvisor/cpu$n/msrs || pv_fail "CPU $n: no raw MSRs"
	n=$((n + 1))
done
cat /sys/kernel/debug/partvisor/cpu0/caps

pv_expect_rc 0 partctl caps >/tmp/caps
cat /tmp/caps
[ "$(grep -c '^cpu [0-9]*:$' /tmp/caps)" -eq "$ncpu" ] || pv_fail "partctl caps does not list $ncpu CPUs"
[ "$(grep -c 'features:.* ept .*vmxon_ok' /tmp/caps)" -eq "$ncpu" ] ||
	pv_fail "partctl caps: not every CPU reports ept and vmxon_ok"
partctl caps --cpu 1 | grep -qx 'cpu 1:' || pv_fail "partctl caps --cpu 1 does not show CPU 1"

# A CPU that was never probed: the kernel's extended ack reaches the user.
pv_expect_rc 3 partctl caps --cpu 4000
grep -q "no such CPU was probed" /tmp/pv-stderr || pv_fail "partctl lacks the kernel's ext-ack text"

# Malformed netlink requests, sent raw through libnl: each refused with
# the right errno.
pv_expect_rc 0 pv-nl-garbage

pv_expect_rc 0 rmmod partvisor
pv_dmesg_has "partvisor: unloaded"
[ ! -e /sys/kernel/debug/partvisor ] || pv_fail "debugfs directory left behind after rmmod"
pv_expect_rc 3 partctl caps
grep -q "not loaded" /tmp/pv-stderr || pv_fail "partctl does not say the module is not loaded"
