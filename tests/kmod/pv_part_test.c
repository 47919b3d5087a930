// SPDX-License-Identifier: GPL-2.0
/*
 * pv_part_test: the partition-management hypercalls from the root kernel,
 * each fed garbage (bad ids, reserved bits, sizes, pages that are the
 * hypervisor's, deposited, or mapped elsewhere, wrong states) and then
 * used correctly, against a loaded partvisor. Every refusal must leave
 * the partition as it was. Loading succeeds only if every check passes.
 * Last, pages of fresh 2 MiB blocks are deposited and withdrawn again:
 * the root EPT tables split for them go back to the split reserve
 * (debugfs partvisor/hv), and the root reaches every page afterwards.
 * Used by tests/scenarios/bochs/91-partition-hypercalls.sh.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <asm/hyperv-tlfs.h>

#include "pv_hv.h"
#include "pv_hvcall.h"

static int failures, checks;

static unsigned long vmcs_pa;
module_param(vmcs_pa, ulong, 0);
MODULE_PARM_DESC(vmcs_pa, "a VMCS of partvisor's: a page no call may take");

#define NDEP 12
#define NRAM 4

static void *in, *out;
static u64 in_pa, out_pa;
static struct page *dep[2][NDEP], *ram[NRAM];

static void expect(const char *what, u64 got, u64 want)
{
	checks++;
	if (got == want)
		return;
	failures++;
	pr_err("FAIL %s: got %#llx, expected %#llx\n", what, got, want);
}

static u64 call(u16 code, u16 reps, u16 start)
{
	return pv_hv_vmcall(code | (u64)reps << HV_HYPERCALL_REP_COMP_OFFSET |
			    (u64)start << HV_HYPERCALL_REP_START_OFFSET, in_pa, out_pa);
}

static u16 status(u64 r)
{
	return r & HV_HYPERCALL_RESULT_MASK;
}

static u16 reps(u64 r)
{
	return (r & HV_HYPERCALL_REP_COMP_MASK) >> HV_HYPERCALL_REP_COMP_OFFSET;
}

static u16 fast(u16 code, u64 id)
{
	return status(pv_hv_vmcall(code | HV_HYPERCALL_FAST_BIT, id, 0));
}

static u16 create(u64 flags, u64 max_gpa, u32 vps, u32 r0, u64 *id)
{
	struct pv_hv_input_create_partition *c = in;

	memset(in, 0, PAGE_SIZE);
	memset(out, 0, PAGE_SIZE);
	c->flags = flags;
	c->max_gpa = max_gpa;
	c->max_vps = vps;
	c->reserved0 = r0;
	*id = 0;
	if (status(call(PV_HVCALL_CREATE_PARTITION, 0, 0)))
		return status(call(PV_HVCALL_CREATE_PARTITION, 0, 0));
	*id = *(u64 *)out;
	return 0;
}

static u64 deposit(u64 id, const u64 *pfns, unsigned int n)
{
	struct pv_hv_input_deposit_memory *d = in;

	d->partition_id = id;
	memcpy(d->gpa_page_list, pfns, n * sizeof(u64));
	return call(PV_HVCALL_DEPOSIT_MEMORY, n, 0);
}

static u64 map(u64 id, u64 base, u32 flags, const u64 *pfns, unsigned int n, bool unmap)
{
	struct pv_hv_input_map_gpa_pages *m = in;

	memset(in, 0, 64);
	m->target_partition_id = id;
	m->target_gpa_base = base;
	m->map_flags = flags;
	if (!unmap)
		memcpy(m->source_gpa_page_list, pfns, n * sizeof(u64));
	return call(unmap ? PV_HVCALL_UNMAP_GPA_PAGES : PV_HVCALL_MAP_GPA_PAGES, n, 0);
}

static u16 create_vp(u64 id, u32 index, u64 flags)
{
	struct pv_hv_input_create_vp *v = in;

	memset(in, 0, 64);
	v->partition_id = id;
	v->vp_index = index;
	v->flags = flags;
	return status(call(PV_HVCALL_CREATE_VP, 0, 0));
}

static u64 set_reg(u64 id, u32 vp, u32 name, u64 lo, u64 hi)
{
	struct pv_hv_input_vp_registers *r = in;

	memset(in, 0, 128);
	r->partition_id = id;
	r->vp_index = vp;
	r->elements[0].name = name;
	r->elements[0].value.raw[0] = lo;
	r->elements[0].value.raw[1] = hi;
	return call(PV_HVCALL_SET_VP_REGISTERS, 1, 0);
}

static u64 get_reg(u64 id, u32 vp, u32 name)
{
	struct pv_hv_input_vp_registers *r = in;

	memset(in, 0, 64);
	r->partition_id = id;
	r->vp_index = vp;
	r->names[0] = name;
	return call(PV_HVCALL_GET_VP_REGISTERS, 1, 0);
}

static u64 dispatch(u64 id, u32 vp, u32 completion, u64 reserved)
{
	struct pv_hv_input_dispatch_vp *d = in;

	memset(in, 0, 64);
	memset(out, 0, sizeof(struct pv_hv_intercept));
	d->partition_id = id;
	d->vp_index = vp;
	d->completion = completion;
	d->reserved[1] = reserved;
	return call(PV_HVCALL_DISPATCH_VP, 0, 0);
}

/* Withdraw everything; return how many pages came back (they are ours again). */
static unsigned int withdraw_all(u64 id, int k)
{
	struct pv_hv_input_withdraw_memory *w = in;
	unsigned int n = 0, i, j;
	u64 r;

	do {
		w->partition_id = id;
		w->reserved = 0;
		r = call(PV_HVCALL_WITHDRAW_MEMORY, 16, 0);
		for (i = 0; i < reps(r); i++) {
			u64 pfn = ((u64 *)out)[i];

			for (j = 0; j < NDEP; j++)
				if (dep[k][j] && page_to_pfn(dep[k][j]) == pfn)
					break;
			expect("withdrawn page is one deposited", j < NDEP, 1);
			/* Mapped back: the root may touch it again. */
			if (j < NDEP)
				expect("withdrawn page is zeroed",
				       *(u64 *)page_address(dep[k][j]), 0);
		}
		n += reps(r);
	} while (!status(r) && reps(r));
	return n;
}

