// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_pvh: the PVH loader (ELF note, segments,
 * hvm_start_info, memory map, initrd) into a fake guest memory, the
 * garbage it must refuse before writing anything, the ACPI tables parsed
 * back from what pv_pt_acpi_build() wrote, and the TSC CPUID leaves.
 */
#include <kunit/test.h>
#include <linux/partvisor.h>
#include <linux/prandom.h>
#include <linux/vmalloc.h>

#include "../pv_hv.h"
#include "../partmgr/pt_acpi.c"
#include "../partmgr/pt_pvh.c"

#define MEM_SIZE	(4ULL << 20)
#define SEG_PADDR	0x200000ULL
#define SEG_FILE_OFF	0x1000
#define SEG_FILESZ	0x100
#define SEG_MEMSZ	0x2000
#define NOTE_OFF	0x100
#define ENTRY		(SEG_PADDR + 0x10)
#define IMG_LEN		(SEG_FILE_OFF + SEG_FILESZ)

struct fake {
	struct pv_pt_guest_mem mem;
	u8 *ram;
	unsigned int writes;
};

static void fake_vfree(struct kunit_resource *res)
{
	vfree(res->data);
}

static int fake_vzalloc(struct kunit_resource *res, void *size)
{
	res->data = vzalloc(*(size_t *)size);
	return res->data ? 0 : -ENOMEM;
}

static int fake_access(void *ctx, u64 gpa, const void *src, size_t len)
{
	struct fake *f = ctx;

	f->writes++;
	if (!pv_pt_gpa_range_ok(gpa, len, f->mem.size))
		return -ERANGE;
	if (src)
		memcpy(f->ram + gpa, src, len);
	else
		memset(f->ram + gpa, 0, len);
	return 0;
}

static int fake_zero(void *ctx, u64 gpa, size_t len)
{
	return fake_access(ctx, gpa, NULL, len);
}

static struct fake *new_fake(struct kunit *test)
{
	struct fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	size_t size = MEM_SIZE;

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->ram = kunit_alloc_resource(test, fake_vzalloc, fake_vfree, GFP_KERNEL, &size);
	KUNIT_ASSERT_NOT_NULL(test, f->ram);
	memset(f->ram, 0xaa, MEM_SIZE);	/* the loader must zero what it owns */
	f->mem.size = MEM_SIZE;
	f->mem.ctx = f;
	f->mem.write = fake_access;
	f->mem.zero = fake_zero;
	return f;
}

/* A minimal PVH kernel: one PT_LOAD (with BSS) and one PT_NOTE. */
static u8 *new_kernel(struct kunit *test)
{
	u8 *img = kunit_kzalloc(test, IMG_LEN, GFP_KERNEL);
	struct elf64_phdr *ph;
	struct elf64_hdr *eh;
	unsigned int i;
	u8 *note;

	KUNIT_ASSERT_NOT_NULL(test, img);
	eh = (struct elf64_hdr *)img;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0xffffffff81000000ULL;	/* virtual: the loader ignores it */
	eh->e_phoff = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 2;
	ph = (struct elf64_phdr *)(img + sizeof(*eh));
	ph[0].p_type = PT_LOAD;
	ph[0].p_offset = SEG_FILE_OFF;
	ph[0].p_paddr = SEG_PADDR;
	ph[0].p_vaddr = 0xffffffff81000000ULL;
	ph[0].p_filesz = SEG_FILESZ;
	ph[0].p_memsz = SEG_MEMSZ;
	ph[1].p_type = PT_NOTE;
	ph[1].p_offset = NOTE_OFF;
	ph[1].p_filesz = 12 + 4 + 8;
	ph[1].p_align = 4;
	note = img + NOTE_OFF;
	put_unaligned_le32(4, note);
	put_unaligned_le32(8, note + 4);
	put_unaligned_le32(XEN_ELFNOTE_PHYS32_ENTRY, note + 8);
	memcpy(note + 12, "Xen", 4);
	put_unaligned_le64(ENTRY, note + 16);
	for (i = 0; i < SEG_FILESZ; i++)
		img[SEG_FILE_OFF + i] = i ^ 0x5a;
	return img;
}

/* A NULL message has nothing. */
static bool why_has(const char *why, const char *what)
{
	return why && strstr(why, what);
}

static struct elf64_phdr *phdr(u8 *img, unsigned int i)
{
	return (struct elf64_phdr *)(img + sizeof(struct elf64_hdr)) + i;
}

