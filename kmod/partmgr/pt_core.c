// SPDX-License-Identifier: GPL-2.0
/*
 * The partition manager of the root partition (Hyper-V's "VID"): named
 * child partitions with a state machine, guest memory allocated here and
 * mapped by hypercall, deposits for the hypervisor's own use, one kernel
 * thread per VP looping on DispatchVp (the root scheduler), and the
 * devices those threads emulate: COM1, whose output is the console, and
 * the exit port.
 *
 *   created --start--> running --stop / guest exit--> stopped --start--> running
 *                         \--crash--> crashed --start--> running
 *   any state --destroy--> gone (threads stopped, memory withdrawn, freed)
 *
 * Everything privileged is a hypercall (pv_pt_hvcall()); this file never
 * touches VMX.
 */
#define pr_fmt(fmt) "partvisor: " fmt

#include <linux/ctype.h>
#include <linux/highmem.h>
#include <linux/kthread.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/hyperv-tlfs.h>
#include <asm/tsc.h>

#include "../pv_hv.h"
#include "../pv_hvcall.h"
#include "../vmbus/vmbus_core.h"
#include "../vmbus/vmbus_services.h"
#include "pt_core.h"
#include "pt_dev.h"
#include "pt_pvh.h"
#include "pt_lapic.h"
#include "pt_state.h"
#include <linux/ktime.h>
#include <linux/math64.h>

static LIST_HEAD(pv_pt_list);
static DEFINE_MUTEX(pv_pt_list_lock);
static unsigned int pv_pt_next;
static bool pv_pt_closing;	/* rmmod: no new partitions */

/* Pages per management hypercall list: input header, then page numbers. */
#define PV_PT_BATCH	((PAGE_SIZE - sizeof(struct pv_hv_input_map_gpa_pages)) / sizeof(u64))

/**
 * pv_pt_hvcall() - make a hypercall with kernel pages for input and output
 * @control: control word
 * @in: input page (kernel direct map) or NULL
 * @out: output page or NULL
 *
 * Return: the result value (status in bits 15:0, reps done in 43:32).
 */
u64 pv_pt_hvcall(u64 control, const void *in, void *out)
{
	return pv_hv_vmcall(control, in ? virt_to_phys((void *)in) : 0,
			    out ? virt_to_phys(out) : 0);
}

static u16 status_of(u64 result)
{
	return result & HV_HYPERCALL_RESULT_MASK;
}

static u16 reps_of(u64 result)
{
	return (result & HV_HYPERCALL_REP_COMP_MASK) >> HV_HYPERCALL_REP_COMP_OFFSET;
}

static u64 rep_call(u16 code, u16 count)
{
	return code | (u64)count << HV_HYPERCALL_REP_COMP_OFFSET;
}

static void flush_ept(void *unused)
{
	pv_hv_vmcall(PV_HVCALL_FLUSH_EPT | HV_HYPERCALL_FAST_BIT, 0, 0);
}

static u64 pages_to_deposit(const struct pv_pt *pt)
{
	u64 pts = DIV_ROUND_UP(pt->memory_size, SZ_2M), pds = DIV_ROUND_UP(pt->memory_size, SZ_1G);

	/* PML4, PDPT, PDs and PTs of the GPA map; four pages per VP. */
	return 2 + pds + pts + 4ULL * pt->vcpus;
}

/* Give the hypervisor @n fresh pages for @pt. */
static int deposit(struct pv_pt *pt, u64 n, const char **why)
{
	struct pv_hv_input_deposit_memory *in = pt->hc;
	unsigned int i, batch;
	struct page *page;
	u64 result;
	int err = 0;

	while (n && !err) {
		batch = min_t(u64, n, PV_PT_BATCH);
		in->partition_id = pt->id;
		for (i = 0; i < batch; i++) {
			page = alloc_page(GFP_KERNEL_ACCOUNT);
			if (!page)
				break;
			in->gpa_page_list[i] = page_to_pfn(page);
		}
		result = i ? pv_pt_hvcall(rep_call(PV_HVCALL_DEPOSIT_MEMORY, i), in, NULL) : 0;
		pt->deposited += i ? reps_of(result) : 0;
		if (i < batch) {
			*why = "out of memory for the hypervisor's share";
			err = -ENOMEM;
		} else if (status_of(result)) {
			*why = status_of(result) == HV_STATUS_INSUFFICIENT_MEMORY ?
			       "the hypervisor's reserve of root EPT tables is used up" :
			       "the hypervisor refused the memory";
			err = -ENOMEM;
		}
		/* Pages the hypervisor did not take are still ours. */
		for (i = i ? reps_of(result) : 0; i < batch; i++)
			if (in->gpa_page_list[i])
				__free_page(pfn_to_page(in->gpa_page_list[i]));
		memset(in->gpa_page_list, 0, batch * sizeof(u64));
		n -= batch;
	}
	/* Deposited pages are gone from the root: make every CPU forget them. */
	on_each_cpu(flush_ept, NULL, 1);
	return err;
}

/* Take back every page the partition holds, once it is deleted. */
static void withdraw_all(struct pv_pt *pt)
{
	struct pv_hv_input_withdraw_memory *in = pt->hc;
	u64 *out = pt->hc + PAGE_SIZE / 2, result;
	unsigned int i, n;

	do {
		in->partition_id = pt->id;
		in->reserved = 0;
		result = pv_pt_hvcall(rep_call(PV_HVCALL_WITHDRAW_MEMORY, PAGE_SIZE / 2 / 8),
				      in, out);
		n = status_of(result) ? 0 : reps_of(result);
		for (i = 0; i < n; i++)
			__free_page(pfn_to_page(out[i]));
		pt->deposited -= n;
	} while (n);
	if (pt->deposited)
		pr_warn("%s: the hypervisor kept %lu deposited pages\n", pt->name, pt->deposited);
}

