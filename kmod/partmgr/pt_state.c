// SPDX-License-Identifier: GPL-2.0
/*
 * Partition states (Documentation/partitions.rst):
 *
 *   created --start--> running --stop, guest exit--> stopped --start--> running
 *                         \--crash--> crashed --start--> running
 *
 * Loading an image needs a partition that is not running; starting needs
 * an image and a partition that is not running; stopping needs a running
 * one. The first stop of a run (root stop, guest exit, crash) decides the
 * final state; the others are ignored.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/partvisor.h>

#include "pt_state.h"
#include "../pv_hvcall.h"

/**
 * pv_pt_may() - may @op happen to a partition in @state?
 * @state: PARTVISOR_STATE_*
 * @flags: PARTVISOR_STATE_F_*
 * @op: the request
 * @why: set to a message for the user when not
 *
 * Return: 0, -EBUSY (running), -ENOEXEC (no image), -EALREADY (not
 * running, for a stop) or -EINVAL (unknown state or request).
 */
int pv_pt_may(u32 state, u32 flags, enum pv_pt_op op, const char **why)
{
	if (state < PARTVISOR_STATE_CREATED || state > PARTVISOR_STATE_CRASHED) {
		*why = "the partition is in no known state";
		return -EINVAL;
	}
	switch (op) {
	case PV_PT_OP_LOAD:
		if (state == PARTVISOR_STATE_RUNNING) {
			*why = "stop the partition before loading an image";
			return -EBUSY;
		}
		return 0;
	case PV_PT_OP_START:
		if (state == PARTVISOR_STATE_RUNNING) {
			*why = "the partition is running";
			return -EBUSY;
		}
		if (!(flags & PARTVISOR_STATE_F_IMAGE)) {
			*why = "load an image first";
			return -ENOEXEC;
		}
		return 0;
	case PV_PT_OP_STOP:
		if (state != PARTVISOR_STATE_RUNNING) {
			*why = "the partition is not running";
			return -EALREADY;
		}
		return 0;
	}
	*why = "unknown request";
	return -EINVAL;
}

/**
 * pv_pt_stop_wins() - does a stop (root, guest exit or crash) decide?
 * @stopping: a stop of this run came first
 * @state: the current state
 *
 * Return: true for the first stop of a running partition.
 */
bool pv_pt_stop_wins(bool stopping, u32 state)
{
	return !stopping && state == PARTVISOR_STATE_RUNNING;
}

/**
 * pv_pt_state_name() - a state's name for messages and partctl
 * @state: PARTVISOR_STATE_*
 *
 * Return: "created", "running", "stopped", "crashed" or "unknown".
 */
const char *pv_pt_state_name(u32 state)
{
	static const char *const names[] = {
		[PARTVISOR_STATE_CREATED] = "created",
		[PARTVISOR_STATE_RUNNING] = "running",
		[PARTVISOR_STATE_STOPPED] = "stopped",
		[PARTVISOR_STATE_CRASHED] = "crashed",
	};

	if (state >= ARRAY_SIZE(names) || !names[state])
		return "unknown";
	return names[state];
}

/**
 * pv_pt_name_ok() - is @name a valid partition name?
 * @name: NUL-terminated within %PARTVISOR_NAME_LEN bytes, or not
 *
 * Return: true for 1-31 characters of [A-Za-z0-9_.-].
 */
bool pv_pt_name_ok(const char *name)
{
	size_t i, len = strnlen(name, PARTVISOR_NAME_LEN);

	if (!len || len >= PARTVISOR_NAME_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && !strchr("_.-", name[i]))
			return false;
	return true;
}

/**
 * pv_pt_check_memory() - may a partition have @bytes of RAM?
 * @bytes: guest RAM in bytes
 * @why: set to a message for the user when not
 *
 * Return: 0, -ERANGE (outside %PARTVISOR_MEM_MIN..%PARTVISOR_MEM_MAX) or
 * -EINVAL (not a multiple of 4 KiB).
 */
int pv_pt_check_memory(u64 bytes, const char **why)
{
	int err = 0;

	if (bytes < PARTVISOR_MEM_MIN || bytes > PARTVISOR_MEM_MAX)
		err = -ERANGE;
	else if (!PAGE_ALIGNED(bytes))
		err = -EINVAL;
	if (err)
		*why = "memory must be a multiple of 4 KiB between 2 MiB and 4 GiB";
	return err;
}

/**
 * pv_pt_check_vcpus() - may a partition have @n VPs?
 * @n: virtual processors
 * @why: set to a message for the user when not
 *
 * Return: 0 or -ERANGE (outside 1..%PARTVISOR_VCPUS_MAX).
 */
