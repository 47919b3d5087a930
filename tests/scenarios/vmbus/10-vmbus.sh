# VMBus: a child (tests/guests/vsc-test.elf, its own VMBus client) opens
# the console, heartbeat, shutdown, time-sync and KVP channels of the
# root's VMBus server; the heartbeat advances; KVP values round-trip both
# ways; partctl stop ends it through the shutdown channel (the guest never
# reads the stop port); it starts and connects again. Then a hostile child
# (mode=hostile: garbage messages, a GPADL outside its memory, a signal
# storm, a corrupt ring) loses only its broken channel, beside a healthy
# neighbour, and still stops gracefully.
# The emulator's clock runs far slower than the wall's: a 50 ms tick (the
# heartbeat's, one second by default) keeps the test short.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko vmbus_tick_ms=50
[ "$(cat /sys/module/partvisor/parameters/vmbus_tick_ms)" = 50 ] || pv_fail "vmbus_tick_ms not taken"

info_json() { partctl info "$1" --json | pv-json --whole; }
info_val() { info_json "$1" | sed -n "s/^$2=//p"; }
wait_console() {
	t_end=$(($(pv_uptime_cs) + 500))
	until [ "$(partctl console "$1" | grep -cxF -- "$2")" -ge "${3:-1}" ]; do
		[ "$(pv_uptime_cs)" -lt "$t_end" ] || {
			partctl console "$1"
			partctl info "$1"
			pv_fail "$1: no '$2' on the console"
		}
	done
}
# One heartbeat a tick (50 ms): give them 3 s.
wait_heartbeats() {
	t_end=$(($(pv_uptime_cs) + 300))
	until [ "$(info_val "$1" vmbus.heartbeats)" -ge "$2" ]; do
		[ "$(pv_uptime_cs)" -lt "$t_end" ] || {
			partctl info "$1"
			partctl console "$1" | tail -n 20
			pv_fail "$1: heartbeats stuck at $(info_val "$1" vmbus.heartbeats), wanted $2"
		}
	done
}

pv_expect_rc 0 partctl create vsc --memory 8M --image /guests/vsc-test.elf
pv_expect_rc 0 partctl start vsc
wait_console vsc 'vsc: serving'
partctl console vsc >/tmp/console
cat /tmp/console
grep -qx 'vsc: connected, version 0x50003, 5 offers' /tmp/console || pv_fail "no 5.3 connection with 5 offers"
for s in console heartbeat shutdown timesync kvp; do
	grep -q "^vsc: opened $s (relid [1-5])$" /tmp/console || pv_fail "channel $s not opened"
done
grep -qx 'vsc: MODIFYCHANNEL to VP 0 done, to VP 7 refused (status 5)' /tmp/console ||
	pv_fail "MODIFYCHANNEL not answered as it should be"
# That line, and all from 'vsc: serving' on, went through the console
# channel (the guest's early lines through COM1).
grep -qx 'vsc: hello over the console channel' /tmp/console || pv_fail "nothing came through the console channel"

# The heartbeat advances, one a second; info shows it and every channel open.
wait_heartbeats vsc 3
partctl info vsc
partctl info vsc | grep -q '^vmbus: connected, version 5.3' || pv_fail "info: vmbus not connected"
for s in console heartbeat shutdown timesync kvp; do
	partctl info vsc | grep -q "^channel: $s relid [1-5] open" || pv_fail "info: channel $s not open"
done
partctl info vsc | grep -q '^channel: console relid 1 open, packets in [1-9]' ||
	pv_fail "info: no console packets counted"
info_json vsc | grep -qx 'vmbus.connected=true' || pv_fail "info --json: not connected"
[ "$(info_val vsc vmbus.heartbeats_late)" = 0 ] || pv_fail "heartbeats were late"
age=$(info_val vsc vmbus.heartbeat_age_ms)
[ "$age" -ge 0 ] && [ "$age" -lt 1000 ] || pv_fail "the last heartbeat is $age ms old"

