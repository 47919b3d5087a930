// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_loader: guest images (ELF32 multiboot, ELF64,
 * flat) into a fake guest memory, and the malformed images the loader
 * must refuse before it writes anything.
 */
#include <kunit/test.h>

#include "../partmgr/pt_loader.c"

/* Guest memory backed for [0, backed); beyond it writes fail or vanish. */
struct fake_mem {
	struct pv_pt_guest_mem mem;
	u8 *ram;
	u64 backed;
	bool discard_unbacked;	/* accept writes beyond backed, drop them */
	bool bad_range;		/* a callback got a range beyond mem.size */
	unsigned int calls;
	unsigned int fail_at;	/* this call (1-based) fails with -EIO */
};

static int fake_access(struct fake_mem *f, u64 gpa, const void *src, size_t len)
{
	if (++f->calls == f->fail_at)
		return -EIO;
	if (!pv_pt_gpa_range_ok(gpa, len, f->mem.size)) {
		f->bad_range = true;
		return -ERANGE;
	}
	if (!pv_pt_gpa_range_ok(gpa, len, f->backed))
		return f->discard_unbacked ? 0 : -EFAULT;
	if (src)
		memcpy(f->ram + gpa, src, len);
	else
		memset(f->ram + gpa, 0, len);
	return 0;
}

static int fake_write(void *ctx, u64 gpa, const void *src, size_t len)
{
	return fake_access(ctx, gpa, src, len);
}

static int fake_zero(void *ctx, u64 gpa, size_t len)
{
	return fake_access(ctx, gpa, NULL, len);
}

static struct fake_mem *new_mem(struct kunit *test, u64 size, u64 backed)
{
	struct fake_mem *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	if (backed) {
		f->ram = kunit_kzalloc(test, backed, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, f->ram);
		memset(f->ram, 0xaa, backed);	/* the loader must zero */
	}
	f->backed = backed;
	f->mem.size = size;
	f->mem.ctx = f;
	f->mem.write = fake_write;
	f->mem.zero = fake_zero;
	return f;
}

static u32 rd32(const struct fake_mem *f, u64 gpa)
{
	return get_unaligned_le32(f->ram + gpa);
}

static u64 rd64(const struct fake_mem *f, u64 gpa)
{
	return get_unaligned_le64(f->ram + gpa);
}

#define MB_HDR_OFF	0x1000	/* file offset, at the start of segment 0 */

static void set_mb_header(u8 *img, size_t off, u32 flags, u32 sum_delta)
{
	put_unaligned_le32(PT_MB_HDR_MAGIC, img + off);
	put_unaligned_le32(flags, img + off + 4);
	put_unaligned_le32(-(PT_MB_HDR_MAGIC + flags) + sum_delta, img + off + 8);
}

/*
 * ELF32 multiboot kernel: text at file 0x1000 (0x300 bytes, 0x2000 in
 * memory) loads at 1 MiB, data at file 0x1300 (0x100 bytes) at 0x180000;
 * a PT_NOTE with nonsense fields that the loader must ignore.
 */
#define IMG32_LEN	0x1400

static u8 *elf32_image(struct kunit *test)
{
	u8 *img = kunit_kzalloc(test, IMG32_LEN, GFP_KERNEL);
	struct elf32_hdr *eh = (struct elf32_hdr *)img;
	struct elf32_phdr *ph = (struct elf32_phdr *)(img + sizeof(*eh));
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, img);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_386;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x100010;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 3;
	ph[0] = (struct elf32_phdr){ .p_type = PT_LOAD, .p_offset = 0x1000,
			      .p_paddr = 0x100000, .p_vaddr = 0x100000,
			      .p_filesz = 0x300, .p_memsz = 0x2000 };
	ph[1] = (struct elf32_phdr){ .p_type = PT_NOTE, .p_offset = 0xfffffff0,
			      .p_filesz = 0x100, .p_memsz = 0 };
	ph[2] = (struct elf32_phdr){ .p_type = PT_LOAD, .p_offset = 0x1300,
			      .p_paddr = 0x180000, .p_vaddr = 0x180000,
			      .p_filesz = 0x100, .p_memsz = 0x100 };
	for (i = 0x1000; i < IMG32_LEN; i++)
		img[i] = (u8)(i * 13 + 5);
	set_mb_header(img, MB_HDR_OFF, BIT(1), 0);
	return img;
}