static void run(void)
{
	u64 a, b, pfn[NDEP], r, big = 1ULL << 40;
	struct pv_hv_intercept *msg = out;
	struct page *spare;
	unsigned int i;

	/* CreatePartition */
	expect("create: unknown flag", create(BIT(5), SZ_1M, 1, 0, &a), 5);
	expect("create: no memory", create(0, 0, 1, 0, &a), 5);
	expect("create: unaligned memory", create(0, SZ_1M + 8, 1, 0, &a), 5);
	expect("create: over 4 GiB", create(0, (4ULL << 30) + 4096, 1, 0, &a), 5);
	expect("create: 0 VPs", create(0, SZ_1M, 0, 0, &a), 5);
	expect("create: 17 VPs", create(0, SZ_1M, 17, 0, &a), 5);
	expect("create: reserved0", create(0, SZ_1M, 1, 1, &a), 5);
	expect("create: fast", status(pv_hv_vmcall(PV_HVCALL_CREATE_PARTITION |
						   HV_HYPERCALL_FAST_BIT, in_pa, out_pa)), 3);
	expect("create: input GPA 0", status(pv_hv_vmcall(PV_HVCALL_CREATE_PARTITION, 0, out_pa)),
	       5);
	if (vmcs_pa)
		expect("create: output on a VMCS",
		       status(pv_hv_vmcall(PV_HVCALL_CREATE_PARTITION, in_pa, vmcs_pa)), 5);
	expect("create a", create(0, SZ_1M, 1, 0, &a), 0);
	expect("create b", create(PV_HV_PARTITION_STRICT, SZ_1M, 2, 0, &b), 0);
	expect("ids differ and are not 0", a && b && a != b, 1);

	/* InitializePartition before any deposit; bad ids; not fast */
	expect("init: no pool", fast(PV_HVCALL_INITIALIZE_PARTITION, a), 11);
	expect("init: id 0", fast(PV_HVCALL_INITIALIZE_PARTITION, 0), 13);
	expect("init: stale generation", fast(PV_HVCALL_INITIALIZE_PARTITION, a + (1ULL << 32)),
	       13);
	expect("init: id ~0", fast(PV_HVCALL_INITIALIZE_PARTITION, ~0ULL), 13);
	expect("init: not fast", status(pv_hv_vmcall(PV_HVCALL_INITIALIZE_PARTITION, a, 0)), 3);

	/* DepositMemory */
	for (i = 0; i < NDEP; i++)
		pfn[i] = page_to_pfn(dep[0][i]);
	expect("deposit: rep count 0", status(call(PV_HVCALL_DEPOSIT_MEMORY, 0, 0)), 3);
	expect("deposit: rep start past count", status(call(PV_HVCALL_DEPOSIT_MEMORY, 2, 2)), 3);
	r = deposit(a, (u64[]){ PHYS_PFN(in_pa) }, 1);
	expect("deposit: the input page itself", status(r), 5);
	r = deposit(a, (u64[]){ big }, 1);
	expect("deposit: beyond RAM", status(r), 5);
	if (vmcs_pa) {
		r = deposit(a, (u64[]){ PHYS_PFN(vmcs_pa) }, 1);
		expect("deposit: a hypervisor page", status(r), 5);
	}
	r = deposit(~0ULL, pfn, 1);
	expect("deposit: unknown partition", status(r), 13);
	r = deposit(a, pfn, NDEP);
	expect("deposit 12 pages", status(r), 0);
	expect("deposit: reps", reps(r), NDEP);
	for (i = 0; i < NDEP; i++)
		pfn[i] = page_to_pfn(dep[1][i]);
	r = deposit(b, (u64[]){ page_to_pfn(dep[0][3]) }, 1);
	expect("deposit: a page already deposited", status(r), 5);
	r = deposit(b, pfn, NDEP);
	expect("deposit to b", status(r), 0);

	expect("init a", fast(PV_HVCALL_INITIALIZE_PARTITION, a), 0);
	expect("init a again", fast(PV_HVCALL_INITIALIZE_PARTITION, a), 7);
	expect("init b", fast(PV_HVCALL_INITIALIZE_PARTITION, b), 0);

	/* MapGpaPages / UnmapGpaPages */
	for (i = 0; i < NRAM; i++)
		pfn[i] = page_to_pfn(ram[i]);
	expect("map: no rights", status(map(a, 0, 0, pfn, 1, false)), 5);
	expect("map: write without read", status(map(a, 0, PV_HV_MAP_WRITE, pfn, 1, false)), 5);
	expect("map: unknown right", status(map(a, 0, PV_HV_MAP_READ | BIT(3), pfn, 1, false)), 5);
	r = map(a, PHYS_PFN(SZ_1M) - 1, PV_HV_MAP_FLAGS, pfn, 2, false);
	expect("map: across max_gpa", status(r), 5);
	expect("map: across max_gpa, first done", reps(r), 1);
	expect("unmap the one done", status(map(a, PHYS_PFN(SZ_1M) - 1, 0, NULL, 1, true)), 0);
	r = map(a, 0, PV_HV_MAP_FLAGS, (u64[]){ page_to_pfn(dep[0][0]) }, 1, false);
	expect("map: a deposited page", status(r), 5);
	if (vmcs_pa)
		expect("map: a VMCS", status(map(a, 0, PV_HV_MAP_FLAGS,
						 (u64[]){ PHYS_PFN(vmcs_pa) }, 1, false)), 5);
	r = map(a, 0, PV_HV_MAP_FLAGS, pfn, NRAM, false);
	expect("map 4 pages", status(r), 0);
	expect("map 4 pages: reps", reps(r), NRAM);
	expect("map: GPA already mapped", status(map(a, 1, PV_HV_MAP_FLAGS, pfn + 1, 1, false)), 5);
	r = map(b, 0, PV_HV_MAP_FLAGS, pfn + 2, 1, false);
	expect("map: a page another child has", status(r), 5);
	r = deposit(b, pfn + 2, 1);
	expect("deposit: a page a child has", status(r), 5);
	expect("unmap: not mapped", status(map(a, 9, 0, NULL, 1, true)), 5);
	expect("unmap: flags", status(map(a, 3, 1, NULL, 1, true)), 5);
	expect("unmap page 3", status(map(a, 3, 0, NULL, 1, true)), 0);
	expect("map the freed page into b", status(map(b, 0, PV_HV_MAP_FLAGS, pfn + 3, 1, false)),
	       0);

	/* CreateVp */
	expect("vp: index past max", create_vp(a, 1, 0), 14);
	expect("vp: flags", create_vp(a, 0, 1), 5);
	expect("vp 0", create_vp(a, 0, 0), 0);
	expect("vp 0 again", create_vp(a, 0, 0), 14);

	/* Get/SetVpRegisters */
	r = set_reg(a, 0, 0x12345678, 0, 0);
	expect("set: unknown name", status(r), 5);
	expect("set: unknown name, reps", reps(r), 0);
	expect("set: CR4.VMXE", status(set_reg(a, 0, PV_HV_REG_CR4, X86_CR4_VMXE, 0)), 5);
	expect("set: RFLAGS reserved bit", status(set_reg(a, 0, PV_HV_REG_RFLAGS, BIT(15), 0)), 5);
	expect("set: EFER reserved bit", status(set_reg(a, 0, PV_HV_REG_EFER, BIT(3), 0)), 5);
	expect("set: PAT type 2", status(set_reg(a, 0, PV_HV_REG_PAT, 2, 0)), 5);
	expect("set: segment reserved attributes",
	       status(set_reg(a, 0, PV_HV_REG_ES + 1, 0, 0x0f00ULL << 48)), 5);
	expect("set: GDTR not canonical",
	       status(set_reg(a, 0, PV_HV_REG_GDTR, 0, 0x0000800000000000ULL)), 5);
	expect("set: bad VP", status(set_reg(a, 5, PV_HV_REG_RIP, 0, 0)), 14);
	expect("set: reserved", status(pv_hv_vmcall(PV_HVCALL_SET_VP_REGISTERS |
						    HV_HYPERCALL_FAST_BIT, in_pa, 0)), 3);
	expect("set RIP", status(set_reg(a, 0, PV_HV_REG_RIP, 0x10, 0)), 0);
	expect("get RIP", status(get_reg(a, 0, PV_HV_REG_RIP)), 0);
	expect("RIP reads back", *(u64 *)out, 0x10);
	/* VP_RESET: write-only, value 1; it puts RIP and CR0 back. */
	expect("set: VP_RESET 2", status(set_reg(a, 0, PV_HV_REG_VP_RESET, 2, 0)), 5);
	expect("set: VP_RESET high half", status(set_reg(a, 0, PV_HV_REG_VP_RESET, 1, 1)), 5);
	expect("get: VP_RESET", status(get_reg(a, 0, PV_HV_REG_VP_RESET)), 5);
	expect("set CR0.PG", status(set_reg(a, 0, PV_HV_REG_CR0, X86_CR0_PE | X86_CR0_PG, 0)),
	       0);
	expect("set VP_RESET", status(set_reg(a, 0, PV_HV_REG_VP_RESET, 1, 0)), 0);
	get_reg(a, 0, PV_HV_REG_RIP);
	expect("VP_RESET: RIP 0", *(u64 *)out, 0);
	get_reg(a, 0, PV_HV_REG_CR0);
	expect("VP_RESET: CR0 PE|ET", *(u64 *)out, X86_CR0_PE | X86_CR0_ET);
	expect("set RIP again", status(set_reg(a, 0, PV_HV_REG_RIP, 0x10, 0)), 0);
	if (vmcs_pa)
		expect("get: output on a VMCS", status(pv_hv_vmcall(PV_HVCALL_GET_VP_REGISTERS |
				(1ULL << HV_HYPERCALL_REP_COMP_OFFSET), in_pa, vmcs_pa)), 5);

	/* DispatchVp: HLT at GPA 0x10 of the guest's first page */
	memset(page_address(ram[0]), 0, PAGE_SIZE);
	*(u8 *)(page_address(ram[0]) + 0x10) = 0xf4;
	expect("dispatch: reserved", status(dispatch(a, 0, 0, 1)), 5);
	expect("dispatch: unknown completion", status(dispatch(a, 0, BIT(7), 0)), 5);
	expect("dispatch: no such VP", status(dispatch(a, 3, 0, 0)), 14);
	expect("dispatch: b has no VP", status(dispatch(b, 0, 0, 0)), 14);
	r = dispatch(a, 0, 0, 0);
	expect("dispatch", status(r), 0);
	expect("dispatch: HLT intercept", msg->type, PV_HV_INTERCEPT_HALT);
	expect("dispatch: at the HLT", msg->rip, 0x10);
	/* IF=0 and no SINT: the VP stays halted, past its HLT, and is not entered. */
	r = dispatch(a, 0, 0, 0);
	expect("dispatch of the halted VP", status(r), 0);
	expect("dispatch: still halted", msg->type, PV_HV_INTERCEPT_HALT);
	expect("dispatch: past the HLT", msg->rip, 0x11);
	expect("dispatch: no hypercall to complete", status(dispatch(a, 0, BIT(2), 0)), 5);
	/* The activity state: halted (bit 1); startup suspend (bit 0) keeps the VP out. */
	expect("get activity", status(get_reg(a, 0, PV_HV_REG_INTERNAL_ACTIVITY_STATE)), 0);
	expect("activity: halt suspend", *(u64 *)out, 2);
	expect("set: activity bit 2",
	       status(set_reg(a, 0, PV_HV_REG_INTERNAL_ACTIVITY_STATE, 4, 0)), 5);
	expect("set: activity high half",
	       status(set_reg(a, 0, PV_HV_REG_INTERNAL_ACTIVITY_STATE, 1, 1)), 5);
	expect("set RIP at the HLT", status(set_reg(a, 0, PV_HV_REG_RIP, 0x10, 0)), 0);
	get_reg(a, 0, PV_HV_REG_INTERNAL_ACTIVITY_STATE);
	expect("activity: RIP made it active", *(u64 *)out, 0);
	expect("set: startup suspend",
	       status(set_reg(a, 0, PV_HV_REG_INTERNAL_ACTIVITY_STATE, 1, 0)), 0);
	get_reg(a, 0, PV_HV_REG_INTERNAL_ACTIVITY_STATE);
	expect("activity: startup suspend", *(u64 *)out, 1);
	dispatch(a, 0, 0, 0);
	r = dispatch(a, 0, 0, 0);
	expect("dispatch: waits for a SIPI", msg->type, PV_HV_INTERCEPT_HALT);
	expect("dispatch: not entered", msg->rip, 0x10);
	expect("set: active", status(set_reg(a, 0, PV_HV_REG_INTERNAL_ACTIVITY_STATE, 0, 0)), 0);
	dispatch(a, 0, 0, 0);
	expect("dispatch: entered, HLT", msg->rip, 0x10);
	dispatch(a, 0, 0, 0);
	expect("dispatch: past the HLT again", msg->rip, 0x11);

	/* Tear down: order enforced */
	expect("delete a while active", fast(PV_HVCALL_DELETE_PARTITION, a), 7);
	expect("finalize a", fast(PV_HVCALL_FINALIZE_PARTITION, a), 0);
	expect("finalize a again", fast(PV_HVCALL_FINALIZE_PARTITION, a), 7);
	expect("dispatch a finalized partition", status(dispatch(a, 0, 0, 0)), 7);
	expect("map into a finalized partition", status(map(a, 5, PV_HV_MAP_FLAGS, pfn, 1, false)),
	       7);
	expect("delete a", fast(PV_HVCALL_DELETE_PARTITION, a), 0);
	expect("delete a again", fast(PV_HVCALL_DELETE_PARTITION, a), 13);
	expect("create a VP in a deleted partition", create_vp(a, 0, 0), 13);
	expect("withdraw every page of a", withdraw_all(a, 0), NDEP);
	expect("a is gone", status(deposit(a, (u64[]){ page_to_pfn(ram[0]) }, 1)), 13);
	/* a's pages are free: b may map page 0 now that a let go of it. */
	expect("map a's old page into b", status(map(b, 1, PV_HV_MAP_FLAGS, pfn, 1, false)), 0);
	expect("finalize b", fast(PV_HVCALL_FINALIZE_PARTITION, b), 0);
	expect("delete b", fast(PV_HVCALL_DELETE_PARTITION, b), 0);
	expect("withdraw every page of b", withdraw_all(b, 1), NDEP);
	/* b let go of its map: a page of it can be deposited (and withdrawn) again. */
	expect("create c", create(0, SZ_1M, 1, 0, &a), 0);
	r = deposit(a, pfn, 1);
	expect("deposit b's old page into c", status(r), 0);
	expect("delete c", fast(PV_HVCALL_DELETE_PARTITION, a), 0);
	spare = dep[0][0];
	dep[0][0] = ram[0];
	expect("withdraw c", withdraw_all(a, 0), 1);
	dep[0][0] = spare;
}

