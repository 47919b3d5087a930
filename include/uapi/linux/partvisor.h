/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * partvisor: the ABI between the partvisor module and user space.
 *
 * Shared by kmod/ (kernel) and ctl/ (partctl). Attribute and command enums
 * are append-only: never renumber, never reuse a retired value.
 * Documentation/uapi.rst describes every item here.
 */
#ifndef _UAPI_LINUX_PARTVISOR_H
#define _UAPI_LINUX_PARTVISOR_H

#include <linux/types.h>

/* Generic netlink family. */
#define PARTVISOR_GENL_NAME	"partvisor"
#define PARTVISOR_GENL_VERSION	1

/**
 * enum partvisor_cmd - generic netlink commands of the "partvisor" family
 * @PARTVISOR_CMD_UNSPEC: never used
 * @PARTVISOR_CMD_GET_CAPS: the VMX capabilities partvisor found on each CPU
 *	it probed at load. As a dump: one message per CPU. As a request with
 *	%PARTVISOR_ATTR_CPU: that CPU only. Open to every user.
 * @PARTVISOR_CMD_CREATE: create a partition owned by the kernel (NAME,
 *	MEMORY, VCPUS, IMAGE_PATH or IMAGE (one is required); IMAGE_FORMAT,
 *	INITRD_PATH or INITRD, CMDLINE, CONSOLE_SIZE, FLAGS); admin only
 * @PARTVISOR_CMD_START: start (or restart) partition NAME; admin only
 * @PARTVISOR_CMD_STOP: stop partition NAME: ask the guest (port 0xf5),
 *	wait up to TIMEOUT_MS for it to exit, then force; FORCE skips the
 *	request; admin only
 * @PARTVISOR_CMD_DESTROY: stop and destroy partition NAME; admin only
 * @PARTVISOR_CMD_GET: partition NAME's state (info); as a dump, one
 *	message per partition (list). Open to every user.
 * @PARTVISOR_CMD_CONSOLE: up to 4000 console bytes of partition NAME from
 *	CONSOLE_OFFSET; admin only (guest output may be private)
 * @PARTVISOR_CMD_KVP: the key-value exchange service of partition NAME:
 *	KVP_KEY and KVP_VALUE set the value in the child; KVP_KEY alone
 *	gets the child's value (reply: KVP_VALUE); admin only
 * @PARTVISOR_CMD_EVENT: a notification on the "events" multicast group:
 *	EVENT, NAME, STATE and, for a crash, CRASH_REASON
 * @PARTVISOR_CMD_CONSOLE_INPUT: CONSOLE_DATA (1-4000 bytes) for the
 *	receive side of running partition NAME's COM1; the reply's
 *	CONSOLE_TAKEN says how many its 256-byte FIFO took (send the rest
 *	again once the guest has read some); admin only
 * @__PARTVISOR_CMD_MAX: internal
 */
enum partvisor_cmd {
	PARTVISOR_CMD_UNSPEC,
	PARTVISOR_CMD_GET_CAPS,
	PARTVISOR_CMD_CREATE,
	PARTVISOR_CMD_START,
	PARTVISOR_CMD_STOP,
	PARTVISOR_CMD_DESTROY,
	PARTVISOR_CMD_GET,
	PARTVISOR_CMD_CONSOLE,
	PARTVISOR_CMD_EVENT,
	PARTVISOR_CMD_KVP,
	PARTVISOR_CMD_CONSOLE_INPUT,
	__PARTVISOR_CMD_MAX,
};

#define PARTVISOR_MCGRP_EVENTS	"events"

#define PARTVISOR_CMD_MAX (__PARTVISOR_CMD_MAX - 1)

