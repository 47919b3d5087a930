// SPDX-License-Identifier: GPL-2.0
/*
 * The root partition's EPT (SDM Vol. 3C, 28.3): every physical address
 * below 2^MAXPHYADDR maps to itself, RWX, with the memory type the MTRRs
 * give it (1 GiB pages where the type is uniform, else 2 MiB, else 4 KiB),
 * and the guest PAT applies on top (IPAT clear), so caching is as without
 * EPT. The hypervisor's own pages (VMXON regions, VMCSs, stacks, MSR
 * bitmap, host page table, these tables) are then unmapped: a root access
 * to them is an EPT violation (vmx_exit.c).
 *
 * Changes after launch (a CPU coming online hides its pages) only ever
 * remove rights or split a large page into equal small ones; the caller
 * flushes every launched CPU's EPT TLB afterwards. Giving a page back
 * (unhide) adds rights, which needs no flush, and merges a table that is
 * again a run of equal identity leaves back into one large leaf: the
 * same translations, so a CPU may go on using either. The table itself is
 * reused only once every CPU running the root has flushed since the merge
 * (it may still be in a CPU's paging-structure cache): it waits on the
 * pending list, and a flush (pv_ept_root_invept() then
 * pv_ept_root_reclaim()) moves it to the split reserve.
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/bits.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/sizes.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/mtrr.h>
#include <asm/processor.h>
#include <asm/vmx.h>

#include "vmx_ept.h"
#include "vmx_ops.h"

/* What one PML4 entry maps (<linux/sizes.h> stops at 4G in 6.1). */
#define PV_EPT_512G	(SZ_1G * 512ULL)

struct pv_ept {
	u64 *pml4;
	struct list_head tables;	/* struct page::lru of every table page */
	struct list_head reserve;	/* hidden pages for splits in the exit handler */
	unsigned int reserve_left;
	unsigned int reserve_total;	/* set aside at launch */
	struct list_head pending;	/* merged away, page_private = epoch of the merge */
	unsigned int pending_n;
	u64 epoch;			/* merges so far */
	u64 top;			/* end of the identity map */
	bool has_1g;
	struct pv_mtrr_state mtrr;
};

static struct pv_ept pv_root_ept;

/*
 * Serialises changes to the root's EPT after the build: taken with
 * interrupts off, by the hypervisor (DepositMemory, WithdrawMemory) and by
 * CPUs running natively (coming online, gone offline), never by a CPU
 * running the root. An arch spinlock: no lockdep, no tracing in the exit
 * handler.
 */
static arch_spinlock_t pv_root_ept_lock = __ARCH_SPIN_LOCK_UNLOCKED;

/* split() takes its table from the reserve: in the exit handler. */
static bool pv_root_ept_from_reserve;

/*
 * Per CPU: runs (or is about to run) the root, and the epoch read just
 * before its last INVEPT of the root's EPT: merges up to that epoch are
 * gone from its caches.
 */
static DEFINE_PER_CPU(bool, pv_ept_active);
static DEFINE_PER_CPU(u64, pv_ept_flushed);

static u64 *ept_table(struct pv_ept *ept)
{
	struct page *page;

	if (pv_root_ept_from_reserve) {
		page = list_first_entry_or_null(&ept->reserve, struct page, lru);
		if (!page)
			return NULL;
		list_del(&page->lru);
		ept->reserve_left--;
	} else {
		page = alloc_page((ept->pml4 ? GFP_ATOMIC : GFP_KERNEL) | __GFP_ZERO);
		if (!page)
			return NULL;
	}
	list_add_tail(&page->lru, &ept->tables);
	return page_address(page);
}

static u64 table_entry(u64 *table)
{
	return __pa(table) | PV_EPT_RWX;
}

static int fill_pt(struct pv_ept *ept, u64 *pd_entry, u64 base)
{
	u64 *pt = ept_table(ept);
	int i, t;

	if (!pt)
		return -ENOMEM;
	for (i = 0; i < 512; i++) {
		t = pv_mtrr_range_type(&ept->mtrr, base + i * SZ_4K, SZ_4K);
		pt[i] = pv_ept_leaf(base + i * SZ_4K, t < 0 ? MTRR_TYPE_UNCACHABLE : t, false);
	}
	WRITE_ONCE(*pd_entry, table_entry(pt));
	return 0;
}

