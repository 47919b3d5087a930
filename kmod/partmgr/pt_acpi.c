// SPDX-License-Identifier: GPL-2.0
/*
 * The static ACPI tables a PVH child finds through hvm_start_info's
 * rsdp_paddr: what an unmodified Linux needs of a platform that has no
 * PIC, PIT, IOAPIC, HPET, RTC or PCI. Hardware-reduced ACPI (FADT flag
 * HW_REDUCED_ACPI: no PM blocks, no SCI, no FACS), one local APIC per VP
 * (MADT; APIC ID = VP index, as CPUID leaf 1 reports it), and one device
 * in the DSDT: COM1 at 0x3f8 without an interrupt, so that Linux polls it.
 *
 * The layout, from the start of the buffer, each table 16-byte aligned:
 * RSDP (revision 2, 36 bytes), XSDT (FADT, MADT), FADT (revision 6,
 * 276 bytes), MADT, DSDT. Pure code (KUnit: partvisor_pvh).
 */
#include <linux/align.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/unaligned.h>
#include <linux/acpi.h>	/* the table structures of <acpi/actbl*.h> */

#include "pt_acpi.h"
#include "pt_rtc.h"

#define PT_ACPI_ALIGN		16
#define PT_FADT_REVISION	6	/* ACPI 6.0 */
#define PT_MADT_REVISION	4	/* ACPI 6.0 */
#define PT_DSDT_REVISION	2	/* 64-bit AML integers */
#define PT_XSDT_ENTRIES		2	/* FADT, MADT */

/*
 * The DSDT's AML, assembled by hand from this ASL:
 *
 *   Scope (\_SB) {
 *     Device (COM1) {
 *       Name (_HID, EisaId ("PNP0501"))     // 16550A-compatible UART
 *       Name (_UID, One)
 *       Name (_CRS, ResourceTemplate () {
 *         IO (Decode16, 0x03F8, 0x03F8, 0x01, 0x08)
 *       })                                  // no IRQ: Linux polls it
 *     }
 *   }
 *
 * A PkgLength below 64 is one byte that counts itself and what follows
 * up to the end of the object (ACPI 6.0, 20.2.4).
 */
static const u8 pt_dsdt_aml[] = {
	0x10,				/* ScopeOp */
	0x30,				/* PkgLength 48 */
	'\\', '_', 'S', 'B', '_',	/* \_SB_ */
	0x5b, 0x82,			/* ExtOpPrefix DeviceOp */
	0x28,				/* PkgLength 40 */
	'C', 'O', 'M', '1',
	0x08, '_', 'H', 'I', 'D',	/* NameOp _HID */
	0x0c, 0x41, 0xd0, 0x05, 0x01,	/* DWordConst 0x0105d041: EisaId ("PNP0501") */
	0x08, '_', 'U', 'I', 'D',	/* NameOp _UID */
	0x01,				/* OneOp */
	0x08, '_', 'C', 'R', 'S',	/* NameOp _CRS */
	0x11,				/* BufferOp */
	0x0d,				/* PkgLength 13 */
	0x0a, 0x0a,			/* BufferSize: ByteConst 10 */
	0x47, 0x01,			/* I/O port descriptor, 7 bytes; 16-bit decode */
	0xf8, 0x03,			/* minimum base 0x3f8 */
	0xf8, 0x03,			/* maximum base 0x3f8 */
	0x01, 0x08,			/* alignment 1, length 8 */
	0x79, 0x00,			/* end tag, no checksum */
};

/**
 * pv_pt_acpi_checksum() - the byte that makes a table's bytes sum to zero
 * @p: the table, its checksum byte zero
 * @len: its length
 *
 * Return: the checksum byte.
 */
u8 pv_pt_acpi_checksum(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return -sum;
}

static void pt_header(struct acpi_table_header *h, const char *sig, u32 len, u8 rev)
{
	memcpy(h->signature, sig, ACPI_NAMESEG_SIZE);
	h->length = len;
	h->revision = rev;
	memcpy(h->oem_id, PV_PT_ACPI_OEM_ID, ACPI_OEM_ID_SIZE);
	memcpy(h->oem_table_id, PV_PT_ACPI_OEM_TABLE_ID, ACPI_OEM_TABLE_ID_SIZE);
	h->oem_revision = 1;
	memcpy(h->asl_compiler_id, PV_PT_ACPI_CREATOR_ID, ACPI_NAMESEG_SIZE);
	h->asl_compiler_revision = 1;
}

static void pt_seal(struct acpi_table_header *h)
{
	h->checksum = 0;
	h->checksum = pv_pt_acpi_checksum(h, h->length);
}

/**
 * pv_pt_acpi_build() - write the tables for a partition into a buffer
 * @buf: the buffer, which will be copied to guest physical address @gpa
 * @size: its size: at least %PV_PT_ACPI_MAX is always enough
 * @gpa: where the buffer's first byte will be in the guest (the RSDP);
 *	16-byte aligned, and the tables must lie below 4 GiB
 * @vcpus: VPs, 1 to 255: one MADT entry each, APIC IDs 0 to @vcpus - 1
 * @out: filled with each table's address and the bytes used
 *
 * The whole buffer is cleared first: what is not a table is zero.
 *
 * Return: 0, or -EINVAL for bad arguments, -ENOSPC if @size is too small.
 */
