// SPDX-License-Identifier: GPL-2.0
/*
 * Guest image loader: ELF32 multiboot, ELF64 and flat images into a new
 * partition's memory, with the GDT, multiboot information and (for 64-bit
 * images) identity page tables the layout in pt_loader.h describes. Every
 * field of the image is untrusted: the whole image is validated before the
 * first byte is written to the guest. Pure code: guest memory is reached
 * only through the caller's callbacks (KUnit: partvisor_loader).
 */
#include <linux/bits.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include "pt_loader.h"

/* Multiboot v1 header (in the image) */
#define PT_MB_HDR_MAGIC		0x1BADB002U
#define PT_MB_HDR_SEARCH	8192
#define PT_MB_HDR_AOUT_KLUDGE	BIT(16)
/* Bits 0-15 are requirements: a loader must refuse those it cannot meet. */
#define PT_MB_HDR_REQUIRED	0xffffU
/* Page-aligned modules and memory information. */
#define PT_MB_HDR_SUPPORTED	(BIT(0) | BIT(1))

/* Multiboot v1 information structure (what the guest gets) */
#define PT_MB_INFO_MEM		BIT(0)
#define PT_MB_INFO_CMDLINE	BIT(2)
#define PT_MB_INFO_MODS		BIT(3)
#define PT_MB_INFO_MMAP		BIT(6)
#define PT_MB_MEM_LOWER_KB	640
#define PT_MB_MMAP_RAM		1

#define PT_MAX_PHDRS		64

#define PT_PTE_P		BIT_ULL(0)
#define PT_PTE_W		BIT_ULL(1)
#define PT_PTE_PS		BIT_ULL(7)
#define PT_PTE_CHUNK		32

struct pt_mb_info {
	__le32 flags;
	__le32 mem_lower;
	__le32 mem_upper;
	__le32 boot_device;
	__le32 cmdline;
	__le32 mods_count;
	__le32 mods_addr;
	__le32 syms[4];
	__le32 mmap_length;
	__le32 mmap_addr;
} __packed;

struct pt_mb_module {
	__le32 mod_start;
	__le32 mod_end;		/* exclusive */
	__le32 string;
	__le32 reserved;
} __packed;

struct pt_mb_mmap {
	__le32 size;		/* of the rest of the entry */
	__le64 addr;
	__le64 len;
	__le32 type;
} __packed;

/* 0x08 code32, 0x10 data, 0x18 code64: base 0, limit 0xfffff, G=1. */
static const __le64 pt_gdt[4] = {
	cpu_to_le64(0),
	cpu_to_le64(0x00cf9a000000ffffULL),
	cpu_to_le64(0x00cf92000000ffffULL),
	cpu_to_le64(0x00af9a000000ffffULL),
};

/* What validation decided, before anything is written. */
struct pt_plan {
	enum pv_pt_boot_mode mode;
	u64 entry;
	u64 lo, hi;
};

/**
 * pv_pt_gpa_range_ok() - does a guest-physical range lie in guest RAM?
 * @gpa: start of the range
 * @len: its length in bytes
 * @size: bytes of guest RAM from GPA 0
 *
 * Return: true if [@gpa, @gpa + @len) lies within [0, @size) and the sum
 * does not overflow.
 */
bool pv_pt_gpa_range_ok(u64 gpa, u64 len, u64 size)
{
	u64 end;

	return !check_add_overflow(gpa, len, &end) && end <= size;
}

static int pt_result(int ret)
{
	return ret > 0 ? -EIO : ret;
}

/**
 * pv_pt_mem_write() - write guest memory through the loader's callbacks
 * @mem: guest memory
 * @gpa: where
 * @src: what
 * @len: how many bytes
 *
 * Return: 0, -E2BIG if the range is not in guest RAM, else the callback's
 * error (a positive value becomes -EIO).
 */
int pv_pt_mem_write(const struct pv_pt_guest_mem *mem, u64 gpa, const void *src, u64 len)
{
	if (!pv_pt_gpa_range_ok(gpa, len, mem->size))
		return -E2BIG;
	if (!len)
		return 0;
	return pt_result(mem->write(mem->ctx, gpa, src, len));
}