/**
 * enum partvisor_attr - generic netlink attributes of the "partvisor" family
 * @PARTVISOR_ATTR_UNSPEC: never used
 * @PARTVISOR_ATTR_CPU: u32, a CPU number
 * @PARTVISOR_ATTR_VMCS_REVISION: u32, VMCS revision identifier (IA32_VMX_BASIC[30:0])
 * @PARTVISOR_ATTR_VMX_FEATURES: u64, mask of &enum partvisor_vmx_feature bits
 * @PARTVISOR_ATTR_VMX_BASIC: u64, raw IA32_VMX_BASIC
 * @PARTVISOR_ATTR_VMX_EPT_VPID_CAP: u64, raw IA32_VMX_EPT_VPID_CAP
 * @PARTVISOR_ATTR_VMX_MISC: u64, raw IA32_VMX_MISC
 * @PARTVISOR_ATTR_PREEMPTION_TIMER_RATE: u32, the VMX-preemption timer
 *	counts down once every 2^N TSC ticks; this is N
 * @PARTVISOR_ATTR_PAD: padding for 64-bit attributes
 * @PARTVISOR_ATTR_NAME: string, a partition name (1-31 of [A-Za-z0-9_.-])
 * @PARTVISOR_ATTR_MEMORY: u64, guest RAM in bytes
 * @PARTVISOR_ATTR_VCPUS: u32, virtual processors
 * @PARTVISOR_ATTR_IMAGE_PATH: string, a guest image file for the kernel to
 *	read (an absolute path: a relative one is refused)
 * @PARTVISOR_ATTR_IMAGE: binary, a guest image (at most 60000 bytes)
 * @PARTVISOR_ATTR_CMDLINE: string, the guest's command line (255 bytes)
 * @PARTVISOR_ATTR_CONSOLE_SIZE: u32, console ring bytes
 * @PARTVISOR_ATTR_FLAGS: u32, PARTVISOR_CREATE_*
 * @PARTVISOR_ATTR_STATE: u32, PARTVISOR_STATE_*
 * @PARTVISOR_ATTR_EXIT_CODE: u32, the value the guest wrote to port 0xf4
 * @PARTVISOR_ATTR_CRASH_REASON: u32, PARTVISOR_CRASH_*
 * @PARTVISOR_ATTR_CRASH_VP: u32
 * @PARTVISOR_ATTR_CRASH_GPA: u64, address, port or MSR of the crash
 * @PARTVISOR_ATTR_CRASH_RIP: u64
 * @PARTVISOR_ATTR_CRASH_DETAIL: u64, VMX exit reason or hypervisor status
 * @PARTVISOR_ATTR_INTERCEPTS: u64, intercepts the root handled
 * @PARTVISOR_ATTR_UPTIME_MS: u64, time running (of the last run)
 * @PARTVISOR_ATTR_CONSOLE_OFFSET: u64, absolute console position
 * @PARTVISOR_ATTR_CONSOLE_DATA: binary, console bytes
 * @PARTVISOR_ATTR_CONSOLE_LOST: u64, bytes overwritten before read
 * @PARTVISOR_ATTR_CONSOLE_WRITTEN: u64, bytes the guest ever wrote
 * @PARTVISOR_ATTR_FORCE: flag, stop without asking the guest
 * @PARTVISOR_ATTR_TIMEOUT_MS: u32, how long a stop waits for the guest
 * @PARTVISOR_ATTR_HYPERVISOR_BYTES: u64, as in struct partvisor_state
 * @PARTVISOR_ATTR_ROOT_BYTES: u64, as in struct partvisor_state
 * @PARTVISOR_ATTR_EVENT: u32, PARTVISOR_EVENT_*
 * @PARTVISOR_ATTR_OWNER: u32, PARTVISOR_OWNER_*
 * @PARTVISOR_ATTR_EXITED: flag, the guest wrote the exit port
 * @PARTVISOR_ATTR_EXITS: nested, intercepts by kind: u64 counters of
 *	&enum partvisor_exit_attr
 * @PARTVISOR_ATTR_KVP_KEY: string, a KVP key (1-255 printable ASCII bytes)
 * @PARTVISOR_ATTR_KVP_VALUE: string, a KVP value (up to 1023 printable
 *	ASCII bytes)
 * @PARTVISOR_ATTR_VMBUS: nested, the partition's VMBus server:
 *	&enum partvisor_vmbus_attr
 * @PARTVISOR_ATTR_IMAGE_FORMAT: u32, PARTVISOR_IMAGE_* of IMAGE or
 *	IMAGE_PATH (create); absent: %PARTVISOR_IMAGE_AUTO
 * @PARTVISOR_ATTR_INITRD_PATH: string, an initrd file for the kernel to
 *	read (absolute path): a %PARTVISOR_IMAGE_PVH kernel's initrd, or an
 *	ELF32 multiboot image's module 0; not with a flat or ELF64 image
 * @PARTVISOR_ATTR_INITRD: binary, an initrd or module 0 (at most 60000
 *	bytes), as INITRD_PATH
 * @PARTVISOR_ATTR_CONSOLE_TAKEN: u32, bytes of CONSOLE_DATA the console
 *	took (CONSOLE_INPUT replies)
 * @__PARTVISOR_ATTR_MAX: internal
 */
