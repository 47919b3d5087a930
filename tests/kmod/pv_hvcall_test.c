// SPDX-License-Identifier: GPL-2.0
/*
 * pv_hvcall_test: hypercalls from the root kernel, good and bad, against a
 * loaded partvisor. Loading succeeds only if every check passes; each
 * failure is logged. Used by tests/scenarios/bochs/80-hypercalls.sh.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/smp.h>
#include <asm/hyperv-tlfs.h>

#include "pv_hv.h"

static int failures, checks;

static u64 vmcall(u64 control, u64 input, u64 output)
{
	register u64 r8 asm("r8") = output;
	u64 result;

	asm volatile("vmcall"
		     : "=a" (result), "+c" (control), "+d" (input), "+r" (r8)
		     : : "memory", "cc");
	return result;
}

static void expect(const char *what, u64 got, u64 want)
{
	checks++;
	if (got == want)
		return;
	failures++;
	pr_err("FAIL %s: result %#llx, expected %#llx\n", what, got, want);
}

static int __init pv_hvcall_test_init(void)
{
	struct pv_hv_output_version *out;
	struct page *page;
	u64 pa;

	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return -ENOMEM;
	out = page_address(page);
	pa = page_to_phys(page);

	expect("get-version", vmcall(PV_HVCALL_GET_VERSION, 0, pa), HV_STATUS_SUCCESS);
	expect("get-version major", out->major, PV_HV_VERSION_MAJOR);
	expect("get-version minor", out->minor, PV_HV_VERSION_MINOR);
	expect("get-version features", out->features,
	       PV_HV_FEATURE_HYPERCALLS | PV_HV_FEATURE_ROOT);

	/* Output at the end of the page: the structure would cross it. */
	memset(out, 0xa5, PAGE_SIZE);
	expect("output crossing a page", vmcall(PV_HVCALL_GET_VERSION, 0,
						pa + PAGE_SIZE - 8),
	       HV_STATUS_INVALID_PARAMETER);
	expect("nothing written on failure", ((u64 *)out)[PAGE_SIZE / 8 - 1],
	       0xa5a5a5a5a5a5a5a5ULL);
	expect("misaligned output", vmcall(PV_HVCALL_GET_VERSION, 0, pa + 4),
	       HV_STATUS_INVALID_PARAMETER);
	expect("output GPA 0", vmcall(PV_HVCALL_GET_VERSION, 0, 0),
	       HV_STATUS_INVALID_PARAMETER);
	expect("output beyond RAM", vmcall(PV_HVCALL_GET_VERSION, 0, 1ULL << 51),
	       HV_STATUS_INVALID_PARAMETER);
	expect("fast get-version", vmcall(PV_HVCALL_GET_VERSION | HV_HYPERCALL_FAST_BIT, 0, pa),
	       HV_STATUS_INVALID_HYPERCALL_INPUT);
	expect("rep get-version", vmcall(PV_HVCALL_GET_VERSION | HV_HYPERCALL_REP_COMP_1, 0, pa),
	       HV_STATUS_INVALID_HYPERCALL_INPUT);
	expect("reserved bit 31", vmcall(PV_HVCALL_GET_VERSION | BIT_ULL(31), 0, pa),
	       HV_STATUS_INVALID_HYPERCALL_INPUT);
	expect("reserved bit 63", vmcall(PV_HVCALL_GET_VERSION | BIT_ULL(63), 0, pa),
	       HV_STATUS_INVALID_HYPERCALL_INPUT);
	expect("unknown call code", vmcall(0xffff, 0, 0), HV_STATUS_INVALID_HYPERCALL_CODE);
	expect("unknown call code 0", vmcall(0, 0, 0), HV_STATUS_INVALID_HYPERCALL_CODE);
	expect("devirtualize with reps", vmcall(PV_HVCALL_DEVIRTUALIZE | HV_HYPERCALL_REP_COMP_1,
						0, 0),
	       HV_STATUS_INVALID_HYPERCALL_INPUT);

	__free_page(page);
	if (failures) {
		pr_err("%d of %d checks failed\n", failures, checks);
		return -EINVAL;
	}
	pr_info("all %d checks passed on CPU %d\n", checks, raw_smp_processor_id());
	return 0;
}

static void __exit pv_hvcall_test_exit(void)
{
}

module_init(pv_hvcall_test_init);
module_exit(pv_hvcall_test_exit);
MODULE_DESCRIPTION("partvisor hypercall checks from the root kernel");
MODULE_LICENSE("GPL");