/**
 * pv_pt_mem_zero() - zero guest memory through the loader's callbacks
 * @mem: guest memory
 * @gpa: where
 * @len: how many bytes
 *
 * Return: as pv_pt_mem_write().
 */
int pv_pt_mem_zero(const struct pv_pt_guest_mem *mem, u64 gpa, u64 len)
{
	if (!pv_pt_gpa_range_ok(gpa, len, mem->size))
		return -E2BIG;
	if (!len)
		return 0;
	return pt_result(mem->zero(mem->ctx, gpa, len));
}

/* The first valid multiboot v1 header decides; 0 or -ENOEXEC. */
static int pt_check_multiboot(const u8 *img, size_t len)
{
	size_t end = min_t(size_t, len, PT_MB_HDR_SEARCH);
	size_t off;

	for (off = 0; off + 12 <= end; off += 4) {
		u32 magic = get_unaligned_le32(img + off);
		u32 flags = get_unaligned_le32(img + off + 4);
		u32 sum = get_unaligned_le32(img + off + 8);

		if (magic != PT_MB_HDR_MAGIC || (u32)(magic + flags + sum))
			continue;
		if (flags & PT_MB_HDR_AOUT_KLUDGE)
			return -ENOEXEC;
		if (flags & PT_MB_HDR_REQUIRED & ~PT_MB_HDR_SUPPORTED)
			return -ENOEXEC;
		return 0;
	}
	return -ENOEXEC;
}

/**
 * pv_pt_elf_header() - check an ELF header and its program header table
 * @img: the image
 * @len: its length
 * @elf: filled in on success
 *
 * Accepts ELF32 EM_386 and ELF64 EM_X86_64 little-endian ET_EXEC files
 * with 1 to 64 program headers of the class's size, wholly in the file.
 *
 * Return: 0 or -ENOEXEC.
 */
int pv_pt_elf_header(const u8 *img, size_t len, struct pv_pt_elf *elf)
{
	u64 table, end;
	u16 type, machine;
	u32 version;

	if (len < EI_NIDENT || memcmp(img, ELFMAG, SELFMAG))
		return -ENOEXEC;
	if (img[EI_DATA] != ELFDATA2LSB || img[EI_VERSION] != EV_CURRENT)
		return -ENOEXEC;

	if (img[EI_CLASS] == ELFCLASS32) {
		struct elf32_hdr eh;

		if (len < sizeof(eh))
			return -ENOEXEC;
		memcpy(&eh, img, sizeof(eh));
		elf->is64 = false;
		type = eh.e_type;
		machine = eh.e_machine;
		version = eh.e_version;
		elf->entry = eh.e_entry;
		elf->phoff = eh.e_phoff;
		elf->phnum = eh.e_phnum;
		elf->phentsize = eh.e_phentsize;
		if (machine != EM_386 || elf->phentsize != sizeof(struct elf32_phdr))
			return -ENOEXEC;
	} else if (img[EI_CLASS] == ELFCLASS64) {
		struct elf64_hdr eh;

		if (len < sizeof(eh))
			return -ENOEXEC;
		memcpy(&eh, img, sizeof(eh));
		elf->is64 = true;
		type = eh.e_type;
		machine = eh.e_machine;
		version = eh.e_version;
		elf->entry = eh.e_entry;
		elf->phoff = eh.e_phoff;
		elf->phnum = eh.e_phnum;
		elf->phentsize = eh.e_phentsize;
		if (machine != EM_X86_64 || elf->phentsize != sizeof(struct elf64_phdr))
			return -ENOEXEC;
	} else {
		return -ENOEXEC;
	}

	if (type != ET_EXEC || version != EV_CURRENT)
		return -ENOEXEC;
	if (!elf->phnum || elf->phnum > PT_MAX_PHDRS)
		return -ENOEXEC;
	/* phnum and phentsize are small: the product cannot overflow. */
	table = (u64)elf->phnum * elf->phentsize;
	if (check_add_overflow(elf->phoff, table, &end) || end > len)
		return -ENOEXEC;
	return 0;
}

