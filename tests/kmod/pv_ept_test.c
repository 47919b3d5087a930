// SPDX-License-Identifier: GPL-2.0
/*
 * pv_ept_test: the root kernel tries to read and write one of the
 * hypervisor's pages (a VMCS, address given as vmcs_pa=). partvisor's EPT
 * does not map it for the root, so both accesses must fail with -EFAULT
 * and leave the page as it was; an ordinary page must still work. Loading
 * succeeds only if all of that holds.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/uaccess.h>

static unsigned long vmcs_pa;
module_param(vmcs_pa, ulong, 0);
MODULE_PARM_DESC(vmcs_pa, "physical address of a VMCS of partvisor's");

/* copy_to_kernel_nofault() is not exported: the same, for one u64. */
static long put_u64_nofault(void *dst, u64 value)
{
	pagefault_disable();
	__put_kernel_nofault(dst, &value, u64, efault);
	pagefault_enable();
	return 0;
efault:
	pagefault_enable();
	return -EFAULT;
}

static int __init pv_ept_test_init(void)
{
	u64 value = 0x1122334455667788ULL, got = 0;
	unsigned long page;
	long r;
	int err = 0;

	if (!vmcs_pa || !pfn_valid(PHYS_PFN(vmcs_pa))) {
		pr_err("give vmcs_pa= (from /sys/kernel/debug/partvisor/cpuN/exits)\n");
		return -EINVAL;
	}
	r = copy_from_kernel_nofault(&got, __va(vmcs_pa), sizeof(got));
	if (r != -EFAULT) {
		pr_err("FAIL reading the VMCS at %#lx returned %ld (read %#llx)\n",
		       vmcs_pa, r, got);
		err = -EINVAL;
	}
	r = put_u64_nofault(__va(vmcs_pa), value);
	if (r != -EFAULT) {
		pr_err("FAIL writing the VMCS at %#lx returned %ld\n", vmcs_pa, r);
		err = -EINVAL;
	}

	page = get_zeroed_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	r = put_u64_nofault((void *)page, value);
	if (!r)
		r = copy_from_kernel_nofault(&got, (void *)page, sizeof(got));
	free_page(page);
	if (r || got != value) {
		pr_err("FAIL an ordinary page: %ld, read %#llx\n", r, got);
		err = -EINVAL;
	}
	if (!err)
		pr_info("the VMCS at %#lx is out of the root's reach; ordinary memory works\n",
			vmcs_pa);
	return err;
}

static void __exit pv_ept_test_exit(void)
{
}

module_init(pv_ept_test_init);
module_exit(pv_ept_test_exit);
MODULE_DESCRIPTION("partvisor: the root cannot reach the hypervisor's pages");
MODULE_LICENSE("GPL");
