# Two partitions run at the same time, each with 2 VPs: every VP of each
# checks in on its own console, and no line of one shows up in the other's.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
pv_expect_rc 0 pv-run --vcpus 2 --cmdline "vps=2 part%i" /guests/hello.elf /guests/hello.elf >/tmp/out
cat /tmp/out
# pv-run prints each console, then that partition's status line.
awk 'BEGIN { n = 0 } /^pv-run:/ { n++; next } { print n ": " $0 }' /tmp/out >/tmp/blocks
for p in 0 1; do
	for vp in 0 1; do
		grep -qx "$p: hello: VP $vp of vps=2 part$p" /tmp/blocks ||
			pv_fail "partition $p: VP $vp did not check in on its console"
	done
	grep -qx "$p: hello: done" /tmp/blocks || pv_fail "partition $p did not finish"
	[ "$(grep -c "^$p: " /tmp/blocks)" -eq 3 ] || pv_fail "partition $p's console has foreign lines"
done
grep "^0: " /tmp/blocks | grep -q part1 && pv_fail "partition 1's output is on partition 0's console"
[ "$(grep -c 'state=stopped exit=0 crash=none' /tmp/out)" -eq 2 ] || pv_fail "not both partitions exited 0"
pv_expect_rc 0 rmmod partvisor
