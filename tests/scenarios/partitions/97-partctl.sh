# Partitions from the shell with partctl (generic netlink): the full life
# cycle, list --json matching reality at each step, monitor seeing every
# event in order, the documented outcomes of odd requests, bad input
# through the tool and as raw netlink, and an unprivileged user.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
state_of() { partctl list --json | pv-json --whole | sed -n "s/^\[[0-9]*\]\.state=//p"; }
json_has() { partctl list --json | pv-json --whole | grep -Fqx "$1" || pv_fail "list --json lacks $1"; }

partctl monitor --json >/tmp/events 2>/tmp/monitor.err &
mon=$!
i=0
until grep -q listening /tmp/monitor.err 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 100000 ] || pv_fail "partctl monitor did not start"
done

[ "$(partctl list --json)" = "[]" ] || pv_fail "list is not empty at first"
pv_expect_rc 0 partctl create web --memory 8M --vcpus 2 --image /guests/hello.elf --cmdline "vps=2 web"
json_has '[0].name=web'
json_has '[0].state=created'
json_has '[0].vcpus=2'
json_has '[0].memory=8388608'
json_has '[0].owner=kernel'
pv_expect_rc 0 partctl start web
# hello exits by itself: poll until it is stopped.
i=0
until [ "$(state_of)" = stopped ]; do
	i=$((i + 1))
	[ "$i" -lt 20000 ] || pv_fail "web never stopped (state $(state_of))"
done
json_has '[0].exited=true'
json_has '[0].exit_code=0'
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
# Stopping a stopped partition is an error with the reason (exit 1).
pv_expect_rc 1 partctl stop web
grep -q 'not running' /tmp/pv-stderr || pv_fail "stop of a stopped partition: $(cat /tmp/pv-stderr)"
# Start again: the image runs from the start.
pv_expect_rc 0 partctl start web
i=0
until [ "$(state_of)" = stopped ]; do
	i=$((i + 1))
	[ "$i" -lt 20000 ] || pv_fail "web never stopped the second time"
done
[ "$(partctl console web | grep -c '^hello: done')" -eq 2 ] || pv_fail "second run not on the console"
# Duplicate names are refused, the first one is untouched.
pv_expect_rc 1 partctl create web --memory 4M --image /guests/hello.elf
grep -q 'exists' /tmp/pv-stderr || pv_fail "duplicate name: $(cat /tmp/pv-stderr)"
json_has '[0].memory=8388608'

# A graceful stop: the guest is asked (port 0xf5) and exits by itself.
pv_expect_rc 0 partctl create polite --memory 4M --image /guests/shutdown.elf
pv_expect_rc 0 partctl start polite
pv_expect_rc 0 partctl stop polite --timeout 600
partctl console polite | grep -qx 'shutdown: asked to stop, exiting' ||
	pv_fail "the guest was not asked to stop"
partctl info polite | grep -qx 'exit_code: 0' || pv_fail "the polite guest did not exit by itself"
# A spinner ignores the request: stopped by force after the timeout.
pv_expect_rc 0 partctl create spin --memory 4M --image /guests/spinner.elf
pv_expect_rc 0 partctl start spin
pv_expect_rc 0 partctl stop spin --timeout 0
partctl info spin | grep -qx 'state: stopped' || pv_fail "spin was not stopped"
# Destroying a running partition stops it first.
pv_expect_rc 0 partctl start spin
pv_expect_rc 0 partctl destroy spin
partctl list | grep -q '^spin ' && pv_fail "spin is still listed"
# A crash is reported with its reason.
pv_expect_rc 0 partctl create oob --memory 4M --image /guests/hostile-oob.elf
pv_expect_rc 0 partctl start oob
i=0
until partctl info oob | grep -qx 'state: crashed'; do
	i=$((i + 1))
	[ "$i" -lt 20000 ] || pv_fail "oob never crashed"
