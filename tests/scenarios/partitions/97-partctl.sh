# Partitions from the shell with partctl (generic netlink): the full life
# cycle, list --json matching reality at each step, monitor (JSON and
# text) seeing every event in order, console --follow, graceful, forced
# and timed-out stops, the documented outcomes of odd requests, bad input
# through the tool and as raw netlink, and unprivileged users.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko

# The state partition $1 has in list --json, or "absent".
state_of() {
	partctl list --json >/tmp/list.json || { echo "list-failed"; return; }
	pv-json --whole </tmp/list.json >/tmp/list || { echo "bad-json"; return; }
	n=$(sed -n "s/^\[\([0-9]*\)\]\.name=$1\$/\1/p" /tmp/list)
	if [ -z "$n" ]; then
		echo absent
	else
		sed -n "s/^\[$n\]\.state=//p" /tmp/list
	fi
}
# expect_state NAME STATE: list --json says so now.
expect_state() {
	got=$(state_of "$1")
	[ "$got" = "$2" ] || pv_fail "list --json: $1 is $got, not $2"
}
# wait_state NAME STATE: poll (never sleep under Bochs) until it is.
wait_state() {
	i=0
	until [ "$(state_of "$1")" = "$2" ]; do
		i=$((i + 1))
		[ "$i" -lt 20000 ] || pv_fail "$1 never became $2 (it is $(state_of "$1"))"
	done
}
# json_has NAME PATH=VALUE: partition NAME's entry in list --json has it.
json_has() {
	[ "$(state_of "$1")" != absent ] || pv_fail "list --json has no $1"
	n=$(sed -n "s/^\[\([0-9]*\)\]\.name=$1\$/\1/p" /tmp/list)
	grep -Fqx "[$n].$2" /tmp/list || pv_fail "list --json: $1 lacks $2: $(grep "^\[$n\]" /tmp/list)"
}
# wait_console NAME TEXT [COUNT]: poll until the console has COUNT (1)
# lines that are TEXT.
wait_console() {
	i=0
	until [ "$(partctl console "$1" | grep -cx "$2")" -ge "${3:-1}" ]; do
		i=$((i + 1))
		[ "$i" -lt 20000 ] || pv_fail "$1's console never showed '$2' ${3:-1} times"
	done
}
# wait_listening FILE: poll until a monitor said it listens on stderr FILE.
wait_listening() {
	i=0
	until grep -q listening "$1" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -lt 100000 ] || pv_fail "partctl monitor did not start ($1)"
	done
}
uptime_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

partctl monitor --json >/tmp/events 2>/tmp/monitor.err &
mon=$!
partctl monitor >/tmp/events.txt 2>/tmp/monitor-text.err &
mon_text=$!
wait_listening /tmp/monitor.err
wait_listening /tmp/monitor-text.err

[ "$(partctl list --json)" = "[]" ] || pv_fail "list is not empty at first"

# hello: create, start, it exits by itself, start again.
pv_expect_rc 0 partctl create web --memory 8M --vcpus 2 --image /guests/hello.elf --cmdline "vps=2 web"
expect_state web created
json_has web 'vcpus=2'
json_has web 'memory=8388608'
json_has web 'owner=kernel'
pv_expect_rc 0 partctl start web
wait_state web stopped
json_has web 'exited=true'
json_has web 'exit_code=0'
pv_expect_rc 0 partctl console web >/tmp/console
cat /tmp/console
grep -qx 'hello: VP 1 of vps=2 web' /tmp/console || pv_fail "the console lacks VP 1's line"
grep -qx 'hello: done' /tmp/console || pv_fail "the console lacks hello's last line"
partctl info web
pv_expect_rc 0 partctl info web --json
partctl info web --json | pv-json --whole | grep -qx 'state=stopped' || pv_fail "info --json"
# Exit counters by kind: hello printed through COM1 (port I/O), and the
# kinds add up to the intercept count.
partctl info web | grep -q '^exits: io_port=[1-9][0-9]* ' || pv_fail "info: no port-I/O exits"
partctl info web --json | pv-json --whole >/tmp/info || pv_fail "info --json is not JSON"
io=$(sed -n 's/^exits\.io_port=//p' /tmp/info)
[ "${io:-0}" -gt 0 ] || pv_fail "info --json: exits.io_port is '$io'"
sum=$(sed -n 's/^exits\.[a-z_]*=//p' /tmp/info | awk '{ s += $1 } END { print s }')
[ "$sum" = "$(sed -n 's/^intercepts=//p' /tmp/info)" ] ||
	pv_fail "the exits ($sum) do not add up to the intercepts: $(cat /tmp/info)"