/* Load @img; a refusal must leave guest memory untouched. */
static int load(struct kunit *test, struct fake *f, const u8 *img, size_t len,
		const void *initrd, size_t initrd_len, const char *cmdline,
		struct pv_pt_boot *boot, const char **why)
{
	int ret;

	f->writes = 0;
	*why = NULL;
	ret = pv_pt_load_pvh(img, len, initrd, initrd_len, cmdline, 2, &f->mem, boot, why);
	if (ret) {
		KUNIT_EXPECT_EQ(test, f->writes, 0U);
		KUNIT_EXPECT_NOT_NULL(test, *why);
	}
	return ret;
}

static void pvh_loads_kernel(struct kunit *test)
{
	struct fake *f = new_fake(test);
	u8 *img = new_kernel(test);
	struct hvm_start_info si;
	struct hvm_modlist_entry mod;
	struct pv_pt_boot boot;
	const size_t initrd_len = 0x3000;
	u8 *initrd = kunit_kzalloc(test, initrd_len, GFP_KERNEL);
	u64 initrd_gpa = MEM_SIZE - initrd_len;
	const char *why;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, initrd);
	for (i = 0; i < initrd_len; i++)
		initrd[i] = i * 7;
	KUNIT_ASSERT_EQ(test, load(test, f, img, IMG_LEN, initrd, initrd_len,
				   "console=ttyS0", &boot, &why), 0);
	KUNIT_EXPECT_EQ(test, boot.mode, PV_PT_BOOT_PROT32);
	KUNIT_EXPECT_EQ(test, boot.magic, 0U);
	KUNIT_EXPECT_EQ(test, boot.entry, ENTRY);
	KUNIT_EXPECT_EQ(test, boot.cr3, 0ULL);
	KUNIT_EXPECT_EQ(test, boot.info_gpa, PV_PT_PVH_START_INFO_GPA);
	KUNIT_EXPECT_EQ(test, boot.gdt_base, PV_PT_GDT_GPA);
	KUNIT_EXPECT_EQ(test, boot.image_lo, SEG_PADDR);
	KUNIT_EXPECT_EQ(test, boot.image_hi, MEM_SIZE);

	memcpy(&si, f->ram + PV_PT_PVH_START_INFO_GPA, sizeof(si));
	KUNIT_EXPECT_EQ(test, si.magic, XEN_HVM_START_MAGIC_VALUE);
	KUNIT_EXPECT_EQ(test, si.version, 1U);
	KUNIT_EXPECT_EQ(test, si.flags, 0U);
	KUNIT_EXPECT_EQ(test, si.nr_modules, 1U);
	KUNIT_EXPECT_EQ(test, si.modlist_paddr, PV_PT_PVH_MODLIST_GPA);
	KUNIT_EXPECT_EQ(test, si.cmdline_paddr, PV_PT_PVH_CMDLINE_GPA);
	KUNIT_EXPECT_EQ(test, si.rsdp_paddr, PV_PT_PVH_ACPI_GPA);
	KUNIT_EXPECT_EQ(test, si.memmap_paddr, PV_PT_PVH_MEMMAP_GPA);
	KUNIT_EXPECT_EQ(test, si.memmap_entries, (u32)PV_PT_PVH_MEMMAP_ENTRIES);
	KUNIT_EXPECT_EQ(test, si.reserved, 0U);
	KUNIT_EXPECT_STREQ(test, (char *)f->ram + PV_PT_PVH_CMDLINE_GPA, "console=ttyS0");

	memcpy(&mod, f->ram + PV_PT_PVH_MODLIST_GPA, sizeof(mod));
	KUNIT_EXPECT_EQ(test, mod.paddr, initrd_gpa);
	KUNIT_EXPECT_EQ(test, mod.size, (u64)initrd_len);
	KUNIT_EXPECT_EQ(test, mod.cmdline_paddr, 0ULL);
	KUNIT_EXPECT_EQ(test, mod.reserved, 0ULL);
	KUNIT_EXPECT_EQ(test, memcmp(f->ram + initrd_gpa, initrd, initrd_len), 0);

	/* The segment's bytes, its BSS zeroed, the low MiB zeroed but for ours. */
	KUNIT_EXPECT_EQ(test, memcmp(f->ram + SEG_PADDR, img + SEG_FILE_OFF, SEG_FILESZ), 0);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(f->ram + SEG_PADDR + SEG_FILESZ, 0,
					     SEG_MEMSZ - SEG_FILESZ), NULL);
	KUNIT_EXPECT_EQ(test, f->ram[SEG_PADDR + SEG_MEMSZ], 0xaa);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(f->ram, 0, 0x1000), NULL);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(f->ram + 0x3000, 0, PV_PT_PVH_ACPI_GPA - 0x3000),
			    NULL);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(f->ram + PV_PT_PVH_ACPI_GPA + PV_PT_ACPI_MAX, 0,
					     PV_PT_PVH_LOAD_MIN - PV_PT_PVH_ACPI_GPA -
					     PV_PT_ACPI_MAX), NULL);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64(f->ram + PV_PT_GDT_GPA + 8),
			0x00cf9a000000ffffULL);
	KUNIT_EXPECT_EQ(test, memcmp(f->ram + PV_PT_PVH_ACPI_GPA, ACPI_SIG_RSDP, 8), 0);

	/* No initrd, no command line: no module, no command line pointer. */
	KUNIT_ASSERT_EQ(test, load(test, f, img, IMG_LEN, NULL, 0, NULL, &boot, &why), 0);
	memcpy(&si, f->ram + PV_PT_PVH_START_INFO_GPA, sizeof(si));
	KUNIT_EXPECT_EQ(test, si.nr_modules, 0U);
	KUNIT_EXPECT_EQ(test, si.modlist_paddr, 0ULL);
	KUNIT_EXPECT_EQ(test, si.cmdline_paddr, 0ULL);
	KUNIT_EXPECT_EQ(test, boot.image_hi, SEG_PADDR + SEG_MEMSZ);
}

