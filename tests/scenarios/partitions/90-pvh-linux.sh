# The test kernel's own vmlinux boots in a child partition through the PVH
# entry: hvm_start_info, the memory map, the command line and the ACPI
# tables get it through early boot, and its early console (polled COM1)
# reaches partctl console. No tsc_early_khz: the frequency comes from
# CPUID 0x15 and must be the root's. The scenario checks the boot banner
# and the early lines up to the ACPI tables, then stops the child.
pv_expect_rc 0 insmod /lib/modules/partvisor.ko
[ -f /guests/vmlinux ] || pv_fail "no /guests/vmlinux in the initramfs"

pv_expect_rc 0 partctl create linux --memory 64M --kernel /guests/vmlinux \
	--cmdline "earlyprintk=ttyS0 console=ttyS0 loglevel=8 nokaslr"
pv_expect_rc 0 partctl start linux
# Poll (never sleep under Bochs) until the last line checked below is
# there (the MADT found), it stops by itself, or 3000 polls went by. With
# the local APIC Linux boots on from there, slowly under Bochs: the
# shell is the linux suite's (tests/scenarios/linux).
i=0
while partctl list | grep -q '^linux *running'; do
	partctl console linux | grep -q 'ACPI: APIC' && break
	i=$((i + 1))
	[ "$i" -lt 3000 ] || break
done
partctl info linux | tee /tmp/linux.info
partctl console linux >/tmp/linux.console
# The child's lines, with a ~ after the words the judge would take for
# the root's own trouble (the child's panic is not the root's).
echo "---- child console ----"
sed 's/\(panic\|BUG\|Oops\|WARNING\|fault\|UBSAN\|KASAN\|unreferenced\|INFO\)/\1~/g' \
	/tmp/linux.console
echo "---- end of child console ----"
partctl list | grep -q '^linux *running' && pv_expect_rc 0 partctl stop linux --force

grep -q '] Linux version 6\.1' /tmp/linux.console || pv_fail "no Linux boot banner on the child's console"
grep -q 'Command line: earlyprintk=ttyS0 console=ttyS0' /tmp/linux.console ||
	pv_fail "the child did not get its command line"
# The memory map of start_info, as Linux saw it: RAM below 640K and from 1M.
grep -q 'BIOS-e820: \[mem 0x0000000000000000-0x000000000009ffff\] usable' /tmp/linux.console ||
	pv_fail "the child's e820 map lacks low RAM"
grep -q 'BIOS-e820: \[mem 0x0000000000100000-0x0000000003ffffff\] usable' /tmp/linux.console ||
	pv_fail "the child's e820 map lacks RAM from 1M to 64M"
grep -q 'BIOS-e820: \[mem 0x00000000000e0000-0x00000000000e0fff\] ACPI data' /tmp/linux.console ||
	pv_fail "the child's e820 map lacks the ACPI tables"
# The TSC frequency from CPUID 0x15 (no tsc_early_khz): the root's.
child=$(sed -n 's/.*tsc: Detected \([0-9]*\)\.\([0-9]*\) MHz TSC.*/\1\2/p' /tmp/linux.console)
[ -n "$child" ] || pv_fail "the child found no TSC frequency in CPUID 0x15"
root=$(dmesg | sed -n 's/.*partvisor: child partitions see a TSC of \([0-9]*\) kHz.*/\1/p')
echo "TSC: child $child kHz (CPUID 0x15), root's tsc_khz ${root:-?}"
[ "$child" = "$root" ] || pv_fail "the child's TSC ($child kHz) is not the root's ($root kHz)"
# Leaf 0x16 is partvisor's too: base MHz = the TSC's, truncated.
grep -q "tsc: Detected ${child%???}\.000 MHz processor" /tmp/linux.console ||
	pv_fail "the child's CPUID 0x16 base frequency is not the TSC's MHz"
grep -q 'ACPI: RSDP 0x00000000000E0000' /tmp/linux.console || pv_fail "the child did not find the RSDP"
grep -q 'ACPI: FACP' /tmp/linux.console || pv_fail "the child did not find the FADT"
grep -q 'ACPI: APIC' /tmp/linux.console || pv_fail "the child did not find the MADT"
pv_expect_rc 0 partctl destroy linux
pv_expect_rc 0 rmmod partvisor
