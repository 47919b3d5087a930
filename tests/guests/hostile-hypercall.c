// SPDX-License-Identifier: GPL-2.0
/*
 * hostile-hypercall: VP 0 makes 20000 hypercalls (32-bit convention) with
 * pseudo-random control words and input/output GPAs (xorshift32, seed from
 * "seed=N", default 1), including 0, huge, unaligned, page-crossing and
 * beyond-RAM GPAs. Output GPAs that fall inside RAM are kept away from the
 * guest's own code, data and stacks, so a legitimate write cannot crash
 * the guest. Prints a histogram "hostile-hypercall: status <s> x<count>",
 * then checks that every management call code returns 6 (ACCESS_DENIED)
 * and that its own code is intact; "hostile-hypercall: done" and exit 0,
 * or a FAIL line and exit 1.
 */
#include "lib.h"

#define NCALLS		20000u
#define MAX_BUCKETS	32
#define LOW_FREE_START	0x10000u
#define LOW_FREE_END	0xa0000u

static uint8_t scratch[2 * 4096] __attribute__((aligned(4096)));
static uint32_t rng;
static uint32_t ram_top;

static struct {
	uint16_t status;
	uint32_t count;
} buckets[MAX_BUCKETS];
static unsigned int nbuckets;
static uint32_t other_count;

static uint64_t rand64(void)
{
	uint64_t hi = xorshift32(&rng);

	return (hi << 32) | xorshift32(&rng);
}

/* A value in [lo, hi), hi > lo; 32-bit arithmetic only. */
static uint32_t rand_range(uint32_t lo, uint32_t hi)
{
	return lo + xorshift32(&rng) % (hi - lo);
}

static uint64_t rand_gpa(void)
{
	uint32_t free_lo = ((uint32_t)(uintptr_t)_end + 4095) & ~4095u;
	uint32_t scratch_gpa = (uint32_t)(uintptr_t)scratch;

	switch (xorshift32(&rng) % 12) {
	case 0:
		return 0;
	case 1:
		return rand64();				/* huge */
	case 2:
		return scratch_gpa + (xorshift32(&rng) & 0xfff);	/* unaligned */
	case 3:
		return scratch_gpa + (xorshift32(&rng) & 0xff8);	/* aligned */
	case 4:
		return rand_range(LOW_FREE_START, LOW_FREE_END);
	case 5:
		if (free_lo + 64 < ram_top)
			return rand_range(free_lo, ram_top - 32) & ~7u;
		return scratch_gpa;
	case 6:
		return (uint64_t)ram_top + (xorshift32(&rng) & 0xffff);	/* beyond RAM */
	case 7:
		return 0xE0000000u + (xorshift32(&rng) & 0xfffffff8u) % 0x10000000u;
	case 8:
		return (1ull << 51) | (xorshift32(&rng) & 0xfff8);
	case 9:
		return ~0ull - (xorshift32(&rng) & 0xff);
	case 10:
		return (uint64_t)ram_top - 8 - (xorshift32(&rng) & 0x18);	/* edge */
	default:
		return scratch_gpa + 4096 - 8;			/* crosses a page */
	}
}

static uint64_t rand_control(void)
{
	static const uint16_t codes[] = { 0x0f00, 0x0f01, 0x0f02, 0x0000, 0xffff, 0x0001,
					  0x0040, 0x004e, 0x00c2, 0x7777 };
	uint64_t c;

	switch (xorshift32(&rng) % 6) {
	case 0:
		return rand64();				/* anything */
	case 1:
		return xorshift32(&rng) & 0xffff;		/* code only */
	case 2:
		return HVCALL_GET_VERSION;			/* valid call */
	case 3:
		/* known code, random fast bit / varhead / rep count / rep start */
		c = codes[xorshift32(&rng) % (sizeof(codes) / sizeof(codes[0]))];
		c |= rand64() & 0x0fff0fff07ff0000ull;
		return c;
	case 4:
		/* known code, random reserved bits */
		c = codes[xorshift32(&rng) % (sizeof(codes) / sizeof(codes[0]))];
		return c | (rand64() & 0xf000f000f8000000ull);
	default:
		c = hv_mgmt_codes[xorshift32(&rng) % hv_n_mgmt_codes];
		return c | (xorshift32(&rng) & 1 ? HV_FAST : 0);
	}
}

static void count_status(uint16_t s)
{
	unsigned int i;

	for (i = 0; i < nbuckets; i++) {
		if (buckets[i].status == s) {
			buckets[i].count++;
			return;
		}
	}
	if (nbuckets < MAX_BUCKETS) {
		buckets[nbuckets].status = s;
		buckets[nbuckets].count = 1;
		nbuckets++;
		return;
	}
	other_count++;
}

static uint32_t text_sum(void)
{
	const uint32_t *p = (const uint32_t *)__image_start;
	const uint32_t *end = (const uint32_t *)((uintptr_t)_etext & ~3u);
	uint32_t sum = 0;

	for (; p < end; p++)
		sum = ((sum << 5) | (sum >> 27)) ^ *p;
	return sum;
}

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	const struct mb_info *info = (const struct mb_info *)(uintptr_t)info_gpa;
	const char *cmdline = mb_cmdline(info);
	uint32_t seed, sum, i, j;
	int fail = 0;

	(void)magic;
	if (vp != 0)
		park();

	seed = cmdline_u32(cmdline, "seed", 1);
	rng = seed ? seed : 1;
	if (info && (info->flags & MB_INFO_MEM) && info->mem_upper < 0x300000u)
		ram_top = 0x100000u + info->mem_upper * 1024;
	else
		ram_top = 16u << 20;
	pr("hostile-hypercall: %u calls, seed %u, RAM top 0x%x\n", NCALLS, seed, ram_top);

	sum = text_sum();
	for (i = 0; i < NCALLS; i++) {
		uint64_t control = rand_control();
		uint64_t in = rand_gpa();
		uint64_t out = rand_gpa();

		count_status(HV_STATUS(hv_call(control, in, out)));
	}

	/* insertion sort by status, for a stable histogram */
	for (i = 1; i < nbuckets; i++) {
		for (j = i; j > 0 && buckets[j - 1].status > buckets[j].status; j--) {
			uint16_t s = buckets[j].status;
			uint32_t c = buckets[j].count;

			buckets[j].status = buckets[j - 1].status;
			buckets[j].count = buckets[j - 1].count;
			buckets[j - 1].status = s;
			buckets[j - 1].count = c;
		}
	}
	for (i = 0; i < nbuckets; i++)
		pr("hostile-hypercall: status %u x%u\n", buckets[i].status, buckets[i].count);
	if (other_count)
		pr("hostile-hypercall: status other x%u\n", other_count);

	if (text_sum() != sum) {
		pr("hostile-hypercall: FAIL guest code changed during the calls\n");
		fail = 1;
	}
	for (i = 0; i < hv_n_mgmt_codes; i++) {
		uint16_t code = hv_mgmt_codes[i];
		uint64_t r = hv_call(code, (uint32_t)(uintptr_t)scratch,
				     (uint32_t)(uintptr_t)scratch + 4096);

		if (HV_STATUS(r) != HV_ACCESS_DENIED) {
			pr("hostile-hypercall: FAIL management code 0x%x returned 0x%llx, want status 6\n",
			   code, (unsigned long long)r);
			fail = 1;
		}
	}
	if (fail)
		return 1;
	pr("hostile-hypercall: done\n");
	return 0;
}