static struct elf32_phdr *phdr32(u8 *img, unsigned int i)
{
	return (struct elf32_phdr *)(img + sizeof(struct elf32_hdr)) + i;
}

/* ELF64: one segment, file 0x1000 (0x200 bytes, 0x1000 in memory) at 1 MiB. */
#define IMG64_LEN	0x1200

static u8 *elf64_image(struct kunit *test)
{
	u8 *img = kunit_kzalloc(test, IMG64_LEN, GFP_KERNEL);
	struct elf64_hdr *eh = (struct elf64_hdr *)img;
	struct elf64_phdr *ph = (struct elf64_phdr *)(img + sizeof(*eh));
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, img);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x100100;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 1;
	ph[0] = (struct elf64_phdr){ .p_type = PT_LOAD, .p_offset = 0x1000,
			      .p_paddr = 0x100000, .p_vaddr = 0x100000,
			      .p_filesz = 0x200, .p_memsz = 0x1000 };
	for (i = 0x1000; i < IMG64_LEN; i++)
		img[i] = (u8)(i * 7 + 3);
	return img;
}

static struct elf64_phdr *phdr64(u8 *img)
{
	return (struct elf64_phdr *)(img + sizeof(struct elf64_hdr));
}

static bool all_bytes(const u8 *p, u8 v, size_t len)
{
	while (len--)
		if (*p++ != v)
			return false;
	return true;
}

static void loader_elf32_multiboot_loads(struct kunit *test)
{
	struct fake_mem *f = new_mem(test, SZ_2M, SZ_2M);
	u8 *img = elf32_image(test);
	struct pv_pt_boot boot;

	KUNIT_ASSERT_EQ(test, pv_pt_load_image(img, IMG32_LEN, PV_PT_IMAGE_AUTO,
					       "console=ttyS0 quiet", &f->mem, &boot), 0);
	KUNIT_EXPECT_FALSE(test, f->bad_range);
	KUNIT_EXPECT_EQ(test, boot.mode, PV_PT_BOOT_PROT32);
	KUNIT_EXPECT_EQ(test, boot.entry, 0x100010);
	KUNIT_EXPECT_EQ(test, boot.cr3, 0);
	KUNIT_EXPECT_EQ(test, boot.gdt_base, 0x1000);
	KUNIT_EXPECT_EQ(test, boot.gdt_limit, 31);
	KUNIT_EXPECT_EQ(test, boot.info_gpa, 0x2000);
	KUNIT_EXPECT_EQ(test, boot.image_lo, 0x100000);
	KUNIT_EXPECT_EQ(test, boot.image_hi, 0x180100);

	/* Segments: file bytes, then zeroed bss; nothing around them. */
	KUNIT_EXPECT_EQ(test, memcmp(f->ram + 0x100000, img + 0x1000, 0x300), 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(f->ram + 0x100300, 0, 0x2000 - 0x300));
	KUNIT_EXPECT_EQ(test, memcmp(f->ram + 0x180000, img + 0x1300, 0x100), 0);
	KUNIT_EXPECT_EQ(test, f->ram[0x102000], 0xaa);
	KUNIT_EXPECT_EQ(test, f->ram[0x180100], 0xaa);
	KUNIT_EXPECT_EQ(test, f->ram[0xffff + 0x1], 0xaa);

	/* Loader area: page 0 zero, GDT, no page tables for PROT32. */
	KUNIT_EXPECT_TRUE(test, all_bytes(f->ram, 0, 0x1000));
	KUNIT_EXPECT_EQ(test, rd64(f, 0x1000), 0);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x1008), 0x00cf9a000000ffffULL);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x1010), 0x00cf92000000ffffULL);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x1018), 0x00af9a000000ffffULL);
	KUNIT_EXPECT_TRUE(test, all_bytes(f->ram + 0x3000, 0, 0xd000));

	/* Multiboot information: flags 0, 2, 6; 1 MiB above the first. */
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2000), BIT(0) | BIT(2) | BIT(6));
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2004), 640);
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2008), 1024);
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2010), 0x2100);
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2014), 0);	/* no modules */
	KUNIT_EXPECT_EQ(test, rd32(f, 0x202c), 24);	/* mmap_length */
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2030), 0x2200);
	KUNIT_EXPECT_STREQ(test, (char *)f->ram + 0x2100, "console=ttyS0 quiet");
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2200), 20);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x2204), 0);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x220c), SZ_2M);
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2214), 1);
}