static void pvh_memmap_covers_ram(struct kunit *test)
{
	static const u64 sizes[] = { SZ_2M, 64ULL << 20, SZ_4G };
	struct hvm_memmap_table_entry map[PV_PT_PVH_MEMMAP_ENTRIES];
	unsigned int i, k, n;
	u64 at;

	for (k = 0; k < ARRAY_SIZE(sizes); k++) {
		memset(map, 0xff, sizeof(map));
		n = pv_pt_pvh_memmap(sizes[k], map);
		KUNIT_ASSERT_EQ(test, n, (unsigned int)PV_PT_PVH_MEMMAP_ENTRIES);
		/* Sorted, contiguous, no empty entry, from 0 to the end of RAM. */
		for (i = 0, at = 0; i < n; i++) {
			KUNIT_EXPECT_EQ(test, map[i].addr, at);
			KUNIT_EXPECT_GT(test, map[i].size, 0ULL);
			KUNIT_EXPECT_EQ(test, map[i].reserved, 0U);
			at += map[i].size;
		}
		KUNIT_EXPECT_EQ(test, at, sizes[k]);
		/* RAM below 640 KiB (the real-mode trampoline) and from 1 MiB. */
		KUNIT_EXPECT_EQ(test, map[0].type, (u32)XEN_HVM_MEMMAP_TYPE_RAM);
		KUNIT_EXPECT_EQ(test, map[0].size, 0xa0000ULL);
		KUNIT_EXPECT_EQ(test, map[n - 1].type, (u32)XEN_HVM_MEMMAP_TYPE_RAM);
		KUNIT_EXPECT_EQ(test, map[n - 1].addr, SZ_1M);
		/* The ACPI tables are in an ACPI range, not in RAM. */
		KUNIT_EXPECT_EQ(test, map[2].type, (u32)XEN_HVM_MEMMAP_TYPE_ACPI);
		KUNIT_EXPECT_EQ(test, map[2].addr, PV_PT_PVH_ACPI_GPA);
		KUNIT_EXPECT_GE(test, map[2].size, (u64)PV_PT_ACPI_MAX);
		KUNIT_EXPECT_EQ(test, map[1].type, (u32)XEN_HVM_MEMMAP_TYPE_RESERVED);
		KUNIT_EXPECT_EQ(test, map[3].type, (u32)XEN_HVM_MEMMAP_TYPE_RESERVED);
	}
}

static int note_entry(struct kunit *test, u8 *img, size_t len, u32 *entry, const char **why)
{
	struct pv_pt_elf elf;

	KUNIT_ASSERT_EQ(test, pv_pt_elf_header(img, len, &elf), 0);
	*why = NULL;
	return pv_pt_pvh_entry(img, len, &elf, entry, why);
}