int pv_pt_acpi_build(void *buf, size_t size, u64 gpa, u32 vcpus,
		     struct pv_pt_acpi_layout *out)
{
	u32 xsdt_len = sizeof(struct acpi_table_header) + PT_XSDT_ENTRIES * sizeof(u64);
	u32 madt_len = sizeof(struct acpi_table_madt) + vcpus * sizeof(struct acpi_madt_local_apic);
	u32 dsdt_len = sizeof(struct acpi_table_header) + sizeof(pt_dsdt_aml);
	size_t xsdt, fadt, madt, dsdt, end;
	struct acpi_madt_local_apic *lapic;
	struct acpi_table_header *h;
	struct acpi_table_rsdp *rsdp;
	struct acpi_table_fadt *f;
	struct acpi_table_madt *m;
	u8 *xsdt_entries;
	u32 i;

	BUILD_BUG_ON(sizeof(pt_dsdt_aml) != 49);
	BUILD_BUG_ON(sizeof(struct acpi_table_rsdp) != 36);
	BUILD_BUG_ON(sizeof(struct acpi_table_fadt) != 276);
	if (!buf || !out || !vcpus || vcpus > 255 || !IS_ALIGNED(gpa, PT_ACPI_ALIGN) ||
	    gpa >= SZ_4G)
		return -EINVAL;
	xsdt = ALIGN(sizeof(*rsdp), PT_ACPI_ALIGN);
	fadt = ALIGN(xsdt + xsdt_len, PT_ACPI_ALIGN);
	madt = ALIGN(fadt + sizeof(*f), PT_ACPI_ALIGN);
	dsdt = ALIGN(madt + madt_len, PT_ACPI_ALIGN);
	end = dsdt + dsdt_len;
	if (end > size)
		return -ENOSPC;
	/* The FADT's DSDT pointer is 64-bit, but the RSDP's length is not. */
	if (gpa + end > SZ_4G)
		return -EINVAL;
	memset(buf, 0, size);

	rsdp = buf;
	memcpy(rsdp->signature, ACPI_SIG_RSDP, sizeof(rsdp->signature));
	memcpy(rsdp->oem_id, PV_PT_ACPI_OEM_ID, ACPI_OEM_ID_SIZE);
	rsdp->revision = 2;
	rsdp->length = sizeof(*rsdp);
	rsdp->xsdt_physical_address = gpa + xsdt;
	rsdp->checksum = pv_pt_acpi_checksum(rsdp, ACPI_RSDP_CHECKSUM_LENGTH);
	rsdp->extended_checksum = pv_pt_acpi_checksum(rsdp, ACPI_RSDP_XCHECKSUM_LENGTH);

	h = buf + xsdt;
	pt_header(h, ACPI_SIG_XSDT, xsdt_len, 1);
	xsdt_entries = (u8 *)(h + 1);
	put_unaligned_le64(gpa + fadt, xsdt_entries);
	put_unaligned_le64(gpa + madt, xsdt_entries + sizeof(u64));
	pt_seal(h);

	f = buf + fadt;
	pt_header(&f->header, ACPI_SIG_FADT, sizeof(*f), PT_FADT_REVISION);
	/* No PM blocks, GPEs, SCI, FACS or reset register: hardware-reduced. */
	f->flags = ACPI_FADT_HW_REDUCED;
	/* No VGA (IA-PC boot flags); the CMOS RTC (pt_rtc.h) has a century. */
	f->boot_flags = ACPI_FADT_NO_VGA;
	f->century = PV_PT_RTC_CENTURY;
	f->minor_revision = 0;
	f->Xdsdt = gpa + dsdt;
	pt_seal(&f->header);

	m = buf + madt;
	pt_header(&m->header, ACPI_SIG_MADT, madt_len, PT_MADT_REVISION);
	m->address = PV_PT_LAPIC_GPA;
	m->flags = 0;			/* no PCAT_COMPAT: there is no 8259 */
	lapic = (struct acpi_madt_local_apic *)(m + 1);
	for (i = 0; i < vcpus; i++) {
		lapic[i].header.type = ACPI_MADT_TYPE_LOCAL_APIC;
		lapic[i].header.length = sizeof(lapic[i]);
		lapic[i].processor_id = i;
		lapic[i].id = i;
		lapic[i].lapic_flags = ACPI_MADT_ENABLED;
	}
	pt_seal(&m->header);

	h = buf + dsdt;
	pt_header(h, ACPI_SIG_DSDT, dsdt_len, PT_DSDT_REVISION);
	memcpy(h + 1, pt_dsdt_aml, sizeof(pt_dsdt_aml));
	pt_seal(h);

	out->rsdp = gpa;
	out->xsdt = gpa + xsdt;
	out->fadt = gpa + fadt;
	out->madt = gpa + madt;
	out->dsdt = gpa + dsdt;
	out->len = end;
	return 0;
}