static u16 fast_call(u16 code, u64 id)
{
	return status_of(pv_hv_vmcall(code | HV_HYPERCALL_FAST_BIT, id, 0));
}

/* Guest page @i (GPA i * 4 KiB). */
static struct page *ram_page(struct pv_pt *pt, unsigned long i)
{
	struct pv_pt_region *r = &pt->ram[i >> PV_PT_REGION_ORDER];
	unsigned long off = i & (PV_PT_REGION_PAGES - 1);

	return r->block ? nth_page(r->block, off) : r->pages[off];
}

/**
 * pv_pt_guest_page() - the root's page behind a guest page frame
 * @pt: the partition
 * @gfn: guest page frame number, from the child (checked here)
 *
 * For the VMBus server's GPADLs. The page stays valid while the partition
 * is not torn down: pv_vmbus_stop() runs before its memory goes.
 *
 * Return: the page, or NULL if @gfn is not the partition's RAM.
 */
struct page *pv_pt_guest_page(struct pv_pt *pt, u64 gfn)
{
	return gfn < pt->nr_pages ? ram_page(pt, gfn) : NULL;
}

static void free_ram(struct pv_pt *pt)
{
	unsigned long i, j;

	for (i = 0; i < pt->nr_regions; i++) {
		if (pt->ram[i].block)
			__free_pages(pt->ram[i].block, PV_PT_REGION_ORDER);
		for (j = 0; pt->ram[i].pages && j < PV_PT_REGION_PAGES; j++)
			if (pt->ram[i].pages[j])
				__free_page(pt->ram[i].pages[j]);
		kfree(pt->ram[i].pages);
		pt->ram[i] = (struct pv_pt_region){};
	}
}

/*
 * Guest RAM, zeroed: 2 MiB blocks where the page allocator has them (one
 * allocation and one array entry per 2 MiB), single pages where not.
 */
static int alloc_ram(struct pv_pt *pt)
{
	unsigned long i, j, n;
	struct pv_pt_region *r;

	for (i = 0; i < pt->nr_regions; i++) {
		r = &pt->ram[i];
		n = min(PV_PT_REGION_PAGES, pt->nr_pages - i * PV_PT_REGION_PAGES);
		if (n == PV_PT_REGION_PAGES)
			r->block = alloc_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_NORETRY |
					       __GFP_NOWARN, PV_PT_REGION_ORDER);
		if (r->block)
			continue;
		r->pages = kcalloc(PV_PT_REGION_PAGES, sizeof(*r->pages), GFP_KERNEL_ACCOUNT);
		if (!r->pages)
			return -ENOMEM;
		for (j = 0; j < n; j++) {
			r->pages[j] = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
			if (!r->pages[j])
				return -ENOMEM;
		}
	}
	return 0;
}

/* Undo pv_pt_create() from any point after CreatePartition. */
static void teardown(struct pv_pt *pt)
{
	u16 s;

	fast_call(PV_HVCALL_FINALIZE_PARTITION, pt->id);
	s = fast_call(PV_HVCALL_DELETE_PARTITION, pt->id);
	if (s) {
		/* Still mapped in the hypervisor: leak rather than free it. */
		pr_err("%s: DeletePartition failed (status %#x): its memory stays with the hypervisor\n",
		       pt->name, s);
		return;
	}
	withdraw_all(pt);
	free_ram(pt);
}

static int map_ram(struct pv_pt *pt, const char **why)
{
	struct pv_hv_input_map_gpa_pages *in = pt->hc;
	unsigned long done = 0, i, batch;
	u64 result;

	if (alloc_ram(pt)) {
		*why = "out of memory for guest RAM";
		return -ENOMEM;
	}
	while (done < pt->nr_pages) {
		batch = min_t(unsigned long, pt->nr_pages - done, PV_PT_BATCH);
		in->target_partition_id = pt->id;
		in->target_gpa_base = done;
		in->map_flags = PV_HV_MAP_READ | PV_HV_MAP_WRITE | PV_HV_MAP_EXEC;
		in->reserved = 0;
		for (i = 0; i < batch; i++)
			in->source_gpa_page_list[i] = page_to_pfn(ram_page(pt, done + i));
		result = pv_pt_hvcall(rep_call(PV_HVCALL_MAP_GPA_PAGES, batch), in, NULL);
		if (status_of(result) || reps_of(result) != batch) {
			*why = "the hypervisor refused to map guest RAM";
			return -EIO;
		}
		done += batch;
	}
	return 0;
}

static int create_in_hypervisor(struct pv_pt *pt, const char **why)
{
	struct pv_hv_input_create_partition *in = pt->hc;
	struct pv_hv_output_create_partition *out = pt->hc + PAGE_SIZE / 2;
	u16 s;

	memset(pt->hc, 0, PAGE_SIZE);
	in->flags = pt->flags & PARTVISOR_CREATE_STRICT ? PV_HV_PARTITION_STRICT : 0;
	in->max_gpa = pt->memory_size;
	in->max_vps = pt->vcpus;
	s = status_of(pv_pt_hvcall(PV_HVCALL_CREATE_PARTITION, in, out));
	if (s) {
		*why = s == HV_STATUS_INSUFFICIENT_MEMORY ?
		       "the hypervisor has no free partition slot" :
		       "the hypervisor refused to create the partition";
		return s == HV_STATUS_INSUFFICIENT_MEMORY ? -ENOSPC : -EIO;
	}
	pt->id = out->partition_id;
	return 0;
}

