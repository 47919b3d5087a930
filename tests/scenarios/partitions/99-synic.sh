# The child SynIC end to end, for a 64-bit and a 32-bit guest (both
# hypercall conventions): pv-synic posts messages to and signals the synic
# guest through /dev/partvisor's hypercall pass-through (garbage first,
# each with its exact status), the guest reports on its console what it
# received and feeds its own SynIC MSRs and hypercalls garbage; a full
# slot refuses a post until the guest's EOM; a restart starts with a fresh
# SynIC.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
for img in synic.elf synic32.elf; do
	pv-synic "/guests/$img" >/tmp/out 2>&1
	rc=$?
	cat /tmp/out
	grep -q '^FAIL' /tmp/out && pv_fail "pv-synic $img: $(grep -m1 '^FAIL' /tmp/out)"
	[ "$rc" -eq 0 ] || pv_fail "pv-synic $img exited $rc"
	grep -q '^pv-synic: [0-9]* passed, 0 failed$' /tmp/out || pv_fail "pv-synic $img did not pass"
	# Both runs of the guest finished their own checks.
	[ "$(grep -c '^synic: done, [0-9]* passed, 0 failed$' /tmp/out)" -eq 2 ] ||
		pv_fail "$img did not pass its checks twice"
	grep -q '^synic: FAIL' /tmp/out && pv_fail "$img: $(grep -m1 '^synic: FAIL' /tmp/out)"
	# What the guest saw, in order: the held message, its release, the
	# EOM, then the message that had been refused ("queued").
	grep -E '^synic: (message sint=2 type=2|event sint=2 flag=7|msg_pending|message sint=2 type=1 size=6 fnv=[0-9a-f]* head=717565756564)' /tmp/out |
		sed 's/ size=.*//' | tr '\n' '|' >/tmp/order
	[ "$(cat /tmp/order)" = "synic: event sint=2 flag=7|synic: message sint=2 type=2|synic: msg_pending set, EOM written|synic: message sint=2 type=1|" ] ||
		pv_fail "$img: hold, release, EOM, retry out of order: $(cat /tmp/order)"
	grep -qx 'synic: PASS masked SINT3: message in its slot' /tmp/out || pv_fail "$img: masked SINT3"
	grep -qx 'synic: PASS interrupt delivered right after STI' /tmp/out ||
		pv_fail "$img: no delivery at the interrupt window"
done
grep -qx 'synic: start, 32-bit' /tmp/out || pv_fail "the 32-bit guest did not run"
pv_expect_rc 0 rmmod partvisor
