// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_uapi: the layouts user space and the root's
 * partition manager rely on. A change here is an ABI break: these numbers
 * may only change together with Documentation/uapi.rst (chardev) or
 * Documentation/hypercalls.rst (hypercall pages).
 */
#include <kunit/test.h>
#include <linux/stddef.h>
#include <linux/partvisor.h>

#include "../pv_hvcall.h"

#define EXPECT_SIZE(test, type, size) KUNIT_EXPECT_EQ(test, sizeof(type), (size_t)(size))
#define EXPECT_OFF(test, type, field, off) \
	KUNIT_EXPECT_EQ(test, offsetof(type, field), (size_t)(off))

static void chardev_structs(struct kunit *test)
{
	EXPECT_SIZE(test, struct partvisor_create, 88);
	EXPECT_OFF(test, struct partvisor_create, vcpus, 8);
	EXPECT_OFF(test, struct partvisor_create, console_size, 16);
	EXPECT_OFF(test, struct partvisor_create, name, 24);
	EXPECT_OFF(test, struct partvisor_create, reserved, 56);
	EXPECT_SIZE(test, struct partvisor_image, 48);
	EXPECT_OFF(test, struct partvisor_image, format, 24);
	EXPECT_SIZE(test, struct partvisor_state, 112);
	EXPECT_OFF(test, struct partvisor_state, crash_gpa, 24);
	EXPECT_OFF(test, struct partvisor_state, vcpus, 72);
	EXPECT_OFF(test, struct partvisor_state, hypervisor_bytes, 80);
	EXPECT_OFF(test, struct partvisor_state, partition_id, 96);
	EXPECT_SIZE(test, struct partvisor_hvcall, 56);
	EXPECT_OFF(test, struct partvisor_hvcall, result, 32);
	EXPECT_SIZE(test, struct partvisor_wait, 8);
}

/* Same layout for 32-bit user space: every struct is 8-byte sized. */
static void no_implicit_padding(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct partvisor_create) % 8, 0UL);
	KUNIT_EXPECT_EQ(test, sizeof(struct partvisor_image) % 8, 0UL);
	KUNIT_EXPECT_EQ(test, sizeof(struct partvisor_state) % 8, 0UL);
	KUNIT_EXPECT_EQ(test, sizeof(struct partvisor_hvcall) % 8, 0UL);
}

static void ioctl_numbers(struct kunit *test)
{
	static const unsigned int nr[] = {
		PARTVISOR_CREATE, PARTVISOR_HVCALL, PARTVISOR_LOAD_IMAGE, PARTVISOR_START,
		PARTVISOR_STOP, PARTVISOR_GET_STATE, PARTVISOR_WAIT,
	};
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(nr); i++) {
		KUNIT_EXPECT_EQ(test, _IOC_TYPE(nr[i]), PARTVISOR_IOCTL);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, nr[i], nr[j]);
	}
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(PARTVISOR_CREATE), sizeof(struct partvisor_create));
	KUNIT_EXPECT_EQ(test, _IOC_DIR(PARTVISOR_GET_STATE), _IOC_READ);
}

static void hypercall_pages(struct kunit *test)
{
	EXPECT_SIZE(test, struct pv_hv_input_create_partition, 40);
	EXPECT_SIZE(test, struct pv_hv_input_map_gpa_pages, 24);
	EXPECT_SIZE(test, struct pv_hv_input_create_vp, 24);
	EXPECT_SIZE(test, struct pv_hv_segment, 16);
	EXPECT_SIZE(test, struct pv_hv_table, 16);
	EXPECT_SIZE(test, union pv_hv_register_value, 16);
	EXPECT_SIZE(test, struct pv_hv_register_assoc, 32);
	EXPECT_OFF(test, struct pv_hv_register_assoc, value, 16);
	EXPECT_OFF(test, struct pv_hv_input_vp_registers, names, 16);
	EXPECT_SIZE(test, struct pv_hv_input_dispatch_vp, 48);
	EXPECT_SIZE(test, struct pv_hv_intercept, 336);
	EXPECT_OFF(test, struct pv_hv_intercept, port, 44);
	EXPECT_OFF(test, struct pv_hv_intercept, connection_id, 80);
	EXPECT_OFF(test, struct pv_hv_intercept, flag_number, 92);
	EXPECT_OFF(test, struct pv_hv_intercept, payload, 96);
	/* The intercept sits at 2 KiB of the VP thread's page (pt_core.c). */
	KUNIT_EXPECT_LE(test, sizeof(struct pv_hv_intercept), PAGE_SIZE / 2);
	/* SynIC calls: Hyper-V's layouts. */
	EXPECT_SIZE(test, struct pv_hv_input_post_message_direct, 280);
	EXPECT_OFF(test, struct pv_hv_input_post_message_direct, sint_index, 16);
	EXPECT_OFF(test, struct pv_hv_input_post_message_direct, message, 20);
	EXPECT_SIZE(test, struct pv_hv_input_signal_event_direct, 16);
	EXPECT_OFF(test, struct pv_hv_input_signal_event_direct, target_sint, 13);
	EXPECT_OFF(test, struct pv_hv_input_signal_event_direct, flag_number, 14);
	EXPECT_SIZE(test, struct pv_hv_output_signal_event_direct, 8);
	EXPECT_SIZE(test, struct pv_hv_input_post_message, 256);
	EXPECT_OFF(test, struct pv_hv_input_post_message, payload, 16);
	EXPECT_SIZE(test, struct pv_hv_input_signal_event, 8);
	EXPECT_SIZE(test, struct hv_message, HV_MESSAGE_SIZE);
	/* A deposit or map list fills the rest of the input page. */
	KUNIT_EXPECT_EQ(test, (PAGE_SIZE - sizeof(struct pv_hv_input_map_gpa_pages)) / 8, 509UL);
}

/* Netlink numbers are append-only: pin the last ones of each enum. */
static void netlink_numbers(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, PARTVISOR_CMD_EVENT, 8);
	KUNIT_EXPECT_EQ(test, PARTVISOR_ATTR_NAME, 9);
	KUNIT_EXPECT_EQ(test, PARTVISOR_ATTR_TIMEOUT_MS, 31);
	KUNIT_EXPECT_EQ(test, PARTVISOR_ATTR_EXITED, 36);
	KUNIT_EXPECT_EQ(test, PARTVISOR_ATTR_EXITS, 37);
	KUNIT_EXPECT_EQ(test, PARTVISOR_CMD_CONSOLE_INPUT, 10);
	KUNIT_EXPECT_EQ(test, PARTVISOR_ATTR_CONSOLE_TAKEN, 44);
	KUNIT_EXPECT_EQ(test, PARTVISOR_EXIT_PAD, 1);
	KUNIT_EXPECT_EQ(test, PARTVISOR_EXIT_IO_PORT, 2);
	KUNIT_EXPECT_EQ(test, PARTVISOR_EXIT_INVALID_STATE, 9);
	KUNIT_EXPECT_EQ(test, PARTVISOR_EXIT_OTHER, 10);
}

static struct kunit_case pv_uapi_cases[] = {
	KUNIT_CASE(chardev_structs),
	KUNIT_CASE(no_implicit_padding),
	KUNIT_CASE(ioctl_numbers),
	KUNIT_CASE(hypercall_pages),
	KUNIT_CASE(netlink_numbers),
	{}
};

static struct kunit_suite pv_uapi_suite = {
	.name = "partvisor_uapi",
	.test_cases = pv_uapi_cases,
};

kunit_test_suite(pv_uapi_suite);
