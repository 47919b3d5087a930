# Hostile guests end crashed (or, for the hypercall fuzzer, with every call
# refused) while the root and a neighbouring healthy partition keep
# running; no WARN, no oops (the judge checks the log).
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
rm -f /tmp/ready
pv-run --stop-after 600000 --name neighbour --ready /tmp/ready /guests/spinner.elf >/tmp/neighbour.out 2>&1 &
npid=$!
pv_wait_file /tmp/ready "$npid"
# expect_end IMAGE STATE-PATTERN [pv-run options]
expect_end() {
	img=$1 want=$2
	shift 2
	pv-run "$@" "/guests/$img" >/tmp/out 2>&1
	cat /tmp/out
	grep -q "^pv-run: /guests/$img $want" /tmp/out || pv_fail "$img did not end with '$want'"
	kill -0 "$npid" 2>/dev/null || pv_fail "the neighbour died during $img"
}
expect_end hostile-oob.elf 'state=crashed exit=0 crash=memory vp=0 gpa=0xe0000000'
expect_end hostile-triple.elf 'state=crashed exit=0 crash=triple-fault'
expect_end hostile-io.elf 'state=crashed exit=0 crash=io vp=0 gpa=0x20' --strict
expect_end hostile-io.elf 'state=crashed'
# An MSR a child does not have: strict partitions crash with reason msr
# (the MSR in gpa, detail 1 for a write); others get #GP (no IDT here).
expect_end hostile-msr.elf 'state=crashed exit=0 crash=msr vp=0 gpa=0xe2 rip=0x[0-9a-f]* detail=0 ' --strict
expect_end hostile-msr.elf 'state=crashed exit=0 crash=msr vp=0 gpa=0xe2 rip=0x[0-9a-f]* detail=0x1 ' --strict --cmdline write=1
expect_end hostile-msr.elf 'state=crashed exit=0 crash=triple-fault'
! grep -q 'hostile-msr: survived' /tmp/out || pv_fail "a refused MSR access returned"
expect_end hostile-garbage.elf 'state=crashed'
expect_end hostile-garbage.elf 'state=crashed' --cmdline seed=7
expect_end hostile-hypercall.elf 'state=stopped exit=0 crash=none' --cmdline seed=3
grep -qx 'hostile-hypercall: done' /tmp/out || pv_fail "hostile-hypercall did not finish its checks"
# The neighbour is still running: nothing the hostile ones did reached it.
kill -0 "$npid" 2>/dev/null || pv_fail "the neighbour is gone"
kill -TERM "$npid"
wait "$npid" || pv_fail "the neighbour's pv-run failed"
cat /tmp/neighbour.out
# Stopped by the root, not crashed; its console is its own.
grep -q '^pv-run: /guests/spinner.elf state=stopped exit=0 crash=none' /tmp/neighbour.out ||
	pv_fail "the neighbour did not run until the root stopped it"
[ "$(grep -vc '^pv-run:' /tmp/neighbour.out)" -eq 1 ] || pv_fail "the neighbour's console has foreign lines"
pv_expect_rc 0 rmmod partvisor