json_has web "exits.io_port=$io"
# Stopping a stopped partition is an error with the reason (exit 1).
pv_expect_rc 1 partctl stop web
grep -q 'not running' /tmp/pv-stderr || pv_fail "stop of a stopped partition: $(cat /tmp/pv-stderr)"
# Start again: the image runs from the start.
pv_expect_rc 0 partctl start web
wait_state web stopped
[ "$(partctl console web | grep -c '^hello: done')" -eq 2 ] || pv_fail "second run not on the console"
# Duplicate names are refused, the first one is untouched.
pv_expect_rc 1 partctl create web --memory 4M --image /guests/hello.elf
grep -q 'exists' /tmp/pv-stderr || pv_fail "duplicate name: $(cat /tmp/pv-stderr)"
json_has web 'memory=8388608'

# The life cycle of a guest that waits to be asked: start, console
# --follow, a graceful stop (the guest exits by itself), start again,
# a forced stop.
pv_expect_rc 0 partctl create polite --memory 4M --image /guests/shutdown.elf
pv_expect_rc 0 partctl start polite
expect_state polite running
wait_console polite 'shutdown: waiting'
rm -f /tmp/follow /tmp/follow.rc
( partctl console polite --follow >/tmp/follow 2>/tmp/follow.err; echo $? >/tmp/follow.rc ) &
i=0
until grep -qx 'shutdown: waiting' /tmp/follow 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 200000 ] || pv_fail "console --follow printed nothing"
done
[ -e /tmp/follow.rc ] && pv_fail "console --follow returned while polite runs: $(cat /tmp/follow.err)"
expect_state polite running
pv_expect_rc 0 partctl stop polite --timeout 600
expect_state polite stopped
partctl console polite | grep -qx 'shutdown: asked to stop, exiting' ||
	pv_fail "the guest was not asked to stop"
json_has polite 'exited=true'
json_has polite 'exit_code=0'
# --follow returns by itself once the partition stopped, with the last lines.
i=0
until [ -e /tmp/follow.rc ]; do
	i=$((i + 1))
	[ "$i" -lt 200000 ] || pv_fail "console --follow did not return after the stop"
done
[ "$(cat /tmp/follow.rc)" = 0 ] || pv_fail "console --follow exited $(cat /tmp/follow.rc): $(cat /tmp/follow.err)"
grep -qx 'shutdown: asked to stop, exiting' /tmp/follow ||
	pv_fail "console --follow missed the last line: $(cat /tmp/follow)"
# Start again: running, waiting a second time.
pv_expect_rc 0 partctl start polite
expect_state polite running
wait_console polite 'shutdown: waiting' 2
# --force: stopped without being asked (no exit of its own this time).
pv_expect_rc 0 partctl stop polite --force
expect_state polite stopped
json_has polite 'exited=false'
[ "$(partctl console polite | grep -cx 'shutdown: asked to stop, exiting')" -eq 1 ] ||
	pv_fail "a forced stop asked the guest"
pv_expect_rc 0 partctl destroy polite
expect_state polite absent

