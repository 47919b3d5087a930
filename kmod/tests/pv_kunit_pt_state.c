// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_pt_state: the partition state machine of the
 * root's partition manager.
 */
#include <kunit/test.h>

#include "../partmgr/pt_state.c"

static const u32 states[] = {
	PARTVISOR_STATE_CREATED, PARTVISOR_STATE_RUNNING, PARTVISOR_STATE_STOPPED,
	PARTVISOR_STATE_CRASHED,
};

static void start_needs_an_image_and_not_running(struct kunit *test)
{
	const char *why = NULL;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(states); i++) {
		int want = states[i] == PARTVISOR_STATE_RUNNING ? -EBUSY : 0;

		KUNIT_EXPECT_EQ_MSG(test, pv_pt_may(states[i], PARTVISOR_STATE_F_IMAGE,
						    PV_PT_OP_START, &why),
				    want, "state %u", states[i]);
		/* Without an image only "running" wins over "no image". */
		KUNIT_EXPECT_EQ_MSG(test, pv_pt_may(states[i], 0, PV_PT_OP_START, &why),
				    want ?: -ENOEXEC, "state %u", states[i]);
	}
	KUNIT_EXPECT_STREQ(test, why, "load an image first");
}

static void stop_only_when_running(struct kunit *test)
{
	const char *why = NULL;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(states); i++)
		KUNIT_EXPECT_EQ_MSG(test, pv_pt_may(states[i], PARTVISOR_STATE_F_IMAGE |
						    PARTVISOR_STATE_F_EXITED, PV_PT_OP_STOP, &why),
				    states[i] == PARTVISOR_STATE_RUNNING ? 0 : -EALREADY,
				    "state %u", states[i]);
	KUNIT_EXPECT_STREQ(test, why, "the partition is not running");
}

static void load_only_when_not_running(struct kunit *test)
{
	const char *why = NULL;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(states); i++)
		KUNIT_EXPECT_EQ_MSG(test, pv_pt_may(states[i], 0, PV_PT_OP_LOAD, &why),
				    states[i] == PARTVISOR_STATE_RUNNING ? -EBUSY : 0,
				    "state %u", states[i]);
}

static void unknown_states_and_ops(struct kunit *test)
{
	const char *why = NULL;

	KUNIT_EXPECT_EQ(test, pv_pt_may(0, PARTVISOR_STATE_F_IMAGE, PV_PT_OP_START, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_pt_may(5, PARTVISOR_STATE_F_IMAGE, PV_PT_OP_START, &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_pt_may(PARTVISOR_STATE_STOPPED, 0, 42, &why), -EINVAL);
	KUNIT_EXPECT_STREQ(test, pv_pt_state_name(0), "unknown");
	KUNIT_EXPECT_STREQ(test, pv_pt_state_name(99), "unknown");
	KUNIT_EXPECT_STREQ(test, pv_pt_state_name(PARTVISOR_STATE_CRASHED), "crashed");
}

static void first_stop_decides(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, pv_pt_stop_wins(false, PARTVISOR_STATE_RUNNING));
	/* A crash after a root stop, or a second guest exit, changes nothing. */
	KUNIT_EXPECT_FALSE(test, pv_pt_stop_wins(true, PARTVISOR_STATE_RUNNING));
	KUNIT_EXPECT_FALSE(test, pv_pt_stop_wins(true, PARTVISOR_STATE_STOPPED));
	KUNIT_EXPECT_FALSE(test, pv_pt_stop_wins(false, PARTVISOR_STATE_STOPPED));
	KUNIT_EXPECT_FALSE(test, pv_pt_stop_wins(false, PARTVISOR_STATE_CREATED));
}

static void names(struct kunit *test)
{
	char max[PARTVISOR_NAME_LEN + 8];

	KUNIT_EXPECT_TRUE(test, pv_pt_name_ok("web"));
	KUNIT_EXPECT_TRUE(test, pv_pt_name_ok("a.b-c_D9"));
	KUNIT_EXPECT_FALSE(test, pv_pt_name_ok(""));
	KUNIT_EXPECT_FALSE(test, pv_pt_name_ok("with space"));
	KUNIT_EXPECT_FALSE(test, pv_pt_name_ok("slash/"));
	KUNIT_EXPECT_FALSE(test, pv_pt_name_ok("tab\t"));
	KUNIT_EXPECT_FALSE(test, pv_pt_name_ok("\xc3\xa9t\xc3\xa9"));
	memset(max, 'x', sizeof(max));
	max[PARTVISOR_NAME_LEN - 1] = 0;	/* 31 characters */
	KUNIT_EXPECT_TRUE(test, pv_pt_name_ok(max));
	max[PARTVISOR_NAME_LEN - 1] = 'x';
	max[PARTVISOR_NAME_LEN] = 0;		/* 32 */
	KUNIT_EXPECT_FALSE(test, pv_pt_name_ok(max));
	max[PARTVISOR_NAME_LEN + 7] = 0;
	KUNIT_EXPECT_FALSE(test, pv_pt_name_ok(max));
}

static struct partvisor_create good(void)
{
	return (struct partvisor_create){ .memory_size = 16 << 20, .vcpus = 2, .name = "ok" };
}

static void configs(struct kunit *test)
{
	struct partvisor_create c;
	const char *why = NULL;

	c = good();
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), 0);
	c.name[0] = 0;		/* a generated name */
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), 0);
	c = good();
	c.memory_size = PARTVISOR_MEM_MIN - PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), -EINVAL);
	KUNIT_EXPECT_STREQ(test, why, "memory must be a multiple of 4 KiB between 2 MiB and 4 GiB");
	c.memory_size = PARTVISOR_MEM_MAX + PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), -EINVAL);
	c.memory_size = PARTVISOR_MEM_MIN + 1;
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), -EINVAL);
	c.memory_size = PARTVISOR_MEM_MAX;
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), 0);
	c = good();
	c.vcpus = 0;
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), -EINVAL);
	c.vcpus = PARTVISOR_VCPUS_MAX + 1;
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), -EINVAL);
	c = good();
	c.flags = 4;
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), -EINVAL);
	c = good();
	c.console_size = 6000;
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), -EINVAL);
	c.console_size = PARTVISOR_CONSOLE_MAX * 2;
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), -EINVAL);
	c.console_size = PARTVISOR_CONSOLE_MIN;
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), 0);
	c = good();
	c.reserved[2] = 1;
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), -EINVAL);
	KUNIT_EXPECT_STREQ(test, why, "reserved fields must be zero");
	c = good();
	strscpy(c.name, "no way", sizeof(c.name));
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), -EINVAL);
	KUNIT_EXPECT_STREQ(test, why, PV_PT_NAME_RULE);
	/* The chardev's errno for every field is EINVAL, ranges included. */
	c = good();
	c.vcpus = 99;
	KUNIT_EXPECT_EQ(test, pv_pt_check_config(&c, &why), -EINVAL);
	KUNIT_EXPECT_STREQ(test, why, "vcpus must be between 1 and 16");
}

