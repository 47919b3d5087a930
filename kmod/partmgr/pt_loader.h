/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest image loader: places an ELF or flat image in a new partition's
 * memory and decides its initial register state. Pure code (KUnit:
 * partvisor_loader).
 *
 * Guest physical memory is [0, size), size a multiple of 4 KiB in
 * [2 MiB, 4 GiB]. The loader lays it out as follows; everything in
 * [0, 0x10000) it does not name below is zeroed.
 *
 *   0x0000-0x0fff  left zero
 *   0x1000         GDT: 0x00 null, 0x08 32-bit flat code (base 0, limit
 *                  4 GiB, DPL 0), 0x10 flat data, 0x18 64-bit code (L=1);
 *                  gdt_limit = 4 * 8 - 1
 *   0x2000         multiboot v1 information structure: flags bit 0
 *                  (mem_lower = 640, mem_upper = (size - 1 MiB) / 1 KiB),
 *                  bit 2 (cmdline, when one is given), bit 3 (mods, when
 *                  a module is given: mods_count = 1), bit 6 (mmap)
 *   0x2100         command line, at most 255 bytes + NUL
 *   0x2200         multiboot memory map: one entry, RAM over [0, size)
 *   0x2300         the module list: one entry (mod_start, mod_end, string
 *                  = 0x2310, an empty string), when a module is given
 *   0x3000-0x8fff  LONG64 only: identity page tables with 2 MiB pages
 *                  (present, writable, PS) over all RAM rounded up to
 *                  2 MiB: PML4 at 0x3000, PDPT at 0x4000, one PD per GiB
 *                  from 0x5000 (at most four); cr3 = 0x3000
 *   0x10000-       the image: nothing may load below 0x10000 or past size
 *   top of RAM     the module (ELF32 multiboot only), from the highest
 *                  page boundary that leaves room for it; it must start
 *                  above the image's last page
 *
 * Formats: ELF32 (EM_386, ET_EXEC, with a multiboot v1 header in the first
 * 8 KiB) boots in PROT32; ELF64 (EM_X86_64, ET_EXEC) boots in LONG64 with
 * the page tables above; a flat image loads at 0x100000 and boots in
 * PROT32 at its first byte. ELF segments load at p_paddr, and e_entry
 * must lie within one of them.
 *
 * The caller starts the vCPU with: CR0.PE (and for LONG64 CR0.PG, CR4.PAE,
 * EFER.LME/LMA, CR3 = cr3), the GDT at gdt_base/gdt_limit, CS =
 * PV_PT_SEL_CODE32 or PV_PT_SEL_CODE64, the data segments =
 * PV_PT_SEL_DATA, RIP = entry, EAX = PV_PT_MB_BOOT_MAGIC and EBX = info_gpa
 * (the multiboot handover).
 */
#ifndef _PV_PT_LOADER_H
#define _PV_PT_LOADER_H

#include <linux/types.h>

#define PV_PT_GDT_GPA		0x1000ULL
#define PV_PT_GDT_LIMIT		(4 * 8 - 1)
#define PV_PT_SEL_CODE32	0x08
#define PV_PT_SEL_DATA		0x10
#define PV_PT_SEL_CODE64	0x18
#define PV_PT_INFO_GPA		0x2000ULL
#define PV_PT_CMDLINE_GPA	0x2100ULL
#define PV_PT_CMDLINE_MAX	255
#define PV_PT_MMAP_GPA		0x2200ULL
#define PV_PT_MODS_GPA		0x2300ULL
#define PV_PT_PML4_GPA		0x3000ULL
#define PV_PT_PDPT_GPA		0x4000ULL
#define PV_PT_PD_GPA		0x5000ULL
#define PV_PT_LOAD_MIN		0x10000ULL
#define PV_PT_FLAT_GPA		0x100000ULL

#define PV_PT_MEM_MIN		(2ULL << 20)
#define PV_PT_MEM_MAX		(4ULL << 30)

/* EAX at entry, as multiboot v1 hands over; EBX = pv_pt_boot.info_gpa. */
#define PV_PT_MB_BOOT_MAGIC	0x2BADB002U

/**
 * struct pv_pt_guest_mem - the loader's access to guest memory
 * @size: bytes of guest RAM from GPA 0
 * @ctx: passed to the callbacks
 * @write: copy @len bytes from @src to @gpa; the loader has checked that
 *	the range lies within @size. Returns 0 or a negative errno.
 * @zero: zero @len bytes at @gpa, likewise checked. Returns 0 or a
 *	negative errno.
 */
