// SPDX-License-Identifier: GPL-2.0
/*
 * Partitions in the hypervisor: the table of partitions, their deposited
 * memory pools, GPA maps and VPs, changed only by the root's
 * partition-management hypercalls (Documentation/hypercalls.rst), and the
 * root's SynIC posts to a child's VP (PostMessageDirect, SignalEventDirect).
 *
 * Runs in the exit handler (interrupts off, hypervisor stack). One arch
 * spinlock, taken only here, in VMX root mode, serialises the table; a
 * VP's dispatch runs outside it with the VP marked running, and nothing
 * that a running VP uses is freed while it runs. The table itself and
 * every pool page are hidden from the root's EPT.
 *
 * A pool page is a page the root deposited: hidden from the root, it holds
 * the partition's EPT tables and its VPs (state, VMCS, XSAVE areas).
 * Free pool pages are chained through their first eight bytes.
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/bits.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <asm/fpu/xcr.h>
#include <asm/hyperv-tlfs.h>
#include <asm/vmx.h>

#include "pv_hv.h"
#include "pv_hvcall.h"
#include "pv_part.h"
#include "pv_synic.h"
#include "vmx/vmx_child.h"
#include "vmx/vmx_ept.h"
#include "vmx/vmx_ept_child.h"
#include "vmx/vmx_ops.h"

enum pv_part_state {
	PV_PART_FREE,
	PV_PART_CREATED,	/* CreatePartition done: deposit, initialize */
	PV_PART_ACTIVE,		/* InitializePartition done: map, create and run VPs */
	PV_PART_FINALIZED,	/* no more dispatches; delete when none runs */
	PV_PART_DELETED,	/* only its pool is left, for WithdrawMemory */
};

/* Pages a VP takes from the pool: state, VMCS, its XSAVE area, the root's. */
#define PV_VP_PAGES	4

struct pv_part_vp {
	struct pv_vmx_child vmx;
	bool running;
	u64 page[PV_VP_PAGES];
};

struct pv_part {
	u64 id;
	enum pv_part_state state;
	u32 max_vps;
	u64 flags;
	u64 max_gpa;
	u64 *pml4;
	u64 pool;		/* first free pool page, 0: none */
	u64 pool_free;
	u64 pool_pages;		/* deposited and not withdrawn */
	u64 mapped;		/* guest pages mapped */
	u32 running;		/* VPs being dispatched */
	u32 generation;		/* of this slot, for unique ids */
	struct pv_part_vp *vps[PV_HV_MAX_VPS];
};

static struct pv_part *pv_parts;
static unsigned int pv_parts_order;
static arch_spinlock_t pv_part_lock = __ARCH_SPIN_LOCK_UNLOCKED;

/*
 * One bit per page of RAM: set while the page is mapped into a child. A
 * page is in at most one child's map once, and never deposited while
 * mapped, so no child sees another's memory or the hypervisor's.
 */
static unsigned long *pv_child_pages;
/* Bumped, under the lock, by every deposit that hid a page from the root. */
static u64 pv_part_deposits;
static u64 pv_child_pages_max;
static u64 *pv_hidden;
/* Totals for debugfs, changed under the lock (not hidden: nothing secret). */
static struct pv_part_stats pv_part_totals;

static bool page_free_for_child(u64 pa)
{
	return PHYS_PFN(pa) < pv_child_pages_max && !test_bit(PHYS_PFN(pa), pv_child_pages);
}

/**
 * pv_part_init() - allocate the partition table and the child-page bitmap
 * @hide: set to the physical addresses of their pages, for the launch to
 *	hide from the root (freed by pv_part_exit())
 * @n: set to how many
 *
 * Return: 0 or -ENOMEM (nothing left allocated).
 */
int pv_part_init(u64 **hide, unsigned int *n)
{
	size_t size = sizeof(*pv_parts) * PV_HV_MAX_PARTITIONS, bitmap;
	unsigned int i, pages;

	/* On x86-64 high_memory is the end of the direct map: max_pfn. */
	pv_child_pages_max = PHYS_PFN(__pa(high_memory - 1)) + 1;
	bitmap = PAGE_ALIGN(BITS_TO_LONGS(pv_child_pages_max) * sizeof(long));
	pv_parts_order = get_order(size);
	pages = (1U << pv_parts_order) + bitmap / PAGE_SIZE;
	pv_parts = (void *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, pv_parts_order);
	pv_child_pages = vzalloc(bitmap);
	pv_hidden = kcalloc(pages, sizeof(u64), GFP_KERNEL);
	if (!pv_parts || !pv_child_pages || !pv_hidden) {
		pv_part_exit();
		return -ENOMEM;
	}
	for (i = 0; i < 1U << pv_parts_order; i++)
		pv_hidden[i] = __pa(pv_parts) + i * PAGE_SIZE;
	for (; i < pages; i++)
		pv_hidden[i] = PFN_PHYS(vmalloc_to_pfn((void *)pv_child_pages +
						       (i - (1U << pv_parts_order)) * PAGE_SIZE));
	*hide = pv_hidden;
	*n = pages;
	return 0;
}