/* A value, and what a rule says of it. */
struct rule_case {
	u64 value;
	int want;
};

static void check_rule(struct kunit *test, int (*rule)(u64 v, const char **why),
		       const struct rule_case *c, size_t n, const char *msg)
{
	const char *why;
	size_t i;

	for (i = 0; i < n; i++) {
		why = NULL;
		KUNIT_EXPECT_EQ_MSG(test, rule(c[i].value, &why), c[i].want, "value %llu",
				    c[i].value);
		/* A refusal says what is allowed; an acceptance says nothing. */
		if (c[i].want)
			KUNIT_EXPECT_STREQ_MSG(test, why, msg, "value %llu", c[i].value);
		else
			KUNIT_EXPECT_NULL_MSG(test, why, "value %llu", c[i].value);
	}
}

static int memory_rule(u64 v, const char **why)
{
	return pv_pt_check_memory(v, why);
}

static int vcpus_rule(u64 v, const char **why)
{
	return pv_pt_check_vcpus(v, why);
}

static int console_rule(u64 v, const char **why)
{
	return pv_pt_check_console(v, why);
}

static int timeout_rule(u64 v, const char **why)
{
	return pv_pt_check_stop_timeout(v, why);
}

static void memory_is_4k_multiple_2m_to_4g(struct kunit *test)
{
	static const struct rule_case c[] = {
		{ 0, -ERANGE },
		{ PARTVISOR_MEM_MIN - PAGE_SIZE, -ERANGE },
		{ PARTVISOR_MEM_MIN, 0 },
		{ PARTVISOR_MEM_MIN + 1, -EINVAL },
		{ PARTVISOR_MEM_MIN + PAGE_SIZE, 0 },
		{ 64ULL << 20, 0 },
		{ PARTVISOR_MEM_MAX, 0 },
		{ PARTVISOR_MEM_MAX + PAGE_SIZE, -ERANGE },
		{ 8ULL << 30, -ERANGE },
		{ U64_MAX, -ERANGE },
		/* Above the maximum wins over unaligned: ERANGE. */
		{ PARTVISOR_MEM_MAX + 1, -ERANGE },
	};

	check_rule(test, memory_rule, c, ARRAY_SIZE(c),
		   "memory must be a multiple of 4 KiB between 2 MiB and 4 GiB");
}

static void vcpus_are_1_to_16(struct kunit *test)
{
	static const struct rule_case c[] = {
		{ 0, -ERANGE }, { 1, 0 }, { PARTVISOR_VCPUS_MAX, 0 },
		{ PARTVISOR_VCPUS_MAX + 1, -ERANGE }, { U32_MAX, -ERANGE },
	};

	check_rule(test, vcpus_rule, c, ARRAY_SIZE(c), "vcpus must be between 1 and 16");
}