/* ept_reserve_free of debugfs partvisor/hv (reading it flushes every CPU). */
static long reserve_free(void)
{
	struct file *f = filp_open("/sys/kernel/debug/partvisor/hv", O_RDONLY, 0);
	char buf[256], *p;
	loff_t pos = 0;
	ssize_t n;
	long v;

	if (IS_ERR(f))
		return -1;
	n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	filp_close(f, NULL);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, "ept_reserve_free: ");
	if (!p || sscanf(p, "ept_reserve_free: %ld", &v) != 1)
		return -1;
	return v;
}

#define SPLIT_BLOCKS 3

/*
 * One page from each of fresh 2 MiB blocks into a partition: each takes a
 * table from the split reserve (the block had no hidden page, so it was a
 * large page). Withdrawn, the tables are merged back: the reserve is as
 * before, every time, and the blocks are the root's again in full.
 */
static void split_and_merge(void)
{
	struct page *blk[SPLIT_BLOCKS];
	long before, during, after;
	unsigned int round, i, j, got;
	u64 id, pfn[SPLIT_BLOCKS];
	bool touched;

	before = reserve_free();
	expect("debugfs shows the split reserve", before > 0, 1);
	for (round = 0; round < 4; round++) {
		for (i = 0; i < SPLIT_BLOCKS; i++) {
			blk[i] = alloc_pages(GFP_KERNEL, 9);
			if (!blk[i]) {
				while (i--)
					__free_pages(blk[i], 9);
				pr_info("no free 2 MiB blocks: split test skipped\n");
				return;
			}
			pfn[i] = page_to_pfn(blk[i]) + 17 + 100 * i;
		}
		expect("split: create", create(0, SZ_1M, 1, 0, &id), 0);
		expect("split: deposit one page of each block",
		       status(deposit(id, pfn, SPLIT_BLOCKS)), 0);
		during = reserve_free();
		expect("split: every block took a table from the reserve",
		       before - during >= SPLIT_BLOCKS, 1);
		expect("split: delete", fast(PV_HVCALL_DELETE_PARTITION, id), 0);
		got = 0;
		do {
			struct pv_hv_input_withdraw_memory *w = in;

			w->partition_id = id;
			w->reserved = 0;
			j = reps(call(PV_HVCALL_WITHDRAW_MEMORY, 16, 0));
			got += j;
		} while (j);
		expect("split: every page withdrawn", got, SPLIT_BLOCKS);
		after = reserve_free();
		expect("split: the reserve is full again", after, before);
		/* The root reads and writes every page of the blocks again. */
		touched = true;
		for (i = 0; i < SPLIT_BLOCKS; i++)
			for (j = 0; j < 512; j++) {
				u64 *v = page_address(blk[i] + j);

				WRITE_ONCE(*v, pfn[i] + j);
				touched &= READ_ONCE(*v) == pfn[i] + j;
			}
		expect("split: the blocks are the root's again", touched, 1);
		for (i = 0; i < SPLIT_BLOCKS; i++)
			__free_pages(blk[i], 9);
	}
}

