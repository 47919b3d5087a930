// SPDX-License-Identifier: GPL-2.0
/*
 * Probe every online CPU for what partvisor needs: VMX, firmware permission,
 * nobody else in VMX operation, the capabilities, and a real VMXON/VMXOFF.
 *
 * Results stay available while the module is loaded (debugfs, genetlink).
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/cpufeatures.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/vmx.h>

#include "vmx_caps.h"
#include "vmx_ops.h"

/* Per-CPU results, indexed by CPU number; NULL when not loaded. */
static struct pv_vmx_cpu *pv_vmx_cpus;
static struct cpumask pv_vmx_probed;

struct pv_vmx_probe_work {
	struct pv_vmx_cpu *cpu;
	struct page *vmxon_page;
};

static bool read_msr(u32 msr, u64 *val)
{
	return rdmsrl_safe(msr, val) == 0;
}

/* Reads the capability MSRs in the order their existence depends on (SDM A.1-A.10). */
static bool pv_vmx_read_msrs(struct pv_vmx_msrs *m)
{
	bool ok = true;
	u32 proc_allowed1, proc2_allowed1;

	ok &= read_msr(MSR_IA32_VMX_BASIC, &m->basic);
	ok &= read_msr(MSR_IA32_VMX_PINBASED_CTLS, &m->pinbased);
	ok &= read_msr(MSR_IA32_VMX_PROCBASED_CTLS, &m->procbased);
	ok &= read_msr(MSR_IA32_VMX_EXIT_CTLS, &m->exit);
	ok &= read_msr(MSR_IA32_VMX_ENTRY_CTLS, &m->entry);
	ok &= read_msr(MSR_IA32_VMX_MISC, &m->misc);
	ok &= read_msr(MSR_IA32_VMX_CR0_FIXED0, &m->cr0_fixed0);
	ok &= read_msr(MSR_IA32_VMX_CR0_FIXED1, &m->cr0_fixed1);
	ok &= read_msr(MSR_IA32_VMX_CR4_FIXED0, &m->cr4_fixed0);
	ok &= read_msr(MSR_IA32_VMX_CR4_FIXED1, &m->cr4_fixed1);
	if (!ok)
		return false;

	if (m->basic & VMX_BASIC_TRUE_CTLS) {
		ok &= read_msr(MSR_IA32_VMX_TRUE_PINBASED_CTLS, &m->true_pinbased);
		ok &= read_msr(MSR_IA32_VMX_TRUE_PROCBASED_CTLS, &m->true_procbased);
		ok &= read_msr(MSR_IA32_VMX_TRUE_EXIT_CTLS, &m->true_exit);
		ok &= read_msr(MSR_IA32_VMX_TRUE_ENTRY_CTLS, &m->true_entry);
	}
	proc_allowed1 = m->procbased >> 32;
	if (ok && (proc_allowed1 & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS))
		ok &= read_msr(MSR_IA32_VMX_PROCBASED_CTLS2, &m->procbased2);
	proc2_allowed1 = m->procbased2 >> 32;
	if (ok && (proc2_allowed1 & (SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VPID)))
		ok &= read_msr(MSR_IA32_VMX_EPT_VPID_CAP, &m->ept_vpid_cap);
	return ok;
}

/*
 * VMXON then VMXOFF with interrupts off. CR4.VMXE is tested and set inside
 * the same interrupts-off window, so kvm_intel enabling VMX by IPI cannot
 * slip in between: whoever sets CR4.VMXE first owns VMX on this CPU.
 */
static int pv_vmx_try_vmxon(struct pv_vmx_cpu *c, struct page *page)
{
	unsigned long cr4 = __read_cr4();
	u64 pa = page_to_phys(page);
	int err, off_err;

	if (cr4 & X86_CR4_VMXE) {
		c->probe.vmx_in_use = true;
		return 0;
	}
	if (!pv_vmx_crs_allowed(&c->probe.msrs, read_cr0(), cr4 | X86_CR4_VMXE))
		return -EINVAL;

	*(u32 *)page_address(page) = c->caps.revision_id;
	cr4_set_bits_irqsoff(X86_CR4_VMXE);
	err = pv_vmx_vmxon(&pa);
	if (!err) {
		off_err = pv_vmx_vmxoff();
		if (off_err)
			err = off_err;
	}
	cr4_clear_bits_irqsoff(X86_CR4_VMXE);
	return err;
}

static void pv_vmx_probe_this_cpu(void *info)
{
	struct pv_vmx_probe_work *work = info;
	struct pv_vmx_cpu *c = work->cpu;
	struct pv_vmx_probe *p = &c->probe;

	lockdep_assert_irqs_disabled();
	p->cpuid_vmx = cpuid_ecx(1) & BIT(X86_FEATURE_VMX & 31);
	if (!p->cpuid_vmx)
		goto decode;
	/* Absent MSR reads as 0: "not locked", which is reported as such. */
	if (!read_msr(MSR_IA32_FEAT_CTL, &p->msrs.feature_control))
		p->msrs.feature_control = 0;
	p->vmx_in_use = __read_cr4() & X86_CR4_VMXE;
	p->msrs_readable = pv_vmx_read_msrs(&p->msrs);

decode:
	c->missing = pv_vmx_probe_missing(p, &c->caps);
	if (c->missing)
		return;
	p->vmxon_tried = true;
	p->vmxon_err = pv_vmx_try_vmxon(c, work->vmxon_page);
	c->missing = pv_vmx_probe_missing(p, &c->caps);
}

