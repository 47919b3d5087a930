# A root workload (fork/exec, file I/O, page faults) prints the same with
# partvisor loaded as without, on every CPU.
ncpu=$(grep -c ^processor /proc/cpuinfo)
pv_expect_rc 0 pv-workload /tmp >/tmp/native.txt
cat /tmp/native.txt
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
n=0
while [ "$n" -lt "$ncpu" ]; do
	pv_expect_rc 0 taskset -c "$n" pv-workload /tmp >/tmp/root.txt
	cmp /tmp/native.txt /tmp/root.txt || pv_fail "CPU $n: the workload's output differs as the root partition"
	n=$((n + 1))
done
pv_expect_rc 0 rmmod partvisor
