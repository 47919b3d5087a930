// SPDX-License-Identifier: GPL-2.0
/*
 * Late launch of the root partition.
 *
 * A cpuhp state runs pv_vmx_root_online() on every online CPU (and on each
 * CPU that comes online later): VMXON, a VMCS whose guest state is the CPU
 * as it is at that moment and whose host state is pv_vmx_exit_entry on a
 * hypervisor stack, VMLAUNCH. The kernel goes on in VMX non-root mode.
 * cpuhp_setup_state() undoes every CPU if one fails, so the launch is all
 * or nothing. Teardown asks the hypervisor, by hypercall, to leave VMX and
 * resume the caller natively (vmx_exit.c).
 *
 * References are to the Intel SDM Vol. 3C: 24 (VMCS), 26 (VM entry
 * checks), 27 (VM exits), 31 (VMX instructions).
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/gfp.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/partvisor.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <asm/desc.h>
#include <asm/debugreg.h>
#include <asm/hyperv-tlfs.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/vmx.h>

#include "../pv_hv.h"
#include "vmx_caps.h"
#include "vmx_ept.h"
#include "vmx_msr_bitmap.h"
#include "vmx_ops.h"
#include "vmx_root.h"

#define PV_STACK_ORDER	2	/* 16 KiB hypervisor stack per CPU */

static DEFINE_PER_CPU(struct pv_vmx_root_cpu, pv_root_cpus);

/* Shared by all CPUs, read-only once built: MSR bitmap, host page table. */
static unsigned long *pv_msr_bitmap;
static pgd_t *pv_host_pgd;
static enum cpuhp_state pv_cpuhp_state;
static atomic64_t pv_launches = ATOMIC64_INIT(0);

/* Exits partvisor does not handle for the root: none of these may be forced on. */
#define PV_PROC_UNHANDLED (CPU_BASED_INTR_WINDOW_EXITING | CPU_BASED_HLT_EXITING | \
			   CPU_BASED_INVLPG_EXITING | CPU_BASED_MWAIT_EXITING | \
			   CPU_BASED_RDPMC_EXITING | CPU_BASED_RDTSC_EXITING | \
			   CPU_BASED_CR3_LOAD_EXITING | CPU_BASED_CR3_STORE_EXITING | \
			   CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING | \
			   CPU_BASED_NMI_WINDOW_EXITING | CPU_BASED_MOV_DR_EXITING | \
			   CPU_BASED_UNCOND_IO_EXITING | CPU_BASED_MONITOR_EXITING | \
			   CPU_BASED_PAUSE_EXITING | CPU_BASED_MONITOR_TRAP_FLAG)

static void vmwrite(struct pv_vmx_root_cpu *rc, unsigned long field, unsigned long value)
{
	if (unlikely(!pv_vmx_vmwrite_raw(field, value)) && !rc->vmwrite_err) {
		rc->vmwrite_field = field;
		rc->vmwrite_err = pv_vmx_vmread(VM_INSTRUCTION_ERROR);
	}
}

static void vmwrite_msr(struct pv_vmx_root_cpu *rc, unsigned long field, u32 msr)
{
	u64 value;

	rdmsrl(msr, value);
	vmwrite(rc, field, value);
}

/* (want | must-be-one) & may-be-one, SDM Vol. 3D A.3-A.5 */
static u32 adjust_ctl(u64 msr, u32 want)
{
	return (want | (u32)msr) & (u32)(msr >> 32);
}

struct pv_ctls {
	u32 pin, proc, proc2, exit, entry;
};