static int build(struct pv_pt *pt, const char **why)
{
	struct pv_hv_input_create_vp *vp = pt->hc;
	unsigned int i;
	int err;
	u16 s;

	err = deposit(pt, pages_to_deposit(pt), why);
	if (err)
		return err;
	s = fast_call(PV_HVCALL_INITIALIZE_PARTITION, pt->id);
	if (s) {
		*why = "the hypervisor refused to initialize the partition";
		return -EIO;
	}
	err = map_ram(pt, why);
	if (err)
		return err;
	for (i = 0; i < pt->vcpus; i++) {
		memset(vp, 0, sizeof(*vp));
		vp->partition_id = pt->id;
		vp->vp_index = i;
		s = status_of(pv_pt_hvcall(PV_HVCALL_CREATE_VP, vp, NULL));
		if (s == HV_STATUS_OPERATION_DENIED) {
			*why = "this CPU's XSAVE area is larger than a page (AMX?): unsupported";
			return -EOPNOTSUPP;
		}
		if (s) {
			*why = "the hypervisor refused to create a VP";
			return -EIO;
		}
	}
	return 0;
}

static void reap_work(struct work_struct *work);
static void reap_locked(struct pv_pt *pt);

/**
 * pv_pt_create() - create a partition: memory, VPs, console; not started
 * @cfg: the configuration, checked here in full
 * @owner: PARTVISOR_OWNER_*: who holds the first reference
 * @why: set to a message for the user on failure
 *
 * Return: the partition, or an ERR_PTR (-EINVAL, -EEXIST, -ENOMEM,
 * -ENOSPC, -EIO), with nothing left behind.
 */
struct pv_pt *pv_pt_create(const struct partvisor_create *cfg, u32 owner, const char **why)
{
	u32 con = cfg->console_size ?: PARTVISOR_CONSOLE_DEFAULT;
	struct pv_pt *pt, *other;
	unsigned int i;
	char *con_buf;
	int err;

	err = pv_pt_check_config(cfg, why);
	if (err)
		return ERR_PTR(err);
	pt = kzalloc(sizeof(*pt), GFP_KERNEL_ACCOUNT);
	con_buf = kvzalloc(con, GFP_KERNEL_ACCOUNT);
	if (pt) {
		pt->vmbus = pv_vmbus_create(pt);
		pt->hc = (void *)get_zeroed_page(GFP_KERNEL);
		pt->nr_pages = cfg->memory_size >> PAGE_SHIFT;
		pt->nr_regions = DIV_ROUND_UP(pt->nr_pages, PV_PT_REGION_PAGES);
		pt->ram = kvcalloc(pt->nr_regions, sizeof(*pt->ram), GFP_KERNEL_ACCOUNT);
	}
	if (!pt || !con_buf || !pt->hc || !pt->ram || !pt->vmbus) {
		*why = "out of memory";
		err = -ENOMEM;
		goto free;
	}
	pt->memory_size = cfg->memory_size;
	pt->vcpus = cfg->vcpus;
	pt->flags = cfg->flags;
	pt->state = PARTVISOR_STATE_CREATED;
	pt->owner = owner;
	kref_init(&pt->ref);
	mutex_init(&pt->lock);
	spin_lock_init(&pt->state_lock);
	spin_lock_init(&pt->con_lock);
	spin_lock_init(&pt->rtc_lock);
	init_waitqueue_head(&pt->wq);
	INIT_WORK(&pt->reap, reap_work);
	atomic64_set(&pt->intercepts, 0);
	pv_pt_ring_init(&pt->con, con_buf, con);
	pv_pt_uart_reset(&pt->uart);
	pv_pt_rtc_reset(&pt->rtc);
	for (i = 0; i < pt->vcpus; i++) {
		pt->vp[i].pt = pt;
		pt->vp[i].index = i;
		pt->vp[i].hc = (void *)get_zeroed_page(GFP_KERNEL);
		if (!pt->vp[i].hc) {
			*why = "out of memory";
			err = -ENOMEM;
			goto free;
		}
	}

	mutex_lock(&pv_pt_list_lock);
	if (pv_pt_closing) {
		mutex_unlock(&pv_pt_list_lock);
		*why = "partvisor is being unloaded";
		err = -ENODEV;
		goto free;
	}
	if (cfg->name[0])
		strscpy(pt->name, cfg->name, sizeof(pt->name));
	else
		snprintf(pt->name, sizeof(pt->name), "pt%u", pv_pt_next++);
	list_for_each_entry(other, &pv_pt_list, node) {
		if (!strcmp(other->name, pt->name)) {
			mutex_unlock(&pv_pt_list_lock);
			*why = "a partition with that name exists";
			err = -EEXIST;
			goto free;
		}
	}
	/* On the list from now: the name is taken while it is built. */
	list_add_tail(&pt->node, &pv_pt_list);
	mutex_unlock(&pv_pt_list_lock);

	err = create_in_hypervisor(pt, why);
	if (err)
		goto unlist;
	err = build(pt, why);
	if (err)
		goto teardown;
	return pt;

teardown:
	teardown(pt);
unlist:
	mutex_lock(&pv_pt_list_lock);
	list_del(&pt->node);
	mutex_unlock(&pv_pt_list_lock);
free:
	if (pt) {
		for (i = 0; i < PARTVISOR_VCPUS_MAX; i++)
			free_page((unsigned long)pt->vp[i].hc);
		pv_vmbus_destroy(pt->vmbus);
		kvfree(pt->ram);
		free_page((unsigned long)pt->hc);
	}
	kvfree(con_buf);
	kfree(pt);
	return ERR_PTR(err);
}

/* ---- guest memory for the loader ---- */

static int ram_copy(void *ctx, u64 gpa, const void *src, size_t len)
{
	struct pv_pt *pt = ctx;
	size_t n;
	void *dst;

	while (len) {
		n = min_t(size_t, len, PAGE_SIZE - offset_in_page(gpa));
		dst = page_address(ram_page(pt, gpa >> PAGE_SHIFT)) + offset_in_page(gpa);
		if (src)
			memcpy(dst, src, n);
		else
			memset(dst, 0, n);
		gpa += n;
		len -= n;
		src = src ? src + n : NULL;
	}
	return 0;
}

static int ram_zero(void *ctx, u64 gpa, size_t len)
{
	return ram_copy(ctx, gpa, NULL, len);
}