# A spinner ignores the request: the timeout runs out and the stop is
# forced, after the timeout and not much later.
pv_expect_rc 0 partctl create spin --memory 4M --image /guests/spinner.elf
pv_expect_rc 0 partctl start spin
expect_state spin running
t0=$(uptime_ms)
pv_expect_rc 0 partctl stop spin --timeout 1
t1=$(uptime_ms)
echo "stop --timeout 1 of a guest that ignores it: $((t1 - t0)) ms"
# (/proc/uptime counts in 10 ms, a timeout in jiffies may end one early.)
[ $((t1 - t0)) -ge 980 ] || pv_fail "the stop was forced after $((t1 - t0)) ms, before the timeout"
[ $((t1 - t0)) -lt 15000 ] || pv_fail "the stop took $((t1 - t0)) ms for a 1 s timeout"
expect_state spin stopped
json_has spin 'exited=false'
# Destroying a running partition stops it first; then it is gone.
pv_expect_rc 0 partctl start spin
expect_state spin running
pv_expect_rc 0 partctl destroy spin
expect_state spin absent
pv_expect_rc 3 partctl info spin
# A crash is reported with its reason.
pv_expect_rc 0 partctl create oob --memory 4M --image /guests/hostile-oob.elf
pv_expect_rc 0 partctl start oob
wait_state oob crashed
partctl info oob | grep -qx 'crash_reason: memory' || pv_fail "oob's crash reason"
json_has oob 'crash_reason=memory'
json_has oob 'exits.memory=1'

# Bad input through the tool: the kernel's reason on stderr, nothing changes.
partctl list --json >/tmp/before.json
pv_expect_rc 3 partctl start nosuch
grep -q 'start: No such file or directory: no partition of that name' /tmp/pv-stderr ||
	pv_fail "start nosuch: $(cat /tmp/pv-stderr)"
partctl list --json >/tmp/after.json
cmp -s /tmp/before.json /tmp/after.json || pv_fail "start nosuch changed the list: $(cat /tmp/after.json)"
# Values out of range: the kernel says what is allowed.
pv_expect_rc 1 partctl create big --memory 8G --image /guests/hello.elf
grep -q 'memory must be a multiple of 4 KiB between 2 MiB and 4 GiB' /tmp/pv-stderr ||
	pv_fail "8G: $(cat /tmp/pv-stderr)"
pv_expect_rc 1 partctl create odd --memory 4097K --image /guests/hello.elf
grep -q 'memory must be a multiple of 4 KiB' /tmp/pv-stderr || pv_fail "4097K: $(cat /tmp/pv-stderr)"
pv_expect_rc 1 partctl create con --memory 4M --console-size 6000 --image /guests/hello.elf
grep -q 'console size must be a power of two between 4 KiB and 1 MiB' /tmp/pv-stderr ||
	pv_fail "console 6000: $(cat /tmp/pv-stderr)"
pv_expect_rc 1 partctl create con --memory 4M --console-size 2M --image /guests/hello.elf
grep -q 'console size must be a power of two between 4 KiB and 1 MiB' /tmp/pv-stderr ||
	pv_fail "console 2M: $(cat /tmp/pv-stderr)"
printf '\177ELF\001' >/tmp/bad.elf
pv_expect_rc 1 partctl create junk --memory 4M --image /tmp/bad.elf
grep -q 'not an image' /tmp/pv-stderr || pv_fail "junk image: $(cat /tmp/pv-stderr)"
# A refused create of a big image (sent in the request) still gets its
# reason: partctl caps the ack (NETLINK_CAP_ACK), which would otherwise
# echo the 59000 bytes, more than partctl reads into its 32 KiB buffer.
{ printf '\177ELF\001'; head -c 58995 /dev/zero; } >/tmp/bigjunk.elf
pv_expect_rc 1 partctl create junk --memory 4M --image /tmp/bigjunk.elf
grep -q 'not an image' /tmp/pv-stderr || pv_fail "big junk image: $(cat /tmp/pv-stderr)"
partctl list --json >/tmp/after.json
cmp -s /tmp/before.json /tmp/after.json || pv_fail "refused creates changed the list: $(cat /tmp/after.json)"
# Raw netlink garbage: each refused with its errno, the list unchanged.
pv_expect_rc 0 partctl create keep --memory 4M --image /guests/hello.elf
pv_expect_rc 0 pv-nl-garbage --partitions

