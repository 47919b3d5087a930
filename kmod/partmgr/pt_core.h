/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root's partition manager (pt_core.c): partitions, their memory,
 * VP threads and device models. Front ends (chardev, genetlink) call it.
 */
#ifndef _PV_PT_CORE_H
#define _PV_PT_CORE_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/partvisor.h>

#include "pt_loader.h"
#include "pt_ring.h"
#include "pt_rtc.h"
#include "pt_synic.h"
#include "pt_uart.h"

struct page;
struct pv_pt;
struct pv_vmbus;

#define PV_PT_REGION_ORDER	9	/* guest RAM is allocated 2 MiB at a time */
#define PV_PT_REGION_PAGES	BIT(PV_PT_REGION_ORDER)

/**
 * struct pv_pt_region - 2 MiB of guest RAM
 * @block: one order-9 allocation, or NULL
 * @pages: else PV_PT_REGION_PAGES single pages (fewer in a last, partial
 *	region)
 */
struct pv_pt_region {
	struct page *block;
	struct page **pages;
};

/**
 * struct pv_pt_vp - a virtual processor as the root sees it
 * @pt: its partition
 * @index: VP index
 * @task: the kernel thread dispatching it, while started
 * @hc: one page: DispatchVp input at the start, the intercept at 2 KiB
 */
struct pv_pt_vp {
	struct pv_pt *pt;
	u32 index;
	struct task_struct *task;
	void *hc;
};

/**
 * struct pv_pt - a child partition in the root
 * @node: in the list of all partitions
 * @ref: references: the owner's, and one per front-end call using it
 * @owner: PARTVISOR_OWNER_*
 * @gone: destroyed; the structure stays until the last reference
 * @announced: listeners were told it exists
 * @shutdown: the root asked the guest to stop (port 0xf5 reads 1)
 * @started_ns: when the last run started
 * @ran_ns: how long the last run ran, once it ended
 * @name: unique name
 * @id: the hypervisor's partition id
 * @memory_size: guest RAM bytes
 * @vcpus: VPs
 * @flags: PARTVISOR_CREATE_*
 * @ram: guest RAM by 2 MiB region, GPA order
 * @nr_regions: how many
 * @nr_pages: guest pages
 * @deposited: pages deposited to the hypervisor and not withdrawn
 * @lock: serialises load, start, stop and destroy
 * @state_lock: guards the state fields below (VP threads take it)
 * @state: PARTVISOR_STATE_*
 * @state_flags: PARTVISOR_STATE_F_*
 * @exit_code: value written to the exit port
 * @crash_reason: PARTVISOR_CRASH_*
 * @crash_vp: VP that crashed
 * @crash_gpa: GPA, port or MSR of the crash
 * @crash_rip: RIP of the crash
 * @crash_detail: exit reason or status
 * @stopping: VP threads must return
 * @intercepts: intercepts handled
 * @exits: the same by kind, indexed by PARTVISOR_EXIT_* (pv_pt_exit_kind())
 * @con_lock: guards @con and @uart
 * @con: console ring
 * @uart: COM1 model
 * @wq: woken on state changes and console output
 * @reap: stops the VP threads after a guest-initiated stop
 * @image: a copy of the loaded image, for restarts
 * @image_len: its length
 * @initrd: for a PVH kernel, a copy of its initrd, or NULL
 * @initrd_len: its length
 * @format: PARTVISOR_IMAGE_*
 * @cmdline: the command line
 * @boot: what the loader decided
 * @hc: hypercall page for management calls (under @lock)
 * @synic: the root's SynIC state (pt_synic.c)
 * @vmbus: its VMBus server (vmbus_conn.c)
 * @vp: the VPs
 */
struct pv_pt {
	struct list_head node;
	struct kref ref;
	u32 owner;
	bool gone;
	bool announced;
	bool shutdown;
	u64 started_ns, ran_ns;
	char name[PARTVISOR_NAME_LEN];
	u64 id;
	u64 memory_size;
	u32 vcpus;
	u32 flags;
	struct pv_pt_region *ram;
	unsigned long nr_regions;
	unsigned long nr_pages;
	unsigned long deposited;
	struct mutex lock;		/* load, start, stop, destroy */
	spinlock_t state_lock;		/* the state fields; VP threads take it */
	u32 state, state_flags, exit_code, crash_reason, crash_vp;
	u64 crash_gpa, crash_rip, crash_detail;
	bool stopping;
	atomic64_t intercepts;
	atomic64_t exits[__PARTVISOR_EXIT_MAX];
	spinlock_t con_lock;		/* @con and @uart */
	struct pv_pt_ring con;
	struct pv_pt_uart uart;
	spinlock_t rtc_lock;		/* @rtc */
	struct pv_pt_rtc rtc;		/* kept across restarts, as a battery-backed one */
	wait_queue_head_t wq;
	struct work_struct reap;
	void *image;
	size_t image_len;
	void *initrd;
	size_t initrd_len;
	u32 format;
	char cmdline[PARTVISOR_CMDLINE_MAX + 1];
	struct pv_pt_boot boot;
	void *hc;
	struct pv_pt_synic synic;
	struct pv_vmbus *vmbus;
	struct pv_pt_vp vp[PARTVISOR_VCPUS_MAX];
};

/* The root's devices at fixed ports. */
#define PV_PT_COM1_BASE		0x3f8
#define PV_PT_EXIT_PORT		0xf4
#define PV_PT_SHUTDOWN_PORT	0xf5	/* reads 1 once the root asked for a stop */
#define PV_PT_STOP_TIMEOUT_MS	5000	/* a netlink stop's default grace time */

struct pv_pt *pv_pt_create(const struct partvisor_create *cfg, u32 owner, const char **why);
int pv_pt_destroy(struct pv_pt *pt);
struct pv_pt *pv_pt_find(const char *name);
void pv_pt_put(struct pv_pt *pt);
int pv_pt_for_each(int (*fn)(struct pv_pt *pt, void *arg), void *arg, unsigned long *pos);
int pv_pt_load(struct pv_pt *pt, void *image, size_t len, u32 format, const char *cmdline,
	       void *initrd, size_t initrd_len, const char **why);
int pv_pt_start(struct pv_pt *pt, const char **why);
int pv_pt_stop(struct pv_pt *pt, bool force, unsigned int timeout_ms, const char **why);
u64 pv_pt_uptime_ms(struct pv_pt *pt);
void pv_pt_notify(struct pv_pt *pt, u32 event);
void pv_pt_announce(struct pv_pt *pt);
void pv_pt_get_state(struct pv_pt *pt, struct partvisor_state *st);
size_t pv_pt_console_read(struct pv_pt *pt, u64 *pos, char *dst, size_t len, u64 *lost);
u64 pv_pt_hvcall(u64 control, const void *in, void *out);
struct page *pv_pt_guest_page(struct pv_pt *pt, u64 gfn);
void pv_pt_console_write(struct pv_pt *pt, const void *buf, size_t len);
int pv_pt_console_input(struct pv_pt *pt, const void *buf, size_t len, const char **why);

int pv_pt_init(void);
void pv_pt_exit(void);

#endif /* _PV_PT_CORE_H */
