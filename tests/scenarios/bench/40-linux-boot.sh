# Benchmark (a report): TSC ticks from partctl start to the Linux child's
# shell marker (tests/vm/child/init prints "PV-CHILD: shell on N CPUs"),
# for 1 and 2 VPs, read with pv-rdtsc before the start and when a poll of
# the console first shows the marker (so up to one poll late). The same
# kernel and initramfs booted natively in Bochs is the reference: make
# bench boots it separately (tests/vm/bench.sh) and prints both.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
for vps in 1 2; do
	name=boot$vps
	pv_expect_rc 0 partctl create $name --memory 64M --vcpus $vps --kernel /guests/vmlinux \
		--initrd /guests/child-initrd.gz --cmdline "console=ttyS0 nokaslr clearcpuid=304,321"
	t0=$(pv-rdtsc)
	pv_expect_rc 0 partctl start $name
	i=0
	until partctl console $name | grep -q "^PV-CHILD: shell on $vps CPUs"; do
		i=$((i + 1))
		[ "$i" -lt 100000 ] || pv_fail "$name: no shell marker"
		partctl list | grep -q "^$name *running" || pv_fail "$name stopped before its shell"
	done
	t1=$(pv-rdtsc)
	echo "PV-BENCH: linux-boot-${vps}vp: $((t1 - t0)) ticks (partctl start -> shell marker, $i polls)"
	pv_expect_rc 0 partctl stop $name --force
	pv_expect_rc 0 partctl destroy $name
done
pv_expect_rc 0 rmmod partvisor
