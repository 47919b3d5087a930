// SPDX-License-Identifier: GPL-2.0
/*
 * lapic: guest of the child local APIC (xAPIC at 0xfee00000); built as
 * ELF32 multiboot (lapic.elf: paging off, the compiler's moffs forms) and
 * as ELF64 (lapic64.elf: 4-level paging, the APIC mapped by the guest).
 *
 * VP 0 checks CPUID and IA32_APIC_BASE (x2APIC and another base: #GP),
 * the ID and version registers, then with its own IDT: a self-IPI, TPR
 * masking, EOI order and PPR with a vector kept in service, the LVT timer
 * one-shot (fires once), periodic (re-arms), masked (never fires) and
 * TSC-deadline (not before the deadline), HLT until the timer (and that it
 * woke for it), software disable, and garbage: reserved offsets (ESR
 * "illegal register address"), reserved ICR modes, narrow and misaligned
 * accesses. With more VPs ("vps=N" on the command line, as --vcpus) it
 * sends fixed IPIs (physical, logical, all-but-self, all) and an NMI to
 * VP 1, which waits in HLT, then starts it again with INIT-SIPI-SIPI in
 * real mode at 0x9000 (a SIPI without INIT and the second SIPI must do
 * nothing). Lines: "lapic: PASS|FAIL what", then
 * "lapic: done, P passed, F failed" (exit 0 if F = 0).
 *
 * "bad=1": an XCHG with the EOI register, which the hypervisor does not
 * decode; "bad=2": a jump into the APIC page. Both must crash the
 * partition (memory, at the APIC address), nothing else.
 *
 * "storm=1": no checks, but a periodic timer with count 1, garbage ICR
 * and reserved-register writes and (with more VPs) an IPI to the others
 * each round, forever, printing "lapic: storm N" now and
 * then: the root must stay responsive and stop it.
 */
#include "lib.h"

#define APIC_BASE_GPA	0xfee00000u
#define MSR_APIC_BASE	0x1b
#define MSR_TSC_DEADLINE 0x6e0
#define APIC_ID		0x20
#define APIC_LVR	0x30
#define APIC_TPR	0x80
#define APIC_PPR	0xa0
#define APIC_EOI	0xb0
#define APIC_LDR	0xd0
#define APIC_DFR	0xe0
#define APIC_SVR	0xf0
#define APIC_ISR	0x100
#define APIC_IRR	0x200
#define APIC_ESR	0x280
#define APIC_ICR	0x300
#define APIC_ICR2	0x310
#define APIC_LVTT	0x320
#define APIC_LVTERR	0x370
#define APIC_TMICT	0x380
#define APIC_TMCCT	0x390
#define APIC_TDCR	0x3e0
#define LVT_MASKED	(1u << 16)
#define LVT_PERIODIC	(1u << 17)
#define LVT_DEADLINE	(2u << 17)
#define ICR_SELF	(1u << 18)
#define ICR_ALL		(2u << 18)
#define ICR_OTHERS	(3u << 18)
#define ICR_LOGICAL	(1u << 11)
#define ICR_NMI		(4u << 8)
#define ESR_ILLREG	0x80
#define ESR_SENDILL	0x20
#define WAIT		400000000ull	/* TSC ticks a check waits at most (other VPs may share the CPU) */

static volatile uint32_t *const apic = (volatile uint32_t *)(uintptr_t)APIC_BASE_GPA;

static uint32_t rd(uint32_t off)
{
	return apic[off / 4];
}

