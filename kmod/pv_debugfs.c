// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs view of partvisor: /sys/kernel/debug/partvisor/
 *
 *   cpuN/caps   decoded VMX capabilities of CPU N, "key: value" per line
 *   cpuN/msrs   the raw capability MSRs they were decoded from
 *   cpuN/exits  the root partition on CPU N: launched, the VMCS's address,
 *               VM exits by reason since CPU N was last launched
 *   hv          the hypervisor's memory: root EPT split reserve, partitions,
 *               deposited and mapped pages
 *
 * Documented in Documentation/debugfs.rst; tests parse it, so keep the
 * format stable.
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/debugfs.h>
#include <linux/partvisor.h>
#include <linux/seq_file.h>

#include "pv_debugfs.h"
#include <asm/vmx.h>

#include "pv_part.h"
#include "vmx/vmx_caps.h"
#include "vmx/vmx_ept.h"
#include "vmx/vmx_root.h"

static struct dentry *pv_debugfs_root;

static int caps_show(struct seq_file *m, void *unused)
{
	unsigned int cpu = (unsigned long)m->private;
	const struct pv_vmx_cpu *c = pv_vmx_cpu_caps(cpu);
	unsigned int bit;

	if (!c)
		return -ENODEV;
	seq_printf(m, "cpu: %u\n", cpu);
	seq_printf(m, "vmcs_revision: %#x\n", c->caps.revision_id);
	seq_printf(m, "vmcs_size: %u\n", c->caps.vmcs_size);
	seq_printf(m, "vmcs_memtype: %u\n", c->caps.vmcs_memtype);
	seq_printf(m, "preemption_timer_rate: %u\n", c->caps.preemption_timer_rate);
	for (bit = 0; bit < __PARTVISOR_VMX_F_MAX; bit++)
		seq_printf(m, "%s: %s\n", pv_vmx_feature_name(bit),
			   c->caps.features & BIT_ULL(bit) ? "yes" : "no");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(caps);

static int msrs_show(struct seq_file *m, void *unused)
{
	unsigned int cpu = (unsigned long)m->private;
	const struct pv_vmx_cpu *c = pv_vmx_cpu_caps(cpu);
	const struct pv_vmx_msrs *r;

	if (!c)
		return -ENODEV;
	r = &c->probe.msrs;
	seq_printf(m, "feature_control: %#018llx\n", r->feature_control);
	seq_printf(m, "basic: %#018llx\n", r->basic);
	seq_printf(m, "pinbased: %#018llx\n", r->pinbased);
	seq_printf(m, "procbased: %#018llx\n", r->procbased);
	seq_printf(m, "exit: %#018llx\n", r->exit);
	seq_printf(m, "entry: %#018llx\n", r->entry);
	seq_printf(m, "true_pinbased: %#018llx\n", r->true_pinbased);
	seq_printf(m, "true_procbased: %#018llx\n", r->true_procbased);
	seq_printf(m, "true_exit: %#018llx\n", r->true_exit);
	seq_printf(m, "true_entry: %#018llx\n", r->true_entry);
	seq_printf(m, "procbased2: %#018llx\n", r->procbased2);
	seq_printf(m, "ept_vpid_cap: %#018llx\n", r->ept_vpid_cap);
	seq_printf(m, "misc: %#018llx\n", r->misc);
	seq_printf(m, "cr0_fixed0: %#018llx\n", r->cr0_fixed0);
	seq_printf(m, "cr0_fixed1: %#018llx\n", r->cr0_fixed1);
	seq_printf(m, "cr4_fixed0: %#018llx\n", r->cr4_fixed0);
	seq_printf(m, "cr4_fixed1: %#018llx\n", r->cr4_fixed1);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(msrs);

static const struct {
	u32 reason;
	const char *name;
} pv_exit_names[] = { VMX_EXIT_REASONS };

static int exits_show(struct seq_file *m, void *unused)
{
	unsigned int cpu = (unsigned long)m->private;
	const struct pv_vmx_root_cpu *rc = pv_vmx_root_cpu(cpu);
	unsigned int i;
	u64 n;

	seq_printf(m, "launched: %s\n", rc->launched ? "yes" : "no");
	/* For tests that check the root cannot reach it (file is root-only). */
	seq_printf(m, "vmcs_pa: %#llx\n", rc->launched ? rc->vmcs_pa : 0);
	for (i = 0; i < ARRAY_SIZE(pv_exit_names); i++) {
		if (pv_exit_names[i].reason >= PV_VMX_EXIT_REASONS)
			continue;
		/* Updated by CPU @cpu's exit handler without a lock: a snapshot. */
		n = READ_ONCE(rc->exits[pv_exit_names[i].reason]);
		if (n)
			seq_printf(m, "%s: %llu\n", pv_exit_names[i].name, n);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(exits);

static int hv_show(struct seq_file *m, void *unused)
{
	struct pv_ept_reserve_stats r;
	struct pv_part_stats p;

	/* Every CPU flushes: tables merged back are counted in the reserve. */
	pv_vmx_root_flush_ept_all();
	pv_ept_root_stats(&r);
	pv_part_stats(&p);
	seq_printf(m, "ept_reserve_total: %u\n", r.total);
	seq_printf(m, "ept_reserve_free: %u\n", r.free);
	seq_printf(m, "ept_reserve_pending: %u\n", r.pending);
	seq_printf(m, "partitions: %llu\n", p.partitions);
	seq_printf(m, "pool_pages: %llu\n", p.pool_pages);
	seq_printf(m, "mapped_pages: %llu\n", p.mapped_pages);
	return 0;
}

static int hv_open(struct inode *inode, struct file *file)
{
	return single_open(file, hv_show, inode->i_private);
}

/* read_iter, not read: kernel_read() works on it (tests/kmod/pv_part_test.c). */
static const struct file_operations hv_fops = {
	.owner = THIS_MODULE,
	.open = hv_open,
	.read_iter = seq_read_iter,
	.llseek = seq_lseek,
	.release = single_release,
};

/**
 * pv_debugfs_init() - create /sys/kernel/debug/partvisor
 *
 * debugfs is best effort (it may be absent or not mounted): failures are
 * not errors, as everywhere in the kernel.
 */
void pv_debugfs_init(void)
{
	unsigned int cpu;
	char name[16];
	struct dentry *dir;

	pv_debugfs_root = debugfs_create_dir("partvisor", NULL);
	/*
	 * Without the full proxy (which has no read_iter): what it shows is
	 * static, and the owner reference keeps the module while it is open.
	 */
	debugfs_create_file_unsafe("hv", 0400, pv_debugfs_root, NULL, &hv_fops);
	/* Every possible CPU: one that comes online later is launched too. */
	for_each_possible_cpu(cpu) {
		snprintf(name, sizeof(name), "cpu%u", cpu);
		dir = debugfs_create_dir(name, pv_debugfs_root);
		debugfs_create_file("exits", 0400, dir, (void *)(unsigned long)cpu,
				    &exits_fops);
		if (!cpumask_test_cpu(cpu, pv_vmx_probed_cpus()))
			continue;
		debugfs_create_file("caps", 0444, dir, (void *)(unsigned long)cpu,
				    &caps_fops);
		debugfs_create_file("msrs", 0400, dir, (void *)(unsigned long)cpu,
				    &msrs_fops);
	}
}

/**
 * pv_debugfs_exit() - remove /sys/kernel/debug/partvisor
 */
void pv_debugfs_exit(void)
{
	debugfs_remove_recursive(pv_debugfs_root);
	pv_debugfs_root = NULL;
}