enum partvisor_attr {
	PARTVISOR_ATTR_UNSPEC,
	PARTVISOR_ATTR_CPU,
	PARTVISOR_ATTR_VMCS_REVISION,
	PARTVISOR_ATTR_VMX_FEATURES,
	PARTVISOR_ATTR_VMX_BASIC,
	PARTVISOR_ATTR_VMX_EPT_VPID_CAP,
	PARTVISOR_ATTR_VMX_MISC,
	PARTVISOR_ATTR_PREEMPTION_TIMER_RATE,
	PARTVISOR_ATTR_PAD,
	PARTVISOR_ATTR_NAME,
	PARTVISOR_ATTR_MEMORY,
	PARTVISOR_ATTR_VCPUS,
	PARTVISOR_ATTR_IMAGE_PATH,
	PARTVISOR_ATTR_IMAGE,
	PARTVISOR_ATTR_CMDLINE,
	PARTVISOR_ATTR_CONSOLE_SIZE,
	PARTVISOR_ATTR_FLAGS,
	PARTVISOR_ATTR_STATE,
	PARTVISOR_ATTR_EXIT_CODE,
	PARTVISOR_ATTR_CRASH_REASON,
	PARTVISOR_ATTR_CRASH_VP,
	PARTVISOR_ATTR_CRASH_GPA,
	PARTVISOR_ATTR_CRASH_RIP,
	PARTVISOR_ATTR_CRASH_DETAIL,
	PARTVISOR_ATTR_INTERCEPTS,
	PARTVISOR_ATTR_UPTIME_MS,
	PARTVISOR_ATTR_CONSOLE_OFFSET,
	PARTVISOR_ATTR_CONSOLE_DATA,
	PARTVISOR_ATTR_CONSOLE_LOST,
	PARTVISOR_ATTR_CONSOLE_WRITTEN,
	PARTVISOR_ATTR_FORCE,
	PARTVISOR_ATTR_TIMEOUT_MS,
	PARTVISOR_ATTR_HYPERVISOR_BYTES,
	PARTVISOR_ATTR_ROOT_BYTES,
	PARTVISOR_ATTR_EVENT,
	PARTVISOR_ATTR_OWNER,
	PARTVISOR_ATTR_EXITED,
	PARTVISOR_ATTR_EXITS,
	PARTVISOR_ATTR_KVP_KEY,
	PARTVISOR_ATTR_KVP_VALUE,
	PARTVISOR_ATTR_VMBUS,
	PARTVISOR_ATTR_IMAGE_FORMAT,
	PARTVISOR_ATTR_INITRD_PATH,
	PARTVISOR_ATTR_INITRD,
	PARTVISOR_ATTR_CONSOLE_TAKEN,
	__PARTVISOR_ATTR_MAX,
};

#define PARTVISOR_KVP_KEY_MAX		255
#define PARTVISOR_KVP_VALUE_MAX		1023

/**
 * enum partvisor_vmbus_attr - inside %PARTVISOR_ATTR_VMBUS (GET replies)
 * @PARTVISOR_VMBUS_UNSPEC: never used
 * @PARTVISOR_VMBUS_PAD: padding for u64 attributes
 * @PARTVISOR_VMBUS_CONNECTED: flag, the child connected to VMBus
 * @PARTVISOR_VMBUS_VERSION: u32, the protocol version agreed on (major << 16 | minor)
 * @PARTVISOR_VMBUS_MESSAGES_IN: u64, channel messages the child sent
 * @PARTVISOR_VMBUS_MESSAGES_OUT: u64, channel messages the root sent
 * @PARTVISOR_VMBUS_ERRORS: u64, protocol errors of the child (logged)
 * @PARTVISOR_VMBUS_HEARTBEATS: u64, heartbeats the child answered
 * @PARTVISOR_VMBUS_HEARTBEATS_LATE: u64, heartbeats it left unanswered
 * @PARTVISOR_VMBUS_HEARTBEAT_AGE_MS: u64, since the last one (absent: never)
 * @PARTVISOR_VMBUS_CHANNEL: nested, one per channel offered:
 *	&enum partvisor_channel_attr
 * @__PARTVISOR_VMBUS_MAX: internal
 */