# Unprivileged: list and info work and show the same as for root; changes
# are refused (EPERM, exit 4).
pv_expect_rc 0 pv-as-nobody partctl list >/tmp/user-list
partctl list >/tmp/root-list
cat /tmp/user-list
grep -q '^keep  *created ' /tmp/user-list || pv_fail "the user's list lacks keep"
grep -q '^oob  *crashed .*crashed: memory$' /tmp/user-list || pv_fail "the user's list lacks oob's crash"
cmp -s /tmp/user-list /tmp/root-list || pv_fail "the user's list differs from root's"
pv_expect_rc 0 pv-as-nobody partctl info keep
pv_expect_rc 4 pv-as-nobody partctl start keep
pv_expect_rc 4 pv-as-nobody partctl stop keep
pv_expect_rc 4 pv-as-nobody partctl destroy keep
pv_expect_rc 4 pv-as-nobody partctl console keep
pv_expect_rc 4 pv-as-nobody partctl create u --memory 4M --image /guests/hello.elf
pv_expect_rc 0 pv-as-nobody pv-nl-garbage --user
# CAP_NET_ADMIN (all GENL_ADMIN_PERM asks) is not enough: CAP_SYS_ADMIN is.
pv_expect_rc 4 pv-as-nobody --cap net_admin partctl create na --memory 4M --image /guests/hello.elf
grep -q 'needs CAP_SYS_ADMIN' /tmp/pv-stderr || pv_fail "net_admin create: $(cat /tmp/pv-stderr)"
pv_expect_rc 4 pv-as-nobody --cap net_admin partctl start keep
pv_expect_rc 4 pv-as-nobody --cap net_admin partctl console keep
pv_expect_rc 0 pv-as-nobody --cap net_admin partctl info keep
pv_expect_rc 0 pv-as-nobody --cap net_admin pv-nl-garbage --net-admin
expect_state na absent
expect_state u absent
expect_state keep created

pv_expect_rc 0 partctl destroy web
pv_expect_rc 0 partctl destroy oob
expect_state web absent
# Both monitors printed the last event before they are stopped.
i=0
until grep -q '"event":"destroyed","name":"oob"' /tmp/events &&
	grep -qx 'destroyed oob' /tmp/events.txt; do
	i=$((i + 1))
	[ "$i" -lt 20000 ] || pv_fail "the monitors never saw oob destroyed"
done
kill "$mon" "$mon_text"
wait "$mon"
wait "$mon_text"
cat /tmp/events
pv-json </tmp/events >/dev/null || pv_fail "monitor --json printed invalid JSON"
# Every event of web, polite and spin, in order.
for p in web polite spin; do
	grep "\"name\":\"$p\"" /tmp/events | sed 's/.*"event":"\([a-z]*\)".*/\1/' | tr '\n' ' ' >/tmp/seq
	[ "$(cat /tmp/seq)" = "created started stopped started stopped destroyed " ] ||
		pv_fail "$p's events: $(cat /tmp/seq)"
done
grep -q '"event":"crashed","name":"oob","crash_reason":"memory"' /tmp/events ||
	pv_fail "no crash event for oob"
grep -q '"name":"junk"' /tmp/events && pv_fail "a refused create was announced"
# The text monitor: one line per event, the same ones.
cat /tmp/events.txt
[ "$(wc -l </tmp/events.txt)" -eq "$(wc -l </tmp/events)" ] ||
	pv_fail "the text monitor saw $(wc -l </tmp/events.txt) events, the JSON one $(wc -l </tmp/events)"
grep '^[a-z]* polite$' /tmp/events.txt | tr '\n' ' ' >/tmp/seq
[ "$(cat /tmp/seq)" = "created polite started polite stopped polite started polite stopped polite destroyed polite " ] ||
	pv_fail "text monitor, polite: $(cat /tmp/seq)"
grep -qx 'crashed oob (memory)' /tmp/events.txt || pv_fail "text monitor: no 'crashed oob (memory)'"
grep -qx 'destroyed spin' /tmp/events.txt || pv_fail "text monitor: no 'destroyed spin'"
# Partitions still alive at rmmod are stopped and destroyed with it.
pv_expect_rc 0 partctl start keep
pv_expect_rc 0 rmmod partvisor
pv_dmesg_has "partvisor: unloaded"