static void loader_multiboot_module(struct kunit *test)
{
	struct fake_mem *f = new_mem(test, SZ_2M, SZ_2M);
	u8 *img = elf32_image(test), *img64 = elf64_image(test), *flat;
	static const char mod[] = "vps=2 mem_kib=2048\n";
	struct pv_pt_boot boot;
	u8 *big;

	KUNIT_ASSERT_EQ(test, pv_pt_load_image_module(img, IMG32_LEN, PV_PT_IMAGE_AUTO, NULL,
						      mod, sizeof(mod) - 1, &f->mem, &boot), 0);
	KUNIT_EXPECT_FALSE(test, f->bad_range);
	/* Flags 0, 3, 6 (no command line); one module in the last page. */
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2000), BIT(0) | BIT(3) | BIT(6));
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2014), 1);
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2018), 0x2300);
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2300), SZ_2M - SZ_4K);
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2304), SZ_2M - SZ_4K + sizeof(mod) - 1);
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2308), 0x2310);
	KUNIT_EXPECT_EQ(test, f->ram[0x2310], 0);	/* its string: "" */
	KUNIT_EXPECT_EQ(test, memcmp(f->ram + SZ_2M - SZ_4K, mod, sizeof(mod) - 1), 0);
	/* The memory map still says all of RAM, page 0 included. */
	KUNIT_EXPECT_EQ(test, rd64(f, 0x2204), 0);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x220c), SZ_2M);

	/* The biggest module that fits starts at the page after the image. */
	big = kunit_kzalloc(test, SZ_1M, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	memset(big, 0x5a, SZ_1M);
	f = new_mem(test, SZ_2M, SZ_2M);
	KUNIT_ASSERT_EQ(test, pv_pt_load_image_module(img, IMG32_LEN, PV_PT_IMAGE_ELF, "x",
						      big, SZ_2M - 0x181000, &f->mem, &boot), 0);
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2300), 0x181000);
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2304), SZ_2M);
	KUNIT_EXPECT_TRUE(test, all_bytes(f->ram + 0x181000, 0x5a, SZ_2M - 0x181000));
	KUNIT_EXPECT_EQ(test, memcmp(f->ram + 0x180000, img + 0x1300, 0x100), 0);

	/* Refused before anything is written: one byte more, no room, ... */
	f = new_mem(test, SZ_2M, 0);
	KUNIT_EXPECT_EQ(test, pv_pt_load_image_module(img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL,
						      big, SZ_2M - 0x181000 + 1, &f->mem, &boot),
			-E2BIG);
	KUNIT_EXPECT_EQ(test, pv_pt_load_image_module(img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL,
						      big, SZ_1M, &f->mem, &boot), -E2BIG);
	/* ... a module with an ELF64 or a flat image, or a length without one. */
	KUNIT_EXPECT_EQ(test, pv_pt_load_image_module(img64, IMG64_LEN, PV_PT_IMAGE_ELF, NULL,
						      mod, 4, &f->mem, &boot), -EOPNOTSUPP);
	flat = kunit_kzalloc(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, flat);
	KUNIT_EXPECT_EQ(test, pv_pt_load_image_module(flat, 64, PV_PT_IMAGE_FLAT, NULL,
						      mod, 4, &f->mem, &boot), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, pv_pt_load_image_module(img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL,
						      NULL, 4, &f->mem, &boot), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_pt_load_image_module(img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL,
						      mod, 0, &f->mem, &boot), -EINVAL);
	KUNIT_EXPECT_EQ(test, f->calls, 0);
}

