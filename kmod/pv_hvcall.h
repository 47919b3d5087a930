/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The partition-management hypercalls: call codes, status codes and the
 * layout of their input and output pages. Shared by the hypervisor
 * (pv_part.c, vmx/vmx_child.c) and the root's partition manager
 * (partmgr/). Where Hyper-V has the call, the name and code are Hyper-V's
 * (TLFS); the page layouts are partvisor's own, 8-byte fields, reserved
 * fields must be zero. Documentation/hypercalls.rst is the reference.
 */
#ifndef _PV_HVCALL_H
#define _PV_HVCALL_H

#include <linux/bits.h>
#include <linux/types.h>
#include <asm/hyperv-tlfs.h>

#define PV_HVCALL_CREATE_PARTITION	0x0040
#define PV_HVCALL_INITIALIZE_PARTITION	0x0041
#define PV_HVCALL_FINALIZE_PARTITION	0x0042
#define PV_HVCALL_DELETE_PARTITION	0x0043
#define PV_HVCALL_DEPOSIT_MEMORY	HVCALL_DEPOSIT_MEMORY
#define PV_HVCALL_WITHDRAW_MEMORY	0x0049
#define PV_HVCALL_MAP_GPA_PAGES		0x004b
#define PV_HVCALL_UNMAP_GPA_PAGES	0x004c
#define PV_HVCALL_CREATE_VP		HVCALL_CREATE_VP
#define PV_HVCALL_GET_VP_REGISTERS	HVCALL_GET_VP_REGISTERS
#define PV_HVCALL_SET_VP_REGISTERS	HVCALL_SET_VP_REGISTERS
#define PV_HVCALL_SIGNAL_EVENT_DIRECT	0x00c0
#define PV_HVCALL_POST_MESSAGE_DIRECT	0x00c1
#define PV_HVCALL_DISPATCH_VP		0x00c2

/* A child's SynIC calls (TLFS names and codes). */
#define PV_HVCALL_POST_MESSAGE		HVCALL_POST_MESSAGE
#define PV_HVCALL_SIGNAL_EVENT		HVCALL_SIGNAL_EVENT

/* Hyper-V status codes <asm/hyperv-tlfs.h> of 6.1 does not name. */
#define PV_HV_STATUS_INVALID_PARTITION_STATE	0x0007
#define PV_HV_STATUS_INVALID_PARTITION_ID	0x000d
#define PV_HV_STATUS_INVALID_VP_INDEX		0x000e
#define PV_HV_STATUS_INVALID_VP_STATE		0x0015

/* Limits of this hypervisor. */
#define PV_HV_MAX_PARTITIONS	64
#define PV_HV_MAX_VPS		16
#define PV_HV_MAX_GPA		BIT_ULL(32)	/* child RAM: at most 4 GiB */

/* Hyper-V's MSR a child reads its VP index from. */
#define PV_HV_MSR_VP_INDEX	HV_X64_MSR_VP_INDEX

/* DR7 bit 10 reads as one (SDM 18.2.4) */
#define PV_DR7_FIXED_1		BIT(10)

/* CreatePartition flags */
#define PV_HV_PARTITION_STRICT	BIT_ULL(0)	/* unknown MSRs stop the VP */
#define PV_HV_PARTITION_FLAGS	PV_HV_PARTITION_STRICT

/**
 * struct pv_hv_input_create_partition - CreatePartition input page
 * @flags: PV_HV_PARTITION_*
 * @max_gpa: size of the guest physical address space in bytes (4 KiB
 *	multiple, at most %PV_HV_MAX_GPA)
 * @max_vps: VPs the partition may have (1..%PV_HV_MAX_VPS)
 * @reserved0: zero
 * @reserved: zero
 */
struct pv_hv_input_create_partition {
	u64 flags;
	u64 max_gpa;
	u32 max_vps;
	u32 reserved0;
	u64 reserved[2];
};

/**
 * struct pv_hv_output_create_partition - CreatePartition output page
 * @partition_id: the new partition's id (never 0)
 */
struct pv_hv_output_create_partition {
	u64 partition_id;
};

/**
 * struct pv_hv_input_deposit_memory - DepositMemory input page (rep call)
 * @partition_id: the partition the pages are for
 * @gpa_page_list: rep_count page frame numbers of root pages
 */
struct pv_hv_input_deposit_memory {
	u64 partition_id;
	u64 gpa_page_list[];
};

/**
 * struct pv_hv_input_withdraw_memory - WithdrawMemory input page
 * @partition_id: the partition
 * @reserved: zero
 *
 * The output page receives up to rep_count page frame numbers, each a
 * page that goes back to the root; reps completed says how many.
 */
