// SPDX-License-Identifier: GPL-2.0
/*
 * partvisor: a partition hypervisor in the shape of Hyper-V, as one module.
 *
 * Load order: probe every CPU (refuse with one message per failed
 * requirement), launch the root partition on every CPU (all or nothing),
 * then debugfs, then the user-space front ends last, so that
 * nothing user space can reach exists before the module is ready. Unload
 * is the reverse.
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/module.h>

#include "partmgr/pt_dev.h"
#include "partmgr/pt_genl.h"
#include "pv_debugfs.h"
#include "pv_part.h"
#include "vmx/vmx_caps.h"
#include "vmx/vmx_child.h"
#include "vmx/vmx_root.h"

static int __init pv_init(void)
{
	unsigned int hv_pages;
	u64 *hv_data;
	int err;

	err = pv_vmx_probe_all();
	if (err) {
		pr_err("not loading (%d): fix the first problem reported above\n", err);
		return err;
	}
	err = pv_vmx_child_init();
	if (err)
		goto free_probe;
	err = pv_part_init(&hv_data, &hv_pages);
	if (err)
		goto free_probe;
	err = pv_vmx_root_init(hv_data, hv_pages);
	if (err)
		goto free_parts;
	pv_debugfs_init();

	err = pv_pt_init();
	if (err)
		goto remove_debugfs;
	err = pv_pt_genl_register();
	if (err)
		goto remove_partmgr;
	pr_info("loaded\n");
	return 0;

remove_partmgr:
	pv_pt_exit();
remove_debugfs:
	pv_debugfs_exit();
	pv_vmx_root_exit();
free_parts:
	pv_part_exit();
free_probe:
	pv_vmx_probe_free();
	return err;
}

static void __exit pv_exit(void)
{
	pv_pt_genl_unregister();
	pv_pt_exit();
	pv_debugfs_exit();
	pv_vmx_root_exit();
	pv_part_exit();
	pv_vmx_probe_free();
	pr_info("unloaded\n");
}

module_init(pv_init);
module_exit(pv_exit);

MODULE_DESCRIPTION("partvisor: a Hyper-V-style partition hypervisor (Intel VT-x)");
MODULE_LICENSE("GPL");