static void loader_elf64_maps_all_ram(struct kunit *test)
{
	struct fake_mem *f = new_mem(test, SZ_2M, SZ_2M);
	u8 *img = elf64_image(test);
	struct pv_pt_boot boot;

	KUNIT_ASSERT_EQ(test, pv_pt_load_image(img, IMG64_LEN, PV_PT_IMAGE_ELF,
					       NULL, &f->mem, &boot), 0);
	KUNIT_EXPECT_EQ(test, boot.mode, PV_PT_BOOT_LONG64);
	KUNIT_EXPECT_EQ(test, boot.entry, 0x100100);
	KUNIT_EXPECT_EQ(test, boot.cr3, 0x3000);
	KUNIT_EXPECT_EQ(test, boot.image_lo, 0x100000);
	KUNIT_EXPECT_EQ(test, boot.image_hi, 0x101000);
	KUNIT_EXPECT_EQ(test, memcmp(f->ram + 0x100000, img + 0x1000, 0x200), 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(f->ram + 0x100200, 0, 0xe00));

	/* No command line: flag 2 clear, the string area left zero. */
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2000), BIT(0) | BIT(6));
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2010), 0);
	KUNIT_EXPECT_EQ(test, f->ram[0x2100], 0);

	KUNIT_EXPECT_EQ(test, rd64(f, 0x3000), 0x4003);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x3008), 0);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x4000), 0x5003);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x4008), 0);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x5000), 0x83);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x5008), 0);
	KUNIT_EXPECT_TRUE(test, all_bytes(f->ram + 0x6000, 0, 0xa000));
}

static void loader_page_tables_scale_with_ram(struct kunit *test)
{
	struct fake_mem *f = new_mem(test, SZ_1G + SZ_4K, SZ_64K);
	u8 *img = elf64_image(test);
	struct pv_pt_boot boot;
	unsigned int i;

	f->discard_unbacked = true;
	/* Rounded up to 2 MiB: 513 pages over two PDs. */
	KUNIT_ASSERT_EQ(test, pv_pt_load_image(img, IMG64_LEN, PV_PT_IMAGE_AUTO,
					       NULL, &f->mem, &boot), 0);
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2008), (SZ_1G + SZ_4K - SZ_1M) / SZ_1K);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x4000), 0x5003);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x4008), 0x6003);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x4010), 0);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x5000 + 511 * 8), 511 * SZ_2M + 0x83ULL);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x6000), SZ_1G + 0x83ULL);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x6008), 0);

	/* 4 GiB: four full PDs, the last entry maps 4 GiB - 2 MiB. */
	f = new_mem(test, 4ULL * SZ_1G, SZ_64K);
	f->discard_unbacked = true;
	KUNIT_ASSERT_EQ(test, pv_pt_load_image(img, IMG64_LEN, PV_PT_IMAGE_AUTO,
					       NULL, &f->mem, &boot), 0);
	KUNIT_EXPECT_FALSE(test, f->bad_range);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, rd64(f, 0x4000 + i * 8), 0x5003 + i * 0x1000ULL);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x4020), 0);
	for (i = 0; i < 2048; i++)
		KUNIT_EXPECT_EQ(test, rd64(f, 0x5000 + i * 8), i * SZ_2M + 0x83ULL);
	KUNIT_EXPECT_TRUE(test, all_bytes(f->ram + 0x9000, 0, 0x7000));
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2008), (4ULL * SZ_1G - SZ_1M) / SZ_1K);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x220c), 4ULL * SZ_1G);
}

