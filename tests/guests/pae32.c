// SPDX-License-Identifier: GPL-2.0
/*
 * pae32: 32-bit PAE paging (CR0.PG, CR4.PAE, no long mode) turned on by a
 * MOV to CR0 that the hypervisor emulates (it also sets CR0.NE, a bit the
 * VP's CR0 mask owns), so the hypervisor must load the PDPTEs itself:
 *  - with a reserved bit in a present PDPTE the MOV faults (#GP), paging
 *    stays off;
 *  - CR0.NW without CD faults (#GP);
 *  - with good PDPTEs paging comes on: memory above 4 MiB is reached
 *    through an identity map (2 MiB pages) and through an alias at 1 GiB
 *    (PDPT entry 1) onto 6 MiB, which only works if the PDPTEs the CPU
 *    uses are the guest's.
 * Prints "pae32: PASS/FAIL <what>", then "pae32: <n> passed, <m> failed";
 * exits 0 if none failed.
 */
#include "lib.h"

#define CR0_PE		(1u << 0)
#define CR0_NE		(1u << 5)
#define CR0_NW		(1u << 29)
#define CR0_CD		(1u << 30)
#define CR0_PG		(1u << 31)
#define CR4_PAE		(1u << 5)
#define PTE_P		1ull
#define PTE_RW		2ull
#define PTE_PS		(1ull << 7)
#define ALIAS_VA	0x40000000u	/* PDPT entry 1, PD entry 0 */
#define ALIAS_PA	0x00600000u	/* 6 MiB */

static unsigned int passed, failed;
volatile int faults;

static uint64_t pdpt[4] __attribute__((aligned(4096)));
static uint64_t pd0[512] __attribute__((aligned(4096)));
static uint64_t pd1[512] __attribute__((aligned(4096)));

static void check(int ok, const char *what, uint32_t got)
{
	if (ok) {
		passed++;
		pr("pae32: PASS %s\n", what);
	} else {
		failed++;
		pr("pae32: FAIL %s got 0x%x\n", what, got);
	}
}

/* #GP handler: count, skip the faulting instruction (its length in EDI). */
void gp_entry(void);
asm(".globl gp_entry\n"
    "gp_entry:\n"
    "	add $4, %esp\n"			/* error code */
    "	lock incl faults\n"
    "	add %edi, (%esp)\n"		/* EIP += length */
    "	iret\n");

struct idt_gate {
	uint16_t off0, sel;
	uint8_t zero, type;
	uint16_t off1;
} __attribute__((packed));

static struct idt_gate idt[14] __attribute__((aligned(8)));

static void load_idt(void)
{
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) d;
	uint32_t h = (uint32_t)(uintptr_t)gp_entry;

	idt[13] = (struct idt_gate){ .off0 = h, .sel = 0x08, .type = 0x8e, .off1 = h >> 16 };
	d.limit = sizeof(idt) - 1;
	d.base = (uint32_t)(uintptr_t)idt;
	asm volatile("lidt %0" : : "m"(d));
}

static uint32_t read_cr0(void)
{
	uint32_t v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static uint32_t read_cr4(void)
{
	uint32_t v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

/* mov %eax, %cr0 (3 bytes): 1 if it faulted. */
static int write_cr0_faults(uint32_t v)
{
	int before = faults;

	asm volatile("mov %0, %%cr0" : : "a"(v), "D"(3u) : "memory");
	return faults != before;
}

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	volatile uint32_t *alias = (volatile uint32_t *)(ALIAS_VA + 0x1234);
	volatile uint32_t *ident = (volatile uint32_t *)(ALIAS_PA + 0x1234);
	uint32_t cr0, top = 16u << 20, a, ok;
	const struct mb_info *mb = (const struct mb_info *)(uintptr_t)info_gpa;
	unsigned int i;

	if (vp != 0)
		park();
	if (mb->flags & MB_INFO_MEM)
		top = (1024 + mb->mem_upper) * 1024;
	load_idt();
	for (i = 0; i < 512; i++)
		pd0[i] = (uint64_t)i << 21 | PTE_PS | PTE_RW | PTE_P;
	pd1[0] = ALIAS_PA | PTE_PS | PTE_RW | PTE_P;
	pdpt[0] = (uint32_t)(uintptr_t)pd0 | PTE_P;
	pdpt[1] = (uint32_t)(uintptr_t)pd1 | PTE_P;
	pdpt[2] = 0;
	pdpt[3] = (uint32_t)(uintptr_t)pd1 | PTE_P | 1ull << 7;	/* reserved in a PDPTE */
	asm volatile("mov %0, %%cr3" : : "r"((uint32_t)(uintptr_t)pdpt) : "memory");
	asm volatile("mov %0, %%cr4" : : "r"(read_cr4() | CR4_PAE) : "memory");
	cr0 = read_cr0();
	pr("pae32: CR0 0x%x CR4 0x%x, RAM top 0x%x\n", cr0, read_cr4(), top);

	check(write_cr0_faults(cr0 | CR0_PG | CR0_NE), "PDPTE with a reserved bit: #GP", faults);
	check(!(read_cr0() & CR0_PG), "paging still off after the refused MOV", read_cr0());
	check(write_cr0_faults((cr0 | CR0_NW | CR0_NE) & ~CR0_CD), "CR0.NW without CD: #GP",
	      faults);
	check(!(read_cr0() & CR0_NW), "NW still clear", read_cr0());

	pdpt[3] = 0;
	check(!write_cr0_faults(cr0 | CR0_PG | CR0_NE), "PAE paging on", faults);
	/* Here only if the PDPTEs in use are ours: every fetch goes through them. */
	check((read_cr0() & (CR0_PG | CR0_NE)) == (CR0_PG | CR0_NE), "CR0 reads PG and NE",
	      read_cr0());
	*ident = 0x5a5a1234;
	check(*alias == 0x5a5a1234, "alias at 1 GiB sees 6 MiB", *alias);
	*alias = 0xa5a54321;
	check(*ident == 0xa5a54321, "6 MiB sees the alias's write", *ident);
	/* Every 4 KiB page from 4 MiB to the top of RAM, through the identity map. */
	ok = 1;
	for (a = 4u << 20; a < top; a += 4096) {
		*(volatile uint32_t *)(uintptr_t)a = a ^ 0x3c3c3c3c;
		ok &= *(volatile uint32_t *)(uintptr_t)a == (a ^ 0x3c3c3c3c);
	}
	check(ok, "RAM above 4 MiB through paging", top);
	pr("pae32: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
