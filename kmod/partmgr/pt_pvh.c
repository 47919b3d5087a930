// SPDX-License-Identifier: GPL-2.0
/*
 * PVH loader: boots an unmodified kernel with a PVH entry point (Linux
 * built with CONFIG_PVH) the way the x86/HVM direct boot ABI says: the
 * entry is the Xen PHYS32_ENTRY ELF note's address, entered in 32-bit
 * protected mode with paging off and EBX = the GPA of struct
 * hvm_start_info (version 1), which points at the command line, the
 * initrd (module 0), the e820-style memory map and the RSDP of the ACPI
 * tables pt_acpi.c builds. The layout is in pt_pvh.h.
 *
 * The kernel file and the initrd are untrusted: the whole file is checked
 * (notes, program headers, bounds against the file and guest RAM,
 * overlaps) and every placement decided before the first byte is written.
 * Pure code: guest memory is reached only through the caller's callbacks.
 */
#include <linux/align.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include <xen/interface/elfnote.h>
#include <xen/interface/hvm/start_info.h>

#include "pt_acpi.h"
#include "pt_pvh.h"

/* The note's name, with its NUL (namesz 4). */
#define PT_XEN_NOTE_NAME	"Xen"
#define PT_NOTE_HDR		12	/* namesz, descsz, type: 32 bits each, both classes */

/* What validation decided, before anything is written. */
struct pt_pvh_plan {
	u32 entry;
	u64 lo, hi;
	u64 initrd_gpa;
};

/*
 * The notes of one PT_NOTE segment, @size bytes at @p. Return: 1 with
 * *@entry set if it holds the PHYS32_ENTRY note, 0 if not, -ENOEXEC if a
 * note is malformed.
 */
static int pt_scan_notes(const u8 *p, u64 size, u64 align, u32 *entry, const char **why)
{
	u64 off = 0, name, desc, namesz, descsz, v;
	u32 type;

	while (off < size) {
		if (size - off < PT_NOTE_HDR)
			goto bad;
		namesz = get_unaligned_le32(p + off);
		descsz = get_unaligned_le32(p + off + 4);
		type = get_unaligned_le32(p + off + 8);
		name = off + PT_NOTE_HDR;
		/* Sizes are 32-bit and size is at most the file's: no overflow in u64. */
		desc = name + ALIGN(namesz, align);
		if (desc > size || descsz > size - desc)
			goto bad;
		if (namesz == sizeof(PT_XEN_NOTE_NAME) &&
		    !memcmp(p + name, PT_XEN_NOTE_NAME, sizeof(PT_XEN_NOTE_NAME)) &&
		    type == XEN_ELFNOTE_PHYS32_ENTRY) {
			/* Linux's is a pointer-sized .quad on x86-64, a .long elsewhere. */
			if (descsz == 4) {
				v = get_unaligned_le32(p + desc);
			} else if (descsz == 8) {
				v = get_unaligned_le64(p + desc);
			} else {
				*why = "the PVH entry note's value is neither 4 nor 8 bytes";
				return -ENOEXEC;
			}
			if (v > U32_MAX) {
				*why = "the PVH entry point lies above 4 GiB";
				return -ENOEXEC;
			}
			*entry = v;
			return 1;
		}
		off = desc + ALIGN(descsz, align);
	}
	return 0;
bad:
	*why = "a note of the kernel's ELF is malformed or cut short (truncated file?)";
	return -ENOEXEC;
}

/**
 * pv_pt_pvh_entry() - the PVH entry point of an ELF file
 * @img: an image pv_pt_elf_header() accepted
 * @len: its length
 * @elf: what pv_pt_elf_header() found
 * @entry: set to the XEN_ELFNOTE_PHYS32_ENTRY value
 * @why: set to a message for the user on failure
 *
 * Looks through every PT_NOTE segment (4-byte aligned notes, 8 where the
 * segment says so); the first PHYS32_ENTRY note decides. Its value may be
 * 4 or 8 bytes, and must lie below 4 GiB.
 *
 * Return: 0, or -ENOEXEC (no such note, or a malformed or cut-short one).
 */