static void loader_flat_image(struct kunit *test)
{
	static const u8 code[] = { 0xfa, 0xf4, 0xeb, 0xfd };	/* cli; hlt; jmp */
	struct fake_mem *f = new_mem(test, SZ_2M, SZ_2M);
	u8 *big = kunit_kzalloc(test, SZ_1M + 1, GFP_KERNEL);
	struct pv_pt_boot boot;

	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_ASSERT_EQ(test, pv_pt_load_image(code, sizeof(code), PV_PT_IMAGE_AUTO,
					       "", &f->mem, &boot), 0);
	KUNIT_EXPECT_EQ(test, boot.mode, PV_PT_BOOT_PROT32);
	KUNIT_EXPECT_EQ(test, boot.entry, 0x100000);
	KUNIT_EXPECT_EQ(test, boot.cr3, 0);
	KUNIT_EXPECT_EQ(test, boot.image_lo, 0x100000);
	KUNIT_EXPECT_EQ(test, boot.image_hi, 0x100004);
	KUNIT_EXPECT_EQ(test, memcmp(f->ram + 0x100000, code, sizeof(code)), 0);
	KUNIT_EXPECT_EQ(test, f->ram[0x100004], 0xaa);
	/* An empty command line is still a command line. */
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2000), BIT(0) | BIT(2) | BIT(6));
	KUNIT_EXPECT_EQ(test, f->ram[0x2100], 0);
	KUNIT_EXPECT_EQ(test, rd64(f, 0x1018), 0x00af9a000000ffffULL);

	/* Exactly up to the end of RAM fits; a byte more does not. */
	memcpy(big, elf32_image(test), 64);	/* FLAT does not look */
	KUNIT_EXPECT_EQ(test, pv_pt_load_image(big, SZ_1M, PV_PT_IMAGE_FLAT,
					       NULL, &f->mem, &boot), 0);
	KUNIT_EXPECT_EQ(test, boot.image_hi, SZ_2M);
	KUNIT_EXPECT_EQ(test, boot.entry, 0x100000);
	KUNIT_EXPECT_EQ(test, f->ram[0x100000], 0x7f);
	f = new_mem(test, SZ_2M, 0);
	KUNIT_EXPECT_EQ(test, pv_pt_load_image(big, SZ_1M + 1, PV_PT_IMAGE_FLAT,
					       NULL, &f->mem, &boot), -E2BIG);
	KUNIT_EXPECT_EQ(test, pv_pt_load_image(big, 0, PV_PT_IMAGE_FLAT,
					       NULL, &f->mem, &boot), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, pv_pt_load_image(big, 0, PV_PT_IMAGE_AUTO,
					       NULL, &f->mem, &boot), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, f->calls, 0);
}

/*
 * Load @img into fake memory with no backing. A rejected image must not
 * reach the callbacks at all; an accepted one fails at the first write
 * with -EFAULT, which is ACCEPTED.
 */
#define ACCEPTED	(-EFAULT)

static int try_load(struct kunit *test, const void *img, size_t len,
		    enum pv_pt_image_format fmt, const char *cmdline)
{
	struct fake_mem *f = new_mem(test, SZ_2M, 0);
	struct pv_pt_boot boot;
	int ret;

	ret = pv_pt_load_image(img, len, fmt, cmdline, &f->mem, &boot);
	KUNIT_EXPECT_EQ(test, f->calls, ret == ACCEPTED ? 1 : 0);
	return ret;
}

