/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Static ACPI tables for a PVH child (pt_acpi.c): RSDP (revision 2), XSDT,
 * a hardware-reduced FADT (revision 6), a MADT with one local APIC per VP
 * and a DSDT with COM1. Pure code (KUnit: partvisor_pvh).
 */
#ifndef _PV_PT_ACPI_H
#define _PV_PT_ACPI_H

#include <linux/types.h>

/* Where the local APIC of every VP is (xAPIC MMIO), as the MADT says. */
#define PV_PT_LAPIC_GPA		0xfee00000U

/* Bytes pv_pt_acpi_build() needs at most (16 VPs take 0x295). */
#define PV_PT_ACPI_MAX		0x1000

/* OEM fields of every table. */
#define PV_PT_ACPI_OEM_ID	"PVISOR"
#define PV_PT_ACPI_OEM_TABLE_ID	"PARTVSR "
#define PV_PT_ACPI_CREATOR_ID	"PVSR"

/**
 * struct pv_pt_acpi_layout - where pv_pt_acpi_build() put each table
 * @rsdp: guest physical address of the RSDP (the start of the buffer)
 * @xsdt: of the XSDT
 * @fadt: of the FADT
 * @madt: of the MADT
 * @dsdt: of the DSDT
 * @len: bytes used from the start of the buffer
 */
struct pv_pt_acpi_layout {
	u64 rsdp, xsdt, fadt, madt, dsdt;
	size_t len;
};

u8 pv_pt_acpi_checksum(const void *p, size_t len);
int pv_pt_acpi_build(void *buf, size_t size, u64 gpa, u32 vcpus,
		     struct pv_pt_acpi_layout *out);

#endif /* _PV_PT_ACPI_H */
