// SPDX-License-Identifier: GPL-2.0
/*
 * mbinfo: what a multiboot loader tells a test guest, checked against the
 * module it was given (partctl create --module). The module is text,
 * "vps=N mem_kib=M": the VP count and memory size the partition was
 * created with. Every VP checks in; VP 0 then checks
 *   - flags: mem (0), mods (3), mmap (6);
 *   - mem_lower = 640, mem_upper = M - 1024;
 *   - one module, page-aligned, below the end of RAM, above the image;
 *   - the memory map: one RAM entry from 0 of M KiB;
 *   - page 0 is RAM (a pattern written at address 0 reads back);
 *   - N VPs checked in;
 * prints "mbinfo: vps=N mem_kib=M module=B bytes: ok" and exits 0, or
 * "mbinfo: FAIL ..." lines and exits 4 (3 with no module at all).
 */
#include "lib.h"

#define WAIT_SPINS	100000000u
#define MB_FLAG_MEM	(1u << 0)
#define MB_FLAG_MODS	(1u << 3)
#define MB_FLAG_MMAP	(1u << 6)

struct mb_info_full {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
};

struct mb_module {
	uint32_t mod_start, mod_end, string, reserved;
};

struct mb_mmap {
	uint32_t size;
	uint32_t addr_lo, addr_hi;
	uint32_t len_lo, len_hi;
	uint32_t type;
} __attribute__((packed));

static volatile uint32_t checked_in __attribute__((section(".data")));
static unsigned int failures;

static void check(bool ok, const char *what, uint32_t got, uint32_t want)
{
	if (ok)
		return;
	failures++;
	pr("mbinfo: FAIL %s: 0x%x, expected 0x%x\n", what, got, want);
}

/* Write and read back address 0 (C may not dereference a null pointer). */
static uint32_t poke_page0(uint32_t v)
{
	uint32_t back;

	asm volatile("movl %1, (%2)\n\tmovl (%2), %0" : "=&r"(back) : "r"(v), "r"(0) : "memory");
	return back;
}

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	const struct mb_info_full *info = (const void *)(uintptr_t)info_gpa;
	const struct mb_module *mod;
	const struct mb_mmap *mm;
	char text[128];
	uint32_t len, i, vps, mem_kib, spins;

	atomic_xadd(&checked_in, 1);
	if (vp != 0)
		park();
	if (magic != MB_BOOT_MAGIC || !(info->flags & MB_FLAG_MODS) || info->mods_count != 1) {
		pr("mbinfo: FAIL no module (magic 0x%x flags 0x%x mods %u)\n", magic, info->flags,
		   info->mods_count);
		return 3;
	}
	mod = (const void *)(uintptr_t)info->mods_addr;
	len = mod->mod_end - mod->mod_start;
	for (i = 0; i < len && i < sizeof(text) - 1; i++)
		text[i] = ((const char *)(uintptr_t)mod->mod_start)[i] == '\n' ? ' ' :
			  ((const char *)(uintptr_t)mod->mod_start)[i];
	text[i] = 0;
	vps = cmdline_u32(text, "vps", 0);
	mem_kib = cmdline_u32(text, "mem_kib", 0);
	pr("mbinfo: module of %u bytes at 0x%x: %s\n", len, mod->mod_start, text);

	check(info->flags & MB_FLAG_MEM, "flags.mem", info->flags, MB_FLAG_MEM);
	check(info->flags & MB_FLAG_MMAP, "flags.mmap", info->flags, MB_FLAG_MMAP);
	check(info->mem_lower == 640, "mem_lower", info->mem_lower, 640);
	check(info->mem_upper == mem_kib - 1024, "mem_upper", info->mem_upper, mem_kib - 1024);
	check(!(mod->mod_start & 0xfff), "mod_start page-aligned", mod->mod_start, 0);
	check(mod->mod_end <= mem_kib * 1024u, "mod_end within RAM", mod->mod_end, mem_kib * 1024u);
	check(mod->mod_start >= (uint32_t)(uintptr_t)_end, "module above the image",
	      mod->mod_start, (uint32_t)(uintptr_t)_end);
	check(*(const char *)(uintptr_t)mod->string == 0, "module string", mod->string, 0);
	mm = (const void *)(uintptr_t)info->mmap_addr;
	check(info->mmap_length == sizeof(*mm), "mmap_length", info->mmap_length, sizeof(*mm));
	check(mm->addr_lo == 0 && mm->addr_hi == 0 && mm->type == 1, "mmap from 0", mm->addr_lo, 0);
	check(mm->len_lo == mem_kib * 1024u && mm->len_hi == 0, "mmap length", mm->len_lo,
	      mem_kib * 1024u);
	check(poke_page0(0x5a5aa5a5) == 0x5a5aa5a5, "page 0 RAM", poke_page0(0x5a5aa5a5),
	      0x5a5aa5a5);
	for (spins = 0; atomic_load(&checked_in) < vps; spins++) {
		if (spins >= WAIT_SPINS)
			break;
		cpu_pause();
	}
	check(atomic_load(&checked_in) == vps, "VPs checked in", atomic_load(&checked_in), vps);
	if (failures)
		return 4;
	pr("mbinfo: vps=%u mem_kib=%u module=%u bytes: ok\n", vps, mem_kib, len);
	return 0;
}
