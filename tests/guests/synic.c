// SPDX-License-Identifier: GPL-2.0
/*
 * synic: guest of the child SynIC, driven by tests/tools/pv-synic; built
 * as ELF64 (synic.elf) and as ELF32 multiboot (synic32.elf), so that both
 * hypercall conventions are used.
 *
 * VP 0 checks the CPUID bits, feeds the SynIC MSRs garbage (each must
 * #GP, caught by its own IDT), makes HvPostMessage / HvSignalEvent calls
 * (an unknown connection: status 18; bad input: 3 or 5), then enables the
 * SynIC: message page, event-flags page, SINT2 = vector 0x52 (EOI by
 * HV_X64_MSR_EOI), SINT5 = vector 0xb5 with auto-EOI, SINT3 masked. It
 * prints "synic: ready" and takes what the root posts, in three phases:
 * interrupts off (the first message must only arrive after STI), spinning
 * with interrupts on, and halted (STI; HLT) until the root posts "done".
 * Other VPs halt with interrupts off (for the root's "no message page"
 * checks).
 *
 * Messages: type 1 data, printed; type 2 "hold": kept in its slot, so that
 * the root's next post finds it full, until event flag 7 of SINT2 comes;
 * then it is consumed and, as msg_pending is set, EOM written; type 3
 * "done": payload byte 0 = 1 asks to check the masked SINT3's slot
 * (type 5) and flag 9, which must be there without an interrupt. Lines:
 *   synic: PASS|FAIL <what>
 *   synic: message sint=S type=T size=N fnv=HASH head=HEX
 *   synic: event sint=S flag=F
 *   synic: holding slot 2 / synic: msg_pending set, EOM written
 *   synic: done, P passed, F failed       (exit 0 if F = 0)
 */
#include "lib.h"

#define HV_CPUID_FEATURES	0x40000003u
#define MSR_EOI			0x40000070u
#define MSR_SCONTROL		0x40000080u
#define MSR_SVERSION		0x40000081u
#define MSR_SIEFP		0x40000082u
#define MSR_SIMP		0x40000083u
#define MSR_EOM			0x40000084u
#define MSR_SINT(n)		(0x40000090u + (n))
#define SINT_MASKED		(1ull << 16)
#define SINT_AUTO_EOI		(1ull << 17)
#define VEC_SINT2		0x52
#define VEC_SINT3		0x53
#define VEC_SINT5		0xb5
#define HVCALL_POST_MESSAGE	0x005c
#define HVCALL_SIGNAL_EVENT	0x005d
#define HV_INVALID_CONNECTION	18
#define TYPE_DATA		1
#define TYPE_HOLD		2
#define TYPE_DONE		3
#define TYPE_MASKED		5
#define RELEASE_FLAG		7
#define WAIT			2000000000u

struct hv_message {
	uint32_t type;
	uint8_t size, flags;
	uint16_t reserved;
	uint64_t origin;
	uint8_t payload[240];
} __attribute__((packed));

struct post_input {
	uint32_t connection_id, reserved, type, size;
	uint8_t payload[240];
};

static struct hv_message simp[16] __attribute__((aligned(4096)));
#define FLAG_WORDS	(2048 / (8 * sizeof(unsigned long)))
#define WORD_BITS	(8 * sizeof(unsigned long))
static unsigned long siefp[16][FLAG_WORDS] __attribute__((aligned(4096)));
static struct post_input post_in __attribute__((aligned(4096)));
static uint64_t sig_in __attribute__((aligned(8)));

static unsigned int passed, failed;
static volatile int faults;

static void check(bool ok, const char *what, uint64_t got)
{
	if (ok) {
		passed++;
		pr("synic: PASS %s\n", what);
	} else {
		failed++;
		pr("synic: FAIL %s got 0x%llx\n", what, (unsigned long long)got);
	}
}

/* ---- what the interrupt handlers saw, printed by the main loop ---- */

enum { R_MSG = 1, R_EVENT, R_HOLD, R_EOM, R_UNEXPECTED };

