# 130 create/load/start/run/destroy cycles (twice around the hypervisor's
# 64 partition slots): nothing leaks. The hypervisor's counters (debugfs
# partvisor/hv) are back where they began: no partition slot, deposited or
# mapped page left, and every root EPT table split for a deposit merged
# back into the split reserve. MemFree (caches dropped) moves less than a
# leak of one partition's root-side state per cycle would make it (each
# cycle: 16 MiB of guest RAM, ~60 KiB for the hypervisor, ~25 KiB of
# root-side state). Then bad input through the chardev fails with the
# documented errno and changes nothing.
free_kb() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sed -n 's/^MemFree: *\([0-9]*\) kB/\1/p' /proc/meminfo
}
hv() { sed -n "s/^$1: //p" /sys/kernel/debug/partvisor/hv; }
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
cat /sys/kernel/debug/partvisor/hv
reserve=$(hv ept_reserve_free)
[ "$reserve" -gt 0 ] && [ "$reserve" = "$(hv ept_reserve_total)" ] ||
	pv_fail "the split reserve is not full after load"
[ "$(hv partitions)" = 0 ] && [ "$(hv pool_pages)" = 0 ] && [ "$(hv mapped_pages)" = 0 ] ||
	pv_fail "the hypervisor holds partition memory after load"
# While a partition lives the hypervisor holds its pages (and splits).
rm -f /tmp/ready
pv-run --stop-after 600000 --ready /tmp/ready /guests/spinner.elf >/tmp/spin.out 2>&1 &
spid=$!
pv_wait_file /tmp/ready "$spid"
cat /sys/kernel/debug/partvisor/hv
live_pool=$(hv pool_pages)
[ "$(hv partitions)" = 1 ] && [ "$live_pool" -gt 0 ] && [ "$(hv mapped_pages)" = 4096 ] ||
	pv_fail "a running 16 MiB partition is not counted"
used=$((reserve - $(hv ept_reserve_free)))
echo "split tables in use by one partition: $used"
kill -TERM "$spid"
wait "$spid" || pv_fail "the spinner's pv-run failed"
[ "$(hv ept_reserve_free)" = "$reserve" ] || pv_fail "the split reserve did not refill after one partition"
# Warm up (first-use allocations), then measure.
pv_expect_rc 0 pv-run --quiet /guests/hello.elf
before=$(free_kb)
pv_expect_rc 0 pv-run --quiet --loop 130 /guests/hello.elf >/tmp/out
tail -n 2 /tmp/out
# pv-run stops at the first cycle that fails and reports the last one.
grep -q '^pv-run: /guests/hello.elf state=stopped exit=0 crash=none' /tmp/out ||
	pv_fail "the last of the 130 cycles did not end cleanly"
after=$(free_kb)
cat /sys/kernel/debug/partvisor/hv
echo "after 130 cycles: MemFree before ${before} kB, after ${after} kB"
[ "$(hv partitions)" = 0 ] || pv_fail "partition slots left in use after the cycles"
[ "$(hv pool_pages)" = 0 ] || pv_fail "$(hv pool_pages) deposited pages left after the cycles"
[ "$(hv mapped_pages)" = 0 ] || pv_fail "$(hv mapped_pages) guest pages left mapped after the cycles"
[ "$(hv ept_reserve_pending)" = 0 ] || pv_fail "merged tables still pending after a flush"
[ "$(hv ept_reserve_free)" = "$reserve" ] ||
	pv_fail "the split reserve went from $reserve to $(hv ept_reserve_free) tables"
# 130 x 25 KiB would be over 3 MiB; allow 1 MiB of noise.
[ $((before - after)) -lt 1024 ] || pv_fail "130 cycles lost $((before - after)) kB"
pv_expect_rc 0 pv-dev-garbage /guests/hello.elf
cat /tmp/pv-stderr
[ "$(stat -c %a /dev/partvisor)" = 600 ] || pv_fail "/dev/partvisor is not mode 0600"
pv_expect_rc 0 pv-dev-garbage --unprivileged
cat /tmp/pv-stderr
# Even with the mode opened to everyone, CAP_SYS_ADMIN is required.
chmod 666 /dev/partvisor
pv_expect_rc 0 pv-dev-garbage --unprivileged
chmod 600 /dev/partvisor
pv_expect_rc 0 rmmod partvisor
