# A spinning child with 2 VPs (one per CPU) never exits by itself: the root
# stays responsive while it spins (a root workload completes, in bounded
# time, with the same output as natively) and stops it.
t0=$(pv_uptime_cs)
pv_expect_rc 0 pv-workload /tmp >/tmp/native.txt
native=$(( $(pv_uptime_cs) - t0 ))
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
rm -f /tmp/ready
pv-run --vcpus 2 --stop-after 500 --ready /tmp/ready /guests/spinner.elf >/tmp/spin.out 2>&1 &
pid=$!
pv_wait_file /tmp/ready "$pid"
t0=$(pv_uptime_cs)
pv_expect_rc 0 pv-workload /tmp >/tmp/spinning.txt
spinning=$(( $(pv_uptime_cs) - t0 ))
echo "root workload: ${native}0 ms natively, ${spinning}0 ms beside 2 spinning VPs"
cmp /tmp/native.txt /tmp/spinning.txt || pv_fail "the root workload's output changed"
kill -0 "$pid" 2>/dev/null || pv_fail "the spinner was gone before the workload ended"
# Three runnable threads on two CPUs: about 1.5 times slower; allow 5 times.
[ "$spinning" -le $(( native * 5 + 200 )) ] || pv_fail "the root workload took ${spinning}0 ms (native ${native}0 ms)"
wait "$pid" || pv_fail "pv-run failed"
cat /tmp/spin.out
grep -q 'state=stopped exit=0 crash=none' /tmp/spin.out || pv_fail "the spinner was not stopped cleanly"
# A partition whose file is closed mid-run is torn down: kill its owner.
rm -f /tmp/ready
pv-run --stop-after 600000 --ready /tmp/ready /guests/spinner.elf >/tmp/spin2.out 2>&1 &
pid=$!
pv_wait_file /tmp/ready "$pid"
pv_expect_rc 1 rmmod partvisor
grep -qE 'in use|unavailable' /tmp/pv-stderr || pv_fail "rmmod with an open partition: $(cat /tmp/pv-stderr)"
kill -9 "$pid"
wait "$pid"
pv_expect_rc 0 rmmod partvisor