int pv_pt_check_vcpus(u32 n, const char **why)
{
	if (n && n <= PARTVISOR_VCPUS_MAX)
		return 0;
	*why = "vcpus must be between 1 and 16";
	return -ERANGE;
}

/**
 * pv_pt_check_console() - may a console ring have @bytes?
 * @bytes: ring size; 0 asks for the default
 * @why: set to a message for the user when not
 *
 * Return: 0, -ERANGE (outside %PARTVISOR_CONSOLE_MIN..%PARTVISOR_CONSOLE_MAX)
 * or -EINVAL (not a power of two).
 */
int pv_pt_check_console(u32 bytes, const char **why)
{
	int err = 0;

	if (!bytes)
		return 0;
	if (bytes < PARTVISOR_CONSOLE_MIN || bytes > PARTVISOR_CONSOLE_MAX)
		err = -ERANGE;
	else if (!is_power_of_2(bytes))
		err = -EINVAL;
	if (err)
		*why = "console size must be a power of two between 4 KiB and 1 MiB";
	return err;
}

/**
 * pv_pt_check_stop_timeout() - may a graceful stop wait @ms?
 * @ms: milliseconds
 * @why: set to a message for the user when not
 *
 * Return: 0 or -ERANGE (over %PV_PT_STOP_TIMEOUT_MAX_MS, an hour).
 */
int pv_pt_check_stop_timeout(u32 ms, const char **why)
{
	if (ms <= PV_PT_STOP_TIMEOUT_MAX_MS)
		return 0;
	*why = "the stop timeout must be at most 3600000 ms (an hour)";
	return -ERANGE;
}

/**
 * pv_pt_check_image_path() - may the kernel read an image from @path?
 * @path: NUL-terminated
 * @why: set to a message for the user when not
 *
 * A relative path would be resolved against whatever directory the task
 * sending the request is in, which the request does not show: the ABI
 * takes absolute paths only (Documentation/uapi.rst).
 *
 * Return: 0 or -EINVAL (not absolute).
 */
int pv_pt_check_image_path(const char *path, const char **why)
{
	if (path[0] == '/')
		return 0;
	*why = "the image path must be absolute (start with '/')";
	return -EINVAL;
}

/**
 * pv_pt_check_config() - validate a partition configuration
 * @cfg: the configuration (an empty name asks for a generated one)
 * @why: set to a message for the user on failure
 *
 * Shared by both front ends, so they refuse the same things the same way.
 *
 * Return: 0 or -EINVAL.
 */
int pv_pt_check_config(const struct partvisor_create *cfg, const char **why)
{
	if (cfg->reserved0 || memchr_inv(cfg->reserved, 0, sizeof(cfg->reserved))) {
		*why = "reserved fields must be zero";
		return -EINVAL;
	}
	if (pv_pt_check_memory(cfg->memory_size, why) || pv_pt_check_vcpus(cfg->vcpus, why) ||
	    pv_pt_check_console(cfg->console_size, why))
		return -EINVAL;
	if (cfg->flags & ~PARTVISOR_CREATE_FLAGS) {
		*why = "unknown flags";
		return -EINVAL;
	}
	if (cfg->name[0] && !pv_pt_name_ok(cfg->name)) {
		*why = PV_PT_NAME_RULE;
		return -EINVAL;
	}
	return 0;
}

/**
 * pv_pt_exit_kind() - which exit counter an intercept counts in
 * @type: the intercept's type from DispatchVp (PV_HV_INTERCEPT_*), as
 *	the hypervisor wrote it
 *
 * Return: PARTVISOR_EXIT_*, %PARTVISOR_EXIT_OTHER for a type with no
 * counter of its own (or none known): always a valid index.
 */
u32 pv_pt_exit_kind(u32 type)
{
	static const u8 kind[] = {
		[PV_HV_INTERCEPT_IO_PORT] = PARTVISOR_EXIT_IO_PORT,
		[PV_HV_INTERCEPT_MEMORY] = PARTVISOR_EXIT_MEMORY,
		[PV_HV_INTERCEPT_HALT] = PARTVISOR_EXIT_HALT,
		[PV_HV_INTERCEPT_INTERRUPT] = PARTVISOR_EXIT_INTERRUPT,
		[PV_HV_INTERCEPT_TIMESLICE] = PARTVISOR_EXIT_TIMESLICE,
		[PV_HV_INTERCEPT_TRIPLE_FAULT] = PARTVISOR_EXIT_TRIPLE_FAULT,
		[PV_HV_INTERCEPT_MSR] = PARTVISOR_EXIT_MSR,
		[PV_HV_INTERCEPT_INVALID_STATE] = PARTVISOR_EXIT_INVALID_STATE,
	};

	if (type >= ARRAY_SIZE(kind) || !kind[type])
		return PARTVISOR_EXIT_OTHER;
	return kind[type];
}