static void wr(uint32_t off, uint32_t v)
{
	apic[off / 4] = v;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static unsigned int passed, failed;
static volatile int faults;

static void check(bool ok, const char *what, uint64_t got)
{
	if (ok) {
		passed++;
		pr("lapic: PASS %s\n", what);
	} else {
		failed++;
		pr("lapic: FAIL %s got 0x%llx\n", what, (unsigned long long)got);
	}
}

/* ---- interrupts ---- */

static volatile uint32_t hits[MAX_VPS][256], nmis[MAX_VPS];
static volatile uint64_t hit_tsc[256];
static volatile uint8_t order[16];
static volatile uint32_t n_order, no_eoi_vector;

void irq_c(uint32_t vector);
void irq_c(uint32_t vector)
{
	uint32_t vp = rd(APIC_ID) >> 24;

	if (vp >= MAX_VPS)
		vp = 0;
	hits[vp][vector & 255]++;
	if (vp == 0) {
		hit_tsc[vector & 255] = rdtsc();
		if (n_order < sizeof(order))
			order[n_order++] = vector;
	}
	if (vector != no_eoi_vector)
		wr(APIC_EOI, 0);
}

void nmi_c(void);
void nmi_c(void)
{
	uint32_t vp = rd(APIC_ID) >> 24;

	nmis[vp < MAX_VPS ? vp : 0]++;
}

#ifdef __x86_64__
#define SAVE	"push %rax\npush %rcx\npush %rdx\npush %rsi\npush %rdi\n" \
		"push %r8\npush %r9\npush %r10\npush %r11\n"
#define RESTORE	"pop %r11\npop %r10\npop %r9\npop %r8\npop %rdi\n" \
		"pop %rsi\npop %rdx\npop %rcx\npop %rax\niretq\n"
#define VEC_STUB(v)							\
	asm(".globl irq" #v "\nirq" #v ":\n" SAVE			\
	    "mov $" #v ", %edi\ncall irq_c\n" RESTORE)
asm(".globl nmi_entry\nnmi_entry:\n" SAVE "call nmi_c\n" RESTORE);
asm(".globl gp_entry\n"
    "gp_entry:\n"
    "	add $8, %rsp\n"
    "	lock incl faults(%rip)\n"
    "	add %rdi, (%rsp)\n"
    "	iretq\n");

struct idt_gate {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, zero;
} __attribute__((packed));
#define CODE_SEL	0x18
#else
#define VEC_STUB(v)							\
	asm(".globl irq" #v "\nirq" #v ":\n"				\
	    "pushal\npushl $" #v "\ncall irq_c\naddl $4, %esp\npopal\niret\n")
asm(".globl nmi_entry\nnmi_entry:\npushal\ncall nmi_c\npopal\niret\n");
asm(".globl gp_entry\n"
    "gp_entry:\n"
    "	add $4, %esp\n"
    "	lock incl faults\n"
    "	add %edi, (%esp)\n"
    "	iret\n");

struct idt_gate {
	uint16_t off0, sel;
	uint8_t zero, type;
	uint16_t off1;
} __attribute__((packed));
#define CODE_SEL	0x08
#endif

/* One stub per vector the checks use; every other vector counts as 0xff. */
#define VECTORS(X) X(0x40) X(0x41) X(0x42) X(0x43) X(0x45) X(0x51) X(0x52) X(0x53) \
		   X(0x54) X(0x60) X(0x65) X(0x70) X(0x80) X(0xfe) X(0xff)
#define DECL(v) void irq##v(void); VEC_STUB(v);
VECTORS(DECL)
void nmi_entry(void);
void gp_entry(void);

static struct idt_gate idt[256] __attribute__((aligned(16)));

static void gate(unsigned int v, void (*fn)(void))
{
	uint64_t h = (uint64_t)(uintptr_t)fn;

	idt[v] = (struct idt_gate){ .off0 = h, .sel = CODE_SEL, .type = 0x8e, .off1 = h >> 16 };
#ifdef __x86_64__
	idt[v].off2 = h >> 32;
#endif
}

static void build_idt(void)
{
	unsigned int v;

	for (v = 32; v < 256; v++)
		gate(v, irq0xff);
#define GATE(v) gate(v, irq##v);
	VECTORS(GATE)
	gate(2, nmi_entry);
	gate(13, gp_entry);
}

static void load_idt(void)
{
	struct { uint16_t limit; uintptr_t base; } __attribute__((packed)) d;

	d.limit = sizeof(idt) - 1;
	d.base = (uintptr_t)idt;
	asm volatile("lidt %0" : : "m"(d));
}

static int wrmsr_faults(uint32_t msr, uint64_t v)
{
	int before = faults;

	asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)),
		     "D"(2ul) : "memory");
	return faults != before;
}

#ifdef __x86_64__
/* The loader maps RAM only: map the APIC page (2 MiB, uncached) ourselves. */
static uint64_t apic_pd[512] __attribute__((aligned(4096)));