static int load_image(struct pv_pt *pt, const char **why)
{
	struct pv_pt_guest_mem mem = {
		.size = pt->memory_size, .ctx = pt, .write = ram_copy, .zero = ram_zero,
	};
	unsigned long i;
	int err;

	for (i = 0; i < pt->nr_pages; i++)
		clear_highpage(ram_page(pt, i));
	if (pt->format == PARTVISOR_IMAGE_PVH) {
		err = pv_pt_load_pvh(pt->image, pt->image_len, pt->initrd, pt->initrd_len,
				     pt->cmdline, pt->vcpus, &mem, &pt->boot, why);
		if (err)
			pr_info("%s: PVH kernel refused: %s (%d)\n", pt->name, *why, err);
		return err;
	}
	err = pv_pt_load_image_module(pt->image, pt->image_len, pt->format, pt->cmdline,
				      pt->initrd, pt->initrd_len, &mem, &pt->boot);
	if (err == -EOPNOTSUPP) {
		*why = "a module goes only with an ELF32 multiboot image";
		err = -EINVAL;
	} else if (err == -ENOEXEC) {
		*why = "not an image partvisor loads (ELF32 multiboot, ELF64, flat), or malformed";
	} else if (err == -E2BIG) {
		*why = "the image, its module or its command line does not fit the memory";
	} else if (err) {
		*why = "the image could not be loaded";
	}
	return err;
}

/**
 * pv_pt_load() - load a guest image (kept for restarts)
 * @pt: a partition that is not running
 * @image: the image, kvmalloc()ed: the partition owns it from here on,
 *	also on failure
 * @len: its size
 * @format: PARTVISOR_IMAGE_*
 * @cmdline: command line (at most %PARTVISOR_CMDLINE_MAX bytes)
 * @initrd: for %PARTVISOR_IMAGE_PVH an initrd, for an ELF32 multiboot
 *	image its module 0, kvmalloc()ed, or NULL: the partition owns it
 *	from here on, also on failure
 * @initrd_len: its size
 * @why: set to a message for the user on failure
 *
 * Return: 0, -EBUSY (running), -EINVAL, -ENOEXEC, -E2BIG.
 */
int pv_pt_load(struct pv_pt *pt, void *image, size_t len, u32 format, const char *cmdline,
	       void *initrd, size_t initrd_len, const char **why)
{
	int err;

	mutex_lock(&pt->lock);
	err = pt->gone ? -ENOENT : pv_pt_may(pt->state, pt->state_flags, PV_PT_OP_LOAD, why);
	if (err == -ENOENT)
		*why = "the partition was destroyed";
	if (err) {
		/* as the state machine says */
	} else if (format > PARTVISOR_IMAGE_PVH) {
		err = -EINVAL;
		*why = "unknown image format";
	} else if (initrd_len && format == PARTVISOR_IMAGE_FLAT) {
		err = -EINVAL;
		*why = "a flat image takes no module (an initrd goes with a PVH kernel)";
	} else if (strlen(cmdline) > PARTVISOR_CMDLINE_MAX) {
		*why = "the command line is longer than 255 bytes";
		err = -EINVAL;
	} else {
		/* A sibling VP of the last run may still be leaving guest code. */
		reap_locked(pt);
		kvfree(pt->image);
		pt->image = image;
		image = NULL;
		pt->image_len = len;
		kvfree(pt->initrd);
		pt->initrd = initrd_len ? initrd : NULL;
		pt->initrd_len = initrd_len;
		initrd = NULL;
		pt->format = format;
		strscpy(pt->cmdline, cmdline, sizeof(pt->cmdline));
		err = load_image(pt, why);
		spin_lock(&pt->state_lock);
		if (err)
			pt->state_flags &= ~PARTVISOR_STATE_F_IMAGE;
		else
			pt->state_flags |= PARTVISOR_STATE_F_IMAGE;
		spin_unlock(&pt->state_lock);
	}
	mutex_unlock(&pt->lock);
	kvfree(image);
	kvfree(initrd);
	return err;
}

/* ---- VP registers at start ---- */

static void reg(struct pv_hv_register_assoc *r, unsigned int *n, u32 name, u64 value)
{
	memset(&r[*n], 0, sizeof(r[*n]));
	r[*n].name = name;
	r[*n].value.reg64 = value;
	(*n)++;
}

static void seg(struct pv_hv_register_assoc *r, unsigned int *n, u32 name, u16 sel, u16 attr,
		u32 limit)
{
	memset(&r[*n], 0, sizeof(r[*n]));
	r[*n].name = name;
	r[*n].value.segment.selector = sel;
	r[*n].value.segment.attributes = attr;
	r[*n].value.segment.limit = limit;
	(*n)++;
}

/*
 * The boot state the loader chose (Documentation/partitions.rst, "Boot"),
 * from the VP's reset state: a restart starts as clean as the first run
 * (no interrupt shadow, pending event, CR8, debug registers, XCR0 or XSAVE
 * state, SYSCALL MSRs left from the run before).
 */