/**
 * pv_pt_elf_phdr() - program header @i, either class, unchecked
 * @img: an image pv_pt_elf_header() accepted
 * @elf: what it found
 * @i: the index, below @elf->phnum
 * @seg: filled in
 */
void pv_pt_elf_phdr(const u8 *img, const struct pv_pt_elf *elf, unsigned int i,
		    struct pv_pt_seg *seg)
{
	const u8 *ph = img + elf->phoff + (u64)i * elf->phentsize;

	if (elf->is64) {
		struct elf64_phdr p;

		memcpy(&p, ph, sizeof(p));
		seg->type = p.p_type;
		seg->offset = p.p_offset;
		seg->filesz = p.p_filesz;
		seg->paddr = p.p_paddr;
		seg->memsz = p.p_memsz;
		seg->align = p.p_align;
	} else {
		struct elf32_phdr p;

		memcpy(&p, ph, sizeof(p));
		seg->type = p.p_type;
		seg->offset = p.p_offset;
		seg->filesz = p.p_filesz;
		seg->paddr = p.p_paddr;
		seg->memsz = p.p_memsz;
		seg->align = p.p_align;
	}
}

/**
 * pv_pt_elf_seg() - program header @i, validated against the file and
 *	guest memory
 * @img: an image pv_pt_elf_header() accepted
 * @len: its length
 * @elf: what pv_pt_elf_header() found
 * @i: the index, below @elf->phnum
 * @load_min: the lowest GPA a segment may load at
 * @mem_size: bytes of guest RAM
 * @seg: filled in
 *
 * Return: 1 for a PT_LOAD with bytes to load (in @seg), 0 for anything
 * else; -ENOEXEC if its file bytes lie beyond @len, its file size
 * exceeds its memory size or its end overflows; -E2BIG if it lies below
 * @load_min or beyond @mem_size.
 */
int pv_pt_elf_seg(const u8 *img, size_t len, const struct pv_pt_elf *elf, unsigned int i,
		  u64 load_min, u64 mem_size, struct pv_pt_seg *seg)
{
	u64 fend, mend;

	pv_pt_elf_phdr(img, elf, i, seg);
	if (seg->type != PT_LOAD)
		return 0;
	if (seg->filesz > seg->memsz)
		return -ENOEXEC;
	if (check_add_overflow(seg->offset, seg->filesz, &fend) || fend > len)
		return -ENOEXEC;
	if (check_add_overflow(seg->paddr, seg->memsz, &mend))
		return -ENOEXEC;
	if (!seg->memsz)
		return 0;
	if (seg->paddr < load_min || mend > mem_size)
		return -E2BIG;
	return 1;
}

static int pt_plan_elf(const u8 *img, size_t len, u64 mem_size,
		       struct pt_plan *plan)
{
	struct pv_pt_elf elf;
	struct pv_pt_seg seg;
	bool entry_ok = false;
	unsigned int i, loads = 0;
	int ret;

	ret = pv_pt_elf_header(img, len, &elf);
	if (ret)
		return ret;
	if (!elf.is64) {
		ret = pt_check_multiboot(img, len);
		if (ret)
			return ret;
	}

	plan->lo = U64_MAX;
	plan->hi = 0;
	for (i = 0; i < elf.phnum; i++) {
		ret = pv_pt_elf_seg(img, len, &elf, i, PV_PT_LOAD_MIN, mem_size, &seg);
		if (ret < 0)
			return ret;
		if (!ret)
			continue;
		loads++;
		plan->lo = min(plan->lo, seg.paddr);
		plan->hi = max(plan->hi, seg.paddr + seg.memsz);
		if (elf.entry >= seg.paddr && elf.entry - seg.paddr < seg.memsz)
			entry_ok = true;
	}
	if (!loads || !entry_ok)
		return -ENOEXEC;

	plan->mode = elf.is64 ? PV_PT_BOOT_LONG64 : PV_PT_BOOT_PROT32;
	plan->entry = elf.entry;
	return 0;
}

