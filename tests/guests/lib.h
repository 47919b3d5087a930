/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers for partvisor's freestanding test guests: port I/O, the
 * COM1 console, the multiboot command line, VP index, hypercalls and exit.
 * Built for both i386 (ELF32 multiboot / flat) and x86-64 (ELF64) guests.
 */
#ifndef GUEST_LIB_H
#define GUEST_LIB_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define MB_BOOT_MAGIC		0x2BADB002u
#define MB_INFO_MEM		(1u << 0)
#define MB_INFO_CMDLINE		(1u << 2)

#define COM1			0x3f8
#define EXIT_PORT		0xf4

#define HV_MSR_VP_INDEX		0x40000002u
#define MAX_VPS			8
#define STACK_SIZE		16384

/* TLFS-style hypercall control word and status codes */
#define HV_FAST			(1ull << 16)
#define HV_REP_COUNT(n)		((uint64_t)(n) << 32)
#define HV_STATUS(r)		((uint16_t)((r) & 0xffff))
#define HV_SUCCESS		0
#define HV_INVALID_CODE		2
#define HV_INVALID_INPUT	3
#define HV_INVALID_PARAMETER	5
#define HV_ACCESS_DENIED	6

#define HVCALL_GET_VERSION	0x0f00

/* Calls only the root partition may make; a child gets HV_ACCESS_DENIED. */
extern const uint16_t hv_mgmt_codes[];
extern const unsigned int hv_n_mgmt_codes;

/* Multiboot v1 information structure (the part the guests use). */
struct mb_info {
	uint32_t flags;
	uint32_t mem_lower;	/* KiB below 1 MiB */
	uint32_t mem_upper;	/* KiB above 1 MiB */
	uint32_t boot_device;
	uint32_t cmdline;	/* GPA of a NUL-terminated string */
};

/* Linker-script symbols */
extern char __image_start[], _etext[], _end[];

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	asm volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
		     : "memory");
}

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf)
{
	struct cpuid_regs r;

	asm volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
		     : "a"(leaf), "c"(0));
	return r;
}

static inline void cpu_pause(void)
{
	asm volatile("pause" ::: "memory");
}

static inline uint32_t atomic_xadd(volatile uint32_t *p, uint32_t v)
{
	asm volatile("lock xaddl %0, %1" : "+r"(v), "+m"(*p) : : "memory");
	return v;
}

static inline uint32_t atomic_load(volatile uint32_t *p)
{
	return *p;
}

static inline uint32_t xorshift32(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

/* VP index from HV_X64_MSR_VP_INDEX. */
static inline uint32_t vp_index(void)
{
	return (uint32_t)rdmsr(HV_MSR_VP_INDEX);
}

/*
 * vmcall. Returns the 64-bit result value (status in bits 15:0).
 * 64-bit: RCX = control, RDX = input GPA, R8 = output GPA, result in RAX.
 * 32-bit: EDX:EAX = control, EBX:ECX = input GPA, EDI:ESI = output GPA,
 * result in EDX:EAX.
 */
static inline uint64_t hv_call(uint64_t control, uint64_t in_gpa, uint64_t out_gpa)
{
#ifdef __x86_64__
	register uint64_t r8 asm("r8") = out_gpa;
	uint64_t ret;

	asm volatile("vmcall" : "=a"(ret)
		     : "c"(control), "d"(in_gpa), "r"(r8) : "memory");
	return ret;
#else
	uint64_t ret = control;

	asm volatile("vmcall" : "+A"(ret)
		     : "b"((uint32_t)(in_gpa >> 32)), "c"((uint32_t)in_gpa),
		       "D"((uint32_t)(out_gpa >> 32)), "S"((uint32_t)out_gpa)
		     : "memory");
	return ret;
#endif
}

/* Console (COM1, polled); lines from different VPs do not interleave. */
void serial_putc(char c);
void serial_puts(const char *s);
/*
 * printf subset: %s %c %d %u %x (32-bit; %x prints 0x-less lowercase hex),
 * %08x-style zero padding/width for %x/%u, %llx (64-bit hex), %% .
 * Output of one call is written atomically with respect to other VPs.
 */
void pr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Where pr() output goes instead of COM1 while set and it returns true
 * (a VMBus console channel, vsc.c); COM1 when it returns false.
 */
extern bool (*console_sink)(const char *s, size_t n);

/* Multiboot helpers */
const char *mb_cmdline(const struct mb_info *info);	/* "" if none */
/*
 * Find "key=value" in a space-separated command line. Returns a pointer to
 * value (terminated by space or NUL) and its length in *len, or NULL.
 */
const char *cmdline_find(const char *cmdline, const char *key, size_t *len);
/* Numeric value of key (decimal or 0x hex), or def if absent/invalid. */
uint32_t cmdline_u32(const char *cmdline, const char *key, uint32_t def);

size_t str_len(const char *s);
void mem_set(void *d, int c, size_t n);
/* Our own versions (gcc may also emit calls to these). */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* Stop the partition with exit code via port 0xf4; never returns. */
void __attribute__((noreturn)) guest_exit(uint8_t code);
/* Wait forever (cli; hlt); never returns. */
void __attribute__((noreturn)) halt_forever(void);
/* Spin forever on pause (for secondary VPs). */
void __attribute__((noreturn)) park(void);

#endif