static void console_is_power_of_2_or_default(struct kunit *test)
{
	static const struct rule_case c[] = {
		{ 0, 0 },	/* the default */
		{ PARTVISOR_CONSOLE_MIN / 2, -ERANGE },
		{ PARTVISOR_CONSOLE_MIN, 0 },
		{ 6000, -EINVAL },
		{ 12288, -EINVAL },
		{ PARTVISOR_CONSOLE_DEFAULT, 0 },
		{ PARTVISOR_CONSOLE_MAX, 0 },
		{ PARTVISOR_CONSOLE_MAX * 2, -ERANGE },
		{ U32_MAX, -ERANGE },
	};

	check_rule(test, console_rule, c, ARRAY_SIZE(c),
		   "console size must be a power of two between 4 KiB and 1 MiB");
}

static void stop_timeout_is_at_most_an_hour(struct kunit *test)
{
	static const struct rule_case c[] = {
		{ 0, 0 }, { 5000, 0 }, { PV_PT_STOP_TIMEOUT_MAX_MS, 0 },
		{ PV_PT_STOP_TIMEOUT_MAX_MS + 1, -ERANGE }, { U32_MAX, -ERANGE },
	};

	check_rule(test, timeout_rule, c, ARRAY_SIZE(c),
		   "the stop timeout must be at most 3600000 ms (an hour)");
}

static void image_path_is_absolute(struct kunit *test)
{
	const char *why = NULL;

	KUNIT_EXPECT_EQ(test, pv_pt_check_image_path("/guests/hello.elf", &why), 0);
	KUNIT_EXPECT_EQ(test, pv_pt_check_image_path("/", &why), 0);
	KUNIT_EXPECT_NULL(test, why);
	KUNIT_EXPECT_EQ(test, pv_pt_check_image_path("guests/hello.elf", &why), -EINVAL);
	KUNIT_EXPECT_STREQ(test, why, "the image path must be absolute (start with '/')");
	why = NULL;
	KUNIT_EXPECT_EQ(test, pv_pt_check_image_path("./hello.elf", &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, why);
	KUNIT_EXPECT_EQ(test, pv_pt_check_image_path("", &why), -EINVAL);
	KUNIT_EXPECT_EQ(test, pv_pt_check_image_path(" /x", &why), -EINVAL);
}

static void every_intercept_has_an_exit_counter(struct kunit *test)
{
	static const u32 want[][2] = {
		{ PV_HV_INTERCEPT_IO_PORT, PARTVISOR_EXIT_IO_PORT },
		{ PV_HV_INTERCEPT_MEMORY, PARTVISOR_EXIT_MEMORY },
		{ PV_HV_INTERCEPT_HALT, PARTVISOR_EXIT_HALT },
		{ PV_HV_INTERCEPT_INTERRUPT, PARTVISOR_EXIT_INTERRUPT },
		{ PV_HV_INTERCEPT_TIMESLICE, PARTVISOR_EXIT_TIMESLICE },
		{ PV_HV_INTERCEPT_TRIPLE_FAULT, PARTVISOR_EXIT_TRIPLE_FAULT },
		{ PV_HV_INTERCEPT_MSR, PARTVISOR_EXIT_MSR },
		{ PV_HV_INTERCEPT_INVALID_STATE, PARTVISOR_EXIT_INVALID_STATE },
		{ PV_HV_INTERCEPT_UNSUPPORTED, PARTVISOR_EXIT_OTHER },
		/* What no hypervisor of ours writes still lands in a counter. */
		{ 0, PARTVISOR_EXIT_OTHER },
		{ 42, PARTVISOR_EXIT_OTHER },
		{ U32_MAX, PARTVISOR_EXIT_OTHER },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(want); i++)
		KUNIT_EXPECT_EQ_MSG(test, pv_pt_exit_kind(want[i][0]), want[i][1], "type %u",
				    want[i][0]);
	/* Every index it returns is a counter of struct pv_pt's exits[]. */
	for (i = 0; i < 64; i++) {
		KUNIT_EXPECT_GE(test, pv_pt_exit_kind(i), (u32)PARTVISOR_EXIT_IO_PORT);
		KUNIT_EXPECT_LE(test, pv_pt_exit_kind(i), (u32)PARTVISOR_EXIT_MAX);
	}
}

static struct kunit_case pv_pt_state_cases[] = {
	KUNIT_CASE(names),
	KUNIT_CASE(configs),
	KUNIT_CASE(memory_is_4k_multiple_2m_to_4g),
	KUNIT_CASE(vcpus_are_1_to_16),
	KUNIT_CASE(console_is_power_of_2_or_default),
	KUNIT_CASE(stop_timeout_is_at_most_an_hour),
	KUNIT_CASE(image_path_is_absolute),
	KUNIT_CASE(every_intercept_has_an_exit_counter),
	KUNIT_CASE(start_needs_an_image_and_not_running),
	KUNIT_CASE(stop_only_when_running),
	KUNIT_CASE(load_only_when_not_running),
	KUNIT_CASE(unknown_states_and_ops),
	KUNIT_CASE(first_stop_decides),
	{}
};

static struct kunit_suite pv_pt_state_suite = {
	.name = "partvisor_pt_state",
	.test_cases = pv_pt_state_cases,
};

kunit_test_suite(pv_pt_state_suite);