static int pt_plan_flat(size_t len, u64 mem_size, struct pt_plan *plan)
{
	u64 end;

	if (!len)
		return -ENOEXEC;
	if (check_add_overflow(PV_PT_FLAT_GPA, (u64)len, &end) || end > mem_size)
		return -E2BIG;
	plan->mode = PV_PT_BOOT_PROT32;
	plan->entry = PV_PT_FLAT_GPA;
	plan->lo = PV_PT_FLAT_GPA;
	plan->hi = end;
	return 0;
}

/**
 * pv_pt_load_elf_segments() - copy an ELF's PT_LOAD segments into guest memory
 * @img: the ELF file
 * @len: its length
 * @load_min: the lowest GPA a segment may load at
 * @mem: guest memory
 *
 * Each segment's file bytes go to its p_paddr, the rest of its memory
 * size (BSS) is zeroed, whatever the memory held. The caller validated
 * the file when planning the load; it is checked again, it costs nothing.
 *
 * Return: 0, or the first error of pv_pt_elf_header(), pv_pt_elf_seg()
 * or the memory callbacks.
 */
int pv_pt_load_elf_segments(const u8 *img, size_t len, u64 load_min,
			    const struct pv_pt_guest_mem *mem)
{
	struct pv_pt_elf elf;
	struct pv_pt_seg seg;
	unsigned int i;
	int ret;

	ret = pv_pt_elf_header(img, len, &elf);
	if (ret)
		return ret;
	for (i = 0; i < elf.phnum; i++) {
		ret = pv_pt_elf_seg(img, len, &elf, i, load_min, mem->size, &seg);
		if (ret < 0)
			return ret;
		if (!ret)
			continue;
		ret = pv_pt_mem_write(mem, seg.paddr, img + seg.offset, seg.filesz);
		if (ret)
			return ret;
		ret = pv_pt_mem_zero(mem, seg.paddr + seg.filesz, seg.memsz - seg.filesz);
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * pv_pt_write_gdt() - the loader's GDT at %PV_PT_GDT_GPA
 * @mem: guest memory
 *
 * Return: as pv_pt_mem_write().
 */
int pv_pt_write_gdt(const struct pv_pt_guest_mem *mem)
{
	return pv_pt_mem_write(mem, PV_PT_GDT_GPA, pt_gdt, sizeof(pt_gdt));
}

static int pt_write_info(const char *cmdline, size_t cmdline_len, u64 mod_gpa,
			 size_t mod_len, const struct pv_pt_guest_mem *mem)
{
	struct pt_mb_info info = {};
	struct pt_mb_mmap mmap = {};
	u32 flags = PT_MB_INFO_MEM | PT_MB_INFO_MMAP;
	int ret;

	info.mem_lower = cpu_to_le32(PT_MB_MEM_LOWER_KB);
	info.mem_upper = cpu_to_le32((u32)((mem->size - SZ_1M) / SZ_1K));
	info.mmap_length = cpu_to_le32(sizeof(mmap));
	info.mmap_addr = cpu_to_le32((u32)PV_PT_MMAP_GPA);
	if (cmdline) {
		flags |= PT_MB_INFO_CMDLINE;
		info.cmdline = cpu_to_le32((u32)PV_PT_CMDLINE_GPA);
		ret = pv_pt_mem_write(mem, PV_PT_CMDLINE_GPA, cmdline, cmdline_len + 1);
		if (ret)
			return ret;
	}
	if (mod_len) {
		/* The module's string is the empty one right after its entry. */
		struct pt_mb_module mod = {
			.mod_start = cpu_to_le32((u32)mod_gpa),
			.mod_end = cpu_to_le32((u32)(mod_gpa + mod_len)),
			.string = cpu_to_le32((u32)(PV_PT_MODS_GPA + sizeof(mod))),
		};

		flags |= PT_MB_INFO_MODS;
		info.mods_count = cpu_to_le32(1);
		info.mods_addr = cpu_to_le32((u32)PV_PT_MODS_GPA);
		ret = pv_pt_mem_write(mem, PV_PT_MODS_GPA, &mod, sizeof(mod));
		if (ret)
			return ret;
	}
	info.flags = cpu_to_le32(flags);
	ret = pv_pt_mem_write(mem, PV_PT_INFO_GPA, &info, sizeof(info));
	if (ret)
		return ret;

	mmap.size = cpu_to_le32(sizeof(mmap) - sizeof(mmap.size));
	mmap.addr = cpu_to_le64(0);
	mmap.len = cpu_to_le64(mem->size);
	mmap.type = cpu_to_le32(PT_MB_MMAP_RAM);
	return pv_pt_mem_write(mem, PV_PT_MMAP_GPA, &mmap, sizeof(mmap));
}

/* Identity map of all RAM (rounded up to 2 MiB) with 2 MiB pages. */
static int pt_write_page_tables(const struct pv_pt_guest_mem *mem)
{
	u64 ram = round_up(mem->size, SZ_2M);
	u64 pds = DIV_ROUND_UP(ram, SZ_1G);
	u64 pages = ram / SZ_2M;
	__le64 ent[PT_PTE_CHUNK];
	u64 i, n, k;
	int ret;

	/* At most four PDs (size <= 4 GiB), below the image area. */
	if (pds > ARRAY_SIZE(ent) ||
	    PV_PT_PD_GPA + pds * PAGE_SIZE > PV_PT_LOAD_MIN)
		return -E2BIG;

	ent[0] = cpu_to_le64(PV_PT_PDPT_GPA | PT_PTE_P | PT_PTE_W);
	ret = pv_pt_mem_write(mem, PV_PT_PML4_GPA, ent, sizeof(ent[0]));
	if (ret)
		return ret;

	for (i = 0; i < pds; i++)
		ent[i] = cpu_to_le64((PV_PT_PD_GPA + i * PAGE_SIZE) |
				     PT_PTE_P | PT_PTE_W);
	ret = pv_pt_mem_write(mem, PV_PT_PDPT_GPA, ent, pds * sizeof(ent[0]));
	if (ret)
		return ret;

	/* The PDs are consecutive pages: entry i of them all maps i * 2 MiB. */
	for (i = 0; i < pages; i += n) {
		n = min_t(u64, pages - i, PT_PTE_CHUNK);
		for (k = 0; k < n; k++)
			ent[k] = cpu_to_le64((i + k) * SZ_2M | PT_PTE_P |
					     PT_PTE_W | PT_PTE_PS);
		ret = pv_pt_mem_write(mem, PV_PT_PD_GPA + i * sizeof(ent[0]), ent,
				      n * sizeof(ent[0]));
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * pv_pt_mem_ok() - are the loader's guest-memory arguments usable?
 * @mem: guest memory
 *
 * Return: true if both callbacks are there and the size is a multiple of
 * 4 KiB in [2 MiB, 4 GiB].
 */
bool pv_pt_mem_ok(const struct pv_pt_guest_mem *mem)
{
	return mem && mem->write && mem->zero && IS_ALIGNED(mem->size, SZ_4K) &&
	       mem->size >= PV_PT_MEM_MIN && mem->size <= PV_PT_MEM_MAX;
}

/**
 * pv_pt_load_image_module() - load a guest image (and a multiboot module)
 *	and decide the boot state
 * @img: the image
 * @len: its length in bytes
 * @fmt: ELF, flat, or AUTO (ELF if @img starts with the ELF magic)
 * @cmdline: the guest's command line (multiboot), or NULL for none
 * @module: multiboot module 0, or NULL for none; only an ELF32 multiboot
 *	image takes one
 * @module_len: its length in bytes (0 with no module)
 * @mem: guest memory: its size and the callbacks that write it
 * @boot: filled with the initial register state on success
 *
 * Validates the whole image first, then writes the layout pt_loader.h
 * describes ([0, 0x10000) zeroed, GDT, multiboot information, command
 * line, module list, memory map, and for ELF64 the page tables), the
 * image and the module (in the last pages of guest memory) through @mem.
 * Nothing is written when the image or the arguments are rejected; when a
 * callback fails the guest memory is left partly written.
 *
 * Return: 0; -EINVAL for bad arguments (no @img, @mem or @boot, a missing
 * callback, a guest memory size that is not a multiple of 4 KiB in
 * [2 MiB, 4 GiB], an unknown @fmt, @module and @module_len disagreeing);
 * -ENOEXEC for an image that is not one we load or is malformed (see
 * pt_loader.h); -EOPNOTSUPP for a module with an image that is not ELF32
 * multiboot; -E2BIG when a segment or flat image does not fit in guest
 * memory or lies below 0x10000, the module does not fit between the image
 * and the end of memory, or @cmdline is longer than 255 bytes; else the
 * error a callback returned.
 */
int pv_pt_load_image_module(const void *img, size_t len, enum pv_pt_image_format fmt,
			    const char *cmdline, const void *module, size_t module_len,
			    const struct pv_pt_guest_mem *mem, struct pv_pt_boot *boot)
{
	struct pt_plan plan;
	size_t cmdline_len = 0;
	u64 mod_gpa = 0;
	bool elf;
	int ret;

	if (!img || !boot || !pv_pt_mem_ok(mem) || !module != !module_len)
		return -EINVAL;
	switch (fmt) {
	case PV_PT_IMAGE_AUTO:
		elf = len >= SELFMAG && !memcmp(img, ELFMAG, SELFMAG);
		break;
	case PV_PT_IMAGE_ELF:
		elf = true;
		break;
	case PV_PT_IMAGE_FLAT:
		elf = false;
		break;
	default:
		return -EINVAL;
	}
	if (cmdline) {
		cmdline_len = strnlen(cmdline, PV_PT_CMDLINE_MAX + 1);
		if (cmdline_len > PV_PT_CMDLINE_MAX)
			return -E2BIG;
	}

	/* Only ELF32 is multiboot: say so before judging the rest of it. */
	if (module_len && (!elf || len <= EI_CLASS || ((const u8 *)img)[EI_CLASS] != ELFCLASS32))
		return -EOPNOTSUPP;
	if (elf)
		ret = pt_plan_elf(img, len, mem->size, &plan);
	else
		ret = pt_plan_flat(len, mem->size, &plan);
	if (ret)
		return ret;
	if (module_len) {
		if (module_len > mem->size)
			return -E2BIG;
		/* Page-aligned (header flag 0), in the last pages of RAM. */
		mod_gpa = round_down(mem->size - module_len, PAGE_SIZE);
		if (mod_gpa < round_up(plan.hi, PAGE_SIZE))
			return -E2BIG;
	}

	ret = pv_pt_mem_zero(mem, 0, PV_PT_LOAD_MIN);
	if (ret)
		return ret;
	ret = pv_pt_write_gdt(mem);
	if (ret)
		return ret;
	ret = pt_write_info(cmdline, cmdline_len, mod_gpa, module_len, mem);
	if (ret)
		return ret;
	if (plan.mode == PV_PT_BOOT_LONG64) {
		ret = pt_write_page_tables(mem);
		if (ret)
			return ret;
	}
	if (elf)
		ret = pv_pt_load_elf_segments(img, len, PV_PT_LOAD_MIN, mem);
	else
		ret = pv_pt_mem_write(mem, PV_PT_FLAT_GPA, img, len);
	if (!ret && module_len)
		ret = pv_pt_mem_write(mem, mod_gpa, module, module_len);
	if (ret)
		return ret;

	memset(boot, 0, sizeof(*boot));
	boot->mode = plan.mode;
	boot->magic = PV_PT_MB_BOOT_MAGIC;
	boot->entry = plan.entry;
	boot->cr3 = plan.mode == PV_PT_BOOT_LONG64 ? PV_PT_PML4_GPA : 0;
	boot->gdt_base = PV_PT_GDT_GPA;
	boot->gdt_limit = PV_PT_GDT_LIMIT;
	boot->info_gpa = PV_PT_INFO_GPA;
	boot->image_lo = plan.lo;
	boot->image_hi = plan.hi;
	return 0;
}