int pv_pt_pvh_entry(const u8 *img, size_t len, const struct pv_pt_elf *elf, u32 *entry,
		    const char **why)
{
	struct pv_pt_seg seg;
	unsigned int i;
	u64 end;
	int ret;

	for (i = 0; i < elf->phnum; i++) {
		pv_pt_elf_phdr(img, elf, i, &seg);
		if (seg.type != PT_NOTE)
			continue;
		if (check_add_overflow(seg.offset, seg.filesz, &end) || end > len) {
			*why = "a note segment ends beyond the end of the file (truncated?)";
			return -ENOEXEC;
		}
		ret = pt_scan_notes(img + seg.offset, seg.filesz, seg.align == 8 ? 8 : 4, entry,
				    why);
		if (ret)
			return ret < 0 ? ret : 0;
	}
	*why = "no PVH entry: no Xen PHYS32_ENTRY ELF note (Linux needs CONFIG_PVH=y)";
	return -ENOEXEC;
}

/**
 * pv_pt_pvh_memmap() - the memory map a PVH child gets
 * @mem_size: bytes of guest RAM from GPA 0, at least 1 MiB
 * @map: room for %PV_PT_PVH_MEMMAP_ENTRIES entries
 *
 * Sorted, contiguous, covering [0, @mem_size): RAM below 640 KiB, the
 * legacy hole reserved but for the page of ACPI tables, RAM from 1 MiB.
 *
 * Return: the number of entries.
 */
unsigned int pv_pt_pvh_memmap(u64 mem_size, struct hvm_memmap_table_entry *map)
{
	static const struct { u64 start, end; u32 type; } low[] = {
		{ 0, PV_PT_PVH_LOW_RAM_END, XEN_HVM_MEMMAP_TYPE_RAM },
		{ PV_PT_PVH_LOW_RAM_END, PV_PT_PVH_ACPI_GPA, XEN_HVM_MEMMAP_TYPE_RESERVED },
		{ PV_PT_PVH_ACPI_GPA, PV_PT_PVH_ACPI_GPA + PV_PT_ACPI_MAX,
		  XEN_HVM_MEMMAP_TYPE_ACPI },
		{ PV_PT_PVH_ACPI_GPA + PV_PT_ACPI_MAX, PV_PT_PVH_LOAD_MIN,
		  XEN_HVM_MEMMAP_TYPE_RESERVED },
	};
	unsigned int i;

	BUILD_BUG_ON(ARRAY_SIZE(low) + 1 != PV_PT_PVH_MEMMAP_ENTRIES);
	for (i = 0; i < ARRAY_SIZE(low); i++) {
		map[i].addr = low[i].start;
		map[i].size = low[i].end - low[i].start;
		map[i].type = low[i].type;
		map[i].reserved = 0;
	}
	map[i].addr = PV_PT_PVH_LOAD_MIN;
	map[i].size = mem_size - PV_PT_PVH_LOAD_MIN;
	map[i].type = XEN_HVM_MEMMAP_TYPE_RAM;
	map[i].reserved = 0;
	return i + 1;
}

/* Does PT_LOAD @i overlap one of the segments before it? */
static bool pt_overlaps(const u8 *img, const struct pv_pt_elf *elf, unsigned int i,
			const struct pv_pt_seg *seg)
{
	struct pv_pt_seg other;
	unsigned int j;

	for (j = 0; j < i; j++) {
		pv_pt_elf_phdr(img, elf, j, &other);
		if (other.type != PT_LOAD || !other.memsz)
			continue;
		/* Both ranges were checked against guest RAM: no overflow. */
		if (seg->paddr < other.paddr + other.memsz &&
		    other.paddr < seg->paddr + seg->memsz)
			return true;
	}
	return false;
}

static int pt_pvh_plan(const u8 *img, size_t len, size_t initrd_len, u64 mem_size,
		       struct pt_pvh_plan *plan, const char **why)
{
	struct pv_pt_elf elf;
	struct pv_pt_seg seg;
	unsigned int i, loads = 0;
	bool entry_ok = false;
	u64 top;
	int ret;

	if (pv_pt_elf_header(img, len, &elf)) {
		*why = "not an x86 ELF executable, or its headers are malformed or cut short";
		return -ENOEXEC;
	}
	ret = pv_pt_pvh_entry(img, len, &elf, &plan->entry, why);
	if (ret)
		return ret;