static int set_boot_regs(struct pv_pt *pt, unsigned int index)
{
	struct pv_hv_input_vp_registers *in = pt->hc;
	struct pv_hv_register_assoc *r = in->elements;
	bool lm = pt->boot.mode == PV_PT_BOOT_LONG64;
	unsigned int n = 0, i;
	u64 result;

	in->partition_id = pt->id;
	in->vp_index = index;
	in->reserved = 0;
	reg(r, &n, PV_HV_REG_VP_RESET, 1);	/* first: the rest builds on it */
	for (i = 0; i < 16; i++)
		reg(r, &n, PV_HV_REG_RAX + i, 0);
	reg(r, &n, PV_HV_REG_RAX, pt->boot.magic);
	reg(r, &n, PV_HV_REG_RAX + 3, pt->boot.info_gpa);	/* RBX */
	if (lm) {
		reg(r, &n, PV_HV_REG_RAX + 7, pt->boot.info_gpa);	/* RDI */
		reg(r, &n, PV_HV_REG_RAX + 6, index);		/* RSI */
	}
	reg(r, &n, PV_HV_REG_RIP, pt->boot.entry);
	reg(r, &n, PV_HV_REG_RFLAGS, X86_EFLAGS_FIXED);
	reg(r, &n, PV_HV_REG_EFER, lm ? EFER_LME | EFER_LMA : 0);
	reg(r, &n, PV_HV_REG_CR4, lm ? X86_CR4_PAE : 0);
	reg(r, &n, PV_HV_REG_CR3, pt->boot.cr3);
	reg(r, &n, PV_HV_REG_CR0, X86_CR0_PE | X86_CR0_ET | (lm ? X86_CR0_PG : 0));
	reg(r, &n, PV_HV_REG_CR2, 0);
	reg(r, &n, PV_HV_REG_DR7, 0);
	seg(r, &n, PV_HV_REG_ES + 1, lm ? PV_PT_SEL_CODE64 : PV_PT_SEL_CODE32,
	    lm ? 0xa09b : 0xc09b, 0xffffffff);
	for (i = 0; i < 6; i++)
		if (i != 1)
			seg(r, &n, PV_HV_REG_ES + i, PV_PT_SEL_DATA, 0xc093, 0xffffffff);
	seg(r, &n, PV_HV_REG_ES + 6, 0, 0, 0);			/* LDTR: unusable */
	seg(r, &n, PV_HV_REG_TR, 0, 0x008b, 0xffff);
	memset(&r[n], 0, sizeof(r[n]));
	r[n].name = PV_HV_REG_GDTR;
	r[n].value.table.base = pt->boot.gdt_base;
	r[n++].value.table.limit = pt->boot.gdt_limit;
	memset(&r[n], 0, sizeof(r[n]));
	r[n++].name = PV_HV_REG_IDTR;
	n += pv_pt_synic_reset_regs(&r[n]);
	/*
	 * A PVH kernel's secondary VPs wait for the INIT-SIPI-SIPI of its
	 * boot CPU, as on hardware. Last: writing RIP ends the wait.
	 */
	if (pt->format == PARTVISOR_IMAGE_PVH && index)
		reg(r, &n, PV_HV_REG_INTERNAL_ACTIVITY_STATE, 1);
	result = pv_pt_hvcall(rep_call(PV_HVCALL_SET_VP_REGISTERS, n), in, NULL);
	if (status_of(result)) {
		pr_err("%s: SetVpRegisters failed at register %u (status %#x)\n", pt->name,
		       reps_of(result), status_of(result));
		return -EIO;
	}
	return 0;
}

/* ---- running: VP threads and intercepts ---- */

static void kick_others(struct pv_pt *pt, unsigned int self)
{
	unsigned int i;

	for (i = 0; i < pt->vcpus; i++)
		if (i != self && pt->vp[i].task)
			kick_process(pt->vp[i].task);
}

/*
 * The partition stops: by the root (@state STOPPED, no reason), by the
 * guest (exit port) or by a crash. The first to come decides; the VP
 * threads see @stopping and return, and reap_work() collects them.
 */
static void finish(struct pv_pt *pt, struct pv_pt_vp *vp, u32 state, u32 reason, u64 gpa,
		   u64 rip, u64 detail)
{
	bool first;

	spin_lock(&pt->state_lock);
	first = pv_pt_stop_wins(pt->stopping, pt->state);
	if (first) {
		pt->stopping = true;
		pt->state = state;
		pt->crash_reason = reason;
		pt->crash_vp = vp ? vp->index : 0;
		pt->crash_gpa = gpa;
		pt->crash_rip = rip;
		pt->crash_detail = detail;
		pt->ran_ns = ktime_get_ns() - pt->started_ns;
	}
	spin_unlock(&pt->state_lock);
	if (!first)
		return;
	if (reason)
		pr_info("%s: %s on VP %u: reason %u at RIP %#llx (address %#llx, detail %#llx)\n",
			pt->name, pv_pt_state_name(state), pt->crash_vp, reason, rip, gpa, detail);
	wake_up_all(&pt->wq);
	kick_others(pt, vp ? vp->index : U32_MAX);
	pv_pt_notify(pt, state == PARTVISOR_STATE_CRASHED ? PARTVISOR_EVENT_CRASHED :
		     PARTVISOR_EVENT_STOPPED);
	if (vp)
		schedule_work(&pt->reap);
}

static void crash(struct pv_pt_vp *vp, u32 reason, const struct pv_hv_intercept *msg, u64 gpa,
		  u64 detail)
{
	finish(vp->pt, vp, PARTVISOR_STATE_CRASHED, reason, gpa, msg->rip, detail);
}

/**
 * pv_pt_console_write() - append the guest's console output
 * @pt: the partition
 * @buf: bytes (from the UART or the console channel)
 * @len: how many
 */
void pv_pt_console_write(struct pv_pt *pt, const void *buf, size_t len)
{
	spin_lock(&pt->con_lock);
	pv_pt_ring_put(&pt->con, buf, len);
	spin_unlock(&pt->con_lock);
	wake_up_all(&pt->wq);
}

static void console_put(struct pv_pt *pt, char c)
{
	pv_pt_console_write(pt, &c, 1);
}

/*
 * Port I/O: COM1, the RTC, the exit port, and nobody's ports (reads
 * all-ones, writes dropped; a strict partition crashes instead).
 * Return: false if the VP must not run on.
 */