/**
 * pv_part_stats() - the totals over all partitions, a snapshot
 * @s: filled in
 *
 * From the root, without the lock (it may never take it).
 */
void pv_part_stats(struct pv_part_stats *s)
{
	s->partitions = READ_ONCE(pv_part_totals.partitions);
	s->pool_pages = READ_ONCE(pv_part_totals.pool_pages);
	s->mapped_pages = READ_ONCE(pv_part_totals.mapped_pages);
}

/* A slot becomes free again: its last page withdrawn after the delete. */
static void slot_freed(struct pv_part *p)
{
	p->state = PV_PART_FREE;
	WRITE_ONCE(pv_part_totals.partitions, pv_part_totals.partitions - 1);
}

/**
 * pv_part_exit() - free the partition table (after devirtualizing)
 */
void pv_part_exit(void)
{
	free_pages((unsigned long)pv_parts, pv_parts_order);
	vfree(pv_child_pages);
	kfree(pv_hidden);
	pv_parts = NULL;
	pv_child_pages = NULL;
	pv_hidden = NULL;
}

/**
 * pv_vmx_root_page() - the root's page at @gpa for a hypercall
 * @gpa: physical address (the root's map is the identity)
 * @size: bytes needed from @gpa on
 *
 * Aligned, within one page, RAM, and a page the root may write itself, so
 * that no hypercall reads or writes the hypervisor's own memory on the
 * root's behalf.
 *
 * Return: the kernel address, or NULL.
 */
void *pv_vmx_root_page(u64 gpa, size_t size)
{
	if (!gpa || gpa & 7 || offset_in_page(gpa) + size > PAGE_SIZE ||
	    !pfn_valid(PHYS_PFN(gpa)) || !pv_ept_root_writable(gpa))
		return NULL;
	return __va(gpa);
}

/**
 * pv_part_lock_pages() - hold off deposits while a root page is written
 *
 * A page checked root-writable stays so until pv_part_unlock_pages(): for
 * hypercalls other than these that write an output page (GET_VERSION).
 */
void pv_part_lock_pages(void)
{
	arch_spin_lock(&pv_part_lock);
}

/**
 * pv_part_unlock_pages() - end of pv_part_lock_pages()
 */
void pv_part_unlock_pages(void)
{
	arch_spin_unlock(&pv_part_lock);
}

static u64 pool_get(void *ctx)
{
	struct pv_part *p = ctx;
	u64 hpa = p->pool;

	if (!hpa)
		return 0;
	p->pool = *(u64 *)__va(hpa);
	p->pool_free--;
	clear_page(__va(hpa));
	return hpa;
}

static void pool_put(void *ctx, u64 hpa)
{
	struct pv_part *p = ctx;

	*(u64 *)__va(hpa) = p->pool;
	p->pool = hpa;
	p->pool_free++;
}

static struct pv_part *find(u64 id)
{
	u64 slot = (id & 0xffffffff) - 1;

	if (slot >= PV_HV_MAX_PARTITIONS || pv_parts[slot].id != id ||
	    pv_parts[slot].state == PV_PART_FREE)
		return NULL;
	return &pv_parts[slot];
}

/*
 * A call with one fixed-size input page (copied to @in, so that the root
 * cannot change it under the checks) and, if @out_size, an output page.
 *
 * Input pages: a page checked root-writable stays so only while
 * pv_part_lock is held (a deposit on another CPU may hide it, and put a
 * pool link in it, the moment after). Every read of an input page happens
 * under the lock with the page checked there, into hypervisor memory or
 * straight into the work it is for; output pages are checked again under
 * the lock when they are written (DispatchVp: if a deposit happened
 * meanwhile).
 */
static u16 fixed_pages(const struct pv_hv_call *call, u64 in_gpa, void *in, size_t in_size,
		       u64 out_gpa, void **out, size_t out_size)
{
	void *inp;

	if (call->fast || call->rep_count || call->varhead)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	arch_spin_lock(&pv_part_lock);
	inp = pv_vmx_root_page(in_gpa, in_size);
	if (out_size)
		*out = pv_vmx_root_page(out_gpa, out_size);
	if (inp)
		memcpy(in, inp, in_size);
	arch_spin_unlock(&pv_part_lock);
	if (!inp || (out_size && !*out))
		return HV_STATUS_INVALID_PARAMETER;
	return HV_STATUS_SUCCESS;
}