static void loader_rejects_bad_headers(struct kunit *test)
{
	u8 *img = elf32_image(test);
	u8 *img64 = elf64_image(test);
	struct elf32_hdr *eh = (struct elf32_hdr *)img;
	struct elf64_hdr *eh64 = (struct elf64_hdr *)img64;

	/* Truncated: AUTO sees the magic, and the header is cut short. */
	KUNIT_EXPECT_EQ(test, try_load(test, img, 20, PV_PT_IMAGE_AUTO, NULL), -ENOEXEC);
	KUNIT_EXPECT_EQ(test, try_load(test, img, sizeof(*eh) - 1, PV_PT_IMAGE_ELF, NULL),
			-ENOEXEC);
	KUNIT_EXPECT_EQ(test, try_load(test, img64, sizeof(*eh64) - 1, PV_PT_IMAGE_ELF, NULL),
			-ENOEXEC);
	KUNIT_EXPECT_EQ(test, try_load(test, img, 3, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);

	img[1] = 'e';
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	img[1] = 'E';
	eh->e_machine = EM_X86_64;	/* wrong for the class */
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	eh->e_machine = EM_386;
	eh64->e_machine = EM_386;
	KUNIT_EXPECT_EQ(test, try_load(test, img64, IMG64_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	eh64->e_machine = EM_X86_64;
	eh->e_ident[EI_DATA] = ELFDATA2MSB;
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_CLASS] = 3;
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_type = ET_DYN;
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	eh->e_type = ET_EXEC;
	eh->e_phentsize = sizeof(struct elf32_phdr) + 4;
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	eh->e_phentsize = sizeof(struct elf32_phdr);

	/* The program header table must lie within the file. */
	eh->e_phoff = IMG32_LEN - 2 * sizeof(struct elf32_phdr);
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	eh->e_phoff = sizeof(*eh);
	eh64->e_phoff = U64_MAX - 16;	/* phoff + table overflows */
	KUNIT_EXPECT_EQ(test, try_load(test, img64, IMG64_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	eh64->e_phoff = sizeof(*eh64);
	eh->e_phnum = 0;
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	eh->e_phnum = 65;
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	eh->e_phnum = 3;

	/* Undo everything: the image loads again. */
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), ACCEPTED);
	KUNIT_EXPECT_EQ(test, try_load(test, img64, IMG64_LEN, PV_PT_IMAGE_ELF, NULL), ACCEPTED);
}

static void loader_rejects_bad_segments(struct kunit *test)
{
	u8 *img = elf32_image(test);
	u8 *img64 = elf64_image(test);
	struct elf32_phdr *text = phdr32(img, 0), *data = phdr32(img, 2);
	struct elf64_phdr *p64 = phdr64(img64);
	struct elf32_phdr saved = *data;

	text->p_memsz = 0x2ff;		/* filesz 0x300, within the file */
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	text->p_memsz = 0x300;
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), ACCEPTED);
	text->p_memsz = 0x2000;
	data->p_filesz = 0x101;		/* one byte past the end of the file */
	data->p_memsz = 0x200;
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	*data = saved;
	data->p_offset = 0xffffff80;	/* p_offset + p_filesz overflows 32 bits */
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	*data = saved;
	p64->p_offset = U64_MAX - 0x10;	/* ... and 64 bits */
	KUNIT_EXPECT_EQ(test, try_load(test, img64, IMG64_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	p64->p_offset = 0x1000;
	p64->p_paddr = U64_MAX - 0x100;	/* p_paddr + p_memsz overflows */
	KUNIT_EXPECT_EQ(test, try_load(test, img64, IMG64_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	p64->p_paddr = SZ_2M - 0x800;	/* beyond guest memory */
	((struct elf64_hdr *)img64)->e_entry = p64->p_paddr;
	KUNIT_EXPECT_EQ(test, try_load(test, img64, IMG64_LEN, PV_PT_IMAGE_ELF, NULL), -E2BIG);
	p64->p_paddr = 0x100000;
	((struct elf64_hdr *)img64)->e_entry = 0x100100;

	data->p_paddr = SZ_2M - 0x80;
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -E2BIG);
	data->p_paddr = 0xff00;		/* in the loader area */
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -E2BIG);
	data->p_paddr = 0x3000;		/* over the page tables */
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -E2BIG);
	data->p_paddr = 0x10000;	/* the lowest a segment may load */
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), ACCEPTED);
	*data = saved;

	/* The entry must be in a loaded segment (bss counts). */
	((struct elf32_hdr *)img)->e_entry = 0x102000;
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	((struct elf32_hdr *)img)->e_entry = 0x0ff000;
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	((struct elf32_hdr *)img)->e_entry = 0x101fff;
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), ACCEPTED);
	((struct elf32_hdr *)img)->e_entry = 0x100010;

	/* No PT_LOAD at all. */
	text->p_type = PT_NOTE;
	data->p_type = PT_NULL;
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
}

