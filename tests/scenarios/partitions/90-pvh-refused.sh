# PVH kernels partctl create must refuse, each with its reason in the
# extended ack and the kernel log, leaving no partition behind: a
# truncated vmlinux, an ELF without the PVH note, a kernel bigger than the
# partition's memory, an initrd that does not fit above it, garbage; then
# the same name creates the real kernel fine. Then the ioctl side of PVH
# (format 3, initrd fields) with pv-dev-garbage --pvh.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
[ -f /guests/vmlinux ] || pv_fail "no /guests/vmlinux in the initramfs"

# refused NAME WHY ARGS...: create fails (exit 1), stderr and dmesg say WHY,
# and list shows nothing.
refused() {
	name=$1 why=$2
	shift 2
	dmesg -c >/dev/null
	pv_expect_rc 1 partctl create "$name" "$@"
	grep -qF -- "$why" /tmp/pv-stderr || pv_fail "create $*: the error lacks '$why'"
	[ "$(partctl list --json)" = "[]" ] || pv_fail "create $* left a partition: $(partctl list)"
}

head -c 4000000 /guests/vmlinux >/tmp/vmlinux.cut
refused bad "truncated" --memory 16M --kernel /tmp/vmlinux.cut
pv_dmesg_has "bad: PVH kernel refused: a note segment ends beyond the end of the file (truncated?)"
# Cut before the last segment: the notes are whole, the code is not (the
# first segments must fit, or that is the refusal).
head -c 16000000 /guests/vmlinux >/tmp/vmlinux.cut
refused bad "a kernel segment is malformed or ends beyond the file (truncated?)" \
	--memory 32M --kernel /tmp/vmlinux.cut
refused bad "no Xen PHYS32_ENTRY ELF note" --memory 16M --kernel /guests/hello64.elf
pv_dmesg_has "PVH kernel refused: no PVH entry"
refused bad "the kernel does not fit the partition's memory" --memory 16M --kernel /guests/vmlinux
refused bad "the kernel and the initrd together do not fit the memory" \
	--memory 40M --kernel /guests/vmlinux --initrd /guests/vmlinux
head -c 100000 /dev/urandom >/tmp/junk
refused bad "not an x86 ELF executable" --memory 16M --kernel /tmp/junk
# Usage errors never reach the kernel.
pv_expect_rc 2 partctl create bad --memory 64M --image /guests/hello.elf --initrd /tmp/junk
pv_expect_rc 2 partctl create bad --memory 64M --image /guests/hello.elf --kernel /guests/vmlinux
[ "$(partctl list --json)" = "[]" ] || pv_fail "a usage error left a partition"

# The name is free, and the real kernel with an initrd loads.
pv_expect_rc 0 partctl create bad --memory 32M --kernel /guests/vmlinux --initrd /tmp/junk \
	--cmdline "console=ttyS0"
partctl list
partctl list | grep -q '^bad *created' || pv_fail "the good kernel's partition is not listed as created"
pv_expect_rc 0 partctl destroy bad
[ "$(partctl list --json)" = "[]" ] || pv_fail "destroy left a partition"
# The same through /dev/partvisor (PARTVISOR_LOAD_IMAGE, format 3, initrd).
pv_expect_rc 0 pv-dev-garbage --pvh /guests/vmlinux
pv_expect_rc 0 rmmod partvisor