enum partvisor_vmbus_attr {
	PARTVISOR_VMBUS_UNSPEC,
	PARTVISOR_VMBUS_PAD,
	PARTVISOR_VMBUS_CONNECTED,
	PARTVISOR_VMBUS_VERSION,
	PARTVISOR_VMBUS_MESSAGES_IN,
	PARTVISOR_VMBUS_MESSAGES_OUT,
	PARTVISOR_VMBUS_ERRORS,
	PARTVISOR_VMBUS_HEARTBEATS,
	PARTVISOR_VMBUS_HEARTBEATS_LATE,
	PARTVISOR_VMBUS_HEARTBEAT_AGE_MS,
	PARTVISOR_VMBUS_CHANNEL,
	__PARTVISOR_VMBUS_MAX,
};

#define PARTVISOR_VMBUS_MAX (__PARTVISOR_VMBUS_MAX - 1)

/**
 * enum partvisor_channel_attr - inside %PARTVISOR_VMBUS_CHANNEL
 * @PARTVISOR_CHANNEL_UNSPEC: never used
 * @PARTVISOR_CHANNEL_PAD: padding for u64 attributes
 * @PARTVISOR_CHANNEL_NAME: string, the service (console, heartbeat,
 *	shutdown, timesync, kvp)
 * @PARTVISOR_CHANNEL_RELID: u32, its relid
 * @PARTVISOR_CHANNEL_STATE: u32, PARTVISOR_CHANNEL_*
 * @PARTVISOR_CHANNEL_PACKETS_IN: u64, packets the child sent on it
 * @PARTVISOR_CHANNEL_PACKETS_OUT: u64, packets the root sent on it
 * @PARTVISOR_CHANNEL_REASON: string, why the root rescinded it
 * @__PARTVISOR_CHANNEL_MAX: internal
 */
enum partvisor_channel_attr {
	PARTVISOR_CHANNEL_UNSPEC,
	PARTVISOR_CHANNEL_PAD,
	PARTVISOR_CHANNEL_NAME,
	PARTVISOR_CHANNEL_RELID,
	PARTVISOR_CHANNEL_STATE,
	PARTVISOR_CHANNEL_PACKETS_IN,
	PARTVISOR_CHANNEL_PACKETS_OUT,
	PARTVISOR_CHANNEL_REASON,
	__PARTVISOR_CHANNEL_MAX,
};

#define PARTVISOR_CHANNEL_MAX (__PARTVISOR_CHANNEL_MAX - 1)

/* PARTVISOR_CHANNEL_STATE */
#define PARTVISOR_CHANNEL_OFFERED	0	/* offered, not open */
#define PARTVISOR_CHANNEL_OPEN		1
#define PARTVISOR_CHANNEL_RESCINDED	2	/* closed by the root: see REASON */

#define PARTVISOR_IMAGE_ATTR_MAX	60000
#define PARTVISOR_CONSOLE_CHUNK		4000

/* PARTVISOR_ATTR_EVENT */
#define PARTVISOR_EVENT_CREATED		1
#define PARTVISOR_EVENT_STARTED		2
#define PARTVISOR_EVENT_STOPPED		3
#define PARTVISOR_EVENT_CRASHED		4
#define PARTVISOR_EVENT_DESTROYED	5

/* PARTVISOR_ATTR_OWNER */
#define PARTVISOR_OWNER_KERNEL		1	/* netlink: lives until destroyed or rmmod */
#define PARTVISOR_OWNER_FILE		2	/* a /dev/partvisor fd: lives with it */