struct rec {
	uint8_t kind, sint, size;
	uint32_t type, flag, fnv;
	uint8_t head[16];
};

#define NREC 64
static struct rec recs[NREC];
static volatile uint32_t rec_head, lost, n_msgs, n_irqs;
static uint32_t rec_tail;
static volatile int holding, released, done, done_arg;

static void add(const struct rec *r)
{
	if (rec_head - rec_tail >= NREC) {
		lost++;
		return;
	}
	recs[rec_head % NREC] = *r;
	asm volatile("" ::: "memory");
	rec_head++;
}

static uint32_t fnv(const uint8_t *p, unsigned int n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* Copy the message out, empty the slot, then EOM if the hypervisor asked (TLFS). */
static void consume(unsigned int sint)
{
	struct hv_message *m = &simp[sint];
	struct rec r = { .kind = R_MSG, .sint = sint };

	r.type = m->type;
	r.size = m->size > 240 ? 240 : m->size;
	r.fnv = fnv(m->payload, r.size);
	memcpy(r.head, m->payload, r.size < 16 ? r.size : 16);
	if (r.type == TYPE_DONE) {
		done_arg = m->payload[0];
		done = 1;
	}
	n_msgs++;
	add(&r);
	*(volatile uint32_t *)&m->type = 0;
	__sync_synchronize();	/* the type before msg_pending is read (TLFS) */
	if (*(volatile uint8_t *)&m->flags & 1) {
		struct rec e = { .kind = R_EOM, .sint = sint };

		add(&e);
		wrmsr(MSR_EOM, 0);
	}
}

/* Take every set flag of @sint (atomically, word by word). */
static int take_events(unsigned int sint)
{
	int release = 0;
	unsigned int w, b;

	for (w = 0; w < FLAG_WORDS; w++) {
		unsigned long x = 0;

		if (!*(volatile unsigned long *)&siefp[sint][w])
			continue;
		asm volatile("xchg %0, %1" : "+r"(x), "+m"(siefp[sint][w]) : : "memory");
		for (b = 0; b < WORD_BITS; b++) {
			struct rec r = { .kind = R_EVENT, .sint = sint, .flag = w * WORD_BITS + b };

			if (!(x & (1ul << b)))
				continue;
			add(&r);
			if (sint == 2 && r.flag == RELEASE_FLAG)
				release = 1;
		}
	}
	return release;
}

static void sint_handler(unsigned int sint)
{
	struct hv_message *m = &simp[sint];

	n_irqs++;
	if (take_events(sint) && holding && !released)
		released = 1;
	if (*(volatile uint32_t *)&m->type) {
		if (m->type == TYPE_HOLD && !released) {
			if (!holding) {
				struct rec r = { .kind = R_HOLD, .sint = sint };

				holding = 1;
				add(&r);
			}
		} else {
			consume(sint);
		}
	}
}

void sint2_c(void);
void sint2_c(void)
{
	sint_handler(2);
	wrmsr(MSR_EOI, 0);	/* SINT2 has no auto-EOI */
}

void sint5_c(void);
void sint5_c(void)
{
	sint_handler(5);	/* auto-EOI: no EOI */
}

void unexpected_c(void);
void unexpected_c(void)
{
	struct rec r = { .kind = R_UNEXPECTED };

	add(&r);
}

#ifdef __x86_64__
/* Interrupt stubs: 9 pushes keep the stack 16-byte aligned at the call. */
#define STUB(name, fn)							\
	asm(".globl " #name "\n" #name ":\n"				\
	    "push %rax\npush %rcx\npush %rdx\npush %rsi\npush %rdi\n"	\
	    "push %r8\npush %r9\npush %r10\npush %r11\n"		\
	    "call " #fn "\n"						\
	    "pop %r11\npop %r10\npop %r9\npop %r8\npop %rdi\n"		\
	    "pop %rsi\npop %rdx\npop %rcx\npop %rax\niretq\n")

/* #GP: count, skip the faulting instruction (its length in RDI). */
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
#define STUB(name, fn)							\
	asm(".globl " #name "\n" #name ":\n"				\
	    "pushal\ncall " #fn "\npopal\niret\n")

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

void sint2_entry(void);
void sint5_entry(void);
void unexpected_entry(void);
void gp_entry(void);
STUB(sint2_entry, sint2_c);
STUB(sint5_entry, sint5_c);
STUB(unexpected_entry, unexpected_c);

static struct idt_gate idt[256] __attribute__((aligned(16)));

static void gate(unsigned int v, void (*fn)(void))
{
	uint64_t h = (uint64_t)(uintptr_t)fn;

	idt[v] = (struct idt_gate){ .off0 = h, .sel = CODE_SEL, .type = 0x8e, .off1 = h >> 16 };
#ifdef __x86_64__
	idt[v].off2 = h >> 32;
#endif
}

static void load_idt(void)
{
	struct { uint16_t limit; uintptr_t base; } __attribute__((packed)) d;
	unsigned int v;

	for (v = 32; v < 256; v++)
		gate(v, unexpected_entry);
	gate(13, gp_entry);
	gate(VEC_SINT2, sint2_entry);
	gate(VEC_SINT5, sint5_entry);
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

static int rdmsr_faults(uint32_t msr)
{
	int before = faults;
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr), "D"(2ul) : "memory");
	(void)lo;
	(void)hi;
	return faults != before;
}

static uint16_t post(uint32_t conn, uint32_t type, uint32_t size, uint32_t reserved)
{
	post_in.connection_id = conn;
	post_in.reserved = reserved;
	post_in.type = type;
	post_in.size = size;
	memset(post_in.payload, 0x5a, sizeof(post_in.payload));
	return HV_STATUS(hv_call(HVCALL_POST_MESSAGE, (uint64_t)(uintptr_t)&post_in, 0));
}

static void garbage(void)
{
	uint64_t v;

	check(rdmsr(MSR_SVERSION) == 1, "SVERSION reads 1", rdmsr(MSR_SVERSION));
	check(wrmsr_faults(MSR_SVERSION, 1), "SVERSION write: #GP", faults);
	check(wrmsr_faults(MSR_SCONTROL, 2), "SCONTROL bit 1: #GP", faults);
	check(wrmsr_faults(MSR_SCONTROL, 1ull << 63), "SCONTROL bit 63: #GP", faults);
	check(wrmsr_faults(MSR_SINT(2), 0x0f), "SINT vector 15 unmasked: #GP", faults);
	check(wrmsr_faults(MSR_SINT(2), VEC_SINT2 | (1ull << 8)), "SINT bit 8: #GP", faults);
	check(wrmsr_faults(MSR_SINT(2), VEC_SINT2 | (1ull << 19)), "SINT bit 19: #GP", faults);
	check(wrmsr_faults(MSR_SINT(2), VEC_SINT2 | (1ull << 40)), "SINT bit 40: #GP", faults);
	check(!wrmsr_faults(MSR_SINT(2), 0x0f | SINT_MASKED), "SINT vector 15 masked: taken",
	      faults);
	check(!wrmsr_faults(MSR_SINT(2), SINT_MASKED), "SINT reset value: taken", faults);
	check(wrmsr_faults(MSR_SIMP, 0xE0000000ull | 1), "SIMP outside RAM: #GP", faults);
	check(wrmsr_faults(MSR_SIMP, (1ull << 33) | 1), "SIMP above 4 GiB: #GP", faults);
	check(wrmsr_faults(MSR_SIEFP, 0xE0000000ull | 1), "SIEFP outside RAM: #GP", faults);
	v = rdmsr(MSR_SIMP);
	check(v == 0, "SIMP unchanged by refused writes", v);
	check(!wrmsr_faults(MSR_SIMP, 0xE0000000ull), "SIMP outside RAM, disabled: taken", faults);
	wrmsr(MSR_SIMP, 0);
	check(rdmsr_faults(MSR_EOI), "EOI read: #GP", faults);
	check(wrmsr_faults(MSR_EOI, 1ull << 32), "EOI bit 32: #GP", faults);
	check(!wrmsr_faults(MSR_EOI, 0), "EOI with nothing in service: taken", faults);
	check(rdmsr(MSR_EOM) == 0, "EOM reads 0", rdmsr(MSR_EOM));
	check(!wrmsr_faults(MSR_EOM, 0), "EOM with nothing refused: taken", faults);

	check(post(0x1234, 1, 8, 0) == HV_INVALID_CONNECTION,
	      "PostMessage to an unknown connection: status 18", 0);
	check(post(0x1234, 1, 241, 0) == HV_INVALID_PARAMETER, "PostMessage size 241: status 5", 0);
	check(post(0x1234, 0, 8, 0) == HV_INVALID_PARAMETER, "PostMessage type 0: status 5", 0);
	check(post(0x1234, 0x80000001u, 8, 0) == HV_INVALID_PARAMETER,
	      "PostMessage hypervisor type: status 5", 0);
	check(post(0x1234, 1, 8, 1) == HV_INVALID_PARAMETER, "PostMessage reserved: status 5", 0);
	check(post(0x01001234, 1, 8, 0) == HV_INVALID_PARAMETER,
	      "PostMessage connection id bit 24: status 5", 0);
	check(HV_STATUS(hv_call(HVCALL_POST_MESSAGE, 0xE0000000ull, 0)) == HV_INVALID_PARAMETER,
	      "PostMessage input outside RAM: status 5", 0);
	check(HV_STATUS(hv_call(HVCALL_POST_MESSAGE, (uint64_t)(uintptr_t)&post_in + 4, 0)) ==
	      HV_INVALID_PARAMETER, "PostMessage input misaligned: status 5", 0);
	check(HV_STATUS(hv_call(HVCALL_POST_MESSAGE | HV_FAST, 0, 0)) == HV_INVALID_INPUT,
	      "PostMessage fast: status 3", 0);
	check(HV_STATUS(hv_call(HVCALL_SIGNAL_EVENT | HV_FAST, 0x2345 | (3ull << 32), 0)) ==
	      HV_INVALID_CONNECTION, "SignalEvent (fast) to an unknown connection: status 18", 0);
	sig_in = 0x2345 | (3ull << 32);
	check(HV_STATUS(hv_call(HVCALL_SIGNAL_EVENT, (uint64_t)(uintptr_t)&sig_in, 0)) ==
	      HV_INVALID_CONNECTION, "SignalEvent (page) to an unknown connection: status 18", 0);
	check(HV_STATUS(hv_call(HVCALL_SIGNAL_EVENT | HV_FAST, 0x2345 | (1ull << 48), 0)) ==
	      HV_INVALID_PARAMETER, "SignalEvent reserved: status 5", 0);
	check(HV_STATUS(hv_call(HVCALL_SIGNAL_EVENT | HV_FAST | HV_REP_COUNT(1), 0x2345, 0)) ==
	      HV_INVALID_INPUT, "SignalEvent rep count: status 3", 0);
}

static void print_hex(char *out, const uint8_t *p, unsigned int n)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * n] = 0;
}

