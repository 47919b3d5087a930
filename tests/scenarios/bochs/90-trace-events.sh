# Trace events: with events/partvisor enabled, a CPUID in user space and
# the hypercalls of the test module show up in the trace as root exits and
# hypercalls with their status; with pv_child_exit alone enabled, a
# child's COM1 output as child exits.
t=/sys/kernel/tracing
[ -e "$t/trace" ] || mount -t tracefs tracefs "$t" || pv_fail "no tracefs"
[ -d "$t/events/partvisor" ] && pv_fail "partvisor events exist before the module is loaded"
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
[ -d "$t/events/partvisor/pv_root_exit" ] || pv_fail "no pv_root_exit event"
echo > "$t/trace"
echo 1 > "$t/events/partvisor/enable" || pv_fail "cannot enable the partvisor events"
pv_expect_rc 0 pv-cpuid 1
pv_expect_rc 0 taskset -c 0 insmod /lib/modules/pv_hvcall_test.ko
pv_expect_rc 0 rmmod pv_hvcall_test
echo 0 > "$t/events/partvisor/enable"
cat "$t/trace" >/tmp/trace.txt
grep -E 'pv_root_exit: reason CPUID' /tmp/trace.txt | head -n 3
grep -E 'pv_hypercall: ' /tmp/trace.txt | head -n 3
grep -q 'pv_root_exit: reason CPUID rip' /tmp/trace.txt || pv_fail "no CPUID exit traced"
grep -q 'pv_root_exit: reason VMCALL' /tmp/trace.txt || pv_fail "no VMCALL exit traced"
grep -q 'pv_hypercall: code 0x0f00 .* status 0$' /tmp/trace.txt || pv_fail "no successful get-version traced"
grep -q 'pv_hypercall: code 0xffff .* status 2$' /tmp/trace.txt || pv_fail "no refused unknown call traced"
echo > "$t/trace"
echo 1 > "$t/events/partvisor/pv_child_exit/enable" || pv_fail "cannot enable pv_child_exit"
pv_expect_rc 0 pv-run --cmdline "vps=1" /guests/hello.elf >/dev/null
echo 0 > "$t/events/partvisor/pv_child_exit/enable"
cat "$t/trace" >/tmp/trace.txt
# hello's OUT to COM1's THR: port 0x3f8 in bits 31:16, a 1-byte OUT by DX.
grep -E 'pv_child_exit: vp 0 reason IO_INSTRUCTION' /tmp/trace.txt | head -n 2
grep -q 'pv_child_exit: vp 0 reason IO_INSTRUCTION rip 0x[0-9a-f]* qualification 0x3f80000$' \
	/tmp/trace.txt || pv_fail "no child COM1 write traced"
pv_expect_rc 0 rmmod partvisor