#define PARTVISOR_ATTR_MAX (__PARTVISOR_ATTR_MAX - 1)

/**
 * enum partvisor_exit_attr - the counters in %PARTVISOR_ATTR_EXITS
 *
 * Each is a u64: the intercepts of that kind the root handled for the
 * partition since it was created (over all its runs). Together they are
 * %PARTVISOR_ATTR_INTERCEPTS. Exits the hypervisor finishes by itself
 * (CPUID, hypercalls, ...) never reach the root and are not counted.
 *
 * @PARTVISOR_EXIT_UNSPEC: never used
 * @PARTVISOR_EXIT_PAD: padding for the u64 counters
 * @PARTVISOR_EXIT_IO_PORT: port I/O (COM1, the exit and stop ports, others)
 * @PARTVISOR_EXIT_MEMORY: an access outside the partition's memory (it crashed)
 * @PARTVISOR_EXIT_HALT: HLT
 * @PARTVISOR_EXIT_INTERRUPT: a host interrupt or NMI took the VP's CPU
 * @PARTVISOR_EXIT_TIMESLICE: the VP's time slice ended
 * @PARTVISOR_EXIT_TRIPLE_FAULT: the VP triple-faulted (it crashed)
 * @PARTVISOR_EXIT_MSR: an MSR a strict partition may not use (it crashed)
 * @PARTVISOR_EXIT_INVALID_STATE: VM entry refused the VP's state (it crashed)
 * @PARTVISOR_EXIT_OTHER: any other kind, e.g. an exit the hypervisor does
 *	not handle (it crashed)
 * @__PARTVISOR_EXIT_MAX: internal
 */
enum partvisor_exit_attr {
	PARTVISOR_EXIT_UNSPEC,
	PARTVISOR_EXIT_PAD,
	PARTVISOR_EXIT_IO_PORT,
	PARTVISOR_EXIT_MEMORY,
	PARTVISOR_EXIT_HALT,
	PARTVISOR_EXIT_INTERRUPT,
	PARTVISOR_EXIT_TIMESLICE,
	PARTVISOR_EXIT_TRIPLE_FAULT,
	PARTVISOR_EXIT_MSR,
	PARTVISOR_EXIT_INVALID_STATE,
	PARTVISOR_EXIT_OTHER,
	__PARTVISOR_EXIT_MAX,
};

#define PARTVISOR_EXIT_MAX (__PARTVISOR_EXIT_MAX - 1)

/**
 * enum partvisor_vmx_feature - bit numbers in %PARTVISOR_ATTR_VMX_FEATURES
 * @PARTVISOR_VMX_F_TRUE_CTLS: the TRUE_*_CTLS capability MSRs exist
 * @PARTVISOR_VMX_F_VMCS_WB: VMCS regions may be write-back memory
 * @PARTVISOR_VMX_F_MSR_BITMAPS: MSR bitmaps
 * @PARTVISOR_VMX_F_SECONDARY_CTLS: secondary processor-based controls
 * @PARTVISOR_VMX_F_EPT: extended page tables
 * @PARTVISOR_VMX_F_UNRESTRICTED_GUEST: unrestricted guest (real mode in VMX)
 * @PARTVISOR_VMX_F_VPID: virtual-processor identifiers
 * @PARTVISOR_VMX_F_PREEMPTION_TIMER: VMX-preemption timer
 * @PARTVISOR_VMX_F_EXIT_LOAD_EFER: VM exit loads IA32_EFER
 * @PARTVISOR_VMX_F_ENTRY_LOAD_EFER: VM entry loads IA32_EFER
 * @PARTVISOR_VMX_F_EXIT_LOAD_PAT: VM exit loads IA32_PAT
 * @PARTVISOR_VMX_F_ENTRY_LOAD_PAT: VM entry loads IA32_PAT
 * @PARTVISOR_VMX_F_EPT_WALK_4: 4-level EPT page walk
 * @PARTVISOR_VMX_F_EPT_WB: EPT paging structures may be write-back
 * @PARTVISOR_VMX_F_EPT_2M: EPT 2 MiB pages
 * @PARTVISOR_VMX_F_EPT_1G: EPT 1 GiB pages
 * @PARTVISOR_VMX_F_EPT_AD: EPT accessed and dirty flags
 * @PARTVISOR_VMX_F_EPT_EXEC_ONLY: execute-only EPT translations
 * @PARTVISOR_VMX_F_INVEPT_SINGLE: INVEPT single-context
 * @PARTVISOR_VMX_F_INVEPT_ALL: INVEPT all-context
 * @PARTVISOR_VMX_F_INVVPID_SINGLE: INVVPID single-context
 * @PARTVISOR_VMX_F_INVVPID_ALL: INVVPID all-context
 * @PARTVISOR_VMX_F_PML: page-modification logging
 * @PARTVISOR_VMX_F_VMCS_SHADOWING: VMCS shadowing
 * @PARTVISOR_VMX_F_APIC_ACCESS: virtualize APIC accesses
 * @PARTVISOR_VMX_F_APIC_REG_VIRT: APIC-register virtualization
 * @PARTVISOR_VMX_F_VIRT_INTR_DELIVERY: virtual-interrupt delivery
 * @PARTVISOR_VMX_F_POSTED_INTR: posted interrupts
 * @PARTVISOR_VMX_F_ACTIVITY_HLT: the HLT activity state
 * @PARTVISOR_VMX_F_VMXON_OK: VMXON and VMXOFF succeeded on this CPU at load
 * @__PARTVISOR_VMX_F_MAX: internal
 */
