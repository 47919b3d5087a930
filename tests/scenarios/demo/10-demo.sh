# The demo: load partvisor on the emulated VT-x machine, show what it found
# on each CPU, unload. Kernel messages are shown through dmesg, not mixed
# into the console; a WARN/BUG/Oops still fails the demo.
dmesg -n 1
echo "### insmod partvisor.ko on $(grep -c ^processor /proc/cpuinfo) CPUs"
insmod /lib/modules/partvisor.ko || pv_fail "insmod failed"
dmesg | grep partvisor
echo "### partctl caps (generic netlink)"
partctl caps || pv_fail "partctl caps failed"
echo "### /sys/kernel/debug/partvisor"
ls /sys/kernel/debug/partvisor
echo "### rmmod partvisor"
rmmod partvisor || pv_fail "rmmod failed"
dmesg | grep partvisor | tail -n 1
dmesg | grep -E 'WARNING:|BUG:|Oops:' && pv_fail "the kernel complained (above)"
dmesg -n 7