static int pv_root_controls(const struct pv_vmx_msrs *m, struct pv_ctls *c)
{
	bool tc = m->basic & VMX_BASIC_TRUE_CTLS;
	u32 want2 = SECONDARY_EXEC_ENABLE_VPID | SECONDARY_EXEC_ENABLE_EPT;

	c->pin = adjust_ctl(tc ? m->true_pinbased : m->pinbased, 0);
	c->proc = adjust_ctl(tc ? m->true_procbased : m->procbased,
			     CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
	/* Instructions the root uses natively must stay enabled in non-root mode. */
	if (boot_cpu_has(X86_FEATURE_RDTSCP) || boot_cpu_has(X86_FEATURE_RDPID))
		want2 |= SECONDARY_EXEC_ENABLE_RDTSCP;
	if (boot_cpu_has(X86_FEATURE_INVPCID))
		want2 |= SECONDARY_EXEC_ENABLE_INVPCID;
	if (boot_cpu_has(X86_FEATURE_XSAVES))
		want2 |= SECONDARY_EXEC_XSAVES;
	c->proc2 = adjust_ctl(m->procbased2, want2);
	c->exit = adjust_ctl(tc ? m->true_exit : m->exit,
			     VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_SAVE_IA32_EFER |
			     VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_IA32_PAT |
			     VM_EXIT_LOAD_IA32_PAT);
	c->entry = adjust_ctl(tc ? m->true_entry : m->entry,
			      VM_ENTRY_IA32E_MODE | VM_ENTRY_LOAD_IA32_EFER |
			      VM_ENTRY_LOAD_IA32_PAT);

	if ((c->proc2 & want2) != want2) {
		pr_err("VMX cannot give the root EPT, VPID and RDTSCP/INVPCID/XSAVES (secondary controls %#x, need %#x)\n",
		       c->proc2, want2);
		return -EOPNOTSUPP;
	}
	if (c->proc & PV_PROC_UNHANDLED) {
		pr_err("VMX forces exiting controls partvisor does not handle (%#x)\n",
		       (u32)(c->proc & PV_PROC_UNHANDLED));
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Access rights of a GDT segment in the VMCS format (SDM 24.4.1, table 24-2). */
static u32 seg_ar(const struct desc_ptr *gdt, u16 sel)
{
	const struct desc_struct *d;

	if (!(sel & ~3) || (sel & 4))	/* null selector (or LDT: unused by Linux) */
		return VMX_AR_UNUSABLE_MASK;
	d = (const struct desc_struct *)(gdt->address + (sel & ~7));
	return d->type | d->s << 4 | d->dpl << 5 | d->p << 7 | d->avl << 12 |
	       d->l << 13 | d->d << 14 | d->g << 15;
}

static u32 seg_limit(const struct desc_ptr *gdt, u16 sel)
{
	const struct desc_struct *d;
	u32 limit;

	if (!(sel & ~3) || (sel & 4))
		return 0;
	d = (const struct desc_struct *)(gdt->address + (sel & ~7));
	limit = get_desc_limit(d);
	return d->g ? (limit << 12) | 0xfff : limit;
}

static unsigned long tss_base(const struct desc_ptr *gdt, u16 sel)
{
	const struct ldttss_desc *d = (const void *)(gdt->address + (sel & ~7));

	return get_desc_base((const struct desc_struct *)d) | (u64)d->base3 << 32;
}

struct pv_seg_fields {
	unsigned long sel, limit, ar, base;
};

/* A code or data segment; in 64-bit mode their bases are 0 (FS/GS: MSRs). */
static void guest_seg(struct pv_vmx_root_cpu *rc, const struct desc_ptr *gdt, u16 sel,
		      const struct pv_seg_fields *f)
{
	vmwrite(rc, f->sel, sel);
	vmwrite(rc, f->limit, seg_limit(gdt, sel));
	vmwrite(rc, f->ar, seg_ar(gdt, sel));
	vmwrite(rc, f->base, 0);
}

static const struct pv_seg_fields pv_es = {
	GUEST_ES_SELECTOR, GUEST_ES_LIMIT, GUEST_ES_AR_BYTES, GUEST_ES_BASE };
static const struct pv_seg_fields pv_cs = {
	GUEST_CS_SELECTOR, GUEST_CS_LIMIT, GUEST_CS_AR_BYTES, GUEST_CS_BASE };
static const struct pv_seg_fields pv_ss = {
	GUEST_SS_SELECTOR, GUEST_SS_LIMIT, GUEST_SS_AR_BYTES, GUEST_SS_BASE };
static const struct pv_seg_fields pv_ds = {
	GUEST_DS_SELECTOR, GUEST_DS_LIMIT, GUEST_DS_AR_BYTES, GUEST_DS_BASE };
static const struct pv_seg_fields pv_fs = {
	GUEST_FS_SELECTOR, GUEST_FS_LIMIT, GUEST_FS_AR_BYTES, GUEST_FS_BASE };
static const struct pv_seg_fields pv_gs = {
	GUEST_GS_SELECTOR, GUEST_GS_LIMIT, GUEST_GS_AR_BYTES, GUEST_GS_BASE };

/* Guest state: this CPU exactly as it is (SDM 24.4, 26.3.1). */
static void pv_root_guest_state(struct pv_vmx_root_cpu *rc)
{
	struct desc_ptr gdt, idt;
	unsigned long cr4 = __read_cr4();
	u16 cs, ss, ds, es, fs, gs, tr;

	native_store_gdt(&gdt);
	store_idt(&idt);
	savesegment(cs, cs);
	savesegment(ss, ss);
	savesegment(ds, ds);
	savesegment(es, es);
	savesegment(fs, fs);
	savesegment(gs, gs);
	tr = native_store_tr();

	vmwrite(rc, GUEST_CR0, read_cr0());
	vmwrite(rc, GUEST_CR3, __read_cr3());
	vmwrite(rc, GUEST_CR4, cr4);
	vmwrite(rc, GUEST_DR7, native_get_debugreg(7));
	vmwrite(rc, GUEST_RFLAGS, native_save_fl());

	guest_seg(rc, &gdt, es, &pv_es);
	guest_seg(rc, &gdt, cs, &pv_cs);
	guest_seg(rc, &gdt, ss, &pv_ss);
	guest_seg(rc, &gdt, ds, &pv_ds);
	guest_seg(rc, &gdt, fs, &pv_fs);
	guest_seg(rc, &gdt, gs, &pv_gs);
	vmwrite_msr(rc, GUEST_FS_BASE, MSR_FS_BASE);
	vmwrite_msr(rc, GUEST_GS_BASE, MSR_GS_BASE);
	vmwrite(rc, GUEST_LDTR_SELECTOR, 0);
	vmwrite(rc, GUEST_LDTR_AR_BYTES, VMX_AR_UNUSABLE_MASK);
	vmwrite(rc, GUEST_LDTR_LIMIT, 0);
	vmwrite(rc, GUEST_LDTR_BASE, 0);
	vmwrite(rc, GUEST_TR_SELECTOR, tr);
	vmwrite(rc, GUEST_TR_LIMIT, seg_limit(&gdt, tr));
	vmwrite(rc, GUEST_TR_AR_BYTES, seg_ar(&gdt, tr));
	vmwrite(rc, GUEST_TR_BASE, tss_base(&gdt, tr));
	vmwrite(rc, GUEST_GDTR_BASE, gdt.address);
	vmwrite(rc, GUEST_GDTR_LIMIT, gdt.size);
	vmwrite(rc, GUEST_IDTR_BASE, idt.address);
	vmwrite(rc, GUEST_IDTR_LIMIT, idt.size);

	vmwrite_msr(rc, GUEST_IA32_DEBUGCTL, MSR_IA32_DEBUGCTLMSR);
	vmwrite_msr(rc, GUEST_IA32_EFER, MSR_EFER);
	vmwrite_msr(rc, GUEST_IA32_PAT, MSR_IA32_CR_PAT);
	vmwrite_msr(rc, GUEST_SYSENTER_CS, MSR_IA32_SYSENTER_CS);
	vmwrite_msr(rc, GUEST_SYSENTER_ESP, MSR_IA32_SYSENTER_ESP);
	vmwrite_msr(rc, GUEST_SYSENTER_EIP, MSR_IA32_SYSENTER_EIP);

	vmwrite(rc, GUEST_INTERRUPTIBILITY_INFO, 0);
	vmwrite(rc, GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
	vmwrite(rc, GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmwrite(rc, VMCS_LINK_POINTER, -1ull);
	/* GUEST_RSP and GUEST_RIP are written by pv_vmx_do_launch(). */
}

/*
 * Host state: the hypervisor runs on its own stack and page table (the
 * kernel half of the kernel's, which never changes on x86-64), with this
 * CPU's GDT, IDT, TSS and per-CPU base (SDM 24.5, 26.2.2-26.2.4).
 */
static void pv_root_host_state(struct pv_vmx_root_cpu *rc)
{
	struct desc_ptr gdt, idt;
	u16 tr = native_store_tr();

	native_store_gdt(&gdt);
	store_idt(&idt);
	vmwrite(rc, HOST_CR0, read_cr0());
	vmwrite(rc, HOST_CR3, __pa(pv_host_pgd));
	vmwrite(rc, HOST_CR4, __read_cr4());
	vmwrite(rc, HOST_CS_SELECTOR, __KERNEL_CS);
	vmwrite(rc, HOST_SS_SELECTOR, __KERNEL_DS);
	vmwrite(rc, HOST_DS_SELECTOR, 0);
	vmwrite(rc, HOST_ES_SELECTOR, 0);
	vmwrite(rc, HOST_FS_SELECTOR, 0);
	vmwrite(rc, HOST_GS_SELECTOR, 0);
	vmwrite(rc, HOST_TR_SELECTOR, tr);
	vmwrite_msr(rc, HOST_FS_BASE, MSR_FS_BASE);
	vmwrite_msr(rc, HOST_GS_BASE, MSR_GS_BASE);
	vmwrite(rc, HOST_TR_BASE, tss_base(&gdt, tr));
	vmwrite(rc, HOST_GDTR_BASE, gdt.address);
	vmwrite(rc, HOST_IDTR_BASE, idt.address);
	vmwrite_msr(rc, HOST_IA32_SYSENTER_CS, MSR_IA32_SYSENTER_CS);
	vmwrite_msr(rc, HOST_IA32_SYSENTER_ESP, MSR_IA32_SYSENTER_ESP);
	vmwrite_msr(rc, HOST_IA32_SYSENTER_EIP, MSR_IA32_SYSENTER_EIP);
	vmwrite_msr(rc, HOST_IA32_EFER, MSR_EFER);
	vmwrite_msr(rc, HOST_IA32_PAT, MSR_IA32_CR_PAT);
	vmwrite(rc, HOST_RSP, (unsigned long)rc->stack + (PAGE_SIZE << PV_STACK_ORDER));
	vmwrite(rc, HOST_RIP, (unsigned long)pv_vmx_exit_entry);
}

static void pv_root_controls_state(struct pv_vmx_root_cpu *rc, const struct pv_ctls *c)
{
	unsigned long cr4 = __read_cr4();

	vmwrite(rc, VIRTUAL_PROCESSOR_ID, PV_VMX_ROOT_VPID);
	vmwrite(rc, EPT_POINTER, pv_ept_root_eptp());
	vmwrite(rc, PIN_BASED_VM_EXEC_CONTROL, c->pin);
	vmwrite(rc, CPU_BASED_VM_EXEC_CONTROL, c->proc);
	vmwrite(rc, SECONDARY_VM_EXEC_CONTROL, c->proc2);
	vmwrite(rc, VM_EXIT_CONTROLS, c->exit);
	vmwrite(rc, VM_ENTRY_CONTROLS, c->entry);
	vmwrite(rc, EXCEPTION_BITMAP, 0);
	vmwrite(rc, PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmwrite(rc, PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmwrite(rc, CR3_TARGET_COUNT, 0);
	vmwrite(rc, VM_EXIT_MSR_STORE_COUNT, 0);
	vmwrite(rc, VM_EXIT_MSR_LOAD_COUNT, 0);
	vmwrite(rc, VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmwrite(rc, VM_ENTRY_INTR_INFO_FIELD, 0);
	vmwrite(rc, MSR_BITMAP, __pa(pv_msr_bitmap));
	/*
	 * CR4.VMXE belongs to the hypervisor: the root reads and writes a
	 * shadow of it. The shadow starts set, as Linux's own copy of CR4 does
	 * (cr4_set_bits_irqsoff() before VMXON): to the root, VMX is owned by
	 * someone, which is how kvm_intel learns to stay away (-EBUSY, no
	 * VMXON attempted). Writes that match the shadow do not exit.
	 */
	vmwrite(rc, CR0_GUEST_HOST_MASK, 0);
	vmwrite(rc, CR4_GUEST_HOST_MASK, X86_CR4_VMXE);
	vmwrite(rc, CR4_READ_SHADOW, cr4);
}

/* The pages of one CPU's hypervisor state, for hiding them from the root. */
static void pv_root_cpu_pages(struct pv_vmx_root_cpu *rc, u64 *pa, unsigned int *n)
{
	unsigned int i;

	*n = 0;
	if (rc->vmxon)
		pa[(*n)++] = page_to_phys(rc->vmxon);
	if (rc->vmcs)
		pa[(*n)++] = page_to_phys(rc->vmcs);
	for (i = 0; rc->stack && i < (1U << PV_STACK_ORDER); i++)
		pa[(*n)++] = __pa(rc->stack) + i * PAGE_SIZE;
}

#define PV_CPU_PAGES (2 + (1 << PV_STACK_ORDER))

static void pv_root_free_cpu(struct pv_vmx_root_cpu *rc)
{
	u64 pa[PV_CPU_PAGES];
	unsigned int i, n;

	/* Give the pages back to the root's view before giving them to Linux. */
	pv_root_cpu_pages(rc, pa, &n);
	for (i = 0; i < n; i++)
		pv_ept_root_unhide(pa[i]);
	if (rc->stack)
		free_pages((unsigned long)rc->stack, PV_STACK_ORDER);
	if (rc->vmcs)
		__free_page(rc->vmcs);
	if (rc->vmxon)
		__free_page(rc->vmxon);
	memset(rc, 0, sizeof(*rc));
}

/* On @cpu, interrupts off: VMXON, build the VMCS, VMLAUNCH. */
static int pv_root_launch_this_cpu(struct pv_vmx_root_cpu *rc, const struct pv_vmx_caps *caps,
				   const struct pv_ctls *ctls)
{
	struct pv_vmx_invvpid_desc vpid = { .vpid = PV_VMX_ROOT_VPID };
	u64 vmxon_pa = page_to_phys(rc->vmxon);
	unsigned int cpu = smp_processor_id();
	int err, ret;

	if (__read_cr4() & X86_CR4_VMXE) {
		pr_err("CPU %u: VMX is already in use by another hypervisor\n", cpu);
		return -EBUSY;
	}
	*(u32 *)page_address(rc->vmxon) = caps->revision_id;
	*(u32 *)page_address(rc->vmcs) = caps->revision_id;
	cr4_set_bits_irqsoff(X86_CR4_VMXE);
	err = pv_vmx_vmxon(&vmxon_pa);
	if (err) {
		pr_err("CPU %u: VMXON failed (%d)\n", cpu, err);
		goto clear_vmxe;
	}
	rc->vmcs_pa = page_to_phys(rc->vmcs);
	err = pv_vmx_vmclear(&rc->vmcs_pa);
	if (!err)
		err = pv_vmx_vmptrld(&rc->vmcs_pa);
	if (err) {
		pr_err("CPU %u: VMCLEAR/VMPTRLD failed (%d)\n", cpu, err);
		goto vmxoff;
	}

	rc->vmwrite_err = 0;
	pv_root_controls_state(rc, ctls);
	pv_root_host_state(rc);
	pv_root_guest_state(rc);
	if (rc->vmwrite_err) {
		pr_err("CPU %u: VMWRITE to field %#lx failed, VM-instruction error %u\n",
		       cpu, rc->vmwrite_field, rc->vmwrite_err);
		err = -EIO;
		goto vmxoff;
	}

	/* No translation of an earlier launch may survive under the root's tags. */
	pv_ept_root_cpu_start();
	err = pv_vmx_invvpid(VMX_VPID_EXTENT_SINGLE_CONTEXT, &vpid);
	if (!err)
		err = pv_ept_root_invept();
	if (err) {
		pr_err("CPU %u: INVVPID/INVEPT failed (%d)\n", cpu, err);
		goto vmxoff;
	}
	ret = pv_vmx_do_launch(GUEST_RSP, GUEST_RIP);
	if (ret) {
		pr_err("CPU %u: VMLAUNCH failed: %s, VM-instruction error %lu\n", cpu,
		       ret == 1 ? "VMfail" : "fault", ret == 1 ?
		       pv_vmx_vmread(VM_INSTRUCTION_ERROR) : 0UL);
		err = -EIO;
		goto vmxoff;
	}
	/* From here on this CPU runs as the root partition. */
	rc->launched = true;
	rc->launch_id = atomic64_inc_return(&pv_launches);
	return 0;

vmxoff:
	pv_ept_root_cpu_stop(cpu);
	pv_vmx_vmxoff();
clear_vmxe:
	cr4_clear_bits_irqsoff(X86_CR4_VMXE);
	return err;
}

static void pv_root_flush_ept(void *unused)
{
	if (this_cpu_ptr(&pv_root_cpus)->launched)
		pv_hv_vmcall(PV_HVCALL_FLUSH_EPT | HV_HYPERCALL_FAST_BIT, 0, 0);
}

/**
 * pv_vmx_root_flush_ept_all() - make every launched CPU flush the root's EPT
 *
 * From the root, in process context. Tables merged back into large pages
 * before the call are in the split reserve again afterwards.
 */
void pv_vmx_root_flush_ept_all(void)
{
	on_each_cpu(pv_root_flush_ept, NULL, 1);
}

/*
 * Unmap a CPU's hypervisor pages from the root's EPT (and any table that
 * splitting added), then make every launched CPU forget what it cached:
 * until now these pages were Linux's.
 */
static int pv_root_hide_cpu_pages(struct pv_vmx_root_cpu *rc)
{
	u64 pa[PV_CPU_PAGES];
	unsigned int i, n;
	int err = 0;

	pv_root_cpu_pages(rc, pa, &n);
	for (i = 0; i < n && !err; i++)
		err = pv_ept_root_hide(pa[i]);
	on_each_cpu(pv_root_flush_ept, NULL, 1);
	return err;
}

static int pv_vmx_root_online(unsigned int cpu)
{
	struct pv_vmx_root_cpu *rc = per_cpu_ptr(&pv_root_cpus, cpu);
	const struct pv_vmx_cpu *probe = pv_vmx_cpu_caps(cpu);
	unsigned long flags;
	struct pv_ctls ctls;
	int err;

	/* A CPU that came online after load: it is the same model as the first. */
	if (!probe)
		probe = pv_vmx_cpu_caps(cpumask_first(pv_vmx_probed_cpus()));
	if (!probe)
		return -ENODEV;
	err = pv_root_controls(&probe->probe.msrs, &ctls);
	if (err)
		return err;

	rc->vmxon = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL | __GFP_ZERO, 0);
	rc->vmcs = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL | __GFP_ZERO, 0);
	rc->stack = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, PV_STACK_ORDER);
	if (!rc->vmxon || !rc->vmcs || !rc->stack) {
		err = -ENOMEM;
		goto free_cpu;
	}

	err = pv_root_hide_cpu_pages(rc);
	if (err)
		goto free_cpu;

	local_irq_save(flags);
	err = pv_root_launch_this_cpu(rc, &probe->caps, &ctls);
	local_irq_restore(flags);
	if (err)
		goto free_cpu;
	pr_info("CPU %u: running as the root partition\n", cpu);
	return 0;

free_cpu:
	pv_root_free_cpu(rc);
	return err;
}

static int pv_vmx_root_offline(unsigned int cpu)
{
	struct pv_vmx_root_cpu *rc = per_cpu_ptr(&pv_root_cpus, cpu);
	unsigned long flags;
	u64 status;

	if (!rc->launched)
		return 0;
	local_irq_save(flags);
	status = pv_hv_vmcall(PV_HVCALL_DEVIRTUALIZE, 0, 0);
	local_irq_restore(flags);
	if ((status & HV_HYPERCALL_RESULT_MASK) != HV_STATUS_SUCCESS) {
		pr_err("CPU %u: devirtualize hypercall failed (status %#llx)\n", cpu, status);
		return -EIO;
	}
	pv_ept_root_cpu_stop(cpu);
	pr_info("CPU %u: left VMX, running natively\n", cpu);
	pv_root_free_cpu(rc);
	return 0;
}

/* Root EPT tables set aside for DepositMemory's splits: 512 split 2 MiB regions. */
#define PV_SPLIT_RESERVE	512

/**
 * pv_vmx_root_init() - launch the root partition on every online CPU
 * @hide: physical addresses of more hypervisor pages to hide from the root
 *	(the partition table, the child-page bitmap)
 * @n: how many
 *
 * All or nothing: if any CPU fails, every CPU already launched is
 * devirtualized and everything is freed before this returns.
 *
 * Return: 0 or a negative errno.
 */
int pv_vmx_root_init(const u64 *hide, unsigned int n)
{
	unsigned int i;
	const struct pv_vmx_cpu *probe;
	pgd_t *kernel_pgd;
	int ret;

	pv_msr_bitmap = (unsigned long *)get_zeroed_page(GFP_KERNEL);
	pv_host_pgd = (pgd_t *)get_zeroed_page(GFP_KERNEL);
	if (!pv_msr_bitmap || !pv_host_pgd) {
		ret = -ENOMEM;
		goto free_pages;
	}
	pv_vmx_root_msr_bitmap(pv_msr_bitmap);
	/* The kernel half of the top level is fixed after boot on x86-64. */
	kernel_pgd = __va(read_cr3_pa());
	memcpy(pv_host_pgd + KERNEL_PGD_BOUNDARY, kernel_pgd + KERNEL_PGD_BOUNDARY,
	       KERNEL_PGD_PTRS * sizeof(pgd_t));

	probe = pv_vmx_cpu_caps(cpumask_first(pv_vmx_probed_cpus()));
	ret = pv_ept_root_init(probe && (probe->caps.features & BIT_ULL(PARTVISOR_VMX_F_EPT_1G)));
	if (ret)
		goto free_pages;
	/* No CPU uses the EPT yet: nothing to flush. */
	ret = pv_ept_root_hide(__pa(pv_msr_bitmap));
	if (!ret)
		ret = pv_ept_root_hide(__pa(pv_host_pgd));
	for (i = 0; i < n && !ret; i++)
		ret = pv_ept_root_hide(hide[i]);
	if (!ret)
		ret = pv_ept_root_reserve(PV_SPLIT_RESERVE);
	if (ret)
		goto free_ept;

	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "partvisor:root",
				pv_vmx_root_online, pv_vmx_root_offline);
	if (ret < 0) {
		pr_err("launch failed (%d): no CPU is left virtualized\n", ret);
		goto free_ept;
	}
	pv_cpuhp_state = ret;
	return 0;

free_ept:
	pv_ept_root_free();
free_pages:
	free_page((unsigned long)pv_host_pgd);
	free_page((unsigned long)pv_msr_bitmap);
	pv_host_pgd = NULL;
	pv_msr_bitmap = NULL;
	return ret;
}

/**
 * pv_vmx_root_exit() - devirtualize every CPU and free the hypervisor
 */
void pv_vmx_root_exit(void)
{
	cpuhp_remove_state(pv_cpuhp_state);
	/* No CPU uses the EPT any more. */
	pv_ept_root_free();
	free_page((unsigned long)pv_host_pgd);
	free_page((unsigned long)pv_msr_bitmap);
	pv_host_pgd = NULL;
	pv_msr_bitmap = NULL;
}

/**
 * pv_vmx_root_this_cpu() - this CPU's hypervisor state, for the exit handler
 *
 * Return: the state; valid in host context (GS is the per-CPU base there).
 */
struct pv_vmx_root_cpu *pv_vmx_root_this_cpu(void)
{
	return this_cpu_ptr(&pv_root_cpus);
}

/**
 * pv_vmx_root_cpu() - the hypervisor state of one CPU, for debugfs
 * @cpu: CPU number
 *
 * Return: the state (counters are updated racily by the CPU itself).
 */
const struct pv_vmx_root_cpu *pv_vmx_root_cpu(unsigned int cpu)
{
	return per_cpu_ptr(&pv_root_cpus, cpu);
}
