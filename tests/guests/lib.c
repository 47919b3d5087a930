// SPDX-License-Identifier: GPL-2.0
/*
 * Shared helpers for partvisor's freestanding test guests.
 */
#include "lib.h"

const uint16_t hv_mgmt_codes[] = {
	0x0040, 0x0041, 0x0042, 0x0043, 0x0048, 0x0049, 0x004b, 0x004c,
	0x004e, 0x0050, 0x0051, 0x00c0, 0x00c1, 0x00c2, 0x0f01, 0x0f02,
};
const unsigned int hv_n_mgmt_codes = sizeof(hv_mgmt_codes) / sizeof(hv_mgmt_codes[0]);

/* In .data, not .bss: a flat image carries it, so it starts at 0 for sure. */
static volatile uint32_t console_lock __attribute__((section(".data")));

/* gcc may emit calls to these even when freestanding. */
void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if (dp < sp) {
		while (n--)
			*dp++ = *sp++;
	} else {
		while (n--)
			dp[n] = sp[n];
	}
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void mem_set(void *d, int c, size_t n)
{
	memset(d, c, n);
}

size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void lock_console(void)
{
	uint32_t v;

	for (;;) {
		v = 1;
		asm volatile("xchgl %0, %1" : "+r"(v), "+m"(console_lock) : : "memory");
		if (!v)
			return;
		while (console_lock)
			cpu_pause();
	}
}

static void unlock_console(void)
{
	asm volatile("" ::: "memory");
	console_lock = 0;
}

static void uart_putc(char c)
{
	unsigned int spins;

	/* LSR bit 5 (THRE); bounded so a dead UART cannot hang the guest. */
	for (spins = 0; spins < 1000000; spins++)
		if (inb(COM1 + 5) & 0x20)
			break;
	outb(COM1, (uint8_t)c);
}

void serial_putc(char c)
{
	lock_console();
	uart_putc(c);
	unlock_console();
}

void serial_puts(const char *s)
{
	lock_console();
	while (*s)
		uart_putc(*s++);
	unlock_console();
}

struct buf {
	char *p;
	size_t n, cap;
};

static void put(struct buf *b, char c)
{
	if (b->n < b->cap)
		b->p[b->n++] = c;
}

static void put_num(struct buf *b, uint64_t v, unsigned int base, unsigned int width,
		    char padc)
{
	char tmp[24];
	unsigned int i = 0;

	do {
		unsigned int d;

		if (base == 16) {
			d = v & 0xf;
			v >>= 4;
		} else {
			/* only called with 32-bit values for base 10 */
			uint32_t w = (uint32_t)v;

			d = w % 10;
			v = w / 10;
		}
		tmp[i++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
	} while (v);
	while (i < width && i < sizeof(tmp))
		tmp[i++] = padc;
	while (i)
		put(b, tmp[--i]);
}

bool (*console_sink)(const char *s, size_t n);

static size_t vformat(char *out, size_t cap, const char *fmt, __builtin_va_list ap)
{
	struct buf b = { out, 0, cap };

	while (*fmt) {
		unsigned int width = 0, longs = 0;
		char padc = ' ';
		char c = *fmt++;

		if (c != '%') {
			put(&b, c);
			continue;
		}
		if (*fmt == '0') {
			padc = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned int)(*fmt++ - '0');
		while (*fmt == 'l') {
			longs++;
			fmt++;
		}
		c = *fmt;
		if (!c)
			break;
		fmt++;
		switch (c) {
		case 's': {
			const char *s = __builtin_va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			while (*s)
				put(&b, *s++);
			break;
		}
		case 'c':
			put(&b, (char)__builtin_va_arg(ap, int));
			break;
		case 'd': {
			int32_t v = __builtin_va_arg(ap, int32_t);

			if (v < 0) {
				put(&b, '-');
				put_num(&b, (uint32_t)(-(v + 1)) + 1u, 10, width, padc);
			} else {
				put_num(&b, (uint32_t)v, 10, width, padc);
			}
			break;
		}
		case 'u':
			put_num(&b, __builtin_va_arg(ap, uint32_t), 10, width, padc);
			break;
		case 'x':
			if (longs >= 2)
				put_num(&b, __builtin_va_arg(ap, unsigned long long), 16, width,
					padc);
			else if (longs == 1)
				put_num(&b, __builtin_va_arg(ap, unsigned long), 16, width, padc);
			else
				put_num(&b, __builtin_va_arg(ap, uint32_t), 16, width, padc);
			break;
		case '%':
			put(&b, '%');
			break;
		default:
			put(&b, '%');
			put(&b, c);
			break;
		}
	}
	return b.n;
}

void pr(const char *fmt, ...)
{
	char out[640];
	__builtin_va_list ap;
	size_t i, n;

	__builtin_va_start(ap, fmt);
	n = vformat(out, sizeof(out), fmt, ap);
	__builtin_va_end(ap);

	lock_console();
	if (!console_sink || !console_sink(out, n))
		for (i = 0; i < n; i++)
			uart_putc(out[i]);
	unlock_console();
}

const char *mb_cmdline(const struct mb_info *info)
{
	if (!info || !(info->flags & MB_INFO_CMDLINE) || !info->cmdline)
		return "";
	return (const char *)(uintptr_t)info->cmdline;
}

const char *cmdline_find(const char *cmdline, const char *key, size_t *len)
{
	size_t klen = str_len(key);
	const char *p = cmdline;

	while (*p) {
		const char *w;
		size_t i;

		while (*p == ' ' || *p == '\t')
			p++;
		w = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		/* word is [w, p) */
		if ((size_t)(p - w) > klen && w[klen] == '=') {
			for (i = 0; i < klen && w[i] == key[i]; i++)
				;
			if (i == klen) {
				if (len)
					*len = (size_t)(p - w) - klen - 1;
				return w + klen + 1;
			}
		}
	}
	return NULL;
}

uint32_t cmdline_u32(const char *cmdline, const char *key, uint32_t def)
{
	size_t len, i = 0;
	const char *v = cmdline_find(cmdline, key, &len);
	uint32_t n = 0;
	unsigned int base = 10;

	if (!v || !len)
		return def;
	if (len > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		base = 16;
		i = 2;
	}
	for (; i < len; i++) {
		char c = v[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			return def;
		n = n * base + d;
	}
	return n;
}

void halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt" ::: "memory");
}

void guest_exit(uint8_t code)
{
	outb(EXIT_PORT, code);
	halt_forever();
}

void park(void)
{
	for (;;)
		cpu_pause();
}
