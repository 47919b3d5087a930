// SPDX-License-Identifier: GPL-2.0
/*
 * cpuid: checks, from inside a child partition, the hypervisor CPUID leaves
 * and the GET_VERSION hypercall (32-bit calling convention). One line per
 * check, "cpuid: PASS <what>" or "cpuid: FAIL <what> got <x>", then
 * "cpuid: <n> passed, <m> failed"; exits 0 if m == 0, else 1.
 */
#include "lib.h"

#define HV_CPUID_BASE		0x40000000u
#define HV_CPUID_INTERFACE	0x40000001u
#define HV_CPUID_VERSION	0x40000002u
#define HV_CPUID_FEATURES	0x40000003u
#define HV_INTERFACE_PVH1	0x31487650u	/* "PvH1" */
#define HV_VERSION		0x00000001u	/* 0.1 */
#define HV_FEAT_HYPERCALLS	(1u << 0)
#define HV_FEAT_ROOT		(1u << 1)

struct hv_version_out {
	uint32_t major;
	uint32_t minor;
	uint64_t features;
	uint64_t reserved[2];
};

static uint8_t out_page[4096] __attribute__((aligned(4096)));
static uint8_t in_page[4096] __attribute__((aligned(4096)));
static unsigned int passed, failed;

static void check(bool ok, const char *what, uint64_t got)
{
	if (ok) {
		passed++;
		pr("cpuid: PASS %s\n", what);
	} else {
		failed++;
		pr("cpuid: FAIL %s got 0x%llx\n", what, (unsigned long long)got);
	}
}

static uint64_t gpa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void check_status(const char *what, uint64_t control, uint64_t in, uint64_t out,
			 uint16_t want)
{
	uint64_t r = hv_call(control, in, out);

	check(HV_STATUS(r) == want, what, r);
}

int main(uint32_t magic, uint32_t info_gpa, uint32_t vp)
{
	struct hv_version_out *ver = (struct hv_version_out *)out_page;
	struct cpuid_regs r;
	uint32_t features;
	uint64_t res;
	unsigned int i;
	char what[64];

	(void)magic;
	(void)info_gpa;
	if (vp != 0)
		park();

	r = cpuid(1);
	check(r.ecx & (1u << 31), "leaf 1 ECX.31 hypervisor present", r.ecx);
	check(!(r.ecx & (1u << 5)), "leaf 1 ECX.5 VMX clear", r.ecx);

	r = cpuid(HV_CPUID_BASE);
	check(r.eax == HV_CPUID_FEATURES, "0x40000000 max leaf 0x40000003", r.eax);
	{
		char sig[13];

		memcpy(sig, &r.ebx, 4);
		memcpy(sig + 4, &r.ecx, 4);
		memcpy(sig + 8, &r.edx, 4);
		sig[12] = 0;
		check(!memcmp(sig, "partvisor-hv", 12), "0x40000000 signature partvisor-hv",
		      ((uint64_t)r.ecx << 32) | r.ebx);
		pr("cpuid: signature \"%s\"\n", sig);
	}

	r = cpuid(HV_CPUID_INTERFACE);
	check(r.eax == HV_INTERFACE_PVH1, "0x40000001 interface PvH1", r.eax);

	r = cpuid(HV_CPUID_VERSION);
	check(r.ebx == HV_VERSION, "0x40000002 EBX version 0.1", r.ebx);

	r = cpuid(HV_CPUID_FEATURES);
	features = r.eax;
	check(features & HV_FEAT_HYPERCALLS, "0x40000003 hypercalls available", features);
	check(!(features & HV_FEAT_ROOT), "0x40000003 root bit clear in a child", features);

	/* GET_VERSION */
	memset(out_page, 0xa5, sizeof(out_page));
	res = hv_call(HVCALL_GET_VERSION, 0, gpa(out_page));
	check(res == 0, "get-version result 0", res);
	if (HV_STATUS(res) == HV_SUCCESS) {
		check(ver->major == 0, "get-version major 0", ver->major);
		check(ver->minor == 1, "get-version minor 1", ver->minor);
		check(ver->features == features, "get-version features = CPUID 0x40000003",
		      ver->features);
		check(ver->reserved[0] == 0 && ver->reserved[1] == 0,
		      "get-version reserved zero", ver->reserved[0] | ver->reserved[1]);
	}
	/* The same call with the output placed at the end of the page. */
	memset(out_page, 0xa5, sizeof(out_page));
	res = hv_call(HVCALL_GET_VERSION, 0, gpa(out_page + 4096 - 32));
	check(res == 0, "get-version output at end of page", res);

	/* Bad control words and parameters */
	check_status("get-version fast bit: status 3", HVCALL_GET_VERSION | HV_FAST, 0,
		     gpa(out_page), HV_INVALID_INPUT);
	check_status("get-version rep count 1: status 3",
		     HVCALL_GET_VERSION | HV_REP_COUNT(1), 0, gpa(out_page), HV_INVALID_INPUT);
	check_status("get-version rep count 0xfff: status 3",
		     HVCALL_GET_VERSION | HV_REP_COUNT(0xfff), 0, gpa(out_page),
		     HV_INVALID_INPUT);
	check_status("unknown code 0x7777: status 2", 0x7777, 0, gpa(out_page),
		     HV_INVALID_CODE);
	check_status("get-version misaligned output: status 5", HVCALL_GET_VERSION, 0,
		     gpa(out_page) + 4, HV_INVALID_PARAMETER);
	check_status("get-version output crossing a page: status 5", HVCALL_GET_VERSION, 0,
		     gpa(out_page) + 4096 - 8, HV_INVALID_PARAMETER);
	check_status("get-version output beyond RAM: status 5", HVCALL_GET_VERSION, 0,
		     0xE0000000ull, HV_INVALID_PARAMETER);
	check_status("get-version output at 2^51: status 5", HVCALL_GET_VERSION, 0,
		     1ull << 51, HV_INVALID_PARAMETER);

	/* Management calls are the root's: a child gets ACCESS_DENIED. */
	memset(in_page, 0, sizeof(in_page));
	for (i = 0; i < hv_n_mgmt_codes; i++) {
		uint16_t code = hv_mgmt_codes[i];
		/* "management code 0x0040: status 6" */
		static const char hex[] = "0123456789abcdef";
		const char *prefix = "management code 0x";
		size_t n = 0;
		const char *s;

		for (s = prefix; *s; s++)
			what[n++] = *s;
		what[n++] = hex[(code >> 12) & 0xf];
		what[n++] = hex[(code >> 8) & 0xf];
		what[n++] = hex[(code >> 4) & 0xf];
		what[n++] = hex[code & 0xf];
		for (s = ": status 6"; *s; s++)
			what[n++] = *s;
		what[n] = 0;
		check_status(what, code, gpa(in_page), gpa(out_page), HV_ACCESS_DENIED);
	}

	pr("cpuid: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
