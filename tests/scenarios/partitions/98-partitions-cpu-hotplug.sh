# Partitions across CPU hotplug: with a spinning VP running, CPU 1 goes
# offline (its VP threads move to CPU 0, CPU 1 leaves VMX), partitions run
# on the one CPU left, CPU 1 comes back (launched again: VPs landing there
# redo their host state and flush), partitions run on both again, and the
# spinner is still alive to be stopped.
[ -e /sys/devices/system/cpu/cpu1/online ] || pv_fail "no CPU 1 to take offline"
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
pv_expect_rc 0 partctl create spin --memory 4M --image /guests/spinner.elf
pv_expect_rc 0 partctl start spin
pv_expect_rc 0 pv-run --quiet --vcpus 2 --cmdline "vps=2 warm" /guests/hello.elf
echo 0 >/sys/devices/system/cpu/cpu1/online || pv_fail "CPU 1 does not go offline"
pv_dmesg_has "CPU 1: left VMX, running natively"
pv_expect_rc 0 pv-run --vcpus 2 --cmdline "vps=2 one-cpu" /guests/hello.elf >/tmp/out
grep -q 'state=stopped exit=0' /tmp/out || pv_fail "hello failed with CPU 1 offline"
echo 1 >/sys/devices/system/cpu/cpu1/online || pv_fail "CPU 1 does not come back online"
[ "$(dmesg | grep -c 'CPU 1: running as the root partition')" -eq 2 ] ||
	pv_fail "CPU 1 was not launched again"
i=0
while [ "$i" -lt 3 ]; do
	pv_expect_rc 0 pv-run --vcpus 2 --cmdline "vps=2 back-$i" /guests/hello.elf >/tmp/out
	grep -q 'state=stopped exit=0' /tmp/out || pv_fail "hello failed after CPU 1 came back"
	i=$((i + 1))
done
partctl info spin | grep -qx 'state: running' || pv_fail "the spinner did not survive the hotplug"
pv_expect_rc 0 partctl stop spin --force
pv_expect_rc 0 partctl destroy spin
pv_expect_rc 0 rmmod partvisor