struct pv_pt_guest_mem {
	u64 size;
	void *ctx;
	int (*write)(void *ctx, u64 gpa, const void *src, size_t len);
	int (*zero)(void *ctx, u64 gpa, size_t len);
};

enum pv_pt_boot_mode {
	PV_PT_BOOT_PROT32 = 1,
	PV_PT_BOOT_LONG64 = 2,
};

enum pv_pt_image_format {
	PV_PT_IMAGE_AUTO,
	PV_PT_IMAGE_ELF,
	PV_PT_IMAGE_FLAT,
	PV_PT_IMAGE_PVH,	/* pv_pt_load_pvh() (pt_pvh.h), not pv_pt_load_image() */
};

/**
 * struct pv_pt_boot - the initial register state the loader decides
 * @mode: PROT32 or LONG64
 * @magic: EAX (PV_PT_MB_BOOT_MAGIC, or 0 for PVH)
 * @entry: RIP
 * @cr3: LONG64: GPA of the PML4; 0 otherwise
 * @gdt_base: GPA of the GDT
 * @gdt_limit: its limit
 * @info_gpa: GPA of the multiboot information structure, or PVH's
 *	hvm_start_info (EBX)
 * @image_lo: lowest GPA the image occupies
 * @image_hi: end (exclusive) of the GPA range the image occupies
 */
struct pv_pt_boot {
	enum pv_pt_boot_mode mode;
	u32 magic;
	u64 entry;
	u64 cr3;
	u64 gdt_base;
	u32 gdt_limit;
	u64 info_gpa;
	u64 image_lo, image_hi;
};

/**
 * struct pv_pt_elf - an ELF header, either class, as far as the loaders
 *	need it
 * @is64: ELFCLASS64
 * @entry: e_entry
 * @phoff: e_phoff
 * @phnum: e_phnum
 * @phentsize: e_phentsize
 */
struct pv_pt_elf {
	bool is64;
	u64 entry;
	u64 phoff;
	u32 phnum;
	u32 phentsize;
};

/**
 * struct pv_pt_seg - a program header, either class
 * @type: p_type
 * @offset: p_offset
 * @filesz: p_filesz
 * @paddr: p_paddr
 * @memsz: p_memsz
 * @align: p_align
 */
struct pv_pt_seg {
	u32 type;
	u64 offset;
	u64 filesz;
	u64 paddr;
	u64 memsz;
	u64 align;
};

bool pv_pt_gpa_range_ok(u64 gpa, u64 len, u64 size);
bool pv_pt_mem_ok(const struct pv_pt_guest_mem *mem);
int pv_pt_mem_write(const struct pv_pt_guest_mem *mem, u64 gpa, const void *src, u64 len);
int pv_pt_mem_zero(const struct pv_pt_guest_mem *mem, u64 gpa, u64 len);
int pv_pt_write_gdt(const struct pv_pt_guest_mem *mem);
int pv_pt_elf_header(const u8 *img, size_t len, struct pv_pt_elf *elf);
void pv_pt_elf_phdr(const u8 *img, const struct pv_pt_elf *elf, unsigned int i,
		    struct pv_pt_seg *seg);
int pv_pt_elf_seg(const u8 *img, size_t len, const struct pv_pt_elf *elf, unsigned int i,
		  u64 load_min, u64 mem_size, struct pv_pt_seg *seg);
int pv_pt_load_elf_segments(const u8 *img, size_t len, u64 load_min,
			    const struct pv_pt_guest_mem *mem);
int pv_pt_load_image_module(const void *img, size_t len, enum pv_pt_image_format fmt,
			    const char *cmdline, const void *module, size_t module_len,
			    const struct pv_pt_guest_mem *mem, struct pv_pt_boot *boot);

/* pv_pt_load_image_module() without a module. */
static inline int pv_pt_load_image(const void *img, size_t len, enum pv_pt_image_format fmt,
				   const char *cmdline, const struct pv_pt_guest_mem *mem,
				   struct pv_pt_boot *boot)
{
	return pv_pt_load_image_module(img, len, fmt, cmdline, NULL, 0, mem, boot);
}

#endif /* _PV_PT_LOADER_H */