static const char *vmxon_err_text(int err)
{
	switch (err) {
	case -EINVAL:
		return "CR0/CR4 hold bits that VMX operation does not allow";
	case -EIO:
		return "VMXON reported VMfail";
	case -EFAULT:
		return "VMXON or VMXOFF faulted";
	default:
		return "unexpected error";
	}
}

/* One line per failed requirement, naming every CPU that fails it. */
static int pv_vmx_report(void)
{
	struct cpumask *failing;
	int err = 0, req;
	unsigned int cpu;

	failing = kzalloc(cpumask_size(), GFP_KERNEL);
	if (!failing)
		return -ENOMEM;

	for_each_cpu(cpu, &pv_vmx_probed) {
		if (pv_vmx_cpus[cpu].probe.vmxon_err)
			pr_err("CPU %u: VMXON test failed: %s (%d)\n", cpu,
			       vmxon_err_text(pv_vmx_cpus[cpu].probe.vmxon_err),
			       pv_vmx_cpus[cpu].probe.vmxon_err);
	}
	for (req = 0; req < PV_VMX_REQ_NR; req++) {
		cpumask_clear(failing);
		for_each_cpu(cpu, &pv_vmx_probed)
			if (pv_vmx_cpus[cpu].missing & BIT(req))
				cpumask_set_cpu(cpu, failing);
		if (cpumask_empty(failing))
			continue;
		pr_err("CPU %*pbl: %s: %s\n", cpumask_pr_args(failing),
		       pv_vmx_req_problem(req), pv_vmx_req_remedy(req));
		if (!err)
			err = pv_vmx_req_errno(req);
	}
	kfree(failing);
	return err;
}

/**
 * pv_vmx_probe_all() - probe every online CPU and decide whether to load
 *
 * Runs the probe on each online CPU with interrupts off, keeps the results
 * for pv_vmx_cpu_caps() and prints one refusal line per failed requirement.
 * On failure nothing stays allocated.
 *
 * Return: 0 if every CPU is fit, else the errno of the first failed
 * requirement in &enum pv_vmx_req order.
 */
int pv_vmx_probe_all(void)
{
	struct pv_vmx_probe_work work;
	unsigned int cpu;
	int err;

	pv_vmx_cpus = kcalloc(nr_cpu_ids, sizeof(*pv_vmx_cpus), GFP_KERNEL);
	if (!pv_vmx_cpus)
		return -ENOMEM;

	cpumask_clear(&pv_vmx_probed);
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		work.cpu = &pv_vmx_cpus[cpu];
		work.vmxon_page = alloc_pages_node(cpu_to_node(cpu),
						   GFP_KERNEL | __GFP_ZERO, 0);
		if (!work.vmxon_page) {
			err = -ENOMEM;
			goto unlock_free_results;
		}
		err = smp_call_function_single(cpu, pv_vmx_probe_this_cpu, &work, 1);
		__free_page(work.vmxon_page);
		if (err)
			goto unlock_free_results;
		cpumask_set_cpu(cpu, &pv_vmx_probed);
	}
	cpus_read_unlock();

	err = pv_vmx_report();
	if (err)
		goto free_results;
	pr_info("VMX ready on CPU %*pbl (VMCS revision %#x, %u-byte regions)\n",
		cpumask_pr_args(&pv_vmx_probed),
		pv_vmx_cpus[cpumask_first(&pv_vmx_probed)].caps.revision_id,
		pv_vmx_cpus[cpumask_first(&pv_vmx_probed)].caps.vmcs_size);
	return 0;

unlock_free_results:
	cpus_read_unlock();
free_results:
	pv_vmx_probe_free();
	return err;
}

/**
 * pv_vmx_probe_free() - forget the probe results
 */
void pv_vmx_probe_free(void)
{
	kfree(pv_vmx_cpus);
	pv_vmx_cpus = NULL;
	cpumask_clear(&pv_vmx_probed);
}

/**
 * pv_vmx_cpu_caps() - the probe result of one CPU
 * @cpu: CPU number
 *
 * Return: the result, or NULL if @cpu was not probed at load.
 */
const struct pv_vmx_cpu *pv_vmx_cpu_caps(unsigned int cpu)
{
	if (!pv_vmx_cpus || cpu >= nr_cpu_ids || !cpumask_test_cpu(cpu, &pv_vmx_probed))
		return NULL;
	return &pv_vmx_cpus[cpu];
}

/**
 * pv_vmx_probed_cpus() - the CPUs probed at load
 *
 * Return: a mask that stays valid while the module is loaded.
 */
const struct cpumask *pv_vmx_probed_cpus(void)
{
	return &pv_vmx_probed;
}
