# Load and unload (with late launch on every CPU) 20 times: every round
# must succeed the same way, and the rounds must not leak memory. Each
# round allocates about 14 pages per CPU pair (VMXON regions, VMCSs,
# stacks, MSR bitmap, host page table): leaking them all would lose over
# 1 MiB; allocator caches move MemFree by far less than the bound.
free_kb() { sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
insmod /lib/modules/partvisor.ko && rmmod partvisor || pv_fail "warm-up round failed"
before=$(free_kb)
i=0
while [ "$i" -lt 20 ]; do
	insmod /lib/modules/partvisor.ko || pv_fail "insmod failed in round $i"
	rmmod partvisor || pv_fail "rmmod failed in round $i"
	i=$((i + 1))
done
after=$(free_kb)
echo "MemFree before ${before} kB, after ${after} kB"
[ "$(dmesg | grep -c 'partvisor: VMX ready on CPU')" -eq 21 ] || pv_fail "not every round probed all CPUs"
[ "$(dmesg | grep -c 'running as the root partition')" -eq \
  "$(( 21 * $(grep -c ^processor /proc/cpuinfo) ))" ] || pv_fail "not every round launched every CPU"
[ $((before - after)) -lt 512 ] || pv_fail "20 rounds lost $((before - after)) kB"