static u16 create_partition(const struct pv_hv_call *call, u64 in_gpa, u64 out_gpa)
{
	struct pv_hv_input_create_partition in;
	struct pv_hv_output_create_partition *out;
	struct pv_part *p = NULL;
	unsigned int i;
	u16 status;

	status = fixed_pages(call, in_gpa, &in, sizeof(in), out_gpa, (void **)&out, sizeof(*out));
	if (status)
		return status;
	if ((in.flags & ~PV_HV_PARTITION_FLAGS) || in.reserved0 || in.reserved[0] ||
	    in.reserved[1] || !in.max_gpa || offset_in_page(in.max_gpa) ||
	    in.max_gpa > PV_HV_MAX_GPA || !in.max_vps || in.max_vps > PV_HV_MAX_VPS)
		return HV_STATUS_INVALID_PARAMETER;

	arch_spin_lock(&pv_part_lock);
	out = pv_vmx_root_page(out_gpa, sizeof(*out));	/* again, under the lock */
	for (i = 0; i < PV_HV_MAX_PARTITIONS && !p && out; i++)
		if (pv_parts[i].state == PV_PART_FREE)
			p = &pv_parts[i];
	if (p) {
		u32 gen = p->generation + 1;

		memset(p, 0, sizeof(*p));
		p->generation = gen;
		p->id = ((u64)gen << 32) | (p - pv_parts + 1);
		p->state = PV_PART_CREATED;
		p->flags = in.flags;
		p->max_gpa = in.max_gpa;
		p->max_vps = in.max_vps;
		out->partition_id = p->id;
		WRITE_ONCE(pv_part_totals.partitions, pv_part_totals.partitions + 1);
	}
	arch_spin_unlock(&pv_part_lock);
	if (!out)
		return HV_STATUS_INVALID_PARAMETER;
	return p ? HV_STATUS_SUCCESS : HV_STATUS_INSUFFICIENT_MEMORY;
}

static void unmapped(void *ctx, u64 hpa)
{
	clear_bit(PHYS_PFN(hpa), pv_child_pages);
}

static void free_vp(struct pv_part *p, struct pv_part_vp *vp)
{
	u64 page[PV_VP_PAGES];
	unsigned int i;

	memcpy(page, vp->page, sizeof(page));
	for (i = 0; i < PV_VP_PAGES; i++)
		pool_put(p, page[i]);
}

/* Initialize, finalize, delete: fast calls with the id in RDX. */
static u16 change_state(const struct pv_hv_call *call, u64 id)
{
	struct pv_ept_alloc a = { .get = pool_get, .put = pool_put, .leaf = unmapped };
	u16 status = HV_STATUS_SUCCESS;
	struct pv_part *p;
	unsigned int i;
	u64 pml4;

	if (!call->fast || call->rep_count || call->varhead)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	arch_spin_lock(&pv_part_lock);
	p = find(id);
	if (!p || p->state == PV_PART_DELETED) {
		status = PV_HV_STATUS_INVALID_PARTITION_ID;
		goto unlock;
	}
	a.ctx = p;
	switch (call->code) {
	case PV_HVCALL_INITIALIZE_PARTITION:
		if (p->state != PV_PART_CREATED) {
			status = PV_HV_STATUS_INVALID_PARTITION_STATE;
			break;
		}
		pml4 = pool_get(p);
		if (!pml4) {
			status = HV_STATUS_INSUFFICIENT_MEMORY;
			break;
		}
		p->pml4 = __va(pml4);
		p->state = PV_PART_ACTIVE;
		break;
	case PV_HVCALL_FINALIZE_PARTITION:
		if (p->state == PV_PART_FINALIZED)
			status = PV_HV_STATUS_INVALID_PARTITION_STATE;
		else
			p->state = PV_PART_FINALIZED;
		break;
	case PV_HVCALL_DELETE_PARTITION:
		if ((p->state != PV_PART_FINALIZED && p->state != PV_PART_CREATED) || p->running) {
			status = PV_HV_STATUS_INVALID_PARTITION_STATE;
			break;
		}
		for (i = 0; i < PV_HV_MAX_VPS; i++) {
			if (p->vps[i])
				free_vp(p, p->vps[i]);
			p->vps[i] = NULL;
		}
		if (p->pml4) {
			pv_ept_child_free(p->pml4, &a);
			pool_put(p, __pa(p->pml4));
			p->pml4 = NULL;
		}
		WRITE_ONCE(pv_part_totals.mapped_pages,
			   pv_part_totals.mapped_pages - p->mapped);
		p->mapped = 0;
		p->state = PV_PART_DELETED;
		if (!p->pool_pages)
			slot_freed(p);
		break;
	}
unlock:
	arch_spin_unlock(&pv_part_lock);
	return status;
}