static void map_apic(void)
{
	uint64_t cr3, *pml4, *pdpt;

	asm volatile("mov %%cr3, %0" : "=r"(cr3));
	pml4 = (uint64_t *)(uintptr_t)(cr3 & ~0xfffull);
	pdpt = (uint64_t *)(uintptr_t)(pml4[0] & 0x000ffffffffff000ull);
	apic_pd[(APIC_BASE_GPA >> 21) & 511] = APIC_BASE_GPA | 0x9b;	/* P RW PWT PCD PS */
	if (!(pdpt[3] & 1))
		pdpt[3] = (uint64_t)(uintptr_t)apic_pd | 3;
	asm volatile("mov %0, %%cr3" : : "r"(cr3) : "memory");
}
#else
static void map_apic(void)
{
}
#endif

/* Wait until @p reaches @want or WAIT ticks pass; interrupts as they are. */
static bool wait_for(volatile uint32_t *p, uint32_t want)
{
	uint64_t t0 = rdtsc();

	while (*p < want)
		if (rdtsc() - t0 > WAIT)
			return false;
	return true;
}

static bool wait_for16(volatile uint16_t *p, uint16_t want)
{
	uint64_t t0 = rdtsc();

	while (*p != want)
		if (rdtsc() - t0 > WAIT)
			return false;
	return true;
}

static void spin(uint64_t ticks)
{
	uint64_t t0 = rdtsc();

	while (rdtsc() - t0 < ticks)
		cpu_pause();
}

static void sti(void)
{
	asm volatile("sti; nop" ::: "memory");
}

static void cli(void)
{
	asm volatile("cli" ::: "memory");
}

static uint32_t esr(void)
{
	wr(APIC_ESR, 0);
	return rd(APIC_ESR);
}

static void check_base(void)
{
	struct cpuid_regs r = cpuid(1);
	uint64_t base = rdmsr(MSR_APIC_BASE);

	check(r.edx & (1u << 9), "CPUID: APIC", r.edx);
	check(!(r.ecx & (1u << 21)), "CPUID: no x2APIC", r.ecx);
	check(r.ecx & (1u << 24), "CPUID: TSC-deadline timer", r.ecx);
	check((r.ebx >> 24) == 0, "CPUID: initial APIC ID 0", r.ebx);
	check(base == 0xfee00900ull, "APIC_BASE: enabled, BSP, 0xfee00000", base);
	check(wrmsr_faults(MSR_APIC_BASE, base | (1u << 10)), "APIC_BASE x2APIC enable: #GP", 0);
	check(wrmsr_faults(MSR_APIC_BASE, 0xfec00900ull), "APIC_BASE elsewhere: #GP", 0);
	check(wrmsr_faults(MSR_APIC_BASE, base | 1), "APIC_BASE reserved bit: #GP", 0);
	check(!wrmsr_faults(MSR_APIC_BASE, base), "APIC_BASE rewritten: taken", 0);
	check(rdmsr(MSR_APIC_BASE) == base, "APIC_BASE unchanged", rdmsr(MSR_APIC_BASE));
	check(rd(APIC_ID) == 0, "ID 0", rd(APIC_ID));
	check(rd(APIC_LVR) == 0x50014, "version 0x14, max LVT 5", rd(APIC_LVR));
	check(rd(APIC_SVR) == 0xff, "SVR at reset", rd(APIC_SVR));
	check(rd(APIC_LVTT) == LVT_MASKED, "LVT timer masked at reset", rd(APIC_LVTT));
}