struct pv_hv_input_withdraw_memory {
	u64 partition_id;
	u64 reserved;
};

#define PV_HV_MAP_READ		BIT(0)
#define PV_HV_MAP_WRITE		BIT(1)
#define PV_HV_MAP_EXEC		BIT(2)
#define PV_HV_MAP_FLAGS		(PV_HV_MAP_READ | PV_HV_MAP_WRITE | PV_HV_MAP_EXEC)

/**
 * struct pv_hv_input_map_gpa_pages - MapGpaPages / UnmapGpaPages input page
 * @target_partition_id: the child partition
 * @target_gpa_base: first guest page frame number
 * @map_flags: PV_HV_MAP_* (Map: READ required, WRITE needs READ;
 *	Unmap: zero)
 * @reserved: zero
 * @source_gpa_page_list: Map only: rep_count root page frame numbers
 */
struct pv_hv_input_map_gpa_pages {
	u64 target_partition_id;
	u64 target_gpa_base;
	u32 map_flags;
	u32 reserved;
	u64 source_gpa_page_list[];
};

/**
 * struct pv_hv_input_create_vp - CreateVp input page
 * @partition_id: the partition
 * @vp_index: 0..max_vps-1
 * @reserved0: zero
 * @flags: zero
 */
struct pv_hv_input_create_vp {
	u64 partition_id;
	u32 vp_index;
	u32 reserved0;
	u64 flags;
};

/* VP register names, Hyper-V's (TLFS "HV_REGISTER_NAME") for x64. */
enum pv_hv_register_name {
	/* bit 0 startup suspend (waits for a SIPI), bit 1 halt suspend (HLT) */
	PV_HV_REG_INTERNAL_ACTIVITY_STATE = 0x00000004,
	PV_HV_REG_RAX		= 0x00020000,	/* .. R15 = 0x0002000f, in ModRM order */
	PV_HV_REG_RSP		= 0x00020004,
	PV_HV_REG_R15		= 0x0002000f,
	PV_HV_REG_RIP		= 0x00020010,
	PV_HV_REG_RFLAGS	= 0x00020011,
	PV_HV_REG_CR0		= 0x00040000,
	PV_HV_REG_CR2		= 0x00040001,
	PV_HV_REG_CR3		= 0x00040002,
	PV_HV_REG_CR4		= 0x00040003,
	PV_HV_REG_DR7		= 0x00050005,
	PV_HV_REG_ES		= 0x00060000,	/* CS, SS, DS, FS, GS, LDTR, TR follow */
	PV_HV_REG_TR		= 0x00060007,
	PV_HV_REG_IDTR		= 0x00070000,
	PV_HV_REG_GDTR		= 0x00070001,
	PV_HV_REG_EFER		= 0x00080001,
	PV_HV_REG_PAT		= 0x00080004,
	PV_HV_REG_SINT0		= 0x000a0000,	/* .. SINT15 = 0x000a000f */
	PV_HV_REG_SINT15	= 0x000a000f,
	PV_HV_REG_SCONTROL	= 0x000a0010,
	PV_HV_REG_SVERSION	= 0x000a0011,
	PV_HV_REG_SIEFP		= 0x000a0012,
	PV_HV_REG_SIMP		= 0x000a0013,
	PV_HV_REG_EOM		= 0x000a0014,
	/*
	 * partvisor's own (the TLFS has no such register): writing 1 puts
	 * the VP in its reset state, everything the other names do not
	 * reach included (Documentation/hypercalls.rst). Write-only.
	 */
	PV_HV_REG_VP_RESET	= 0x80000000,
};

/**
 * struct pv_hv_segment - a segment register value (Hyper-V's layout)
 * @base: base address
 * @limit: limit in bytes
 * @selector: selector
 * @attributes: the access rights in the VMX format, bits 15:0 (type, S,
 *	DPL, P, AVL, L, D/B, G); a segment with P clear is unusable
 */
struct pv_hv_segment {
	u64 base;
	u32 limit;
	u16 selector;
	u16 attributes;
};

/**
 * struct pv_hv_table - GDTR/IDTR value (Hyper-V's layout)
 * @pad: zero
 * @limit: limit
 * @base: base address
 */
struct pv_hv_table {
	u16 pad[3];
	u16 limit;
	u64 base;
};

/**
 * union pv_hv_register_value - one register value, 16 bytes
 * @reg64: general, control and model-specific registers
 * @segment: segment registers
 * @table: GDTR, IDTR
 * @raw: the two halves
 */
union pv_hv_register_value {
	u64 reg64;
	struct pv_hv_segment segment;
	struct pv_hv_table table;
	u64 raw[2];
};