# KVP both ways: the guest's own value, a value the root gives, a missing key.
[ "$(partctl kvp vsc get guest.os)" = partvisor-vsc ] || pv_fail "kvp get guest.os: $(partctl kvp vsc get guest.os 2>&1)"
pv_expect_rc 0 partctl kvp vsc set host.name web-1
wait_console vsc 'vsc: kvp set host.name=web-1'
[ "$(partctl kvp vsc get host.name)" = web-1 ] || pv_fail "kvp: the value set does not come back"
pv_expect_rc 1 partctl kvp vsc get no.such.key
grep -q 'no such key' /tmp/pv-stderr || pv_fail "kvp get of a missing key: $(cat /tmp/pv-stderr)"
# Bad keys and values are refused before the child sees them.
pv_expect_rc 1 partctl kvp vsc set "$(printf 'bad\001key')" v
grep -q 'printable ASCII' /tmp/pv-stderr || pv_fail "kvp: a control character was not refused"
pv_expect_rc 2 partctl kvp vsc set "$(head -c 300 /dev/zero | tr '\0' k)" v
pv_expect_rc 2 partctl kvp vsc frob key
pv_expect_rc 3 partctl kvp nosuch get guest.os
pv_expect_rc 4 pv-as-nobody partctl kvp vsc get guest.os
[ "$(partctl console vsc | grep -c '^vsc: kvp set')" = 1 ] || pv_fail "a refused kvp reached the child"

# partctl stop: the shutdown channel asks, the guest answers and exits 0.
t0=$(pv_uptime_cs)
pv_expect_rc 0 partctl stop vsc --timeout 120
t1=$(pv_uptime_cs)
[ "$(info_val vsc state)" = stopped ] || pv_fail "vsc is $(info_val vsc state) after stop"
[ "$(info_val vsc exit_code)" = 0 ] && info_json vsc | grep -qx 'exited=true' ||
	pv_fail "vsc did not exit by itself: $(info_json vsc | grep -E '^(exited|exit_code)=')"
partctl console vsc | grep -q '^vsc: shutdown requested' || pv_fail "the shutdown channel did not ask"
[ $((t1 - t0)) -lt 500 ] || pv_fail "the graceful stop took $((t1 - t0))0 ms: the timeout, not the channel"
info_json vsc | grep -qx 'vmbus.connected=false' || pv_fail "the connection outlived the stop"
kvp_rc=0
partctl kvp vsc get guest.os 2>/tmp/kvp.err || kvp_rc=$?
[ "$kvp_rc" = 1 ] && grep -q 'not opened' /tmp/kvp.err || pv_fail "kvp on a stopped partition: rc $kvp_rc $(cat /tmp/kvp.err)"

# Start again: a new connection, a new heartbeat.
pv_expect_rc 0 partctl start vsc
wait_console vsc 'vsc: serving' 2
wait_heartbeats vsc 2

# The hostile child, beside a healthy neighbour (vsc, still running).
pv_expect_rc 0 partctl create bad --memory 8M --image /guests/vsc-test.elf --cmdline mode=hostile
pv_expect_rc 0 partctl start bad
wait_console bad 'vsc: serving'
partctl console bad
partctl console bad | grep -qx 'vsc: hostile: corrupt channel rescinded; GPADL outside memory refused' ||
	pv_fail "the hostile checks did not pass"
partctl info bad
partctl info bad | grep -q '^channel: kvp relid 5 rescinded, .*: ' || pv_fail "info: the broken channel is not shown rescinded with a reason"
pv_dmesg_has 'bad: vmbus: closing channel 5 (kvp)'
[ "$(info_val bad vmbus.errors)" -ge 4 ] || pv_fail "the hostile messages were not counted: $(info_val bad vmbus.errors)"
b0=$(info_val bad vmbus.heartbeats)
wait_heartbeats bad $((b0 + 2))
n0=$(info_val vsc vmbus.heartbeats)
wait_heartbeats vsc $((n0 + 1))
[ "$(info_val vsc state)" = running ] || pv_fail "the neighbour stopped"
[ "$(partctl kvp vsc get guest.os)" = partvisor-vsc ] || pv_fail "the neighbour's KVP broke"
pv_expect_rc 0 partctl stop bad --timeout 120
[ "$(info_val bad exit_code)" = 0 ] || pv_fail "the hostile child did not stop through its shutdown channel"

# Destroy with a live connection; unload.
pv_expect_rc 0 partctl destroy vsc
pv_expect_rc 0 partctl destroy bad
pv_expect_rc 0 rmmod partvisor