static int __init pv_part_test_init(void)
{
	unsigned int i, k;
	int err = -ENOMEM;

	in = (void *)get_zeroed_page(GFP_KERNEL);
	out = (void *)get_zeroed_page(GFP_KERNEL);
	for (k = 0; k < 2; k++)
		for (i = 0; i < NDEP; i++)
			dep[k][i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	for (i = 0; i < NRAM; i++)
		ram[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	for (k = 0; k < 2; k++)
		for (i = 0; i < NDEP; i++)
			if (!dep[k][i])
				goto free;
	for (i = 0; i < NRAM; i++)
		if (!ram[i])
			goto free;
	if (!in || !out)
		goto free;
	in_pa = virt_to_phys(in);
	out_pa = virt_to_phys(out);
	run();
	if (!failures)
		split_and_merge();
	if (failures) {
		pr_err("%d of %d checks failed\n", failures, checks);
		err = -EINVAL;
	} else {
		pr_info("all %d checks passed\n", checks);
		err = 0;
	}
free:
	/* Everything was withdrawn; a failed run may leak rather than free a hidden page. */
	if (!failures) {
		for (k = 0; k < 2; k++)
			for (i = 0; i < NDEP; i++)
				if (dep[k][i])
					__free_page(dep[k][i]);
		for (i = 0; i < NRAM; i++)
			if (ram[i])
				__free_page(ram[i]);
	}
	free_page((unsigned long)in);
	free_page((unsigned long)out);
	return err;
}
module_init(pv_part_test_init);

static void __exit pv_part_test_exit(void)
{
}
module_exit(pv_part_test_exit);

MODULE_DESCRIPTION("partvisor partition-hypercall tests (root side)");
MODULE_LICENSE("GPL");