/* Print what the handlers recorded. */
static void drain(void)
{
	char hex[33];

	while (rec_tail != rec_head) {
		const struct rec *r = &recs[rec_tail % NREC];

		switch (r->kind) {
		case R_MSG:
			print_hex(hex, r->head, r->size < 16 ? r->size : 16);
			pr("synic: message sint=%u type=%u size=%u fnv=%08x head=%s\n", r->sint,
			   r->type, r->size, r->fnv, hex);
			break;
		case R_EVENT:
			pr("synic: event sint=%u flag=%u\n", r->sint, r->flag);
			break;
		case R_HOLD:
			pr("synic: holding slot %u\n", r->sint);
			break;
		case R_EOM:
			pr("synic: msg_pending set, EOM written\n");
			break;
		default:
			failed++;
			pr("synic: FAIL unexpected interrupt\n");
		}
		rec_tail++;
	}
}

static void final_checks(void)
{
	uint64_t v;

	check(!lost, "no record lost", lost);
	if (done_arg == 1) {
		/* Masked: the message and flag are there, no interrupt came for them. */
		check(simp[3].type == TYPE_MASKED && simp[3].size == 4 &&
		      !memcmp(simp[3].payload, "mask", 4), "masked SINT3: message in its slot",
		      simp[3].type);
		check(siefp[3][0] == 1ul << 9, "masked SINT3: flag 9 set", siefp[3][0]);
	}
	v = rdmsr(MSR_SINT(2));
	check(v == VEC_SINT2, "SINT2 reads back", v);
}