static u16 deposit(const struct pv_hv_call *call, u64 in_gpa, u16 *reps)
{
	struct pv_hv_input_deposit_memory *in;
	unsigned int left, i;
	u16 status = HV_STATUS_SUCCESS;
	struct pv_part *p;
	u64 pa;
	int err;

	if (call->fast || call->varhead || !call->rep_count || call->rep_start >= call->rep_count)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	arch_spin_lock(&pv_part_lock);
	/* Under the lock: no other deposit may take the input page meanwhile. */
	in = pv_vmx_root_page(in_gpa, sizeof(*in) + call->rep_count * sizeof(u64));
	if (!in) {
		status = HV_STATUS_INVALID_PARAMETER;
		goto unlock;
	}
	p = find(READ_ONCE(in->partition_id));
	if (!p || p->state == PV_PART_DELETED) {
		status = PV_HV_STATUS_INVALID_PARTITION_ID;
		goto unlock;
	}
	for (i = call->rep_start; i < call->rep_count; i++) {
		pa = PFN_PHYS(READ_ONCE(in->gpa_page_list[i]));
		/* Root RAM the root may write: not the hypervisor's, not deposited before. */
		if (!pfn_valid(PHYS_PFN(pa)) || !pv_ept_root_writable(pa) ||
		    !page_free_for_child(pa) || pa == (in_gpa & PAGE_MASK)) {
			status = HV_STATUS_INVALID_PARAMETER;
			break;
		}
		err = pv_ept_root_hide_hv(pa, &left);
		if (err) {
			status = HV_STATUS_INSUFFICIENT_MEMORY;
			break;
		}
		pool_put(p, pa);
		p->pool_pages++;
		WRITE_ONCE(pv_part_totals.pool_pages, pv_part_totals.pool_pages + 1);
	}
	*reps = i;
	if (i > call->rep_start)
		pv_part_deposits++;
unlock:
	arch_spin_unlock(&pv_part_lock);
	if (*reps > call->rep_start)
		pv_ept_root_invept();
	return status;
}

static u16 withdraw(const struct pv_hv_call *call, u64 in_gpa, u64 out_gpa, u16 *reps)
{
	struct pv_hv_input_withdraw_memory *in;
	u16 status = HV_STATUS_SUCCESS;
	struct pv_part *p;
	unsigned int i;
	u64 *out, hpa;

	if (call->fast || call->varhead || !call->rep_count || call->rep_start >= call->rep_count)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	arch_spin_lock(&pv_part_lock);
	in = pv_vmx_root_page(in_gpa, sizeof(*in));
	out = pv_vmx_root_page(out_gpa, call->rep_count * sizeof(u64));
	if (!in || !out || READ_ONCE(in->reserved)) {
		status = HV_STATUS_INVALID_PARAMETER;
		goto unlock;
	}
	p = find(READ_ONCE(in->partition_id));
	if (!p) {
		status = PV_HV_STATUS_INVALID_PARTITION_ID;
		goto unlock;
	}
	for (i = call->rep_start; i < call->rep_count && p->pool; i++) {
		hpa = pool_get(p);	/* zeroed: nothing of the child goes back */
		p->pool_pages--;
		WRITE_ONCE(pv_part_totals.pool_pages, pv_part_totals.pool_pages - 1);
		pv_ept_root_unhide(hpa);
		out[i] = PHYS_PFN(hpa);
	}
	*reps = i;
	if (p->state == PV_PART_DELETED && !p->pool_pages)
		slot_freed(p);
unlock:
	arch_spin_unlock(&pv_part_lock);
	return status;
}