	plan->lo = U64_MAX;
	plan->hi = 0;
	for (i = 0; i < elf.phnum; i++) {
		ret = pv_pt_elf_seg(img, len, &elf, i, PV_PT_PVH_LOAD_MIN, mem_size, &seg);
		if (ret == -ENOEXEC) {
			*why = "a kernel segment is malformed or ends beyond the file (truncated?)";
			return ret;
		}
		if (ret == -E2BIG) {
			*why = seg.paddr < PV_PT_PVH_LOAD_MIN ?
			       "a segment of the kernel loads below 1 MiB (the loader's area)" :
			       "the kernel does not fit the partition's memory";
			return ret;
		}
		if (ret <= 0)
			continue;
		if (pt_overlaps(img, &elf, i, &seg)) {
			*why = "two segments of the kernel overlap";
			return -ENOEXEC;
		}
		loads++;
		plan->lo = min(plan->lo, seg.paddr);
		plan->hi = max(plan->hi, seg.paddr + seg.memsz);
		/* The entry is code: in the file part of a segment. */
		if (plan->entry >= seg.paddr && plan->entry - seg.paddr < seg.filesz)
			entry_ok = true;
	}
	if (!loads) {
		*why = "the kernel has nothing to load";
		return -ENOEXEC;
	}
	if (!entry_ok) {
		*why = "the PVH entry point lies outside the kernel's loaded code";
		return -ENOEXEC;
	}

	plan->initrd_gpa = 0;
	if (initrd_len) {
		/* At the top of RAM, page-aligned, wholly above the kernel. */
		top = round_up(plan->hi, PAGE_SIZE);
		if (initrd_len > mem_size || round_down(mem_size - initrd_len, PAGE_SIZE) < top) {
			*why = "the kernel and the initrd together do not fit the memory";
			return -E2BIG;
		}
		plan->initrd_gpa = round_down(mem_size - initrd_len, PAGE_SIZE);
	}
	return 0;
}

/* start_info, command line, module list, memory map, ACPI tables. */
static int pt_pvh_write_info(const struct pt_pvh_plan *plan, size_t initrd_len,
			     const char *cmdline, size_t cmdline_len, u32 vcpus,
			     const struct pv_pt_guest_mem *mem)
{
	struct hvm_memmap_table_entry map[PV_PT_PVH_MEMMAP_ENTRIES];
	struct hvm_modlist_entry mod = {};
	struct hvm_start_info si = {};
	struct pv_pt_acpi_layout acpi;
	unsigned int n;
	void *tables;
	int ret;

	BUILD_BUG_ON(sizeof(si) != 56 || sizeof(mod) != 32 || sizeof(map[0]) != 24);
	BUILD_BUG_ON(PV_PT_PVH_CMDLINE_GPA + PV_PT_CMDLINE_MAX + 1 > PV_PT_PVH_MODLIST_GPA);
	BUILD_BUG_ON(PV_PT_PVH_MEMMAP_GPA + sizeof(map) > 0x3000);

	tables = kzalloc(PV_PT_ACPI_MAX, GFP_KERNEL);
	if (!tables)
		return -ENOMEM;
	ret = pv_pt_acpi_build(tables, PV_PT_ACPI_MAX, PV_PT_PVH_ACPI_GPA, vcpus, &acpi);
	if (!ret)
		ret = pv_pt_mem_write(mem, PV_PT_PVH_ACPI_GPA, tables, acpi.len);
	kfree(tables);
	if (ret)
		return ret;

	n = pv_pt_pvh_memmap(mem->size, map);
	ret = pv_pt_mem_write(mem, PV_PT_PVH_MEMMAP_GPA, map, n * sizeof(map[0]));
	if (ret)
		return ret;

	si.magic = XEN_HVM_START_MAGIC_VALUE;
	si.version = 1;
	si.rsdp_paddr = acpi.rsdp;
	si.memmap_paddr = PV_PT_PVH_MEMMAP_GPA;
	si.memmap_entries = n;
	if (cmdline) {
		ret = pv_pt_mem_write(mem, PV_PT_PVH_CMDLINE_GPA, cmdline, cmdline_len + 1);
		if (ret)
			return ret;
		si.cmdline_paddr = PV_PT_PVH_CMDLINE_GPA;
	}
	if (initrd_len) {
		mod.paddr = plan->initrd_gpa;
		mod.size = initrd_len;
		ret = pv_pt_mem_write(mem, PV_PT_PVH_MODLIST_GPA, &mod, sizeof(mod));
		if (ret)
			return ret;
		si.nr_modules = 1;
		si.modlist_paddr = PV_PT_PVH_MODLIST_GPA;
	}
	return pv_pt_mem_write(mem, PV_PT_PVH_START_INFO_GPA, &si, sizeof(si));
}

