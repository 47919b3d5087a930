# partctl console --interactive: stdin goes to the receive side of the
# child's COM1 (a 256-byte FIFO the guest polls), output is followed.
# The uart-echo guest answers each line and exits 0 on "quit". A line of
# 3000 bytes needs the FIFO to fill and partctl to send the rest as the
# guest reads; input to a missing partition, or without CAP_SYS_ADMIN, is
# refused (pv-nl-garbage in 97-partctl sends the raw garbage: no data,
# 0 or 4001 bytes, a partition not running).
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
pv_expect_rc 0 partctl create echo --memory 4M --image /guests/uart-echo.elf
pv_expect_rc 0 partctl start echo
t_end=$(($(pv_uptime_cs) + 1000))
until partctl console echo | grep -qx 'uart-echo: ready'; do
	[ "$(pv_uptime_cs)" -lt "$t_end" ] || pv_fail "uart-echo never got ready"
done
long=$(head -c 3000 /dev/zero | tr '\0' x)
{ printf 'hello world\n'; printf '%s\r\n' "$long"; printf 'quit\n'; } >/tmp/echo.in
# partctl follows until the guest stops: "quit" stops it. Bounded by the
# root's clock (60 s), never by a sleep.
partctl console echo --interactive </tmp/echo.in >/tmp/echo.out 2>/tmp/echo.err &
pc=$!
t_end=$(($(pv_uptime_cs) + 6000))
i=0
while kill -0 $pc 2>/dev/null; do
	i=$((i + 1))
	[ $((i % 200)) = 0 ] && echo "waiting: $(wc -c </tmp/echo.out) bytes out; $(partctl info echo | grep -e '^exits' -e '^intercepts')"
	[ "$(pv_uptime_cs)" -lt "$t_end" ] && continue
	kill $pc
	cat /tmp/echo.out /tmp/echo.err
	partctl info echo
	pv_fail "partctl console --interactive did not end within 60 s"
done
wait $pc
rc=$?
cat /tmp/echo.out /tmp/echo.err
[ "$rc" = 0 ] || pv_fail "partctl console --interactive exited $rc"
grep -qx 'uart-echo: got 11 bytes: hello world' /tmp/echo.out || pv_fail "the first line did not come through"
grep -qx "uart-echo: got 3000 bytes: $(printf '%.32s' "$long")" /tmp/echo.out ||
	pv_fail "the 3000-byte line did not come through whole"
grep -qx 'uart-echo: bye after 3 lines' /tmp/echo.out || pv_fail "quit did not end the guest"
# Each byte once: partctl must not send again what the FIFO took.
[ "$(grep -c '^uart-echo: got ' /tmp/echo.out)" = 2 ] ||
	pv_fail "the guest got more lines than were typed: input was sent twice"
grep -q 'malformed' /tmp/echo.err && pv_fail "partctl could not read the kernel's replies: $(cat /tmp/echo.err)"
partctl info echo --json | pv-json --whole | grep -qx exit_code=0 || pv_fail "uart-echo did not exit 0"
# Refused: a stopped partition, a missing one, no CAP_SYS_ADMIN, a bad option.
echo x | partctl console echo --interactive >/dev/null 2>&1 || pv_fail "reading a stopped partition's console failed"
pv_expect_rc 0 partctl start echo
t_end=$(($(pv_uptime_cs) + 1000))
until partctl console echo | grep -qx 'uart-echo: ready'; do
	[ "$(pv_uptime_cs)" -lt "$t_end" ] || pv_fail "uart-echo never got ready again"
done
echo hi | pv-as-nobody partctl console echo --interactive >/dev/null 2>/tmp/echo.err
[ $? = 4 ] || pv_fail "an unprivileged user could send console input: $(cat /tmp/echo.err)"
pv_expect_rc 3 partctl console nosuch --interactive </dev/null
pv_expect_rc 2 partctl console echo --interactive --frob
pv_expect_rc 0 partctl stop echo --force
pv_expect_rc 0 partctl destroy echo
pv_expect_rc 0 rmmod partvisor