static void loader_rejects_bad_multiboot(struct kunit *test)
{
	u8 *img = elf32_image(test);
	u8 *far = kunit_kzalloc(test, 0x2100, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, far);
	put_unaligned_le32(0, img + MB_HDR_OFF);	/* missing */
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	set_mb_header(img, MB_HDR_OFF, BIT(1), 1);	/* bad checksum */
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	set_mb_header(img, MB_HDR_OFF, BIT(1) | BIT(16), 0);	/* a.out kludge */
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	set_mb_header(img, MB_HDR_OFF, BIT(2), 0);	/* video mode: required, unmet */
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	put_unaligned_le32(0, img + MB_HDR_OFF);
	set_mb_header(img, MB_HDR_OFF + 2, 0, 0);	/* not 4-byte aligned */
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	memset(img + MB_HDR_OFF, 0, 16);
	set_mb_header(img, MB_HDR_OFF + 4, BIT(0) | BIT(1), 0);	/* fine */
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, NULL), ACCEPTED);

	/* A header that ends past the first 8 KiB does not count. */
	memcpy(far, img, IMG32_LEN);
	memset(far + MB_HDR_OFF, 0, 16);
	set_mb_header(far, 8192 - 8, 0, 0);
	KUNIT_EXPECT_EQ(test, try_load(test, far, 0x2100, PV_PT_IMAGE_ELF, NULL), -ENOEXEC);
	set_mb_header(far, 8192 - 12, 0, 0);
	KUNIT_EXPECT_EQ(test, try_load(test, far, 0x2100, PV_PT_IMAGE_ELF, NULL), ACCEPTED);
}

static void loader_rejects_long_cmdline(struct kunit *test)
{
	struct fake_mem *f = new_mem(test, SZ_2M, SZ_2M);
	char *cmd = kunit_kzalloc(test, 300, GFP_KERNEL);
	u8 *img = elf32_image(test);
	struct pv_pt_boot boot;

	KUNIT_ASSERT_NOT_NULL(test, cmd);
	memset(cmd, 'c', 256);
	KUNIT_EXPECT_EQ(test, try_load(test, img, IMG32_LEN, PV_PT_IMAGE_ELF, cmd), -E2BIG);
	cmd[255] = '\0';
	KUNIT_EXPECT_EQ(test, pv_pt_load_image(img, IMG32_LEN, PV_PT_IMAGE_ELF, cmd,
					       &f->mem, &boot), 0);
	KUNIT_EXPECT_EQ(test, strnlen((char *)f->ram + 0x2100, 256), 255);
	KUNIT_EXPECT_EQ(test, f->ram[0x2100 + 255], 0);
	KUNIT_EXPECT_EQ(test, rd32(f, 0x2200), 20);	/* the mmap follows intact */
}

static void loader_rejects_bad_arguments(struct kunit *test)
{
	static const u64 bad_sizes[] = { 0, SZ_2M - SZ_4K, SZ_2M + 1, SZ_2M + 0x800,
					 4ULL * SZ_1G + SZ_4K, U64_MAX };
	struct fake_mem *f = new_mem(test, SZ_2M, 0);
	u8 *img = elf32_image(test);
	struct pv_pt_boot boot;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_sizes); i++) {
		f->mem.size = bad_sizes[i];
		KUNIT_EXPECT_EQ_MSG(test, pv_pt_load_image(img, IMG32_LEN, PV_PT_IMAGE_AUTO,
							   NULL, &f->mem, &boot),
				    -EINVAL, "size %llx", bad_sizes[i]);
	}
	f->mem.size = SZ_2M;
	KUNIT_EXPECT_EQ(test, pv_pt_load_image(NULL, IMG32_LEN, PV_PT_IMAGE_AUTO, NULL,
					       &f->mem, &boot), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_pt_load_image(img, IMG32_LEN, PV_PT_IMAGE_AUTO, NULL,
					       NULL, &boot), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_pt_load_image(img, IMG32_LEN, PV_PT_IMAGE_AUTO, NULL,
					       &f->mem, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_pt_load_image(img, IMG32_LEN, 7, NULL,
					       &f->mem, &boot), -EINVAL);
	f->mem.zero = NULL;
	KUNIT_EXPECT_EQ(test, pv_pt_load_image(img, IMG32_LEN, PV_PT_IMAGE_AUTO, NULL,
					       &f->mem, &boot), -EINVAL);
	f->mem.zero = fake_zero;
	f->mem.write = NULL;
	KUNIT_EXPECT_EQ(test, pv_pt_load_image(img, IMG32_LEN, PV_PT_IMAGE_AUTO, NULL,
					       &f->mem, &boot), -EINVAL);
	KUNIT_EXPECT_EQ(test, f->calls, 0);
}

