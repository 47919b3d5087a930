/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PVH loader (pt_pvh.c): an ELF kernel with a Xen PHYS32_ENTRY note, as
 * the x86/HVM direct boot ABI describes, with an initrd, a command line,
 * hvm_start_info (version 1), an e820 map and the ACPI tables of
 * pt_acpi.c. Pure code (KUnit: partvisor_pvh).
 *
 * Guest physical memory, [0, size):
 *
 *   0x00000-0x00fff  zero
 *   0x01000          the GDT of pt_loader.h (0x08 flat code, 0x10 data)
 *   0x02000          struct hvm_start_info (version 1)
 *   0x02100          command line, at most 255 bytes + NUL
 *   0x02200          module list: the initrd as module 0, when one is given
 *   0x02300          memory map: struct hvm_memmap_table_entry[5]
 *   0xe0000          ACPI tables, RSDP first (pt_acpi.h)
 *   0x100000-        the kernel's PT_LOAD segments at their p_paddr (none
 *                    may load below 1 MiB or overlap another)
 *   top of RAM       the initrd, page-aligned, above the kernel
 *
 * Memory map: RAM [0, 0xa0000); reserved [0xa0000, 0xe0000); ACPI
 * [0xe0000, 0xe1000); reserved [0xe1000, 0x100000); RAM [1 MiB, size).
 * Everything of [0, 1 MiB) the list above does not name is zeroed.
 *
 * Entry (what the ABI requires): 32-bit protected mode, paging off,
 * CS = PV_PT_SEL_CODE32, the data segments PV_PT_SEL_DATA, CR4 = 0,
 * interrupts off, EBX = the start_info GPA, RIP = the note's address.
 */
#ifndef _PV_PT_PVH_H
#define _PV_PT_PVH_H

#include <linux/types.h>

#include "pt_loader.h"

struct hvm_memmap_table_entry;

#define PV_PT_PVH_START_INFO_GPA	0x2000ULL
#define PV_PT_PVH_CMDLINE_GPA		0x2100ULL
#define PV_PT_PVH_MODLIST_GPA		0x2200ULL
#define PV_PT_PVH_MEMMAP_GPA		0x2300ULL
#define PV_PT_PVH_ACPI_GPA		0xe0000ULL
#define PV_PT_PVH_LOW_RAM_END		0xa0000ULL
#define PV_PT_PVH_LOAD_MIN		0x100000ULL
#define PV_PT_PVH_MEMMAP_ENTRIES	5

int pv_pt_pvh_entry(const u8 *img, size_t len, const struct pv_pt_elf *elf, u32 *entry,
		    const char **why);
unsigned int pv_pt_pvh_memmap(u64 mem_size, struct hvm_memmap_table_entry *map);
int pv_pt_load_pvh(const void *img, size_t len, const void *initrd, size_t initrd_len,
		   const char *cmdline, u32 vcpus, const struct pv_pt_guest_mem *mem,
		   struct pv_pt_boot *boot, const char **why);

#endif /* _PV_PT_PVH_H */