/**
 * struct pv_hv_register_assoc - a name and value pair of SetVpRegisters
 * @name: enum pv_hv_register_name
 * @reserved1: zero
 * @reserved2: zero
 * @value: the value
 */
struct pv_hv_register_assoc {
	u32 name;
	u32 reserved1;
	u64 reserved2;
	union pv_hv_register_value value;
};

/**
 * struct pv_hv_input_vp_registers - Get/SetVpRegisters input page (rep call)
 * @partition_id: the partition
 * @vp_index: the VP
 * @reserved: zero
 * @names: GetVpRegisters: rep_count names; the output page receives
 *	rep_count union pv_hv_register_value
 * @elements: SetVpRegisters: rep_count name/value pairs
 */
struct pv_hv_input_vp_registers {
	u64 partition_id;
	u32 vp_index;
	u32 reserved;
	union {
		DECLARE_FLEX_ARRAY(u32, names);
		DECLARE_FLEX_ARRAY(struct pv_hv_register_assoc, elements);
	};
};

/* DispatchVp completion flags: how to finish the last intercept. */
#define PV_HV_COMPLETE_SET_RAX		BIT(0)	/* RAX = completion_rax */
#define PV_HV_COMPLETE_ADVANCE_RIP	BIT(1)	/* skip the intercepted instruction */
/* The child's hypercall returns status completion_rax (15:0); alone only. */
#define PV_HV_COMPLETE_HV_STATUS	BIT(2)
#define PV_HV_COMPLETE_FLAGS		(PV_HV_COMPLETE_SET_RAX | PV_HV_COMPLETE_ADVANCE_RIP | \
					 PV_HV_COMPLETE_HV_STATUS)

/**
 * struct pv_hv_input_dispatch_vp - DispatchVp input page
 * @partition_id: the partition
 * @vp_index: the VP
 * @completion: PV_HV_COMPLETE_*, applied before the VP runs
 * @completion_rax: RAX for %PV_HV_COMPLETE_SET_RAX (low bits as the
 *	intercepted access size; the rest of RAX is kept); the HV_STATUS_*
 *	for %PV_HV_COMPLETE_HV_STATUS
 * @time_slice: VMX-preemption-timer ticks the VP may run before the
 *	hypervisor returns %PV_HV_INTERCEPT_TIMESLICE; 0 = the default
 * @reserved: zero
 */
struct pv_hv_input_dispatch_vp {
	u64 partition_id;
	u32 vp_index;
	u32 completion;
	u64 completion_rax;
	u64 time_slice;
	u64 reserved[2];
};

/* Why DispatchVp returned: the intercept message's type. */
enum pv_hv_intercept_type {
	PV_HV_INTERCEPT_IO_PORT = 1,	/* port I/O: emulate, complete */
	PV_HV_INTERCEPT_MEMORY,		/* access outside the GPA map */
	PV_HV_INTERCEPT_HALT,		/* HLT (already skipped) */
	PV_HV_INTERCEPT_INTERRUPT,	/* a host interrupt or NMI: the root's */
	PV_HV_INTERCEPT_TIMESLICE,	/* the time slice ended */
	PV_HV_INTERCEPT_TRIPLE_FAULT,	/* the VP triple-faulted (shutdown) */
	PV_HV_INTERCEPT_MSR,		/* strict partition: MSR not emulated */
	PV_HV_INTERCEPT_UNSUPPORTED,	/* an exit the hypervisor does not handle */
	PV_HV_INTERCEPT_INVALID_STATE,	/* VM entry refused the VP's state */
	PV_HV_INTERCEPT_POST_MESSAGE,	/* HvPostMessage: complete with HV_STATUS */
	PV_HV_INTERCEPT_SIGNAL_EVENT,	/* HvSignalEvent: complete with HV_STATUS */
	PV_HV_INTERCEPT_SYNIC_EOM,	/* EOM after a refused post (already skipped) */
	PV_HV_INTERCEPT_IPI,		/* APIC IPI to other VPs: kick them (@data) */
};

#define PV_HV_IO_WRITE		BIT(0)
#define PV_HV_IO_STRING		BIT(1)
#define PV_HV_IO_REP		BIT(2)