static bool port_io(struct pv_pt_vp *vp, const struct pv_hv_intercept *msg, u32 *completion,
		    u64 *rax)
{
	struct pv_pt *pt = vp->pt;
	bool write = msg->io_flags & PV_HV_IO_WRITE;
	u64 mask = GENMASK_ULL(msg->access_size * 8 - 1, 0), val = mask;
	int c;

	if (msg->io_flags & PV_HV_IO_STRING) {
		crash(vp, PARTVISOR_CRASH_STRING_IO, msg, msg->port, msg->qualification);
		return false;
	}
	if (msg->port >= PV_PT_COM1_BASE && msg->port < PV_PT_COM1_BASE + 8) {
		spin_lock(&pt->con_lock);
		if (write)
			c = pv_pt_uart_write(&pt->uart, msg->port - PV_PT_COM1_BASE, msg->data);
		else
			val = pv_pt_uart_read(&pt->uart, msg->port - PV_PT_COM1_BASE);
		spin_unlock(&pt->con_lock);
		if (write && c >= 0)
			console_put(pt, c);
	} else if (pv_pt_rtc_claims(msg->port) && msg->access_size == 1) {
		spin_lock(&pt->rtc_lock);
		if (write)
			pv_pt_rtc_write(&pt->rtc, msg->port, msg->data, ktime_get_real_seconds());
		else
			val = pv_pt_rtc_read(&pt->rtc, msg->port, ktime_get_real_seconds());
		spin_unlock(&pt->rtc_lock);
	} else if (msg->port == PV_PT_SHUTDOWN_PORT) {
		if (!write)
			val = READ_ONCE(pt->shutdown);
	} else if (msg->port == PV_PT_EXIT_PORT) {
		if (write) {
			spin_lock(&pt->state_lock);
			if (!pt->stopping) {
				pt->exit_code = msg->data;
				pt->state_flags |= PARTVISOR_STATE_F_EXITED;
			}
			spin_unlock(&pt->state_lock);
			finish(pt, vp, PARTVISOR_STATE_STOPPED, PARTVISOR_CRASH_NONE, 0,
			       msg->rip, 0);
			return false;
		}
	} else if (pt->flags & PARTVISOR_CREATE_STRICT) {
		crash(vp, PARTVISOR_CRASH_IO, msg, msg->port, msg->io_flags);
		return false;
	}
	*completion = PV_HV_COMPLETE_ADVANCE_RIP;
	if (!write) {
		*completion |= PV_HV_COMPLETE_SET_RAX;
		/* IN to EAX zero-extends into RAX; AL and AX keep the rest. */
		*rax = msg->access_size == 4 ? (u32)val : (msg->rax & ~mask) | (val & mask);
	}
	return true;
}

/* Handle one intercept. Return: false if the VP stops. */
static bool intercept(struct pv_pt_vp *vp, const struct pv_hv_intercept *msg, u32 *completion,
		      u64 *rax)
{
	struct pv_pt *pt = vp->pt;

	atomic64_inc(&pt->intercepts);
	atomic64_inc(&pt->exits[pv_pt_exit_kind(msg->type)]);
	switch (msg->type) {
	case PV_HV_INTERCEPT_IO_PORT:
		return port_io(vp, msg, completion, rax);
	case PV_HV_INTERCEPT_INTERRUPT:
	case PV_HV_INTERCEPT_TIMESLICE:
		return true;
	case PV_HV_INTERCEPT_HALT:
		/* Until its APIC timer, a post or IPI may wake it (the hypervisor decides). */
		pv_pt_lapic_halt(vp, msg);
		return true;
	case PV_HV_INTERCEPT_IPI:
		pv_pt_lapic_ipi(vp, msg);
		return true;
	case PV_HV_INTERCEPT_POST_MESSAGE:
	case PV_HV_INTERCEPT_SIGNAL_EVENT:
		*completion = PV_HV_COMPLETE_HV_STATUS;
		*rax = pv_pt_synic_child_call(vp, msg);
		return true;
	case PV_HV_INTERCEPT_SYNIC_EOM:
		pv_pt_synic_eom(vp, msg);
		return true;
	case PV_HV_INTERCEPT_MEMORY:
		crash(vp, PARTVISOR_CRASH_MEMORY, msg, msg->gpa, msg->qualification);
		return false;
	case PV_HV_INTERCEPT_TRIPLE_FAULT:
		crash(vp, PARTVISOR_CRASH_TRIPLE_FAULT, msg, 0, msg->exit_reason);
		return false;
	case PV_HV_INTERCEPT_MSR:
		crash(vp, PARTVISOR_CRASH_MSR, msg, msg->data, msg->io_flags);
		return false;
	case PV_HV_INTERCEPT_INVALID_STATE:
		crash(vp, PARTVISOR_CRASH_INVALID_STATE, msg, 0,
		      (u64)msg->error << 32 | msg->exit_reason);
		return false;
	default:
		crash(vp, PARTVISOR_CRASH_UNSUPPORTED, msg, msg->qualification, msg->exit_reason);
		return false;
	}
}

