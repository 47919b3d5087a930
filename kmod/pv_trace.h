/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of the hypervisor: /sys/kernel/tracing/events/partvisor/.
 *
 * They fire in the exit handler. A disabled event is a patched-out branch;
 * an enabled one writes to the per-CPU ring buffer, which is lockless and
 * safe with interrupts off (as KVM's exit events are).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM partvisor

#if !defined(_PV_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _PV_TRACE_H

#include <linux/tracepoint.h>
#include <asm/vmx.h>

TRACE_EVENT(pv_root_exit,
	    TP_PROTO(u32 reason, unsigned long rip, unsigned long qual),
	    TP_ARGS(reason, rip, qual),
	    TP_STRUCT__entry(__field(u32, reason)
			     __field(unsigned long, rip)
			     __field(unsigned long, qual)),
	    TP_fast_assign(__entry->reason = reason;
			   __entry->rip = rip;
			   __entry->qual = qual;),
	    TP_printk("reason %s rip 0x%lx qualification 0x%lx",
		      __print_symbolic(__entry->reason, VMX_EXIT_REASONS),
		      __entry->rip, __entry->qual)
);

TRACE_EVENT(pv_child_exit,
	    TP_PROTO(u32 vp, u32 reason, unsigned long rip, unsigned long qual),
	    TP_ARGS(vp, reason, rip, qual),
	    TP_STRUCT__entry(__field(u32, vp)
			     __field(u32, reason)
			     __field(unsigned long, rip)
			     __field(unsigned long, qual)),
	    TP_fast_assign(__entry->vp = vp;
			   __entry->reason = reason;
			   __entry->rip = rip;
			   __entry->qual = qual;),
	    TP_printk("vp %u reason %s rip 0x%lx qualification 0x%lx",
		      __entry->vp, __print_symbolic(__entry->reason, VMX_EXIT_REASONS),
		      __entry->rip, __entry->qual)
);

TRACE_EVENT(pv_hypercall,
	    TP_PROTO(u64 control, u64 input, u64 output, u16 status),
	    TP_ARGS(control, input, output, status),
	    TP_STRUCT__entry(__field(u64, control)
			     __field(u64, input)
			     __field(u64, output)
			     __field(u16, status)),
	    TP_fast_assign(__entry->control = control;
			   __entry->input = input;
			   __entry->output = output;
			   __entry->status = status;),
	    TP_printk("code 0x%04llx control 0x%llx input 0x%llx output 0x%llx status %u",
		      __entry->control & 0xffff, __entry->control, __entry->input,
		      __entry->output, __entry->status)
);

#endif /* _PV_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE pv_trace
#include <trace/define_trace.h>