static int fill_pd(struct pv_ept *ept, u64 *pdpt_entry, u64 base)
{
	u64 *pd = ept_table(ept);
	int i, t, err;

	if (!pd)
		return -ENOMEM;
	for (i = 0; i < 512; i++) {
		t = pv_mtrr_range_type(&ept->mtrr, base + i * SZ_2M, SZ_2M);
		if (t >= 0) {
			pd[i] = pv_ept_leaf(base + i * SZ_2M, t, true);
			continue;
		}
		err = fill_pt(ept, &pd[i], base + i * SZ_2M);
		if (err)
			return err;
	}
	WRITE_ONCE(*pdpt_entry, table_entry(pd));
	return 0;
}

static void read_mtrrs(struct pv_mtrr_state *s)
{
	static const u32 fixed_msrs[11] = {
		MSR_MTRRfix64K_00000, MSR_MTRRfix16K_80000, MSR_MTRRfix16K_A0000,
		MSR_MTRRfix4K_C0000, MSR_MTRRfix4K_C8000, MSR_MTRRfix4K_D0000,
		MSR_MTRRfix4K_D8000, MSR_MTRRfix4K_E0000, MSR_MTRRfix4K_E8000,
		MSR_MTRRfix4K_F0000, MSR_MTRRfix4K_F8000,
	};
	u64 cap = 0, def = 0, v;
	unsigned int i, j;

	memset(s, 0, sizeof(*s));
	s->phys_mask = GENMASK_ULL(boot_cpu_data.x86_phys_bits - 1, 0);
	if (!boot_cpu_has(X86_FEATURE_MTRR) || rdmsrl_safe(MSR_MTRRcap, &cap) ||
	    rdmsrl_safe(MSR_MTRRdefType, &def)) {
		/* No MTRRs: write-back everywhere, as the kernel assumes. */
		s->enabled = true;
		s->def_type = MTRR_TYPE_WRBACK;
		return;
	}
	s->enabled = def & BIT(11);
	s->fixed_enabled = (def & BIT(10)) && (cap & BIT(8));
	s->def_type = def & 0xff;
	for (i = 0; s->fixed_enabled && i < ARRAY_SIZE(fixed_msrs); i++) {
		rdmsrl(fixed_msrs[i], v);
		for (j = 0; j < 8; j++)
			s->fixed[i * 8 + j] = v >> (j * 8);
	}
	s->nr_var = min_t(unsigned int, cap & 0xff, PV_MTRR_MAX_VAR);
	for (i = 0; i < s->nr_var; i++) {
		rdmsrl(MTRRphysBase_MSR(i), s->var[i].base);
		rdmsrl(MTRRphysMask_MSR(i), s->var[i].mask);
	}
}

/**
 * pv_ept_root_init() - build the root's identity EPT
 * @has_1g: the CPU supports 1 GiB EPT pages
 *
 * Return: 0 or -ENOMEM (nothing stays allocated on failure).
 */
int pv_ept_root_init(bool has_1g)
{
	struct pv_ept *ept = &pv_root_ept;
	u64 addr, *pdpt = NULL;
	int err = -ENOMEM, t;

	INIT_LIST_HEAD(&ept->tables);
	INIT_LIST_HEAD(&ept->reserve);
	INIT_LIST_HEAD(&ept->pending);
	ept->reserve_left = 0;
	ept->reserve_total = 0;
	ept->pending_n = 0;
	ept->epoch = 0;
	read_mtrrs(&ept->mtrr);
	ept->top = 1ULL << min_t(unsigned int, boot_cpu_data.x86_phys_bits, 46);
	ept->has_1g = has_1g;
	ept->pml4 = ept_table(ept);
	if (!ept->pml4)
		goto free;
	for (addr = 0; addr < ept->top; addr += SZ_1G) {
		if (!(addr & (PV_EPT_512G - 1))) {
			pdpt = ept_table(ept);
			if (!pdpt)
				goto free;
			ept->pml4[addr / PV_EPT_512G] = table_entry(pdpt);
		}
		t = ept->has_1g ? pv_mtrr_range_type(&ept->mtrr, addr, SZ_1G) : -1;
		if (t >= 0) {
			pdpt[(addr / SZ_1G) & 511] = pv_ept_leaf(addr, t, true);
			continue;
		}
		err = fill_pd(ept, &pdpt[(addr / SZ_1G) & 511], addr);
		if (err)
			goto free;
	}
	return 0;

free:
	pv_ept_root_free();
	return -ENOMEM;
}

