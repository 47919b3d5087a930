# Benchmark (a report): VMBus through one channel, child -> root -> child,
# in the same Bochs run as 10-cpuid and 20-partitions. The root offers its
# echo channel (vmbus_echo=1); tests/guests/vsc-bench.elf measures, with
# the TSC, ping-pong round trips (one packet in flight) and streams (as
# many in flight as the 12 KiB ring holds) of 64, 1024 and 4000-byte
# packets, each echo checked. MB/s and packets/s are of emulated time:
# the TSC frequency the root measured.
n=${PV_BENCH_VMBUS_N:-2000}
pv_expect_rc 0 insmod /lib/modules/partvisor.ko vmbus_echo=1
pv_expect_rc 0 partctl create vbench --memory 8M --image /guests/vsc-bench.elf --cmdline "n=$n"
pv_expect_rc 0 partctl start vbench
# Poll (never sleep in Bochs): the guest exits by itself when done. The
# bound is in the root's time (60 s), which under Bochs runs slow.
t_end=$(($(pv_uptime_cs) + 6000))
until partctl info vbench --json | pv-json --whole | grep -qx state=stopped; do
	[ "$(pv_uptime_cs)" -lt "$t_end" ] || { partctl console vbench; pv_fail "vsc-bench did not finish in 60 s"; }
done
partctl console vbench >/tmp/vbench
cat /tmp/vbench
partctl info vbench --json | pv-json --whole | grep -qx exit_code=0 ||
	pv_fail "vsc-bench failed: $(partctl info vbench | grep -E '^(exit_code|crash)')"
grep -qx 'vsc-bench: done' /tmp/vbench || pv_fail "vsc-bench did not finish"
pv_expect_rc 0 partctl destroy vbench
pv_expect_rc 0 rmmod partvisor
mhz=$(awk -F': *' '/^cpu MHz/ { print $2; exit }' /proc/cpuinfo)
[ -n "$mhz" ] || pv_fail "no TSC frequency in /proc/cpuinfo"
# One line per measurement: ticks per packet (round trip), packets/s and
# MB/s each way at the root's TSC frequency.
sed -n 's/^vsc-bench: \([a-z]*\) size=\([0-9]*\) n=\([0-9]*\) window=\([0-9]*\) ticks=\(0x[0-9a-f]*\)$/\1 \2 \3 \4 \5/p' /tmp/vbench >/tmp/vbench.fig
[ "$(wc -l </tmp/vbench.fig)" = 7 ] || pv_fail "vsc-bench printed $(wc -l </tmp/vbench.fig) figures, wanted 7"
while read -r mode size cnt win ticks; do
	t=$((ticks))
	[ "$mode" = pingpong ] && [ "$size" = 64 ] && [ "$cnt" = 16 ] && continue	# warm-up
	awk -v m="$mode" -v s="$size" -v c="$cnt" -v w="$win" -v t="$t" -v mhz="$mhz" 'BEGIN {
		sec = t / (mhz * 1e6)
		printf "PV-BENCH: vmbus-%s-%d: %d ticks per packet (window %d, N=%d), %.0f packets/s, %.2f MB/s each way\n",
		    m, s, t / c, w, c, c / sec, s * c / sec / 1e6
	}'
done </tmp/vbench.fig
