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

static unsigned long vmcs_pa;
module_param(vmcs_pa, ulong, 0);
MODULE_PARM_DESC(vmcs_pa, "a VMCS of partvisor's: the output page no call may write");

static void expect(const char *what, u64 got, u64 want)
{
	checks++;
	if (got == want)
		return;
	failures++;
	pr_err("FAIL %s: result %#llx, expected %#llx\n", what, got, want);
}

/* Make a hypercall and check the status it returns. */
static void expect_call(const char *what, u64 control, u64 input, u64 output, u16 status)
{
	expect(what, pv_hv_vmcall(control, input, output), status);
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

	expect_call("get-version", PV_HVCALL_GET_VERSION, 0, pa, HV_STATUS_SUCCESS);
	expect("get-version major", out->major, PV_HV_VERSION_MAJOR);
	expect("get-version minor", out->minor, PV_HV_VERSION_MINOR);
	expect("get-version features", out->features,
	       PV_HV_FEATURE_HYPERCALLS | PV_HV_FEATURE_ROOT);

	/* Output at the end of the page: the structure would cross it. */
	memset(out, 0xa5, PAGE_SIZE);
	expect_call("output crossing a page", PV_HVCALL_GET_VERSION, 0, pa + PAGE_SIZE - 8,
		    HV_STATUS_INVALID_PARAMETER);
	expect("nothing written on failure", ((u64 *)out)[PAGE_SIZE / 8 - 1],
	       0xa5a5a5a5a5a5a5a5ULL);
	expect_call("misaligned output", PV_HVCALL_GET_VERSION, 0, pa + 4,
		    HV_STATUS_INVALID_PARAMETER);
	expect_call("output GPA 0", PV_HVCALL_GET_VERSION, 0, 0, HV_STATUS_INVALID_PARAMETER);
	expect_call("output beyond RAM", PV_HVCALL_GET_VERSION, 0, 1ULL << 51,
		    HV_STATUS_INVALID_PARAMETER);
	if (vmcs_pa)
		expect_call("output on the hypervisor's own page", PV_HVCALL_GET_VERSION, 0,
			    vmcs_pa, HV_STATUS_INVALID_PARAMETER);
	expect_call("fast get-version", PV_HVCALL_GET_VERSION | HV_HYPERCALL_FAST_BIT, 0, pa,
		    HV_STATUS_INVALID_HYPERCALL_INPUT);
	expect_call("rep get-version", PV_HVCALL_GET_VERSION | HV_HYPERCALL_REP_COMP_1, 0, pa,
		    HV_STATUS_INVALID_HYPERCALL_INPUT);
	expect_call("reserved bit 31", PV_HVCALL_GET_VERSION | BIT_ULL(31), 0, pa,
		    HV_STATUS_INVALID_HYPERCALL_INPUT);
	expect_call("reserved bit 63", PV_HVCALL_GET_VERSION | BIT_ULL(63), 0, pa,
		    HV_STATUS_INVALID_HYPERCALL_INPUT);
	expect_call("unknown call code", 0xffff, 0, 0, HV_STATUS_INVALID_HYPERCALL_CODE);
	expect_call("unknown call code 0", 0, 0, 0, HV_STATUS_INVALID_HYPERCALL_CODE);
	expect_call("flush-EPT not fast", PV_HVCALL_FLUSH_EPT, 0, 0,
		    HV_STATUS_INVALID_HYPERCALL_INPUT);
	expect_call("flush-EPT", PV_HVCALL_FLUSH_EPT | HV_HYPERCALL_FAST_BIT, 0, 0,
		    HV_STATUS_SUCCESS);
	expect_call("devirtualize with reps", PV_HVCALL_DEVIRTUALIZE | HV_HYPERCALL_REP_COMP_1,
		    0, 0, HV_STATUS_INVALID_HYPERCALL_INPUT);

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