#ifdef __x86_64__
int main(uint64_t rdi, uint64_t rsi, uint32_t vp)
#else
int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
#endif
{
	struct cpuid_regs r;
	uint32_t i;
	uint64_t v;

	if (vp != 0)
		halt_forever();
	pr("synic: start, %u-bit\n", (unsigned int)sizeof(long) * 8);
	load_idt();
	r = cpuid(HV_CPUID_FEATURES);
	check(r.eax & (1u << 2), "CPUID 0x40000003 EAX bit 2: SynIC", r.eax);
	check((r.ebx & 0x30) == 0x30, "CPUID 0x40000003 EBX: post messages, signal events",
	      r.ebx);
	/* A new VP, or one the root restarted: the SynIC is reset. */
	v = rdmsr(MSR_SCONTROL) | rdmsr(MSR_SIMP) | rdmsr(MSR_SIEFP);
	check(v == 0 && rdmsr(MSR_SINT(2)) == SINT_MASKED && rdmsr(MSR_SINT(15)) == SINT_MASKED,
	      "fresh SynIC: off, SINTs masked", v | rdmsr(MSR_SINT(2)));
	garbage();

	/* Set up: the pages start zeroed whatever they held. */
	memset(simp, 0xff, sizeof(simp));
	memset(siefp, 0xff, sizeof(siefp));
	wrmsr(MSR_SIMP, (uint64_t)(uintptr_t)simp | 1);
	wrmsr(MSR_SIEFP, (uint64_t)(uintptr_t)siefp | 1);
	check(simp[0].type == 0 && simp[15].type == 0 && siefp[15][FLAG_WORDS - 1] == 0,
	      "SIMP and SIEFP zeroed when enabled", simp[0].type);
	wrmsr(MSR_SINT(2), VEC_SINT2);
	wrmsr(MSR_SINT(5), VEC_SINT5 | SINT_AUTO_EOI);
	wrmsr(MSR_SINT(3), VEC_SINT3 | SINT_MASKED);
	wrmsr(MSR_SCONTROL, 1);

	/* Phase 1: interrupts off. The message lands, the interrupt waits for STI. */
	asm volatile("cli");
	pr("synic: ready, interrupts off\n");
	for (i = 0; i < WAIT && !*(volatile uint32_t *)&simp[2].type; i++)
		cpu_pause();
	check(simp[2].type && !n_irqs, "message in the slot, no interrupt with IF=0", n_irqs);
	/*
	 * A round trip to the root: the VP is entered again after the post
	 * has marked SINT2 pending (a few instructions after the slot), with
	 * IF=0, so the hypervisor must arm interrupt-window exiting. The
	 * interrupt then comes right after STI's shadow (the NOP), not at the
	 * next exit of any kind.
	 */
	outb(0x80, 0);
	asm volatile("sti; nop" ::: "memory");
	check(n_irqs == 1, "interrupt delivered right after STI", n_irqs);
	drain();

	/* Phase 2: spinning with interrupts on, no exits. */
	pr("synic: spinning\n");
	for (i = 0; i < WAIT && n_msgs < 2 && !done; i++)
		cpu_pause();
	check(n_msgs >= 2 || done, "message while spinning", n_msgs);
	drain();

	/* Phase 3: halted between interrupts. */
	pr("synic: halting\n");
	while (!done) {
		asm volatile("cli" ::: "memory");
		if (rec_tail == rec_head && !done)
			asm volatile("sti; hlt" ::: "memory");
		asm volatile("sti" ::: "memory");
		drain();
	}
	drain();
	final_checks();
	pr("synic: done, %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