/**
 * pv_pt_load_pvh() - load a PVH kernel (and initrd) and decide the boot state
 * @img: the kernel: an ELF with a Xen PHYS32_ENTRY note
 * @len: its length in bytes
 * @initrd: the initrd, or NULL
 * @initrd_len: its length (0 for none)
 * @cmdline: the kernel command line, or NULL for none
 * @vcpus: VPs of the partition (MADT entries), 1 to 255
 * @mem: guest memory: its size and the callbacks that write it
 * @boot: filled with the initial register state on success
 * @why: set to a message for the user on failure
 *
 * Validates the kernel and the placement of everything first, then
 * writes the layout pt_pvh.h describes. Nothing is written when the
 * arguments or the kernel are refused; when a callback fails, guest
 * memory is left partly written.
 *
 * Return: 0; -EINVAL for bad arguments; -ENOEXEC for a file that is not
 * an x86 ELF, lacks the PVH note, is malformed or truncated, or whose
 * segments overlap or miss the entry point; -E2BIG when the kernel (and
 * initrd) do not fit guest memory, a segment loads below 1 MiB or the
 * command line is longer than 255 bytes; -ENOMEM; else a callback's error.
 */
int pv_pt_load_pvh(const void *img, size_t len, const void *initrd, size_t initrd_len,
		   const char *cmdline, u32 vcpus, const struct pv_pt_guest_mem *mem,
		   struct pv_pt_boot *boot, const char **why)
{
	struct pt_pvh_plan plan;
	size_t cmdline_len = 0;
	int ret;

	*why = "bad arguments to the PVH loader";
	if (!img || !boot || !pv_pt_mem_ok(mem) || !vcpus || vcpus > 255 ||
	    (initrd_len && !initrd))
		return -EINVAL;
	if (cmdline) {
		cmdline_len = strnlen(cmdline, PV_PT_CMDLINE_MAX + 1);
		if (cmdline_len > PV_PT_CMDLINE_MAX) {
			*why = "the command line is longer than 255 bytes";
			return -E2BIG;
		}
	}
	ret = pt_pvh_plan(img, len, initrd_len, mem->size, &plan, why);
	if (ret)
		return ret;

	*why = "the kernel could not be written to guest memory";
	ret = pv_pt_mem_zero(mem, 0, PV_PT_PVH_LOAD_MIN);
	if (ret)
		return ret;
	ret = pv_pt_write_gdt(mem);
	if (ret)
		return ret;
	ret = pt_pvh_write_info(&plan, initrd_len, cmdline, cmdline_len, vcpus, mem);
	if (ret)
		return ret;
	ret = pv_pt_load_elf_segments(img, len, PV_PT_PVH_LOAD_MIN, mem);
	if (ret)
		return ret;
	if (initrd_len) {
		ret = pv_pt_mem_write(mem, plan.initrd_gpa, initrd, initrd_len);
		if (ret)
			return ret;
	}

	memset(boot, 0, sizeof(*boot));
	boot->mode = PV_PT_BOOT_PROT32;
	boot->magic = 0;
	boot->entry = plan.entry;
	boot->gdt_base = PV_PT_GDT_GPA;
	boot->gdt_limit = PV_PT_GDT_LIMIT;
	boot->info_gpa = PV_PT_PVH_START_INFO_GPA;
	boot->image_lo = plan.lo;
	boot->image_hi = initrd_len ? plan.initrd_gpa + initrd_len : plan.hi;
	*why = NULL;
	return 0;
}