static u16 map_gpa(const struct pv_hv_call *call, u64 in_gpa, u16 *reps)
{
	struct pv_ept_alloc a = { .get = pool_get, .put = pool_put };
	bool map = call->code == PV_HVCALL_MAP_GPA_PAGES;
	struct pv_hv_input_map_gpa_pages *in;
	u64 base, gpa, src, flags, last = 0;
	u16 status = HV_STATUS_SUCCESS;
	struct pv_part *p;
	unsigned int i, v;
	u32 rights;
	int err;

	if (call->fast || call->varhead || !call->rep_count || call->rep_start >= call->rep_count)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	arch_spin_lock(&pv_part_lock);
	/* The input page is read only under the lock (see fixed_pages()). */
	in = pv_vmx_root_page(in_gpa, sizeof(*in) + (map ? call->rep_count * sizeof(u64) : 0));
	if (!in) {
		status = HV_STATUS_INVALID_PARAMETER;
		goto unlock;
	}
	base = READ_ONCE(in->target_gpa_base);
	flags = READ_ONCE(in->map_flags);
	if (READ_ONCE(in->reserved) || base > PHYS_PFN(PV_HV_MAX_GPA) ||
	    (map && (!(flags & PV_HV_MAP_READ) || (flags & ~PV_HV_MAP_FLAGS))) ||
	    (!map && flags)) {
		status = HV_STATUS_INVALID_PARAMETER;
		goto unlock;
	}
	rights = (flags & PV_HV_MAP_READ ? PV_EPT_CHILD_R : 0) |
		 (flags & PV_HV_MAP_WRITE ? PV_EPT_CHILD_W : 0) |
		 (flags & PV_HV_MAP_EXEC ? PV_EPT_CHILD_X : 0);
	p = find(READ_ONCE(in->target_partition_id));
	if (!p || p->state == PV_PART_DELETED) {
		status = PV_HV_STATUS_INVALID_PARTITION_ID;
		goto unlock;
	}
	/* Unmapping under a running VP would leave it translations until its next dispatch. */
	if ((p->state != PV_PART_ACTIVE && !(p->state == PV_PART_FINALIZED && !map)) ||
	    (!map && p->running)) {
		status = PV_HV_STATUS_INVALID_PARTITION_STATE;
		goto unlock;
	}
	a.ctx = p;
	for (i = call->rep_start; i < call->rep_count; i++) {
		gpa = PFN_PHYS(base + i);
		if (gpa >= p->max_gpa) {
			status = HV_STATUS_INVALID_PARAMETER;
			break;
		}
		if (!map) {
			src = pv_ept_child_lookup(p->pml4, gpa, &rights);
			if (!src || pv_ept_child_unmap(p->pml4, gpa)) {
				status = HV_STATUS_INVALID_PARAMETER;
				break;
			}
			clear_bit(PHYS_PFN(src), pv_child_pages);
			p->mapped--;
			WRITE_ONCE(pv_part_totals.mapped_pages, pv_part_totals.mapped_pages - 1);
			last = 1;
			continue;
		}
		src = PFN_PHYS(READ_ONCE(in->source_gpa_page_list[i]));
		/* Root RAM, in no child's map yet (this one's included). */
		if (!pfn_valid(PHYS_PFN(src)) || !pv_ept_root_writable(src) ||
		    !page_free_for_child(src)) {
			status = HV_STATUS_INVALID_PARAMETER;
			break;
		}
		err = pv_ept_child_map(p->pml4, gpa, src, rights, &a);
		if (err) {
			status = err == -EEXIST ? HV_STATUS_INVALID_PARAMETER :
						  HV_STATUS_INSUFFICIENT_MEMORY;
			break;
		}
		set_bit(PHYS_PFN(src), pv_child_pages);
		p->mapped++;
		WRITE_ONCE(pv_part_totals.mapped_pages, pv_part_totals.mapped_pages + 1);
	}
	*reps = i;
	/* Unmapped pages: every CPU that ran a VP must forget them before it runs one again. */
	if (last)
		for (v = 0; v < PV_HV_MAX_VPS; v++)
			if (p->vps[v])
				p->vps[v]->vmx.host_cpu = -1;
unlock:
	arch_spin_unlock(&pv_part_lock);
	return status;
}

static u16 create_vp(const struct pv_hv_call *call, u64 in_gpa)
{
	struct pv_hv_input_create_vp in;
	struct pv_part_vp *vp;
	u64 page[PV_VP_PAGES];
	struct pv_part *p;
	unsigned int i;
	u32 a, b, c, d;
	u16 status;

	status = fixed_pages(call, in_gpa, &in, sizeof(in), 0, NULL, 0);
	if (status)
		return status;
	if (in.reserved0 || in.flags)
		return HV_STATUS_INVALID_PARAMETER;
	/*
	 * The XSAVE areas are one page each: enough for every feature the CPU
	 * has (ECX), whatever XCR0 the child or the root sets.
	 */
	cpuid_count(0xd, 0, &a, &b, &c, &d);
	if (c > PAGE_SIZE)
		return HV_STATUS_OPERATION_DENIED;

	arch_spin_lock(&pv_part_lock);
	p = find(in.partition_id);
	if (!p || p->state == PV_PART_DELETED) {
		status = PV_HV_STATUS_INVALID_PARTITION_ID;
		goto unlock;
	}
	if (p->state != PV_PART_ACTIVE) {
		status = PV_HV_STATUS_INVALID_PARTITION_STATE;
		goto unlock;
	}
	if (in.vp_index >= p->max_vps || p->vps[in.vp_index]) {
		status = PV_HV_STATUS_INVALID_VP_INDEX;
		goto unlock;
	}
	if (p->pool_free < PV_VP_PAGES) {
		status = HV_STATUS_INSUFFICIENT_MEMORY;
		goto unlock;
	}
	BUILD_BUG_ON(sizeof(*vp) > PAGE_SIZE);
	for (i = 0; i < PV_VP_PAGES; i++)
		page[i] = pool_get(p);
	vp = __va(page[0]);
	memcpy(vp->page, page, sizeof(page));
	vp->vmx.vmcs_pa = page[1];
	vp->vmx.xsave = __va(page[2]);
	vp->vmx.xsave_host = __va(page[3]);
	vp->vmx.pml4 = p->pml4;
	vp->vmx.eptp = __pa(p->pml4) | VMX_EPTP_MT_WB | VMX_EPTP_PWL_4;
	/* VPIDs 2..: one per slot and index; a recycled one is flushed at first dispatch. */
	vp->vmx.vpid = PV_VMX_ROOT_VPID + 1 + (p - pv_parts) * PV_HV_MAX_VPS + in.vp_index;
	vp->vmx.vp_index = in.vp_index;
	vp->vmx.strict = p->flags & PV_HV_PARTITION_STRICT;
	vp->vmx.part = p;
	vp->vmx.max_vps = p->max_vps;
	status = pv_vmx_child_create(&vp->vmx);
	if (status) {
		free_vp(p, vp);
		goto unlock;
	}
	p->vps[in.vp_index] = vp;
unlock:
	arch_spin_unlock(&pv_part_lock);
	return status;
}