enum partvisor_vmx_feature {
	PARTVISOR_VMX_F_TRUE_CTLS,
	PARTVISOR_VMX_F_VMCS_WB,
	PARTVISOR_VMX_F_MSR_BITMAPS,
	PARTVISOR_VMX_F_SECONDARY_CTLS,
	PARTVISOR_VMX_F_EPT,
	PARTVISOR_VMX_F_UNRESTRICTED_GUEST,
	PARTVISOR_VMX_F_VPID,
	PARTVISOR_VMX_F_PREEMPTION_TIMER,
	PARTVISOR_VMX_F_EXIT_LOAD_EFER,
	PARTVISOR_VMX_F_ENTRY_LOAD_EFER,
	PARTVISOR_VMX_F_EXIT_LOAD_PAT,
	PARTVISOR_VMX_F_ENTRY_LOAD_PAT,
	PARTVISOR_VMX_F_EPT_WALK_4,
	PARTVISOR_VMX_F_EPT_WB,
	PARTVISOR_VMX_F_EPT_2M,
	PARTVISOR_VMX_F_EPT_1G,
	PARTVISOR_VMX_F_EPT_AD,
	PARTVISOR_VMX_F_EPT_EXEC_ONLY,
	PARTVISOR_VMX_F_INVEPT_SINGLE,
	PARTVISOR_VMX_F_INVEPT_ALL,
	PARTVISOR_VMX_F_INVVPID_SINGLE,
	PARTVISOR_VMX_F_INVVPID_ALL,
	PARTVISOR_VMX_F_PML,
	PARTVISOR_VMX_F_VMCS_SHADOWING,
	PARTVISOR_VMX_F_APIC_ACCESS,
	PARTVISOR_VMX_F_APIC_REG_VIRT,
	PARTVISOR_VMX_F_VIRT_INTR_DELIVERY,
	PARTVISOR_VMX_F_POSTED_INTR,
	PARTVISOR_VMX_F_ACTIVITY_HLT,
	PARTVISOR_VMX_F_VMXON_OK,
	__PARTVISOR_VMX_F_MAX,
};

/*
 * Character device /dev/partvisor (CAP_SYS_ADMIN to open).
 *
 * PARTVISOR_CREATE on the device returns a new file descriptor for a
 * partition; every other partition ioctl goes to that fd, and closing the
 * last reference destroys the partition. read(2) on a partition fd reads
 * its console from the file position (an absolute byte count), so
 * pread(fd, buf, n, 0) reads from the oldest byte kept.
 */
#define PARTVISOR_DEVICE	"/dev/partvisor"
#define PARTVISOR_IOCTL		0xB9