static void loader_propagates_callback_errors(struct kunit *test)
{
	u8 *img = elf64_image(test);
	struct pv_pt_boot boot = { .entry = 0x1234 };
	struct fake_mem *f;
	unsigned int calls, i;

	f = new_mem(test, SZ_2M, SZ_2M);
	KUNIT_ASSERT_EQ(test, pv_pt_load_image(img, IMG64_LEN, PV_PT_IMAGE_ELF, "x",
					       &f->mem, &boot), 0);
	calls = f->calls;
	KUNIT_EXPECT_GE(test, calls, 7);	/* zero, GDT, info x3, tables, image */
	boot.entry = 0x1234;
	for (i = 1; i <= calls; i++) {
		f->calls = 0;
		f->fail_at = i;
		KUNIT_EXPECT_EQ_MSG(test, pv_pt_load_image(img, IMG64_LEN, PV_PT_IMAGE_ELF,
							   "x", &f->mem, &boot),
				    -EIO, "failing call %u", i);
		KUNIT_EXPECT_EQ(test, f->calls, i);	/* stopped there */
	}
	KUNIT_EXPECT_EQ(test, boot.entry, 0x1234);	/* untouched on failure */
}

static void loader_gpa_range_ok(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, pv_pt_gpa_range_ok(0, SZ_2M, SZ_2M));
	KUNIT_EXPECT_TRUE(test, pv_pt_gpa_range_ok(SZ_2M - 1, 1, SZ_2M));
	KUNIT_EXPECT_TRUE(test, pv_pt_gpa_range_ok(SZ_2M, 0, SZ_2M));
	KUNIT_EXPECT_FALSE(test, pv_pt_gpa_range_ok(SZ_2M, 1, SZ_2M));
	KUNIT_EXPECT_FALSE(test, pv_pt_gpa_range_ok(SZ_2M - 1, 2, SZ_2M));
	KUNIT_EXPECT_FALSE(test, pv_pt_gpa_range_ok(0, SZ_2M + 1, SZ_2M));
	KUNIT_EXPECT_FALSE(test, pv_pt_gpa_range_ok(SZ_2M + 1, 0, SZ_2M));
	KUNIT_EXPECT_FALSE(test, pv_pt_gpa_range_ok(U64_MAX, 2, SZ_2M));
	KUNIT_EXPECT_FALSE(test, pv_pt_gpa_range_ok(1, U64_MAX, U64_MAX));
	KUNIT_EXPECT_TRUE(test, pv_pt_gpa_range_ok(0, U64_MAX, U64_MAX));
}

static struct kunit_case pv_loader_cases[] = {
	KUNIT_CASE(loader_elf32_multiboot_loads),
	KUNIT_CASE(loader_multiboot_module),
	KUNIT_CASE(loader_elf64_maps_all_ram),
	KUNIT_CASE(loader_page_tables_scale_with_ram),
	KUNIT_CASE(loader_flat_image),
	KUNIT_CASE(loader_rejects_bad_headers),
	KUNIT_CASE(loader_rejects_bad_segments),
	KUNIT_CASE(loader_rejects_bad_multiboot),
	KUNIT_CASE(loader_rejects_long_cmdline),
	KUNIT_CASE(loader_rejects_bad_arguments),
	KUNIT_CASE(loader_propagates_callback_errors),
	KUNIT_CASE(loader_gpa_range_ok),
	{}
};

static struct kunit_suite pv_loader_suite = {
	.name = "partvisor_loader",
	.test_cases = pv_loader_cases,
};

kunit_test_suite(pv_loader_suite);
