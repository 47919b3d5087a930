# The child local APIC (xAPIC at 0xfee00000): the lapic guest, ELF32
# (paging off) and ELF64 (4-level paging), each with 2 VPs, checks its
# registers, self-IPIs, TPR and CR8, EOI order and PPR, the timer one-shot,
# periodic, masked and TSC-deadline, HLT until the timer, garbage (reserved
# offsets, reserved ICR modes, narrow accesses), and fixed, logical,
# broadcast IPIs and an NMI to a halted VP 1, INIT-SIPI-SIPI to start VP 1
# again in real mode. Then a timer storm (periodic count 1) with garbage
# writes and an IPI from VP 0 to VP 1 each round: the root stays
# responsive, other partitions run to their end beside it, and the root
# stops it.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
for img in lapic.elf lapic64.elf; do
	pv_expect_rc 0 pv-run --vcpus 2 --cmdline "vps=2" "/guests/$img" >/tmp/out
	cat /tmp/out
	grep -q '^lapic: FAIL' /tmp/out && pv_fail "$img: $(grep -m1 '^lapic: FAIL' /tmp/out)"
	grep -q '^lapic: done, [0-9]* passed, 0 failed$' /tmp/out || pv_fail "$img did not pass"
	grep -q "^pv-run: /guests/$img state=stopped exit=0 crash=none" /tmp/out ||
		pv_fail "$img did not stop with exit 0"
done
grep -qx 'lapic: PASS fixed IPI wakes VP 1 from HLT' /tmp/out || pv_fail "no IPI checks ran"
grep -qx 'lapic: PASS INIT-SIPI starts VP 1 in real mode' /tmp/out || pv_fail "no SIPI check ran"
# One VP, strict: the APIC's MSRs and page are the hypervisor's, not unclaimed.
pv_expect_rc 0 pv-run --strict /guests/lapic.elf >/tmp/out
cat /tmp/out
grep -q '^lapic: done, [0-9]* passed, 0 failed$' /tmp/out || pv_fail "strict lapic did not pass"
# What the hypervisor does not emulate on the APIC page crashes the partition.
for img in lapic.elf lapic64.elf; do
	pv-run --cmdline "bad=1" "/guests/$img" >/tmp/out 2>&1
	cat /tmp/out
	grep -q "^pv-run: /guests/$img state=crashed exit=0 crash=memory vp=0 gpa=0xfee000b0 " /tmp/out ||
		pv_fail "$img: an XCHG with the APIC did not crash at 0xfee000b0"
	pv-run --cmdline "bad=2" "/guests/$img" >/tmp/out 2>&1
	cat /tmp/out
	grep -q "^pv-run: /guests/$img state=crashed exit=0 crash=memory vp=0 gpa=0xfee00000 " /tmp/out ||
		pv_fail "$img: executing the APIC page did not crash at 0xfee00000"
done

rm -f /tmp/ready
pv-run --name storm --vcpus 2 --cmdline "vps=2 storm=1" --ready /tmp/ready /guests/lapic.elf \
	>/tmp/storm.out 2>&1 &
spid=$!
pv_wait_file /tmp/ready "$spid"
t0=$(date +%s)
for i in 1 2 3; do
	pv_expect_rc 0 pv-run --name "beside$i" /guests/hello.elf >/tmp/out
	grep -qx 'hello: done' /tmp/out || pv_fail "hello beside the storm did not finish"
done
pv_expect_rc 0 pv-run --vcpus 2 --cmdline "vps=2" /guests/lapic.elf >/tmp/out
grep -q '^lapic: done, [0-9]* passed, 0 failed$' /tmp/out ||
	{ cat /tmp/out; pv_fail "lapic beside the storm did not pass"; }
echo "lapic: root ran 4 partitions beside the storm in $(($(date +%s) - t0)) s"
kill -0 "$spid" 2>/dev/null || pv_fail "the storm partition ended by itself"
kill -TERM "$spid"
wait "$spid" || pv_fail "the storm's pv-run failed"
cat /tmp/storm.out
grep -q '^lapic: storm [0-9]' /tmp/storm.out || pv_fail "the storm did not rain"
grep -q '^pv-run: /guests/lapic.elf state=stopped exit=0 crash=none' /tmp/storm.out ||
	pv_fail "the storm was not stopped by the root"
pv_expect_rc 0 rmmod partvisor