/**
 * pv_ept_root_free() - free every table of the root's EPT
 */
void pv_ept_root_free(void)
{
	struct page *page, *tmp;

	if (!pv_root_ept.pml4)
		return;
	list_for_each_entry_safe(page, tmp, &pv_root_ept.reserve, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	list_for_each_entry_safe(page, tmp, &pv_root_ept.pending, lru) {
		list_del(&page->lru);
		set_page_private(page, 0);
		__free_page(page);
	}
	list_for_each_entry_safe(page, tmp, &pv_root_ept.tables, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	pv_root_ept.pml4 = NULL;
}

/* Replace a large leaf by a table of 512 equal smaller leaves. */
static int split(struct pv_ept *ept, u64 *entry, u64 child_size)
{
	u64 e = READ_ONCE(*entry), base = e & PV_EPT_ADDR_MASK & ~(child_size * 512 - 1);
	u8 type = (e & VMX_EPT_MT_MASK) >> VMX_EPT_MT_EPTE_SHIFT;
	u64 *table = ept_table(ept);
	int i;

	if (!table)
		return -ENOMEM;
	for (i = 0; i < 512; i++)
		table[i] = pv_ept_leaf(base + i * child_size, type, child_size != SZ_4K);
	WRITE_ONCE(*entry, table_entry(table));
	return 0;
}

static u64 *next_level(u64 entry)
{
	return __va(entry & PV_EPT_ADDR_MASK);
}

static int hide(u64 pa)
{
	struct pv_ept *ept = &pv_root_ept;
	u64 *e, *table;
	int err;

	if (pa >= ept->top)
		return 0;
	table = next_level(ept->pml4[pa / PV_EPT_512G]);
	e = &table[(pa / SZ_1G) & 511];
	if (*e & PV_EPT_LARGE) {
		err = split(ept, e, SZ_2M);
		if (err)
			return err;
	}
	table = next_level(*e);
	e = &table[(pa / SZ_2M) & 511];
	if (*e & PV_EPT_LARGE) {
		err = split(ept, e, SZ_4K);
		if (err)
			return err;
	}
	table = next_level(*e);
	WRITE_ONCE(table[(pa / SZ_4K) & 511], 0);
	return 0;
}

/* Walk the pages on the tables list, those added on the way included. */
static int hide_tables(void)
{
	struct page *page;
	int err;

	list_for_each_entry(page, &pv_root_ept.tables, lru) {
		err = hide(page_to_phys(page));
		if (err)
			return err;
	}
	return 0;
}

/**
 * pv_ept_root_hide() - unmap one 4 KiB page from the root
 * @pa: its physical address
 *
 * Splits large pages on the way (the new tables, from Linux, are hidden
 * too). Not on a CPU running the root: the tables are hidden from it. The
 * caller flushes the EPT TLB of every launched CPU afterwards.
 *
 * Return: 0 or -ENOMEM.
 */
int pv_ept_root_hide(u64 pa)
{
	unsigned long flags;
	int err;

	local_irq_save(flags);
	arch_spin_lock(&pv_root_ept_lock);
	err = hide(pa);
	if (!err)
		err = hide_tables();
	arch_spin_unlock(&pv_root_ept_lock);
	local_irq_restore(flags);
	return err;
}

/**
 * pv_ept_root_reserve() - set pages aside for splits in the exit handler
 * @pages: how many
 *
 * Before launch (the reserve is hidden like the tables). DepositMemory
 * hides root pages from the hypervisor and cannot allocate: a split of a
 * large page there takes its table from this reserve.
 *
 * Return: 0 or -ENOMEM.
 */
int pv_ept_root_reserve(unsigned int pages)
{
	struct pv_ept *ept = &pv_root_ept;
	struct page *page;
	int err;

	for (; pages; pages--) {
		page = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!page)
			return -ENOMEM;
		list_add_tail(&page->lru, &ept->reserve);
		ept->reserve_left++;
		ept->reserve_total++;
		err = pv_ept_root_hide(page_to_phys(page));
		if (err)
			return err;
	}
	return 0;
}

/* The oldest merge some CPU running the root may still have cached, minus one. */
static u64 flushed_by_all(void)
{
	u64 done = U64_MAX;
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		if (READ_ONCE(per_cpu(pv_ept_active, cpu)))
			done = min(done, READ_ONCE(per_cpu(pv_ept_flushed, cpu)));
	return done;
}

/* Pending tables every CPU has flushed since their merge: to the reserve. */
static void reclaim(struct pv_ept *ept)
{
	u64 done = flushed_by_all();
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, &ept->pending, lru) {
		if (page_private(page) > done)
			break;		/* the list is in merge order */
		set_page_private(page, 0);
		list_move_tail(&page->lru, &ept->reserve);
		ept->pending_n--;
		ept->reserve_left++;
	}
}

