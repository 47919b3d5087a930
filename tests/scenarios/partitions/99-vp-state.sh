# VP state the hypervisor emulates or resets:
# - pae32 turns on 32-bit PAE paging with a MOV to CR0 that exits (it
#   sets CR0.NE too): the hypervisor loads the PDPTEs from the guest's CR3
#   (a reserved bit in one: #GP), refuses NW without CD, and the guest
#   reaches RAM above 4 MiB and an alias at 1 GiB through its own tables.
# - vpreset64 checks it starts clean, leaves dirty state behind (SYSCALL
#   and SWAPGS MSRs, CR8, DR0, XMM0, MXCSR, FCW, XCR0) and exits in an STI
#   shadow; restarted, it must find a clean VP again (and VM entry must not
#   fail on the shadow). On the way it drops SSE from XCR0 and takes an
#   intercept, which once made the hypervisor's XRSTOR fault.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
pv_expect_rc 0 pv-run /guests/pae32.elf >/tmp/out
cat /tmp/out
grep -q '^pae32: 9 passed, 0 failed' /tmp/out || pv_fail "pae32 found problems"
grep -q '^pv-run: /guests/pae32.elf state=stopped exit=0 crash=none' /tmp/out ||
	pv_fail "pae32 did not exit cleanly"
# A bigger partition: paging over 64 MiB.
pv_expect_rc 0 pv-run --mem 64M /guests/pae32.elf >/tmp/out
grep -q '^pae32: 9 passed, 0 failed' /tmp/out || { cat /tmp/out; pv_fail "pae32 failed with 64 MiB"; }
pv_expect_rc 0 pv-run --restart /guests/vpreset64.elf >/tmp/out
cat /tmp/out
[ "$(grep -c '^vpreset64: 11 passed, 0 failed' /tmp/out)" -eq 2 ] ||
	pv_fail "vpreset64 did not find a clean VP on both runs"
# Dropping SSE from XCR0 after SSE state was saved must not break the
# next dispatch (XSTATE_BV of the saved area).
[ "$(grep -c '^vpreset64: PASS XCR0 x87 only survives an intercept' /tmp/out)" -eq 2 ] ||
	pv_fail "vpreset64 lost XCR0 across an intercept"
grep -q '^pv-run: /guests/vpreset64.elf state=stopped exit=0 crash=none' /tmp/out ||
	pv_fail "the restarted vpreset64 did not exit cleanly"
pv_expect_rc 0 rmmod partvisor