static int vp_thread(void *arg)
{
	struct pv_pt_vp *vp = arg;
	struct pv_pt *pt = vp->pt;
	struct pv_hv_input_dispatch_vp *in = vp->hc;
	struct pv_hv_intercept *msg = vp->hc + PAGE_SIZE / 2;
	u32 completion = 0;
	u64 rax = 0;
	u16 s;

	while (!READ_ONCE(pt->stopping) && !kthread_should_stop()) {
		memset(in, 0, sizeof(*in));
		in->partition_id = pt->id;
		in->vp_index = vp->index;
		in->completion = completion;
		in->completion_rax = rax;
		completion = 0;
		s = status_of(pv_pt_hvcall(PV_HVCALL_DISPATCH_VP, in, msg));
		if (s) {
			finish(pt, vp, PARTVISOR_STATE_CRASHED, PARTVISOR_CRASH_HYPERVISOR,
			       0, 0, s);
			break;
		}
		if (!intercept(vp, msg, &completion, &rax))
			break;
		cond_resched();
	}
	/* kthread_stop() collects us. */
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

/*
 * Stop and collect every VP thread, then the VMBus server's connection
 * (nothing of the root touches guest memory after); with pt->lock held.
 */
static void reap_locked(struct pv_pt *pt)
{
	unsigned int i;

	for (i = 0; i < pt->vcpus; i++) {
		if (!pt->vp[i].task)
			continue;
		kthread_stop(pt->vp[i].task);
		put_task_struct(pt->vp[i].task);
		pt->vp[i].task = NULL;
	}
	pv_vmbus_stop(pt->vmbus);
	wake_up_all(&pt->wq);
}

static void reap_work(struct work_struct *work)
{
	struct pv_pt *pt = container_of(work, struct pv_pt, reap);

	mutex_lock(&pt->lock);
	/* Not if the partition was started again since: those threads are new. */
	if (READ_ONCE(pt->stopping))
		reap_locked(pt);
	mutex_unlock(&pt->lock);
}

/**
 * pv_pt_start() - start (or restart from its image) a partition
 * @pt: the partition
 * @why: set to a message for the user on failure
 *
 * A restart reloads the image into cleared memory and resets the VPs.
 *
 * Return: 0, -EBUSY (running), -ENOEXEC (no image), -ENOMEM, -EIO.
 */
int pv_pt_start(struct pv_pt *pt, const char **why)
{
	struct task_struct *t;
	unsigned int i;
	int err = 0;

	mutex_lock(&pt->lock);
	err = pt->gone ? -ENOENT : pv_pt_may(pt->state, pt->state_flags, PV_PT_OP_START, why);
	if (err == -ENOENT)
		*why = "the partition was destroyed";
	if (err)
		goto unlock;
	/* Threads of the last run, if a guest stop has not been reaped yet. */
	reap_locked(pt);
	if (pt->state != PARTVISOR_STATE_CREATED) {
		err = load_image(pt, why);
		if (err)
			goto unlock;
	}
	for (i = 0; i < pt->vcpus && !err; i++)
		err = set_boot_regs(pt, i);
	if (err) {
		*why = "the hypervisor refused the VPs' boot state";
		goto unlock;
	}
	spin_lock(&pt->state_lock);
	pt->stopping = false;
	pt->shutdown = false;
	pt->started_ns = ktime_get_ns();
	pt->state = PARTVISOR_STATE_RUNNING;
	pt->state_flags &= ~PARTVISOR_STATE_F_EXITED;
	pt->exit_code = 0;
	pt->crash_reason = PARTVISOR_CRASH_NONE;
	pt->crash_gpa = 0;
	pt->crash_rip = 0;
	pt->crash_detail = 0;
	spin_unlock(&pt->state_lock);
	spin_lock(&pt->con_lock);
	pv_pt_uart_reset(&pt->uart);
	spin_unlock(&pt->con_lock);
	for (i = 0; i < pt->vcpus; i++) {
		t = kthread_create(vp_thread, &pt->vp[i], "pv-%s/%u", pt->name, i);
		if (IS_ERR(t)) {
			*why = "cannot create a VP thread";
			err = PTR_ERR(t);
			finish(pt, NULL, PARTVISOR_STATE_STOPPED, PARTVISOR_CRASH_NONE, 0, 0, 0);
			reap_locked(pt);
			goto unlock;
		}
		get_task_struct(t);
		pt->vp[i].task = t;
	}
	pv_vmbus_start(pt->vmbus);
	/* Before the VPs run: a guest that stops at once must not be heard first. */
	pv_pt_notify(pt, PARTVISOR_EVENT_STARTED);
	for (i = 0; i < pt->vcpus; i++)
		wake_up_process(pt->vp[i].task);
	wake_up_all(&pt->wq);
unlock:
	mutex_unlock(&pt->lock);
	return err;
}

/**
 * pv_pt_stop() - stop a running partition; its VPs are stopped on return
 * @pt: the partition
 * @force: do not ask the guest first
 * @timeout_ms: how long the guest may take to exit after being asked
 *	(port 0xf5 reads 1), before the stop is forced
 * @why: set to a message for the user on failure
 *
 * The grace time is spent without the partition's lock, so that destroy,
 * another stop or rmmod need not wait for it; a fatal signal ends it early
 * (-EINTR: the guest was asked and may still stop by itself).
 *
 * Return: 0, -EALREADY if it is not running, -ENOENT if it was destroyed,
 * -EINTR.
 */
int pv_pt_stop(struct pv_pt *pt, bool force, unsigned int timeout_ms, const char **why)
{
	const char *ic_why;
	u64 run;
	int err;

	mutex_lock(&pt->lock);
	err = pt->gone ? -ENOENT : pv_pt_may(pt->state, pt->state_flags, PV_PT_OP_STOP, why);
	if (err || force || !timeout_ms)
		goto stop;
	/* Ask the guest (port 0xf5 reads 1), then wait for this run to end. */
	run = pt->started_ns;
	WRITE_ONCE(pt->shutdown, true);
	mutex_unlock(&pt->lock);
	/* The shutdown service, where the child opened it; else port 0xf5 alone. */
	pv_vmbus_request_shutdown(pt->vmbus, &ic_why);
	if (wait_event_killable_timeout(pt->wq, READ_ONCE(pt->state) != PARTVISOR_STATE_RUNNING ||
					READ_ONCE(pt->gone), msecs_to_jiffies(timeout_ms)) < 0) {
		*why = "interrupted: the guest was asked to stop and may still do so";
		return -EINTR;
	}
	mutex_lock(&pt->lock);
	if (pt->gone)
		err = -ENOENT;
	else if (pt->started_ns != run)
		goto unlock;	/* it stopped, and someone started it again since */
stop:
	if (err == -ENOENT)
		*why = "the partition was destroyed";
	/* Does nothing if the guest stopped by itself meanwhile. */
	if (!err)
		finish(pt, NULL, PARTVISOR_STATE_STOPPED, PARTVISOR_CRASH_NONE, 0, 0, 0);
	reap_locked(pt);
unlock:
	mutex_unlock(&pt->lock);
	return err;
}

static void release(struct kref *ref)
{
	struct pv_pt *pt = container_of(ref, struct pv_pt, ref);
	unsigned int i;

	for (i = 0; i < PARTVISOR_VCPUS_MAX; i++)
		free_page((unsigned long)pt->vp[i].hc);
	pv_vmbus_destroy(pt->vmbus);
	kvfree(pt->ram);
	free_page((unsigned long)pt->hc);
	kvfree(pt->con.buf);
	kvfree(pt->image);
	kvfree(pt->initrd);
	kfree(pt);
}

/**
 * pv_pt_put() - drop a reference from pv_pt_find()
 * @pt: the partition
 */
void pv_pt_put(struct pv_pt *pt)
{
	kref_put(&pt->ref, release);
}

/**
 * pv_pt_find() - look a partition up by name
 * @name: its name
 *
 * Partitions are found from pv_pt_announce() on: one still being created
 * or loaded is its creator's alone (its name is taken all the same).
 *
 * Return: the partition with a reference (pv_pt_put()), or NULL.
 */
struct pv_pt *pv_pt_find(const char *name)
{
	struct pv_pt *pt;

	mutex_lock(&pv_pt_list_lock);
	list_for_each_entry(pt, &pv_pt_list, node) {
		/* One being built is not there yet: its creator holds the only reference. */
		if (pt->announced && !strcmp(pt->name, name)) {
			kref_get(&pt->ref);
			mutex_unlock(&pv_pt_list_lock);
			return pt;
		}
	}
	mutex_unlock(&pv_pt_list_lock);
	return NULL;
}

/**
 * pv_pt_for_each() - call @fn for each partition from position @pos on
 * @fn: returns 0 to go on, else stops the walk (its value is returned)
 * @arg: passed to @fn
 * @pos: the position to start from; advanced past each partition done
 *
 * For netlink dumps, which come back for more with @pos. @fn runs with
 * the list locked: it must not sleep for long or take a partition's lock.
 *
 * Return: 0, or what @fn returned.
 */
int pv_pt_for_each(int (*fn)(struct pv_pt *pt, void *arg), void *arg, unsigned long *pos)
{
	unsigned long i = 0;
	struct pv_pt *pt;
	int ret = 0;

	mutex_lock(&pv_pt_list_lock);
	list_for_each_entry(pt, &pv_pt_list, node) {
		if (!pt->announced)
			continue;
		if (i++ < *pos)
			continue;
		ret = fn(pt, arg);
		if (ret)
			break;
		(*pos)++;
	}
	mutex_unlock(&pv_pt_list_lock);
	return ret;
}

/**
 * pv_pt_destroy() - stop a partition, free everything it had, drop the
 *	owner's reference
 * @pt: the partition
 *
 * Calls still holding references get -ENOENT from then on; the structure
 * goes with the last reference.
 *
 * Return: 0, or -ENOENT if someone else destroyed it first.
 */
int pv_pt_destroy(struct pv_pt *pt)
{
	mutex_lock(&pt->lock);
	if (pt->gone) {
		/* Destroyed by someone else first: their reference went with it. */
		mutex_unlock(&pt->lock);
		return -ENOENT;
	}
	WRITE_ONCE(pt->gone, true);
	finish(pt, NULL, PARTVISOR_STATE_STOPPED, PARTVISOR_CRASH_NONE, 0, 0, 0);
	reap_locked(pt);
	mutex_unlock(&pt->lock);
	cancel_work_sync(&pt->reap);
	mutex_lock(&pt->lock);
	reap_locked(pt);
	teardown(pt);
	mutex_unlock(&pt->lock);
	/* Under the list lock: a new partition of that name is announced after. */
	mutex_lock(&pv_pt_list_lock);
	list_del(&pt->node);
	if (pt->announced)
		pv_pt_notify(pt, PARTVISOR_EVENT_DESTROYED);
	mutex_unlock(&pv_pt_list_lock);
	pv_pt_put(pt);
	return 0;
}

/**
 * pv_pt_init() - the partition manager and its character device
 *
 * Return: 0 or a negative errno.
 */
int pv_pt_init(void)
{
	pv_pt_closing = false;
	pr_info("child partitions see a TSC of %u kHz (CPUID 0x15)\n", tsc_khz);
	return pv_pt_dev_register();
}

/**
 * pv_pt_exit() - remove the character device, destroy what is left
 *
 * Partitions still here are the kernel's (netlink): an open partition fd
 * pins the module. Called after the netlink family is gone, so that no
 * request can race with the teardown (and no event is sent for it).
 */
void pv_pt_exit(void)
{
	struct pv_pt *pt;

	mutex_lock(&pv_pt_list_lock);
	pv_pt_closing = true;
	mutex_unlock(&pv_pt_list_lock);
	pv_pt_dev_unregister();
	for (;;) {
		mutex_lock(&pv_pt_list_lock);
		pt = list_first_entry_or_null(&pv_pt_list, struct pv_pt, node);
		if (pt)
			kref_get(&pt->ref);
		mutex_unlock(&pv_pt_list_lock);
		if (!pt)
			break;
		pv_pt_destroy(pt);
		pv_pt_put(pt);
	}
}

/**
 * pv_pt_announce() - the partition is complete: tell the "events" group
 * @pt: the partition, as its front end finished creating it
 *
 * From here on pv_pt_find() and pv_pt_for_each() see it. A partition undone
 * before this (its image did not load) was never seen by anyone, and its
 * destruction is not announced either. The event goes out under the list
 * lock, before anyone can find the partition: no other event of it can
 * come first.
 */
void pv_pt_announce(struct pv_pt *pt)
{
	mutex_lock(&pv_pt_list_lock);
	pv_pt_notify(pt, PARTVISOR_EVENT_CREATED);
	pt->announced = true;
	mutex_unlock(&pv_pt_list_lock);
}