/**
 * pv_ept_root_hide_hv() - unmap a page from the root, in the exit handler
 * @pa: its physical address
 * @reserve_left: set to the pages left in the split reserve
 *
 * For DepositMemory (interrupts off). Split tables come from the reserve.
 * The caller flushes this CPU's EPT TLB; the root flushes the others
 * (FLUSH_EPT) before it relies on the page being gone.
 *
 * Return: 0, -EINVAL beyond the map, or -ENOMEM if the reserve ran out
 * (nothing changed then).
 */
int pv_ept_root_hide_hv(u64 pa, unsigned int *reserve_left)
{
	struct pv_ept *ept = &pv_root_ept;
	u64 e;
	int err = 0, need = 0;

	if (pa >= ept->top)
		return -EINVAL;
	arch_spin_lock(&pv_root_ept_lock);
	reclaim(ept);
	/* Count the splits first: all or nothing. */
	e = next_level(ept->pml4[pa / PV_EPT_512G])[(pa / SZ_1G) & 511];
	if (e & PV_EPT_LARGE)
		need = 2;
	else if (next_level(e)[(pa / SZ_2M) & 511] & PV_EPT_LARGE)
		need = 1;
	if (ept->reserve_left < need) {
		err = -ENOMEM;
	} else {
		pv_root_ept_from_reserve = true;
		err = hide(pa);
		pv_root_ept_from_reserve = false;
	}
	*reserve_left = ept->reserve_left;
	arch_spin_unlock(&pv_root_ept_lock);
	return err;
}

/*
 * Replace the table @entry points to by one large leaf if it is a run of
 * equal identity leaves over [@base, @base + @size) and the MTRRs give the
 * range one type (then the build would have made the same leaf). The table
 * goes on the pending list, left as it is: a CPU may still walk it.
 */
static bool merge(struct pv_ept *ept, u64 *entry, u64 base, u64 size)
{
	u64 *table = next_level(READ_ONCE(*entry));
	int t = pv_mtrr_range_type(&ept->mtrr, base, size);
	struct page *page;

	if (!pv_ept_leaf_run(table, base, size / 512, t))
		return false;
	WRITE_ONCE(*entry, pv_ept_leaf(base, t, true));
	page = virt_to_page(table);
	set_page_private(page, ++ept->epoch);
	list_move_tail(&page->lru, &ept->pending);
	ept->pending_n++;
	return true;
}

/**
 * pv_ept_root_unhide() - map a hidden 4 KiB page back to the root
 * @pa: its physical address, earlier passed to pv_ept_root_hide()
 *
 * Before the hypervisor gives a page back to Linux. Adding rights needs
 * no TLB flush. A page table (and then its page directory) that maps its
 * range as before the split again is merged into a large leaf; its table
 * returns to the split reserve after the next flush on every CPU.
 * Natively or in the exit handler, never on a CPU running the root.
 */
void pv_ept_root_unhide(u64 pa)
{
	struct pv_ept *ept = &pv_root_ept;
	u64 *pdpte, *pde, *table;
	unsigned long flags;
	int t;

	if (pa >= ept->top)
		return;
	local_irq_save(flags);
	arch_spin_lock(&pv_root_ept_lock);
	table = next_level(ept->pml4[pa / PV_EPT_512G]);
	pdpte = &table[(pa / SZ_1G) & 511];
	/* A large leaf on the way: mapped already (never hidden, or merged). */
	if (*pdpte & PV_EPT_LARGE)
		goto unlock;
	table = next_level(*pdpte);
	pde = &table[(pa / SZ_2M) & 511];
	if (*pde & PV_EPT_LARGE)
		goto unlock;
	table = next_level(*pde);
	t = pv_mtrr_range_type(&ept->mtrr, pa & PAGE_MASK, SZ_4K);
	WRITE_ONCE(table[(pa / SZ_4K) & 511],
		   pv_ept_leaf(pa & PAGE_MASK, t < 0 ? MTRR_TYPE_UNCACHABLE : t, false));
	if (merge(ept, pde, pa & ~(u64)(SZ_2M - 1), SZ_2M) && ept->has_1g)
		merge(ept, pdpte, pa & ~(u64)(SZ_1G - 1), SZ_1G);
unlock:
	arch_spin_unlock(&pv_root_ept_lock);
	local_irq_restore(flags);
}