#define PARTVISOR_NAME_LEN	32	/* with the NUL */
#define PARTVISOR_MEM_MIN	(2ULL << 20)
#define PARTVISOR_MEM_MAX	(4ULL << 30)
#define PARTVISOR_VCPUS_MAX	16
#define PARTVISOR_CONSOLE_DEFAULT	(16U << 10)
#define PARTVISOR_CONSOLE_MIN	(4U << 10)
#define PARTVISOR_CONSOLE_MAX	(1U << 20)

/* struct partvisor_create flags */
#define PARTVISOR_CREATE_STRICT	(1U << 0)	/* unclaimed ports and MSRs crash it */
#define PARTVISOR_CREATE_FLAGS	PARTVISOR_CREATE_STRICT

/**
 * struct partvisor_create - PARTVISOR_CREATE argument
 * @memory_size: guest RAM in bytes from GPA 0: a multiple of 4 KiB,
 *	%PARTVISOR_MEM_MIN..%PARTVISOR_MEM_MAX
 * @vcpus: virtual processors, 1..%PARTVISOR_VCPUS_MAX
 * @flags: PARTVISOR_CREATE_*
 * @console_size: console ring in bytes, a power of two in
 *	%PARTVISOR_CONSOLE_MIN..%PARTVISOR_CONSOLE_MAX; 0 for the default
 * @reserved0: zero
 * @name: NUL-terminated, [A-Za-z0-9_.-], 1-31 characters, unique; empty
 *	for a generated "ptN"
 * @reserved: zero
 */
struct partvisor_create {
	__u64 memory_size;
	__u32 vcpus;
	__u32 flags;
	__u32 console_size;
	__u32 reserved0;
	char name[PARTVISOR_NAME_LEN];
	__u64 reserved[4];
};

/* struct partvisor_image format */
#define PARTVISOR_IMAGE_AUTO	0	/* ELF if it starts with \x7fELF, else flat */
#define PARTVISOR_IMAGE_ELF	1	/* ELF32 multiboot v1, or ELF64 */
#define PARTVISOR_IMAGE_FLAT	2	/* loaded and entered at 1 MiB, 32-bit */
#define PARTVISOR_IMAGE_PVH	3	/* ELF kernel with a Xen PHYS32_ENTRY note (PVH boot) */

#define PARTVISOR_IMAGE_MAX	(64U << 20)
#define PARTVISOR_CMDLINE_MAX	255

/**
 * struct partvisor_image - PARTVISOR_LOAD_IMAGE argument
 * @data: user pointer to the image
 * @size: its size in bytes (at most %PARTVISOR_IMAGE_MAX)
 * @cmdline: user pointer to a NUL-terminated command line, or 0
 * @format: PARTVISOR_IMAGE_*
 * @reserved0: zero
 * @initrd: user pointer to a %PARTVISOR_IMAGE_PVH kernel's initrd or an
 *	ELF32 multiboot image's module 0, or 0
 * @initrd_size: its size in bytes (at most %PARTVISOR_IMAGE_MAX), 0 with
 *	no initrd
 */
struct partvisor_image {
	__u64 data;
	__u64 size;
	__u64 cmdline;
	__u32 format;
	__u32 reserved0;
	__u64 initrd;
	__u64 initrd_size;
};

/* struct partvisor_state state */
#define PARTVISOR_STATE_CREATED	1	/* not started yet */
#define PARTVISOR_STATE_RUNNING	2
#define PARTVISOR_STATE_STOPPED	3	/* stopped by the root, or the guest exited */
#define PARTVISOR_STATE_CRASHED	4	/* see crash_reason */

/* struct partvisor_state flags */
#define PARTVISOR_STATE_F_EXITED	(1U << 0)	/* the guest wrote the exit port */
#define PARTVISOR_STATE_F_IMAGE		(1U << 1)	/* an image is loaded */