/**
 * pv_part_vp_sibling() - another VP of a dispatched VP's partition (IPIs)
 * @c: the VP, running: its partition's VPs stay until it is deleted
 * @index: the other VP's index
 *
 * Without the lock: a VP is published whole, under it, and never freed
 * while a VP of its partition runs.
 *
 * Return: the VP, or NULL if there is none with that index (yet).
 */
struct pv_vmx_child *pv_part_vp_sibling(const struct pv_vmx_child *c, u32 index)
{
	const struct pv_part *p = c->part;
	struct pv_part_vp *vp;

	if (index >= p->max_vps)
		return NULL;
	vp = READ_ONCE(p->vps[index]);
	return vp ? &vp->vmx : NULL;
}

/* Find a VP and mark it busy; DispatchVp also wants an active partition. */
static u16 claim_vp(u64 id, u32 index, bool dispatch, struct pv_part **pp,
		    struct pv_part_vp **vpp)
{
	u16 status = HV_STATUS_SUCCESS;
	struct pv_part *p;

	arch_spin_lock(&pv_part_lock);
	p = find(id);
	if (!p || p->state == PV_PART_DELETED) {
		status = PV_HV_STATUS_INVALID_PARTITION_ID;
	} else if (p->state == PV_PART_CREATED ||
		   (dispatch && p->state != PV_PART_ACTIVE)) {
		status = PV_HV_STATUS_INVALID_PARTITION_STATE;
	} else if (index >= PV_HV_MAX_VPS || !p->vps[index]) {
		status = PV_HV_STATUS_INVALID_VP_INDEX;
	} else if (p->vps[index]->running) {
		status = PV_HV_STATUS_INVALID_VP_STATE;
	} else {
		p->vps[index]->running = true;
		p->running++;
		*pp = p;
		*vpp = p->vps[index];
	}
	arch_spin_unlock(&pv_part_lock);
	return status;
}

static void release_vp(struct pv_part *p, struct pv_part_vp *vp)
{
	arch_spin_lock(&pv_part_lock);
	vp->running = false;
	p->running--;
	arch_spin_unlock(&pv_part_lock);
}