static void check_ipi_self(void)
{
	uint32_t h;

	wr(APIC_SVR, 0x1ff);
	wr(APIC_TPR, 0);
	sti();
	wr(APIC_ICR, ICR_SELF | 0x40);
	check(hits[0][0x40] == 1, "self-IPI taken at once", hits[0][0x40]);
	check(rd(APIC_ISR + 0x20) == 0 && rd(APIC_IRR + 0x20) == 0, "self-IPI EOIed",
	      rd(APIC_ISR + 0x20));
	/* TPR of a higher class holds it back; lowering TPR lets it in. */
	wr(APIC_TPR, 0x50);
	wr(APIC_ICR, ICR_SELF | 0x45);
	h = hits[0][0x45];
	check(h == 0 && (rd(APIC_IRR + 0x20) & (1u << 5)), "TPR 0x50 masks vector 0x45", h);
	check(rd(APIC_PPR) == 0x50, "PPR follows TPR", rd(APIC_PPR));
#ifdef __x86_64__
	{
		uint64_t cr8;

		asm volatile("mov %%cr8, %0" : "=r"(cr8));
		check(cr8 == 5, "CR8 is TPR[7:4]", cr8);
		asm volatile("mov %0, %%cr8" : : "r"(0ull) : "memory");
	}
#else
	wr(APIC_TPR, 0);
#endif
	check(hits[0][0x45] == 1, "lower TPR: vector 0x45 taken", hits[0][0x45]);
	/* ESR: an illegal vector is refused and logged. */
	esr();
	wr(APIC_ICR, ICR_SELF | 3);
	check(esr() == ESR_SENDILL, "self-IPI vector 3: ESR send illegal vector", 0);
}

static void check_eoi_order(void)
{
	uint32_t i;

	cli();
	n_order = 0;
	wr(APIC_ICR, ICR_SELF | 0x60);
	wr(APIC_ICR, ICR_SELF | 0x80);
	check(n_order == 0, "nothing delivered with interrupts off", n_order);
	sti();
	check(n_order == 2 && order[0] == 0x80 && order[1] == 0x60, "highest vector first",
	      n_order ? order[0] : 0);
	/* 0x70 stays in service: 0x65 (lower class) waits for its EOI, 0x80 does not. */
	no_eoi_vector = 0x70;
	wr(APIC_ICR, ICR_SELF | 0x70);
	check(hits[0][0x70] == 1 && (rd(APIC_ISR + 0x30) & (1u << 16)), "0x70 in service",
	      rd(APIC_ISR + 0x30));
	check(rd(APIC_PPR) == 0x70, "PPR is the in-service class", rd(APIC_PPR));
	wr(APIC_ICR, ICR_SELF | 0x65);
	check(hits[0][0x65] == 0, "0x65 waits below 0x70 in service", hits[0][0x65]);
	wr(APIC_ICR, ICR_SELF | 0x80);
	check(hits[0][0x80] == 2, "0x80 above 0x70 in service is taken", hits[0][0x80]);
	no_eoi_vector = 0;
	wr(APIC_EOI, 0);
	check(hits[0][0x65] == 1, "EOI of 0x70 lets 0x65 in", hits[0][0x65]);
	for (i = 0; i < 8; i++)
		if (rd(APIC_ISR + i * 0x10))
			break;
	check(i == 8, "nothing left in service", i);
}