/* struct partvisor_state crash_reason */
#define PARTVISOR_CRASH_NONE		0
#define PARTVISOR_CRASH_TRIPLE_FAULT	1	/* the VP shut down */
#define PARTVISOR_CRASH_MEMORY		2	/* access outside its memory: crash_gpa */
#define PARTVISOR_CRASH_UNSUPPORTED	3	/* an exit partvisor does not handle */
#define PARTVISOR_CRASH_INVALID_STATE	4	/* VM entry refused the VP's state */
#define PARTVISOR_CRASH_MSR		5	/* strict: MSR crash_gpa not emulated */
#define PARTVISOR_CRASH_IO		6	/* strict: unclaimed port crash_gpa */
#define PARTVISOR_CRASH_STRING_IO	7	/* INS/OUTS: not emulated */
#define PARTVISOR_CRASH_HYPERVISOR	8	/* DispatchVp failed: crash_detail */

/**
 * struct partvisor_state - PARTVISOR_GET_STATE result
 * @state: PARTVISOR_STATE_*
 * @flags: PARTVISOR_STATE_F_*
 * @exit_code: the value the guest wrote to the exit port (0xf4)
 * @crash_reason: PARTVISOR_CRASH_*
 * @crash_vp: the VP that crashed
 * @reserved0: zero
 * @crash_gpa: guest physical address, MSR or port of the crash
 * @crash_rip: guest RIP at the crash
 * @crash_detail: VMX exit reason or hypervisor status of the crash
 * @console_written: bytes the guest ever wrote to its console
 * @intercepts: intercepts the root handled for this partition
 * @memory_size: guest RAM in bytes
 * @vcpus: virtual processors
 * @reserved1: zero
 * @hypervisor_bytes: memory deposited to the hypervisor for this partition
 *	(its GPA map's tables, VP state, VMCS and XSAVE areas)
 * @root_bytes: the root's own memory for it beyond guest RAM (structures,
 *	console ring, hypercall pages, the guest page array)
 * @partition_id: the hypervisor's id of the partition, for the calls
 *	%PARTVISOR_HVCALL passes through (PostMessageDirect, SignalEventDirect)
 * @reserved: zero
 */
struct partvisor_state {
	__u32 state;
	__u32 flags;
	__u32 exit_code;
	__u32 crash_reason;
	__u32 crash_vp;
	__u32 reserved0;
	__u64 crash_gpa;
	__u64 crash_rip;
	__u64 crash_detail;
	__u64 console_written;
	__u64 intercepts;
	__u64 memory_size;
	__u32 vcpus;
	__u32 reserved1;
	__u64 hypervisor_bytes;
	__u64 root_bytes;
	__u64 partition_id;
	__u64 reserved;
};

/**
 * struct partvisor_hvcall - PARTVISOR_HVCALL argument (root pass-through)
 * @control: hypercall control word; only allow-listed call codes
 * @input: user pointer to the input (copied to a page), or 0
 * @input_size: its size, at most 4096
 * @output_size: bytes of output to copy back, at most 4096
 * @output: user pointer for the output, or 0
 * @result: the hypercall's result value (RAX)
 * @reserved: zero
 */
struct partvisor_hvcall {
	__u64 control;
	__u64 input;
	__u32 input_size;
	__u32 output_size;
	__u64 output;
	__u64 result;
	__u64 reserved[2];
};

/**
 * struct partvisor_wait - PARTVISOR_WAIT argument
 * @timeout_ms: give up after this long (-ETIMEDOUT); 0 = no limit
 * @reserved: zero
 */
struct partvisor_wait {
	__u32 timeout_ms;
	__u32 reserved;
};

/* On /dev/partvisor */
#define PARTVISOR_CREATE	_IOW(PARTVISOR_IOCTL, 0x01, struct partvisor_create)
#define PARTVISOR_HVCALL	_IOWR(PARTVISOR_IOCTL, 0x02, struct partvisor_hvcall)
/* On a partition fd */
#define PARTVISOR_LOAD_IMAGE	_IOW(PARTVISOR_IOCTL, 0x10, struct partvisor_image)
#define PARTVISOR_START		_IO(PARTVISOR_IOCTL, 0x11)
#define PARTVISOR_STOP		_IO(PARTVISOR_IOCTL, 0x12)
#define PARTVISOR_GET_STATE	_IOR(PARTVISOR_IOCTL, 0x13, struct partvisor_state)
#define PARTVISOR_WAIT		_IOW(PARTVISOR_IOCTL, 0x14, struct partvisor_wait)

#endif /* _UAPI_LINUX_PARTVISOR_H */