static void pvh_note_garbage(struct kunit *test)
{
	u8 *img = new_kernel(test), *note = img + NOTE_OFF;
	struct rnd_state rnd;
	u32 entry = 0;
	const char *why;
	unsigned int i;
	int ret;

	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), 0);
	KUNIT_EXPECT_EQ(test, entry, (u32)ENTRY);

	/* A 4-byte value is the ABI's own; 8 bytes is Linux's .quad. */
	put_unaligned_le32(4, note + 4);
	put_unaligned_le32(0x123456, note + 16);
	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), 0);
	KUNIT_EXPECT_EQ(test, entry, 0x123456U);
	put_unaligned_le32(3, note + 4);
	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), -ENOEXEC);
	KUNIT_EXPECT_TRUE(test, why_has(why, "neither 4 nor 8"));
	put_unaligned_le32(8, note + 4);
	put_unaligned_le64(SZ_4G, note + 16);
	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), -ENOEXEC);
	KUNIT_EXPECT_TRUE(test, why_has(why, "above 4 GiB"));
	put_unaligned_le64(ENTRY, note + 16);

	/* Another owner's or another type's note is not it. */
	note[13] = 'a';
	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), -ENOEXEC);
	KUNIT_EXPECT_TRUE(test, why_has(why, "PHYS32_ENTRY"));
	memcpy(note + 12, "Xen", 4);
	put_unaligned_le32(XEN_ELFNOTE_PHYS32_ENTRY - 1, note + 8);
	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), -ENOEXEC);
	put_unaligned_le32(XEN_ELFNOTE_PHYS32_ENTRY, note + 8);

	/* Sizes that run past the segment, or a header cut short. */
	put_unaligned_le32(U32_MAX, note);
	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), -ENOEXEC);
	KUNIT_EXPECT_TRUE(test, why_has(why, "malformed"));
	put_unaligned_le32(4, note);
	put_unaligned_le32(U32_MAX - 2, note + 4);
	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), -ENOEXEC);
	put_unaligned_le32(8, note + 4);
	phdr(img, 1)->p_filesz = 23;
	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), -ENOEXEC);
	/* Another note, then 1 byte: the next header is cut short. */
	put_unaligned_le32(XEN_ELFNOTE_PHYS32_ENTRY - 1, note + 8);
	phdr(img, 1)->p_filesz = 25;
	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), -ENOEXEC);
	KUNIT_EXPECT_TRUE(test, why_has(why, "malformed"));
	/* The first PHYS32_ENTRY note decides: what follows it is not read. */
	put_unaligned_le32(XEN_ELFNOTE_PHYS32_ENTRY, note + 8);
	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), 0);
	phdr(img, 1)->p_filesz = 24;

	/* The note segment beyond the file, or wrapping around. */
	phdr(img, 1)->p_offset = IMG_LEN - 8;
	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), -ENOEXEC);
	KUNIT_EXPECT_TRUE(test, why_has(why, "truncated"));
	phdr(img, 1)->p_offset = U64_MAX - 4;
	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), -ENOEXEC);
	phdr(img, 1)->p_offset = NOTE_OFF;

	/* No PT_NOTE at all. */
	phdr(img, 1)->p_type = PT_NULL;
	KUNIT_EXPECT_EQ(test, note_entry(test, img, IMG_LEN, &entry, &why), -ENOEXEC);
	KUNIT_EXPECT_TRUE(test, why_has(why, "CONFIG_PVH"));
	phdr(img, 1)->p_type = PT_NOTE;

	/* Random notes: refused or found, never a read beyond the segment. */
	prandom_seed_state(&rnd, 0x9e3779b97f4a7c15ULL);
	for (i = 0; i < 2000; i++) {
		prandom_bytes_state(&rnd, note, 24);
		if (i & 1)
			put_unaligned_le32(prandom_u32_state(&rnd) % 16, note);
		if (i & 2)
			put_unaligned_le32(prandom_u32_state(&rnd) % 16, note + 4);
		ret = note_entry(test, img, IMG_LEN, &entry, &why);
		KUNIT_EXPECT_TRUE(test, ret == 0 || ret == -ENOEXEC);
		KUNIT_EXPECT_NOT_NULL(test, why);
		if (ret)
			continue;
		/* Found: then it was a Xen PHYS32_ENTRY note of 4 or 8 bytes. */
		KUNIT_EXPECT_EQ(test, get_unaligned_le32(note + 8), (u32)XEN_ELFNOTE_PHYS32_ENTRY);
	}
}