static void check_timer(void)
{
	uint64_t t0, dl;
	uint32_t c;

	/* One-shot: once. */
	wr(APIC_TDCR, 0xb);		/* divide by 1 */
	wr(APIC_LVTT, 0x41);
	t0 = rdtsc();
	wr(APIC_TMICT, 200000);
	c = rd(APIC_TMCCT);
	check(c > 0 && c <= 200000, "one-shot counts down", c);
	check(wait_for(&hits[0][0x41], 1), "one-shot fires", hits[0][0x41]);
	check(hit_tsc[0x41] - t0 >= 200000, "one-shot not early", hit_tsc[0x41] - t0);
	spin(600000);
	check(hits[0][0x41] == 1, "one-shot fires once", hits[0][0x41]);
	check(rd(APIC_TMCCT) == 0, "one-shot count ends at 0", rd(APIC_TMCCT));

	/* Periodic: re-arms until the count is cleared. */
	wr(APIC_LVTT, LVT_PERIODIC | 0x42);
	wr(APIC_TDCR, 0x0);		/* divide by 2 */
	wr(APIC_TMICT, 50000);
	check(wait_for(&hits[0][0x42], 5), "periodic fires 5 times", hits[0][0x42]);
	wr(APIC_TMICT, 0);
	c = hits[0][0x42];
	spin(400000);
	check(hits[0][0x42] == c, "periodic stops with count 0", hits[0][0x42] - c);

	/* Masked: counts, never interrupts. */
	wr(APIC_LVTT, LVT_MASKED | 0x41);
	wr(APIC_TDCR, 0xb);
	wr(APIC_TMICT, 100000);
	spin(300000);
	wr(APIC_LVTT, 0x41);
	spin(100000);
	check(hits[0][0x41] == 1, "masked one-shot never fires", hits[0][0x41]);

	/* TSC deadline. */
	wr(APIC_LVTT, LVT_DEADLINE | 0x43);
	dl = rdtsc() + 300000;
	wrmsr(MSR_TSC_DEADLINE, dl);
	check(rdmsr(MSR_TSC_DEADLINE) == dl, "TSC_DEADLINE reads back", rdmsr(MSR_TSC_DEADLINE));
	check(wait_for(&hits[0][0x43], 1), "TSC deadline fires", hits[0][0x43]);
	check(hit_tsc[0x43] >= dl, "TSC deadline not early", dl - hit_tsc[0x43]);
	check(rdmsr(MSR_TSC_DEADLINE) == 0, "TSC deadline disarmed", rdmsr(MSR_TSC_DEADLINE));
	wrmsr(MSR_TSC_DEADLINE, rdtsc() + 100000);
	wrmsr(MSR_TSC_DEADLINE, 0);
	spin(300000);
	check(hits[0][0x43] == 1, "TSC deadline 0 disarms", hits[0][0x43]);

	/* HLT until the timer: the VP sleeps in the root and wakes for it. */
	wr(APIC_LVTT, 0x41);
	t0 = rdtsc();
	wr(APIC_TMICT, 2000000);
	asm volatile("sti; hlt" ::: "memory");
	check(hits[0][0x41] == 2, "HLT woke for the timer", hits[0][0x41]);
	check(rdtsc() - t0 >= 2000000, "HLT slept until the timer", rdtsc() - t0);
	/* Periodic wakes HLT again and again. */
	wr(APIC_LVTT, LVT_PERIODIC | 0x42);
	c = hits[0][0x42];
	wr(APIC_TMICT, 300000);
	asm volatile("sti; hlt; hlt; hlt" ::: "memory");
	wr(APIC_TMICT, 0);
	check(hits[0][0x42] >= c + 3, "periodic wakes three HLTs", hits[0][0x42] - c);
}

static void check_garbage(void)
{
	static const uint32_t bad[] = { 0x0, 0x10, 0x40, 0x70, 0xc4, 0x2f0, 0x3a0, 0x3f0, 0x400,
					0x800, 0xff0 };
	volatile uint8_t *b = (volatile uint8_t *)apic;
	uint32_t i, v, before = hits[0][0xff], tpr;

	esr();
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		wr(bad[i], 0xffffffff);
		v = esr();
		if (v != ESR_ILLREG)
			break;
		v = rd(bad[i]);
		if (v != 0 || esr() != ESR_ILLREG)
			break;
	}
	check(i == sizeof(bad) / sizeof(bad[0]), "reserved offsets: ESR illegal register, read 0",
	      i < sizeof(bad) / sizeof(bad[0]) ? bad[i] : 0);
	/* Read-only registers keep their values; reserved bits are dropped. */
	wr(APIC_LVR, 0);
	wr(APIC_PPR, 0xff);
	check(rd(APIC_LVR) == 0x50014 && rd(APIC_PPR) == 0, "read-only registers ignore writes",
	      rd(APIC_LVR));
	wr(APIC_TPR, 0xffffff10);
	tpr = rd(APIC_TPR);
	check(tpr == 0x10, "TPR reserved bits dropped", tpr);
	wr(APIC_TPR, 0);
	/* Reserved ICR modes and NMI to self: nothing delivered, nothing crashes. */
	wr(APIC_ICR, ICR_SELF | (2u << 8) | 0x40);	/* SMI */
	wr(APIC_ICR, (3u << 8) | 0x40);			/* remote read */
	wr(APIC_ICR, (7u << 8) | 0x40);			/* ExtINT */
	wr(APIC_ICR, ICR_SELF | ICR_NMI);
	wr(APIC_ICR2, 7u << 24);
	wr(APIC_ICR, (5u << 8) | (1u << 14));		/* INIT to nobody */
	wr(APIC_ICR, (6u << 8) | 0x10);			/* SIPI to nobody */
	wr(APIC_ICR, 0x51);				/* fixed to nobody */
	check(hits[0][0x40] == 1 && nmis[0] == 0 && hits[0][0x51] == 0,
	      "reserved ICR modes deliver nothing", nmis[0]);
	/* Narrow and misaligned accesses: byte reads see the register's bytes. */
	wr(APIC_TPR, 0x20);
	check(b[APIC_LVR + 2] == 5 && b[APIC_TPR] == 0x20, "byte reads", b[APIC_LVR + 2]);
	b[APIC_TPR] = 0x30;				/* a byte write: dropped */
	check(rd(APIC_TPR) == 0x20, "byte write dropped", rd(APIC_TPR));
	wr(APIC_TPR, 0);
	/* Software disable masks every LVT entry, for good. */
	wr(APIC_LVTT, 0x41);
	wr(APIC_SVR, 0xff);
	check(rd(APIC_LVTT) == (LVT_MASKED | 0x41), "SVR disable masks the timer", rd(APIC_LVTT));
	wr(APIC_LVTT, 0x41);
	check(rd(APIC_LVTT) & LVT_MASKED, "no unmasking while disabled", rd(APIC_LVTT));
	wr(APIC_SVR, 0x1ff);
	check(hits[0][0xff] == before, "no stray interrupts", hits[0][0xff] - before);
}

