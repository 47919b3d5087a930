# Child partitions through /dev/partvisor: the hello guest's console and
# exit code reach user space, for each image format (ELF32 multiboot,
# ELF64 long mode, flat binary); the cpuid guest checks the partvisor
# leaves and hypercalls from inside; the memory guest writes and checks all
# of its RAM.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
[ -c /dev/partvisor ] || pv_fail "no /dev/partvisor"
pv_expect_rc 0 pv-run --name hello --cmdline "vps=1 greeting" /guests/hello.elf >/tmp/out
cat /tmp/out
grep -qx 'hello: VP 0 of vps=1 greeting' /tmp/out || pv_fail "hello's console line is missing"
grep -qx 'hello: done' /tmp/out || pv_fail "hello did not finish"
grep -q '^pv-run: /guests/hello.elf state=stopped exit=0 crash=none' /tmp/out ||
	pv_fail "hello did not stop with exit code 0"

pv_expect_rc 0 pv-run --cmdline "long" /guests/hello64.elf >/tmp/out
cat /tmp/out
grep -qx 'hello64: long mode, VP 0, cmdline long' /tmp/out || pv_fail "hello64 did not run in long mode"
grep -q 'state=stopped exit=0 ' /tmp/out || pv_fail "hello64 failed"

pv_expect_rc 0 pv-run --cmdline "flat" /guests/hello.bin >/tmp/out
cat /tmp/out
grep -qx 'hello: VP 0 of flat' /tmp/out || pv_fail "the flat image did not run"
grep -q 'state=stopped exit=0 ' /tmp/out || pv_fail "the flat image failed"

pv_expect_rc 0 pv-run /guests/cpuid.elf >/tmp/out
cat /tmp/out
grep -q '^cpuid: 3[0-9] passed, 0 failed' /tmp/out || pv_fail "the cpuid guest found problems"
grep -q 'state=stopped exit=0 ' /tmp/out || pv_fail "the cpuid guest failed"

# State the hypervisor keeps per VP: SYSCALL/SWAPGS MSRs, XCR0, CR4 refusals.
pv_expect_rc 0 pv-run /guests/cpustate64.elf >/tmp/out
cat /tmp/out
grep -q '^cpustate64: 1[0-9] passed, 0 failed' /tmp/out || pv_fail "the cpustate64 guest found problems"

pv_expect_rc 0 pv-run --mem 8M /guests/memory.elf >/tmp/out
cat /tmp/out
grep -qx 'memory: 8192 KiB ok' /tmp/out || pv_fail "the memory guest found a mismatch"
grep -q 'state=stopped exit=0 ' /tmp/out || pv_fail "the memory guest failed"

# Started again after it stopped: the image is reloaded, output repeats.
pv_expect_rc 0 pv-run --restart /guests/hello.elf >/tmp/out
cat /tmp/out
[ "$(grep -c '^hello: done' /tmp/out)" -eq 2 ] || pv_fail "a restarted partition did not run again"
pv_expect_rc 0 rmmod partvisor
