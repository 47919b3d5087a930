# Multiboot extras (partctl create --module): the mbinfo guest reads the
# VP count and memory size it was created with from its module and checks
# them against what the loader and the partition give it: mem_lower and
# mem_upper, the module list, the memory map from 0, page 0 as RAM, the
# VPs that check in. A module that lies makes it fail (the guest can
# tell); a module the loader cannot place, or one given to an image that
# takes none, is refused and leaves nothing.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko

# mbinfo NAME VPS MEM_MIB MODULE_TEXT: create, run to the end, print the console.
mbinfo() {
	printf '%s\n' "$4" >/tmp/mbinfo.mod
	pv_expect_rc 0 partctl create "$1" --memory "$3M" --vcpus "$2" --image /guests/mbinfo.elf \
		--module /tmp/mbinfo.mod
	pv_expect_rc 0 partctl start "$1"
	i=0
	while partctl list | grep -q "^$1 *running"; do
		i=$((i + 1))
		[ "$i" -lt 3000 ] || pv_fail "$1 did not finish"
	done
	partctl console "$1" | tee /tmp/mbinfo.out
	partctl info "$1" --json | pv-json --whole >/tmp/mbinfo.info
}

mbinfo mb1 1 4 "vps=1 mem_kib=4096"
grep -qx 'mbinfo: vps=1 mem_kib=4096 module=19 bytes: ok' /tmp/mbinfo.out ||
	pv_fail "mb1: the guest did not find what its module says"
grep -qx exit_code=0 /tmp/mbinfo.info || pv_fail "mb1 did not exit 0"
# The module sits in the last page of RAM.
grep -qx 'mbinfo: module of 19 bytes at 0x3ff000: vps=1 mem_kib=4096 ' /tmp/mbinfo.out ||
	pv_fail "mb1: the module is not in the last page"
pv_expect_rc 0 partctl destroy mb1

mbinfo mb2 2 16 "vps=2 mem_kib=16384"
grep -qx 'mbinfo: vps=2 mem_kib=16384 module=20 bytes: ok' /tmp/mbinfo.out ||
	pv_fail "mb2: two VPs and 16 MiB were not what the guest found"
grep -qx exit_code=0 /tmp/mbinfo.info || pv_fail "mb2 did not exit 0"
pv_expect_rc 0 partctl destroy mb2

# A module that lies about the memory: the guest says so and exits 4.
mbinfo liar 1 4 "vps=1 mem_kib=8192"
grep -qx 'mbinfo: FAIL mem_upper: 0xc00, expected 0x1c00' /tmp/mbinfo.out ||
	pv_fail "the guest did not catch a wrong memory size"
grep -qx exit_code=4 /tmp/mbinfo.info || pv_fail "the lying module did not make the guest exit 4"
pv_expect_rc 0 partctl destroy liar

# Refused, nothing left: no room above the image (2 MiB of memory, 1 MiB
# module), a module for an ELF64 or a flat image, --module with --kernel.
head -c 1048576 /dev/zero >/tmp/big.mod
pv_expect_rc 1 partctl create big --memory 2M --image /guests/mbinfo.elf --module /tmp/big.mod
grep -q "does not fit the memory" /tmp/pv-stderr || pv_fail "a module with no room: unclear error"
pv_expect_rc 1 partctl create m64 --memory 4M --image /guests/hello64.elf --module /tmp/mbinfo.mod
grep -q "a module goes only with an ELF32 multiboot image" /tmp/pv-stderr ||
	pv_fail "a module for an ELF64 image: unclear error"
pv_expect_rc 1 partctl create mflat --memory 4M --image /guests/hello.bin --module /tmp/mbinfo.mod
grep -q "a module goes only with an ELF32 multiboot image" /tmp/pv-stderr ||
	pv_fail "a module for a flat image: unclear error"
pv_expect_rc 2 partctl create mk --memory 64M --kernel /guests/vmlinux --module /tmp/mbinfo.mod
pv_expect_rc 2 partctl create mi --memory 4M --image /guests/mbinfo.elf --initrd /tmp/mbinfo.mod
[ "$(partctl list --json)" = "[]" ] || pv_fail "a refused create left a partition: $(partctl list)"
pv_expect_rc 0 rmmod partvisor