static volatile uint32_t vp_ready[MAX_VPS], vp_stop, setup_done;

static void secondary(uint32_t vp)
{
	while (!setup_done)
		cpu_pause();
	load_idt();
	wr(APIC_SVR, 0x1ff);
	wr(APIC_LDR, (1u << vp) << 24);		/* flat model: bit vp */
	vp_ready[vp] = 1;
	while (!vp_stop)
		asm volatile("sti; hlt" ::: "memory");
	halt_forever();
}

static void check_ipis(uint32_t vps)
{
	if (vps < 2)
		return;
	check(wait_for(&vp_ready[1], 1), "VP 1 is up", 0);
	spin(200000);			/* VP 1 halts */
	wr(APIC_ICR2, 1u << 24);
	wr(APIC_ICR, 0x51);
	check(wait_for(&hits[1][0x51], 1), "fixed IPI wakes VP 1 from HLT", hits[1][0x51]);
	wr(APIC_ICR2, 1u << 24);
	wr(APIC_ICR, ICR_NMI);
	check(wait_for(&nmis[1], 1), "NMI to VP 1", nmis[1]);
	wr(APIC_ICR2, 2u << 24);
	wr(APIC_ICR, ICR_LOGICAL | 0x53);
	check(wait_for(&hits[1][0x53], 1), "logical IPI to VP 1", hits[1][0x53]);
	wr(APIC_ICR, ICR_OTHERS | 0x52);
	check(wait_for(&hits[1][0x52], 1) && hits[0][0x52] == 0, "all-but-self IPI",
	      hits[0][0x52]);
	wr(APIC_ICR, ICR_ALL | 0x54);
	check(wait_for(&hits[1][0x54], 1) && hits[0][0x54] == 1, "all-including-self IPI",
	      hits[0][0x54]);
	check(nmis[0] == 0, "no NMI on VP 0", nmis[0]);
	vp_stop = 1;
	wr(APIC_ICR, ICR_OTHERS | 0x51);
}

/*
 * Real-mode code for SIPI: at 0x9000 it stores CS and a marker, at 0xa000
 * (where no SIPI may start it) another marker; then cli; hlt.
 */
#define TRAMP_CS	0x9f00
#define TRAMP_OK	0x9f02
#define TRAMP_BAD	0x9f04
extern const uint8_t tramp_ok[], tramp_ok_end[], tramp_bad[], tramp_bad_end[];
asm(".pushsection .text\n"
    ".code16\n"
    "tramp_ok:\n"
    "	movw %cs, %ax\n"
    "	movw %ax, 0x9f00\n"
    "	movw $0x5a5a, 0x9f02\n"
    "1:	cli\n"
    "	hlt\n"
    "	jmp 1b\n"
    "tramp_ok_end:\n"
    "tramp_bad:\n"
    "	movw $0x0bad, 0x9f04\n"
    "2:	cli\n"
    "	hlt\n"
    "	jmp 2b\n"
    "tramp_bad_end:\n"
#ifdef __x86_64__
    ".code64\n"
#else
    ".code32\n"
#endif
    ".popsection\n");