done
partctl info oob | grep -qx 'crash_reason: memory' || pv_fail "oob's crash reason"

# Bad input through the tool: the kernel's reason on stderr, nothing changes.
pv_expect_rc 3 partctl start nosuch
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
partctl list | grep -q '^junk ' && pv_fail "a refused create left a partition"
# A refused create of a big image (sent in the request) still gets its
# reason: partctl caps the ack (NETLINK_CAP_ACK), which would otherwise
# echo the 59000 bytes, more than partctl reads into its 32 KiB buffer.
{ printf '\177ELF\001'; head -c 58995 /dev/zero; } >/tmp/bigjunk.elf
pv_expect_rc 1 partctl create junk --memory 4M --image /tmp/bigjunk.elf
grep -q 'not an image' /tmp/pv-stderr || pv_fail "big junk image: $(cat /tmp/pv-stderr)"
# Raw netlink garbage: each refused with its errno, the list unchanged.
pv_expect_rc 0 partctl create keep --memory 4M --image /guests/hello.elf
pv_expect_rc 0 pv-nl-garbage --partitions
# Unprivileged: list and info work, changes are refused (EPERM, exit 4).
pv_expect_rc 0 pv-as-nobody partctl list
pv_expect_rc 0 pv-as-nobody partctl info keep
pv_expect_rc 4 pv-as-nobody partctl start keep
pv_expect_rc 4 pv-as-nobody partctl destroy keep
pv_expect_rc 4 pv-as-nobody partctl create u --memory 4M --image /guests/hello.elf
pv_expect_rc 0 pv-as-nobody pv-nl-garbage --user
# CAP_NET_ADMIN (all GENL_ADMIN_PERM asks) is not enough: CAP_SYS_ADMIN is.
pv_expect_rc 4 pv-as-nobody --cap net_admin partctl create na --memory 4M --image /guests/hello.elf
grep -q 'needs CAP_SYS_ADMIN' /tmp/pv-stderr || pv_fail "net_admin create: $(cat /tmp/pv-stderr)"
pv_expect_rc 4 pv-as-nobody --cap net_admin partctl start keep
pv_expect_rc 4 pv-as-nobody --cap net_admin partctl console keep
pv_expect_rc 0 pv-as-nobody --cap net_admin partctl info keep
pv_expect_rc 0 pv-as-nobody --cap net_admin pv-nl-garbage --net-admin
partctl list | grep -q '^na ' && pv_fail "a create with CAP_NET_ADMIN only made a partition"

pv_expect_rc 0 partctl destroy web
pv_expect_rc 0 partctl destroy polite
pv_expect_rc 0 partctl destroy oob
kill "$mon"
wait "$mon"
cat /tmp/events
pv-json </tmp/events >/dev/null || pv_fail "monitor --json printed invalid JSON"
# Every event of web and spin, in order.
grep '"name":"web"' /tmp/events | sed 's/.*"event":"\([a-z]*\)".*/\1/' | tr '\n' ' ' >/tmp/web
[ "$(cat /tmp/web)" = "created started stopped started stopped destroyed " ] ||
	pv_fail "web's events: $(cat /tmp/web)"
grep '"name":"spin"' /tmp/events | sed 's/.*"event":"\([a-z]*\)".*/\1/' | tr '\n' ' ' >/tmp/spin
[ "$(cat /tmp/spin)" = "created started stopped started stopped destroyed " ] ||
	pv_fail "spin's events: $(cat /tmp/spin)"
grep -q '"event":"crashed","name":"oob","crash_reason":"memory"' /tmp/events ||
	pv_fail "no crash event for oob"
grep -q '"name":"junk"' /tmp/events && pv_fail "a refused create was announced"
# Partitions still alive at rmmod are stopped and destroyed with it.
pv_expect_rc 0 partctl start keep
pv_expect_rc 0 rmmod partvisor
pv_dmesg_has "partvisor: unloaded"
