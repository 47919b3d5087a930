# The test kernel boots to a busybox shell in a child partition, with 1 and
# with 2 VPs: PVH entry, the child initramfs (/guests/child-initrd.gz:
# busybox and an /init that starts a shell on the console), the RTC, the
# local APIC's TSC-deadline timer, the UART's IIR that Linux's polled
# 8250 driver transmits by, and for 2 VPs INIT-SIPI-SIPI. Through partctl
# console --interactive the shell counts the processors and does
# arithmetic. The root stays responsive beside it (the scenario polls
# through partctl all along) and after a forced stop.
# clearcpuid=304,321 on the child's command line: as for the root
# (tests/vm/run.sh says why), Bochs's AVX-512 XSAVE layout and its XSAVEC.
# In one Bochs run: the shell after 5.9 s of the root's clock with 1 VP,
# 15.7 s with 2; the scenario takes about 5 minutes of wall time.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
show_child() {
	partctl info "$1"
	echo "---- child console ----"
	# A ~ after the words the judge would take for the root's own trouble.
	partctl console "$1" |
		sed 's/\(panic\|BUG\|Oops\|WARNING\|fault\|UBSAN\|KASAN\|unreferenced\|INFO\|Call Trace\)/\1~/g'
	echo "---- end of child console ----"
}

# shell NAME VPS: boot to the shell, ask it two things, stop it.
shell() {
	pv_expect_rc 0 partctl create "$1" --memory 64M --vcpus "$2" --kernel /guests/vmlinux \
		--initrd /guests/child-initrd.gz --cmdline "console=ttyS0 nokaslr clearcpuid=304,321"
	t0=$(pv_uptime_cs)
	pv_expect_rc 0 partctl start "$1"
	t_end=$(($(pv_uptime_cs) + 6000))
	until partctl console "$1" | grep -q "^PV-CHILD: shell on $2 CPUs"; do
		partctl list | grep -q "^$1 *running" ||
			{ show_child "$1"; pv_fail "$1: the child stopped before its shell"; }
		[ "$(pv_uptime_cs)" -lt "$t_end" ] ||
			{ show_child "$1"; pv_fail "$1: no shell in 60 s"; }
	done
	t1=$(pv_uptime_cs)
	echo "$1: shell after $((t1 - t0))0 ms of root time"
	# partctl sends stdin and follows; the answers are looked for in the
	# console, then partctl goes.
	printf 'cat /proc/cpuinfo | grep -c ^processor\necho $((6*7))\n' >/tmp/cmds
	partctl console "$1" --interactive </tmp/cmds >/tmp/shell.out 2>&1 &
	pc=$!
	t_end=$(($(pv_uptime_cs) + 6000))
	until partctl console "$1" | tr -d '\r' | grep -qx 42; do
		[ "$(pv_uptime_cs)" -lt "$t_end" ] ||
			{ kill $pc; show_child "$1"; pv_fail "$1: the shell did not answer"; }
	done
	kill $pc
	wait $pc 2>/dev/null
	partctl console "$1" | tr -d '\r' >/tmp/linux.console
	sed -n '/^PV-CHILD: shell/,$p' /tmp/linux.console
	grep -A1 -F 'grep -c ^processor' /tmp/linux.console | tail -n 1 | grep -qx "$2" ||
		pv_fail "$1: the shell did not count $2 processors"
	pv_expect_rc 0 partctl list
	partctl info "$1"
	pv_expect_rc 0 partctl stop "$1" --force
	partctl info "$1" --json | pv-json --whole | grep -qx state=stopped ||
		pv_fail "$1: the child is not stopped"
	pv_expect_rc 0 partctl destroy "$1"
}
shell linux1 1
shell linux2 2
pv_expect_rc 0 rmmod partvisor