static void pvh_rejects_bad_kernels(struct kunit *test)
{
	struct fake *f = new_fake(test);
	u8 *img = new_kernel(test);
	struct pv_pt_boot boot;
	char longline[PV_PT_CMDLINE_MAX + 2];
	const char *why;
	u8 initrd[16] = {};
	size_t cut;

	/* Every truncation of the file is refused, before any write. */
	for (cut = 0; cut < IMG_LEN; cut++)
		KUNIT_EXPECT_EQ(test, load(test, f, img, cut, NULL, 0, NULL, &boot, &why) < 0,
				true);
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN - 1, NULL, 0, NULL, &boot, &why),
			-ENOEXEC);
	KUNIT_EXPECT_TRUE(test, why_has(why, "truncated"));

	/* Not an ELF at all. */
	img[0] = 'M';
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, NULL, 0, NULL, &boot, &why), -ENOEXEC);
	img[0] = ELFMAG0;

	/* Outside RAM, below 1 MiB, wrapping, BSS smaller than the file part. */
	phdr(img, 0)->p_paddr = MEM_SIZE - 0x1000;
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, NULL, 0, NULL, &boot, &why), -E2BIG);
	KUNIT_EXPECT_TRUE(test, why_has(why, "does not fit"));
	phdr(img, 0)->p_paddr = 0x80000;
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, NULL, 0, NULL, &boot, &why), -E2BIG);
	KUNIT_EXPECT_TRUE(test, why_has(why, "below 1 MiB"));
	phdr(img, 0)->p_paddr = U64_MAX - 0x100;
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, NULL, 0, NULL, &boot, &why), -ENOEXEC);
	phdr(img, 0)->p_paddr = SEG_PADDR;
	phdr(img, 0)->p_memsz = SEG_FILESZ - 1;
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, NULL, 0, NULL, &boot, &why), -ENOEXEC);
	phdr(img, 0)->p_memsz = SEG_MEMSZ;

	/* A third program header: a PT_LOAD overlapping the first by a byte. */
	((struct elf64_hdr *)img)->e_phnum = 3;
	phdr(img, 2)->p_type = PT_LOAD;
	phdr(img, 2)->p_offset = SEG_FILE_OFF;
	phdr(img, 2)->p_paddr = SEG_PADDR + SEG_MEMSZ - 1;
	phdr(img, 2)->p_memsz = 0x100;
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, NULL, 0, NULL, &boot, &why), -ENOEXEC);
	KUNIT_EXPECT_TRUE(test, why_has(why, "overlap"));
	phdr(img, 2)->p_paddr = SEG_PADDR + SEG_MEMSZ;	/* adjacent is fine */
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, NULL, 0, NULL, &boot, &why), 0);
	phdr(img, 2)->p_paddr = SEG_PADDR - 0x80;
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, NULL, 0, NULL, &boot, &why), -ENOEXEC);
	((struct elf64_hdr *)img)->e_phnum = 2;

	/* The entry outside the segment's code, or in its BSS. */
	put_unaligned_le64(SEG_PADDR + SEG_MEMSZ, img + NOTE_OFF + 16);
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, NULL, 0, NULL, &boot, &why), -ENOEXEC);
	KUNIT_EXPECT_TRUE(test, why_has(why, "entry point"));
	put_unaligned_le64(SEG_PADDR + SEG_FILESZ, img + NOTE_OFF + 16);
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, NULL, 0, NULL, &boot, &why), -ENOEXEC);
	put_unaligned_le64(ENTRY, img + NOTE_OFF + 16);

	/* An initrd that does not fit above the kernel; one bigger than RAM. */
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, initrd,
				   MEM_SIZE - SEG_PADDR - SEG_MEMSZ + 1, NULL, &boot, &why),
			-E2BIG);
	KUNIT_EXPECT_TRUE(test, why_has(why, "initrd"));
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, initrd, MEM_SIZE + 1, NULL, &boot,
				   &why), -E2BIG);
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, NULL, 16, NULL, &boot, &why), -EINVAL);

	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = 0;
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, NULL, 0, longline, &boot, &why),
			-E2BIG);

	f->writes = 0;
	KUNIT_EXPECT_EQ(test, pv_pt_load_pvh(img, IMG_LEN, NULL, 0, NULL, 0, &f->mem, &boot,
					     &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_pt_load_pvh(img, IMG_LEN, NULL, 0, NULL, 256, &f->mem, &boot,
					     &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, f->writes, 0U);

	/* After all that, the good kernel still loads. */
	KUNIT_EXPECT_EQ(test, load(test, f, img, IMG_LEN, initrd, sizeof(initrd), NULL, &boot,
				   &why), 0);
}

/* ---- ACPI: parse back what was built ---- */

static const struct acpi_table_header *table_at(struct kunit *test, const u8 *buf,
						size_t len, u64 gpa, const char *sig)
{
	const struct acpi_table_header *h;
	u64 off = gpa - PV_PT_PVH_ACPI_GPA;

	KUNIT_ASSERT_LE(test, off + sizeof(*h), (u64)len);
	h = (const struct acpi_table_header *)(buf + off);
	KUNIT_EXPECT_EQ(test, memcmp(h->signature, sig, 4), 0);
	KUNIT_ASSERT_LE(test, off + h->length, (u64)len);
	KUNIT_EXPECT_EQ(test, pv_pt_acpi_checksum(h, h->length), 0);
	KUNIT_EXPECT_EQ(test, memcmp(h->oem_id, PV_PT_ACPI_OEM_ID, 6), 0);
	return h;
}

static void check_tables(struct kunit *test, const u8 *buf, const struct pv_pt_acpi_layout *l,
			 u32 vcpus)
{
	static const u8 pnp0501[] = { 0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x05, 0x01 };
	static const u8 io3f8[] = { 0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x01, 0x08, 0x79, 0x00 };
	const struct acpi_table_rsdp *rsdp = (const void *)buf;
	const struct acpi_madt_local_apic *lapic;
	const struct acpi_table_header *xsdt, *dsdt;
	const struct acpi_table_fadt *fadt;
	const struct acpi_table_madt *madt;
	const u8 *aml;
	u32 i, aml_len;

	KUNIT_EXPECT_EQ(test, memcmp(rsdp->signature, "RSD PTR ", 8), 0);
	KUNIT_EXPECT_EQ(test, rsdp->revision, 2);
	KUNIT_EXPECT_EQ(test, rsdp->length, 36U);
	KUNIT_EXPECT_EQ(test, pv_pt_acpi_checksum(rsdp, 20), 0);
	KUNIT_EXPECT_EQ(test, pv_pt_acpi_checksum(rsdp, 36), 0);
	KUNIT_EXPECT_EQ(test, rsdp->rsdt_physical_address, 0U);

	xsdt = table_at(test, buf, l->len, rsdp->xsdt_physical_address, ACPI_SIG_XSDT);
	KUNIT_ASSERT_EQ(test, xsdt->length, (u32)(sizeof(*xsdt) + 2 * 8));
	KUNIT_EXPECT_EQ(test, get_unaligned_le64((const u8 *)(xsdt + 1)), l->fadt);
	KUNIT_EXPECT_EQ(test, get_unaligned_le64((const u8 *)(xsdt + 1) + 8), l->madt);

	fadt = (const void *)table_at(test, buf, l->len, l->fadt, ACPI_SIG_FADT);
	KUNIT_EXPECT_GE(test, fadt->header.revision, 5);
	KUNIT_EXPECT_EQ(test, fadt->header.length, (u32)sizeof(*fadt));
	KUNIT_EXPECT_TRUE(test, fadt->flags & ACPI_FADT_HW_REDUCED);
	KUNIT_EXPECT_EQ(test, fadt->boot_flags, ACPI_FADT_NO_VGA);	/* an RTC, no VGA */
	KUNIT_EXPECT_EQ(test, fadt->century, 0x32);
	KUNIT_EXPECT_EQ(test, fadt->facs, 0U);
	KUNIT_EXPECT_EQ(test, fadt->Xfacs, 0ULL);
	KUNIT_EXPECT_EQ(test, fadt->sci_interrupt, 0);
	KUNIT_EXPECT_EQ(test, fadt->pm1a_event_block, 0U);
	KUNIT_EXPECT_EQ(test, fadt->Xdsdt, l->dsdt);

	madt = (const void *)table_at(test, buf, l->len, l->madt, ACPI_SIG_MADT);
	KUNIT_EXPECT_EQ(test, madt->address, 0xfee00000U);
	KUNIT_EXPECT_EQ(test, madt->flags, 0U);
	KUNIT_ASSERT_EQ(test, madt->header.length, (u32)(sizeof(*madt) + vcpus * sizeof(*lapic)));
	lapic = (const void *)(madt + 1);
	for (i = 0; i < vcpus; i++) {
		KUNIT_EXPECT_EQ(test, lapic[i].header.type, ACPI_MADT_TYPE_LOCAL_APIC);
		KUNIT_EXPECT_EQ(test, lapic[i].header.length, 8);
		KUNIT_EXPECT_EQ(test, lapic[i].processor_id, i);
		KUNIT_EXPECT_EQ(test, lapic[i].id, i);
		KUNIT_EXPECT_EQ(test, lapic[i].lapic_flags, (u32)ACPI_MADT_ENABLED);
	}

	dsdt = table_at(test, buf, l->len, l->dsdt, ACPI_SIG_DSDT);
	aml = (const u8 *)(dsdt + 1);
	aml_len = dsdt->length - sizeof(*dsdt);
	/* One Scope whose one-byte PkgLength spans the rest of the table. */
	KUNIT_ASSERT_GE(test, aml_len, 2U);
	KUNIT_EXPECT_EQ(test, aml[0], 0x10);
	KUNIT_EXPECT_EQ(test, aml[1], aml_len - 1);
	/* Device (COM1): its PkgLength reaches the end too. */
	KUNIT_EXPECT_EQ(test, memcmp(aml + 2, "\\_SB_\x5b\x82", 7), 0);
	KUNIT_EXPECT_EQ(test, aml[9], aml_len - 9);
	KUNIT_EXPECT_EQ(test, memcmp(aml + 10, "COM1", 4), 0);
	KUNIT_EXPECT_EQ(test, memcmp(aml + 14, pnp0501, sizeof(pnp0501)), 0);
	/* _CRS: exactly IO 0x3f8-0x3ff and the end tag, no IRQ descriptor. */
	KUNIT_EXPECT_EQ(test, memcmp(aml + aml_len - sizeof(io3f8), io3f8, sizeof(io3f8)), 0);
	KUNIT_EXPECT_EQ(test, aml[aml_len - sizeof(io3f8) - 2], 0x0a);
	KUNIT_EXPECT_EQ(test, aml[aml_len - sizeof(io3f8) - 1], sizeof(io3f8));
}

static void acpi_tables_parse_back(struct kunit *test)
{
	static const u32 vcpus[] = { 1, 2, PARTVISOR_VCPUS_MAX, 255 };
	u8 *buf = kunit_kzalloc(test, PV_PT_ACPI_MAX, GFP_KERNEL);
	struct acpi_table_header *h;
	struct pv_pt_acpi_layout l;
	unsigned int k;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (k = 0; k < ARRAY_SIZE(vcpus); k++) {
		memset(buf, 0xcc, PV_PT_ACPI_MAX);
		KUNIT_ASSERT_EQ(test, pv_pt_acpi_build(buf, PV_PT_ACPI_MAX, PV_PT_PVH_ACPI_GPA,
						       vcpus[k], &l), 0);
		KUNIT_EXPECT_EQ(test, l.rsdp, PV_PT_PVH_ACPI_GPA);
		KUNIT_EXPECT_LE(test, l.len, (size_t)PV_PT_ACPI_MAX);
		KUNIT_EXPECT_PTR_EQ(test, memchr_inv(buf + l.len, 0, PV_PT_ACPI_MAX - l.len), NULL);
		check_tables(test, buf, &l, vcpus[k]);
	}
	/* The checks can fail: one flipped byte breaks a checksum. */
	h = (struct acpi_table_header *)(buf + l.madt - PV_PT_PVH_ACPI_GPA);
	buf[l.madt - PV_PT_PVH_ACPI_GPA + 40] ^= 1;
	KUNIT_EXPECT_NE(test, pv_pt_acpi_checksum(h, h->length), 0);
	KUNIT_EXPECT_EQ(test, pv_pt_acpi_build(buf, l.len - 1, PV_PT_PVH_ACPI_GPA, 255, &l),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, pv_pt_acpi_build(buf, PV_PT_ACPI_MAX, PV_PT_PVH_ACPI_GPA, 0, &l),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pv_pt_acpi_build(buf, PV_PT_ACPI_MAX, PV_PT_PVH_ACPI_GPA, 256, &l),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, pv_pt_acpi_build(buf, PV_PT_ACPI_MAX, PV_PT_PVH_ACPI_GPA + 4, 1,
					       &l), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_pt_acpi_build(buf, PV_PT_ACPI_MAX, SZ_4G - 0x100, 1, &l),
			-EINVAL);
}

/* The tables as the loader put them in guest memory. */
static void acpi_tables_in_guest(struct kunit *test)
{
	struct fake *f = new_fake(test);
	u8 *img = new_kernel(test);
	struct pv_pt_acpi_layout l = {};
	struct pv_pt_boot boot;
	const struct acpi_table_rsdp *rsdp;
	const char *why;

	KUNIT_ASSERT_EQ(test, load(test, f, img, IMG_LEN, NULL, 0, NULL, &boot, &why), 0);
	rsdp = (const void *)(f->ram + PV_PT_PVH_ACPI_GPA);
	l.xsdt = rsdp->xsdt_physical_address;
	l.len = PV_PT_ACPI_MAX;
	l.fadt = get_unaligned_le64(f->ram + l.xsdt + sizeof(struct acpi_table_header));
	l.madt = get_unaligned_le64(f->ram + l.xsdt + sizeof(struct acpi_table_header) + 8);
	l.dsdt = ((const struct acpi_table_fadt *)(f->ram + l.fadt))->Xdsdt;
	check_tables(test, f->ram + PV_PT_PVH_ACPI_GPA, &l, 2);
}

/* Linux's native_calibrate_tsc(): crystal kHz * EBX / EAX, in 32 bits. */
static u32 linux_tsc_khz(const struct pv_hv_cpuid *r)
{
	u32 crystal_khz = r->ecx / 1000;

	return r->eax && r->ebx ? crystal_khz * r->ebx / r->eax : 0;
}

static void pvh_cpuid_tsc_frequency(struct kunit *test)
{
	static const u32 khz[] = { 1000, 2904123, 4294967, 4294968, 5000000, U32_MAX };
	struct pv_hv_cpuid r;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(khz); i++) {
		KUNIT_ASSERT_TRUE(test, pv_hv_cpuid_tsc(PV_HV_CPUID_TSC_RATIO, khz[i], &r));
		KUNIT_EXPECT_NE(test, r.ecx, 0U);
		KUNIT_EXPECT_EQ(test, r.edx, 0U);
		/* Exact while the TSC's Hz fit ECX, within the crystal's kHz above. */
		if (khz[i] <= U32_MAX / 1000)
			KUNIT_EXPECT_EQ(test, linux_tsc_khz(&r), khz[i]);
		else
			KUNIT_EXPECT_LE(test, khz[i] - linux_tsc_khz(&r), r.ebx);
		KUNIT_ASSERT_TRUE(test, pv_hv_cpuid_tsc(PV_HV_CPUID_FREQUENCY, khz[i], &r));
		KUNIT_EXPECT_EQ(test, r.eax, khz[i] / 1000);
		KUNIT_EXPECT_EQ(test, r.ebx, khz[i] / 1000);
	}
	KUNIT_ASSERT_TRUE(test, pv_hv_cpuid_tsc(PV_HV_CPUID_TSC_RATIO, 0, &r));
	KUNIT_EXPECT_EQ(test, r.eax | r.ebx | r.ecx | r.edx, 0U);
	KUNIT_EXPECT_FALSE(test, pv_hv_cpuid_tsc(0x14, 2000000, &r));
	KUNIT_EXPECT_FALSE(test, pv_hv_cpuid_tsc(0x40000015, 2000000, &r));
}

static struct kunit_case pv_pvh_cases[] = {
	KUNIT_CASE(pvh_loads_kernel),
	KUNIT_CASE(pvh_memmap_covers_ram),
	KUNIT_CASE(pvh_note_garbage),
	KUNIT_CASE(pvh_rejects_bad_kernels),
	KUNIT_CASE(acpi_tables_parse_back),
	KUNIT_CASE(acpi_tables_in_guest),
	KUNIT_CASE(pvh_cpuid_tsc_frequency),
	{}
};

static struct kunit_suite pv_pvh_suite = {
	.name = "partvisor_pvh",
	.test_cases = pv_pvh_cases,
};

kunit_test_suite(pv_pvh_suite);