/**
 * pv_ept_root_invept() - flush this CPU's translations of the root's EPT
 *
 * In VMX root operation. Records which merges this CPU has forgotten.
 *
 * Return: 0 or the error of INVEPT.
 */
int pv_ept_root_invept(void)
{
	struct pv_vmx_invept_desc d = { .eptp = pv_ept_root_eptp() };
	u64 epoch = READ_ONCE(pv_root_ept.epoch);
	int err;

	smp_mb();	/* the epoch before the flush: later merges are not covered */
	err = pv_vmx_invept(VMX_EPT_EXTENT_CONTEXT, &d);
	if (!err && epoch > this_cpu_read(pv_ept_flushed))
		this_cpu_write(pv_ept_flushed, epoch);
	return err;
}

/**
 * pv_ept_root_cpu_start() - this CPU is about to run the root
 *
 * Before its launch's INVEPT: from now on a merged table waits for it.
 */
void pv_ept_root_cpu_start(void)
{
	this_cpu_write(pv_ept_flushed, READ_ONCE(pv_root_ept.epoch));
	this_cpu_write(pv_ept_active, true);
	smp_mb();	/* seen active before it walks the EPT: reclaim() waits for it */
}

/**
 * pv_ept_root_cpu_stop() - @cpu no longer runs the root (left VMX)
 * @cpu: the CPU
 */
void pv_ept_root_cpu_stop(unsigned int cpu)
{
	WRITE_ONCE(per_cpu(pv_ept_active, cpu), false);
}

/**
 * pv_ept_root_reclaim() - move merged tables every CPU flushed to the reserve
 *
 * In the exit handler, after pv_ept_root_invept() (FLUSH_EPT).
 */
void pv_ept_root_reclaim(void)
{
	arch_spin_lock(&pv_root_ept_lock);
	if (pv_root_ept.pml4)
		reclaim(&pv_root_ept);
	arch_spin_unlock(&pv_root_ept_lock);
}

/**
 * pv_ept_root_stats() - the split reserve's counters, a snapshot
 * @s: filled in
 *
 * Lockless (from the root: it may never take the lock).
 */
void pv_ept_root_stats(struct pv_ept_reserve_stats *s)
{
	s->free = READ_ONCE(pv_root_ept.reserve_left);
	s->pending = READ_ONCE(pv_root_ept.pending_n);
	s->total = READ_ONCE(pv_root_ept.reserve_total);
}

/**
 * pv_ept_root_writable() - may the root write the page at @pa?
 * @pa: a physical address
 *
 * For hypercall input and output pages: the hypervisor must never write,
 * on the root's behalf, a page the root itself cannot (its own pages).
 * Runs in the exit handler: a lockless walk; entries only ever lose
 * rights or become tables while a CPU is launched.
 *
 * Return: true if the root's EPT maps @pa readable and writable.
 */
bool pv_ept_root_writable(u64 pa)
{
	struct pv_ept *ept = &pv_root_ept;
	u64 e, *table;
	int level;

	if (!ept->pml4 || pa >= ept->top)
		return false;
	e = READ_ONCE(ept->pml4[pa / PV_EPT_512G]);
	for (level = 2; level >= 0; level--) {
		if ((e & (VMX_EPT_READABLE_MASK | VMX_EPT_WRITABLE_MASK)) !=
		    (VMX_EPT_READABLE_MASK | VMX_EPT_WRITABLE_MASK))
			return false;
		table = next_level(e);
		e = READ_ONCE(table[(pa >> (12 + 9 * level)) & 511]);
		if (level && (e & PV_EPT_LARGE))
			break;
	}
	return (e & (VMX_EPT_READABLE_MASK | VMX_EPT_WRITABLE_MASK)) ==
	       (VMX_EPT_READABLE_MASK | VMX_EPT_WRITABLE_MASK);
}

/**
 * pv_ept_root_eptp() - the EPT pointer for the root's VMCS
 *
 * Return: write-back paging structures, 4-level walk (SDM 24.6.11).
 */
u64 pv_ept_root_eptp(void)
{
	return __pa(pv_root_ept.pml4) | VMX_EPTP_MT_WB | VMX_EPTP_PWL_4;
}