static u16 vp_registers(const struct pv_hv_call *call, u64 in_gpa, u64 out_gpa, u16 *reps)
{
	bool set = call->code == PV_HVCALL_SET_VP_REGISTERS;
	size_t elem = set ? sizeof(struct pv_hv_register_assoc) : sizeof(u32);
	size_t in_size = sizeof(struct pv_hv_input_vp_registers) + call->rep_count * elem;
	struct pv_hv_input_vp_registers *in, hdr;
	union pv_hv_register_value *out = NULL;
	unsigned int n, done = 0;
	struct pv_part_vp *vp;
	struct pv_part *p;
	u16 status;

	if (call->fast || call->varhead || !call->rep_count || call->rep_start >= call->rep_count)
		return HV_STATUS_INVALID_HYPERCALL_INPUT;
	/* The header into hypervisor memory, under the lock (see fixed_pages()). */
	arch_spin_lock(&pv_part_lock);
	in = pv_vmx_root_page(in_gpa, in_size);
	if (!set)
		out = pv_vmx_root_page(out_gpa, call->rep_count * sizeof(*out));
	if (in)
		memcpy(&hdr, in, sizeof(hdr));
	arch_spin_unlock(&pv_part_lock);
	if (!in || (!set && !out) || hdr.reserved)
		return HV_STATUS_INVALID_PARAMETER;
	status = claim_vp(hdr.partition_id, hdr.vp_index, false, &p, &vp);
	if (status)
		return status;
	n = call->rep_count - call->rep_start;
	/*
	 * The names or pairs are read (and the values written) under the
	 * lock, with the pages checked again: no deposit on another CPU may
	 * have made them the hypervisor's since the first check.
	 */
	arch_spin_lock(&pv_part_lock);
	in = pv_vmx_root_page(in_gpa, in_size);
	if (!set)
		out = pv_vmx_root_page(out_gpa, call->rep_count * sizeof(*out));
	if (!in || (!set && !out))
		status = HV_STATUS_INVALID_PARAMETER;
	else if (set)
		status = pv_vmx_child_set_regs(&vp->vmx, in->elements + call->rep_start, n, &done);
	else
		status = pv_vmx_child_get_regs(&vp->vmx, in->names + call->rep_start,
					       out + call->rep_start, n, &done);
	arch_spin_unlock(&pv_part_lock);
	release_vp(p, vp);
	*reps = call->rep_start + done;
	return status;
}

/*
 * The target VP of a SynIC post, under the lock: a VP of an active
 * partition. It may be dispatched on another CPU meanwhile.
 */
static u16 synic_target(u64 id, u32 index, struct pv_part_vp **vpp)
{
	struct pv_part *p = find(id);

	if (!p || p->state == PV_PART_DELETED)
		return PV_HV_STATUS_INVALID_PARTITION_ID;
	if (p->state != PV_PART_ACTIVE)
		return PV_HV_STATUS_INVALID_PARTITION_STATE;
	if (index >= p->max_vps || !p->vps[index])
		return PV_HV_STATUS_INVALID_VP_INDEX;
	*vpp = p->vps[index];
	return HV_STATUS_SUCCESS;
}

static u16 post_message_direct(const struct pv_hv_call *call, u64 in_gpa)
{
	struct pv_hv_input_post_message_direct in;
	struct pv_part_vp *vp;
	struct hv_message m;
	u16 status;

	status = fixed_pages(call, in_gpa, &in, sizeof(in), 0, NULL, 0);
	if (status)
		return status;
	BUILD_BUG_ON(sizeof(in.message) != sizeof(m));
	memcpy(&m, in.message, sizeof(m));
	if (in.vtl || in.padding[0] || in.padding[1] || in.padding[2] || in.padding2 ||
	    in.sint_index >= HV_SYNIC_SINT_COUNT || !pv_synic_message_ok(&m))
		return HV_STATUS_INVALID_PARAMETER;
	/* Serialises posts to a VP and keeps its GPA map as it is. */
	arch_spin_lock(&pv_part_lock);
	status = synic_target(in.partition_id, in.vp_index, &vp);
	if (!status)
		status = pv_vmx_synic_post(&vp->vmx, in.sint_index, &m);
	arch_spin_unlock(&pv_part_lock);
	return status;
}

static u16 signal_event_direct(const struct pv_hv_call *call, u64 in_gpa, u64 out_gpa)
{
	struct pv_hv_output_signal_event_direct *out;
	struct pv_hv_input_signal_event_direct in;
	struct pv_part_vp *vp;
	bool newly = false;
	u16 status;

	status = fixed_pages(call, in_gpa, &in, sizeof(in), out_gpa, (void **)&out, sizeof(*out));
	if (status)
		return status;
	if (in.target_vtl || in.target_sint >= HV_SYNIC_SINT_COUNT ||
	    in.flag_number >= HV_EVENT_FLAGS_COUNT)
		return HV_STATUS_INVALID_PARAMETER;
	arch_spin_lock(&pv_part_lock);
	/* Again, under the lock: no deposit may take the page while it is written. */
	out = pv_vmx_root_page(out_gpa, sizeof(*out));
	status = out ? synic_target(in.target_partition, in.target_vp, &vp) :
		       HV_STATUS_INVALID_PARAMETER;
	if (!status)
		status = pv_vmx_synic_signal(&vp->vmx, in.target_sint, in.flag_number, &newly);
	if (!status) {
		memset(out, 0, sizeof(*out));
		out->newly_signaled = newly;
	}
	arch_spin_unlock(&pv_part_lock);
	return status;
}

