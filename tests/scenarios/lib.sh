# Helpers for guest-side scenarios, sourced by /init (busybox sh).
#
# A scenario is a script run in a subshell. It fails by calling pv_fail
# (or by exiting non-zero); the host (tests/vm/judge.py) reads the
# PV-START / PV-RESULT lines from the serial log, and also fails the
# scenario if the kernel printed a WARN, BUG, Oops or panic during it.

pv_fail() {
	echo "$*" >/tmp/pv-reason
	echo "FAIL: $*"
	exit 1
}

# pv_expect_rc RC CMD...: run CMD, fail unless it exits with RC.
# Its stderr is kept in /tmp/pv-stderr for further checks.
pv_expect_rc() {
	want=$1
	shift
	"$@" 2>/tmp/pv-stderr
	got=$?
	cat /tmp/pv-stderr >&2
	[ "$got" -eq "$want" ] || pv_fail "'$*' exited $got, expected $want"
}

# pv_dmesg_has TEXT: the kernel log since the scenario began contains TEXT.
pv_dmesg_has() {
	dmesg | grep -qF -- "$1" || pv_fail "kernel log lacks: $1"
}

# pv_uptime_cs: the root's uptime in centiseconds (/proc/uptime), for
# time-bounded polls.
pv_uptime_cs() {
	sed 's/^\([0-9]*\)\.\([0-9]*\) .*/\1\2/' /proc/uptime
}

# pv_wait_file PATH PID: poll (no sleeping: idle time is slow under Bochs)
# until PATH exists, failing if process PID dies first.
pv_wait_file() {
	i=0
	while [ ! -e "$1" ]; do
		kill -0 "$2" 2>/dev/null || pv_fail "process $2 died before creating $1"
		i=$((i + 1))
		[ "$i" -lt 200000 ] || pv_fail "timed out waiting for $1"
	done
}

pv_run_scenario() {
	name=$(basename "$1" .sh)
	rm -f /tmp/pv-reason
	dmesg -c >/dev/null
	echo "PV-START: $name"
	(. "$1")
	rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "PV-RESULT: PASS $name"
	elif [ -s /tmp/pv-reason ]; then
		echo "PV-RESULT: FAIL $name: $(cat /tmp/pv-reason)"
	else
		echo "PV-RESULT: FAIL $name: exited $rc"
	fi
	# A failed scenario may leave modules behind: unload them so that the
	# next scenario starts from a clean machine.
	if [ "$rc" -ne 0 ]; then
		# Partition files pin the module: end their owners first.
		killall -9 pv-run pv-bench-part pv-dev-garbage 2>/dev/null
		i=0
		while grep -q "^partvisor " /proc/modules && ! rmmod partvisor 2>/dev/null; do
			i=$((i + 1))
			[ "$i" -lt 1000 ] || break
		done
		for m in pv_hvcall_test pv_part_test partvisor_test partvisor kvm_intel kvm irqbypass; do
			grep -q "^$m " /proc/modules && rmmod "$m"
		done
	fi
}