/**
 * struct pv_hv_intercept - DispatchVp output page
 * @type: enum pv_hv_intercept_type
 * @exit_reason: the VMX exit reason (diagnostics)
 * @rip: guest RIP of the intercepted instruction
 * @qualification: the VMX exit qualification (diagnostics)
 * @gpa: MEMORY: the guest physical address
 * @gla: MEMORY: the linear address, when the CPU reported one
 * @instruction_length: bytes of the intercepted instruction
 * @port: IO_PORT: the port
 * @access_size: IO_PORT: 1, 2 or 4 bytes; MSR: 0
 * @io_flags: IO_PORT: PV_HV_IO_*
 * @data: IO_PORT write: the value written; MSR: the MSR number;
 *	SYNIC_EOM: bit n set if a post to SINT n was refused since the last one;
 *	HALT: the host TSC at which the VP's APIC timer wakes it, 0 = never;
 *	IPI: bit n set for each VP n the APIC sent an interrupt to
 * @rax: guest RAX
 * @error: INVALID_STATE: the VM-instruction error, if any
 * @reserved: zero
 * @connection_id: POST_MESSAGE, SIGNAL_EVENT: the child's connection id
 * @message_type: POST_MESSAGE: the message type (1..0x7fffffff)
 * @payload_size: POST_MESSAGE: bytes of @payload that count (at most 240)
 * @flag_number: SIGNAL_EVENT: the event flag number
 * @reserved1: zero
 * @payload: POST_MESSAGE: a copy of the message payload (zero past
 *	@payload_size)
 */
struct pv_hv_intercept {
	u32 type;
	u32 exit_reason;
	u64 rip;
	u64 qualification;
	u64 gpa;
	u64 gla;
	u32 instruction_length;
	u16 port;
	u8 access_size;
	u8 io_flags;
	u64 data;
	u64 rax;
	u32 error;
	u32 reserved[3];
	u32 connection_id;
	u32 message_type;
	u32 payload_size;
	u16 flag_number;
	u16 reserved1;
	u64 payload[HV_MESSAGE_PAYLOAD_QWORD_COUNT];
};

/* Message types with this bit are the hypervisor's: no partition may post them. */
#define PV_HV_MESSAGE_TYPE_HYPERVISOR	BIT(31)
/* Bits 31:24 of a connection id are reserved (TLFS HV_CONNECTION_ID). */
#define PV_HV_CONNECTION_ID_MASK	GENMASK(23, 0)

/**
 * struct pv_hv_input_post_message_direct - PostMessageDirect input page
 *	(root only; Hyper-V's layout)
 * @partition_id: the child partition
 * @vp_index: the target VP
 * @vtl: zero
 * @padding: zero
 * @sint_index: the SINT whose message slot takes it (0..15)
 * @message: a struct hv_message: type (not 0, not a hypervisor type),
 *	payload size (at most 240), flags and reserved zero, the origination
 *	id as the root wants, the payload
 * @padding2: zero
 */
struct pv_hv_input_post_message_direct {
	u64 partition_id;
	u32 vp_index;
	u8 vtl;
	u8 padding[3];
	u32 sint_index;
	u8 message[HV_MESSAGE_SIZE];
	u32 padding2;
} __packed;

/**
 * struct pv_hv_input_signal_event_direct - SignalEventDirect input page
 *	(root only; Hyper-V's layout)
 * @target_partition: the child partition
 * @target_vp: the target VP
 * @target_vtl: zero
 * @target_sint: the SINT whose event flags hold the flag (0..15)
 * @flag_number: the flag (0..2047)
 */
struct pv_hv_input_signal_event_direct {
	u64 target_partition;
	u32 target_vp;
	u8 target_vtl;
	u8 target_sint;
	u16 flag_number;
} __packed;

/**
 * struct pv_hv_output_signal_event_direct - SignalEventDirect output page
 * @newly_signaled: 1 if the flag was clear before the call
 * @reserved: zero
 */
struct pv_hv_output_signal_event_direct {
	u8 newly_signaled;
	u8 reserved[7];
} __packed;

/**
 * struct pv_hv_input_post_message - a child's HvPostMessage input page
 * @connection_id: the connection (bits 23:0; 31:24 zero)
 * @reserved: zero
 * @message_type: 1..0x7fffffff
 * @payload_size: 0..240
 * @payload: the payload
 */
struct pv_hv_input_post_message {
	u32 connection_id;
	u32 reserved;
	u32 message_type;
	u32 payload_size;
	u64 payload[HV_MESSAGE_PAYLOAD_QWORD_COUNT];
};

/**
 * struct pv_hv_input_signal_event - a child's HvSignalEvent input (fast:
 *	in RDX, or EBX:ECX in 32-bit mode; else an input page)
 * @connection_id: the connection (bits 23:0; 31:24 zero)
 * @flag_number: the event flag
 * @reserved: zero
 */
struct pv_hv_input_signal_event {
	u32 connection_id;
	u16 flag_number;
	u16 reserved;
};

#endif /* _PV_HVCALL_H */