static u16 dispatch_vp(const struct pv_hv_call *call, u64 in_gpa, u64 out_gpa)
{
	u64 deposits = READ_ONCE(pv_part_deposits);	/* before the page is checked */
	struct pv_hv_input_dispatch_vp in;
	struct pv_hv_intercept msg, *out;
	struct pv_part_vp *vp;
	struct pv_part *p;
	u16 status;

	status = fixed_pages(call, in_gpa, &in, sizeof(in), out_gpa, (void **)&out, sizeof(*out));
	if (status)
		return status;
	if ((in.completion & ~PV_HV_COMPLETE_FLAGS) || in.reserved[0] || in.reserved[1])
		return HV_STATUS_INVALID_PARAMETER;
	/* A hypercall's status: alone, 16 bits. */
	if ((in.completion & PV_HV_COMPLETE_HV_STATUS) &&
	    (in.completion != PV_HV_COMPLETE_HV_STATUS || in.completion_rax > U16_MAX))
		return HV_STATUS_INVALID_PARAMETER;
	status = claim_vp(in.partition_id, in.vp_index, true, &p, &vp);
	if (status)
		return status;
	status = pv_vmx_child_dispatch(&vp->vmx, &in, &msg);
	arch_spin_lock(&pv_part_lock);
	vp->running = false;
	p->running--;
	/*
	 * The VP ran for a while. Only a deposit takes a page from the root:
	 * if one happened meanwhile, check the output page again; write it
	 * under the lock, so that none can happen while it is written.
	 */
	if (!status && pv_part_deposits != deposits)
		out = pv_vmx_root_page(out_gpa, sizeof(*out));
	if (!status && out)
		memcpy(out, &msg, sizeof(msg));
	arch_spin_unlock(&pv_part_lock);
	if (status)
		return status;
	return out ? HV_STATUS_SUCCESS : HV_STATUS_INVALID_PARAMETER;
}

/**
 * pv_part_is_management() - is @code a partition-management call?
 * @code: call code
 *
 * Return: true for the calls pv_part_hypercall() serves.
 */
bool pv_part_is_management(u16 code)
{
	switch (code) {
	case PV_HVCALL_CREATE_PARTITION ... PV_HVCALL_DELETE_PARTITION:
	case PV_HVCALL_DEPOSIT_MEMORY:
	case PV_HVCALL_WITHDRAW_MEMORY:
	case PV_HVCALL_MAP_GPA_PAGES:
	case PV_HVCALL_UNMAP_GPA_PAGES:
	case PV_HVCALL_CREATE_VP:
	case PV_HVCALL_GET_VP_REGISTERS:
	case PV_HVCALL_SET_VP_REGISTERS:
	case PV_HVCALL_SIGNAL_EVENT_DIRECT:
	case PV_HVCALL_POST_MESSAGE_DIRECT:
	case PV_HVCALL_DISPATCH_VP:
		return true;
	}
	return false;
}

/**
 * pv_part_hypercall() - a partition-management hypercall of the root
 * @call: the decoded control word (pv_part_is_management(call->code))
 * @regs: the root's registers: RDX input, R8 output
 * @reps: set to the repetitions completed (rep calls)
 *
 * In the exit handler, with the root's VMCS current.
 *
 * Return: the HV_STATUS_* of the call.
 */
u16 pv_part_hypercall(const struct pv_hv_call *call, struct pv_vmx_regs *regs, u16 *reps)
{
	*reps = 0;
	if (!pv_parts)
		return HV_STATUS_ACCESS_DENIED;
	switch (call->code) {
	case PV_HVCALL_CREATE_PARTITION:
		return create_partition(call, regs->rdx, regs->r8);
	case PV_HVCALL_INITIALIZE_PARTITION:
	case PV_HVCALL_FINALIZE_PARTITION:
	case PV_HVCALL_DELETE_PARTITION:
		return change_state(call, regs->rdx);
	case PV_HVCALL_DEPOSIT_MEMORY:
		return deposit(call, regs->rdx, reps);
	case PV_HVCALL_WITHDRAW_MEMORY:
		return withdraw(call, regs->rdx, regs->r8, reps);
	case PV_HVCALL_MAP_GPA_PAGES:
	case PV_HVCALL_UNMAP_GPA_PAGES:
		return map_gpa(call, regs->rdx, reps);
	case PV_HVCALL_CREATE_VP:
		return create_vp(call, regs->rdx);
	case PV_HVCALL_GET_VP_REGISTERS:
	case PV_HVCALL_SET_VP_REGISTERS:
		return vp_registers(call, regs->rdx, regs->r8, reps);
	case PV_HVCALL_POST_MESSAGE_DIRECT:
		return post_message_direct(call, regs->rdx);
	case PV_HVCALL_SIGNAL_EVENT_DIRECT:
		return signal_event_direct(call, regs->rdx, regs->r8);
	case PV_HVCALL_DISPATCH_VP:
		return dispatch_vp(call, regs->rdx, regs->r8);
	}
	return HV_STATUS_INVALID_HYPERCALL_CODE;
}