static void send(uint32_t dest, uint32_t icr)
{
	wr(APIC_ICR2, dest << 24);
	wr(APIC_ICR, icr);
}

static void check_sipi(uint32_t vps)
{
	volatile uint16_t *cs = (volatile uint16_t *)TRAMP_CS;
	volatile uint16_t *ok = (volatile uint16_t *)TRAMP_OK;
	volatile uint16_t *bad = (volatile uint16_t *)TRAMP_BAD;

	if (vps < 2)
		return;
	memcpy((void *)0x9000, tramp_ok, tramp_ok_end - tramp_ok);
	memcpy((void *)0xa000, tramp_bad, tramp_bad_end - tramp_bad);
	*cs = 0;
	*ok = 0;
	*bad = 0;
	send(1, (6u << 8) | 0x0a);		/* SIPI, no INIT: ignored */
	spin(300000);
	check(*bad == 0, "SIPI without INIT ignored", *bad);
	send(1, (5u << 8) | (1u << 14) | (1u << 15));	/* INIT, level assert */
	send(1, (5u << 8) | (1u << 15));		/* de-assert: nothing */
	send(1, (6u << 8) | 0x09);		/* SIPI: start at 0x9000 */
	check(wait_for16(ok, 0x5a5a), "INIT-SIPI starts VP 1 in real mode", *ok);
	check(*cs == 0x0900, "VP 1 started at CS 0x0900", *cs);
	send(1, (6u << 8) | 0x0a);		/* the second SIPI: ignored */
	spin(300000);
	check(*bad == 0, "second SIPI ignored", *bad);
}

static void __attribute__((noreturn)) storm(uint32_t vps)
{
	uint32_t next = 1000;

	pr("lapic: storm start\n");
	wr(APIC_LVTT, LVT_PERIODIC | 0x42);
	wr(APIC_TDCR, 0xb);
	wr(APIC_TMICT, 1);
	sti();
	for (;;) {
		if (hits[0][0x42] >= next) {
			pr("lapic: storm %u\n", hits[0][0x42]);
			next *= 2;
		}
		/* Garbage while it rains, and IPIs to the other VPs. */
		wr(APIC_ICR, (7u << 8) | 0x40);
		wr(0x3f0, 0xffffffff);
		if (vps > 1)
			wr(APIC_ICR, ICR_OTHERS | 0x51);
	}
}

/* 32-bit: (magic, info, vp) from crt0_32.S; 64-bit: (info, vp index, vp) from crt0_64.S. */
int main(uintptr_t a0, uintptr_t a1, uint32_t vp)
{
#ifdef __x86_64__
	const char *cmdline = mb_cmdline((const struct mb_info *)a0);
#else
	const char *cmdline = mb_cmdline((const struct mb_info *)a1);
#endif
	uint32_t vps = cmdline_u32(cmdline, "vps", 1);

	if (vp) {
		secondary(vp);
		return 0;
	}
#ifdef __x86_64__
	pr("lapic: start, 64-bit, %u VPs\n", vps);
#else
	pr("lapic: start, 32-bit, %u VPs\n", vps);
#endif
	map_apic();
	build_idt();
	load_idt();
	setup_done = 1;
	if (cmdline_u32(cmdline, "bad", 0) == 1) {
		uint32_t x = 0;

		asm volatile("xchgl %0, (%1)" : "+r"(x) : "r"(&apic[APIC_EOI / 4]) : "memory");
		pr("lapic: FAIL survived an XCHG with the APIC\n");
		return 1;
	}
	if (cmdline_u32(cmdline, "bad", 0) == 2) {
		((void (*)(void))(uintptr_t)APIC_BASE_GPA)();
		pr("lapic: FAIL survived a jump into the APIC page\n");
		return 1;
	}
	if (cmdline_u32(cmdline, "storm", 0)) {
		wr(APIC_SVR, 0x1ff);
		storm(vps);
	}
	check_base();
	check_ipi_self();
	check_eoi_order();
	check_timer();
	check_garbage();
	check_ipis(vps);
	check_sipi(vps);
	cli();
	pr("lapic: done, %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
