# The demo: load partvisor on the emulated VT-x machine, show what it found
# on each CPU, run child partitions, unload. Kernel messages are shown through dmesg, not mixed
# into the console; a WARN/BUG/Oops still fails the demo.
dmesg -n 1
echo "### insmod partvisor.ko on $(grep -c ^processor /proc/cpuinfo) CPUs"
insmod /lib/modules/partvisor.ko || pv_fail "insmod failed"
dmesg | grep partvisor
echo "### partctl caps (generic netlink)"
partctl caps || pv_fail "partctl caps failed"
echo "### /sys/kernel/debug/partvisor"
ls /sys/kernel/debug/partvisor
echo "### two child partitions of 2 VPs each, at once, through /dev/partvisor (pv-run)"
pv-run --vcpus 2 --cmdline "vps=2 partition-%i" /guests/hello.elf /guests/hello.elf ||
	pv_fail "the child partitions failed"
echo "### a hostile child: reads outside its memory, ends crashed; the root goes on"
pv-run /guests/hostile-oob.elf || pv_fail "pv-run failed"
echo "### partctl (generic netlink): create, start, console, list, destroy"
partctl create web --memory 16M --vcpus 2 --image /guests/hello.elf --cmdline "vps=2 from partctl" ||
	pv_fail "partctl create failed"
partctl start web || pv_fail "partctl start failed"
i=0
until partctl info web | grep -qx 'state: stopped'; do
	i=$((i + 1))
	[ "$i" -lt 20000 ] || pv_fail "web did not finish"
done
partctl console web
partctl list
partctl destroy web || pv_fail "partctl destroy failed"
echo "### rmmod partvisor"
rmmod partvisor || pv_fail "rmmod failed"
dmesg | grep partvisor | tail -n 1
dmesg | grep -E 'WARNING:|BUG:|Oops:' && pv_fail "the kernel complained (above)"
dmesg -n 7
