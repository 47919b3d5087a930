// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_rtc: the MC146818 model behind a partition's ports
 * 0x70/0x71, as Linux's mc146818_get_time() and hwclock use it.
 */
#include <kunit/test.h>

#include "../partmgr/pt_rtc.c"

static u8 rd(struct pv_pt_rtc *rtc, u8 reg, s64 now)
{
	pv_pt_rtc_write(rtc, PV_PT_RTC_INDEX_PORT, reg, now);
	return pv_pt_rtc_read(rtc, PV_PT_RTC_DATA_PORT, now);
}

static void wr(struct pv_pt_rtc *rtc, u8 reg, u8 val, s64 now)
{
	pv_pt_rtc_write(rtc, PV_PT_RTC_INDEX_PORT, reg, now);
	pv_pt_rtc_write(rtc, PV_PT_RTC_DATA_PORT, val, now);
}

/* Tuesday 2026-12-01 14:05:09 UTC */
static s64 now0(void)
{
	return mktime64(2026, 12, 1, 14, 5, 9);
}

static void rtc_reads_the_root_clock_in_bcd(struct kunit *test)
{
	struct pv_pt_rtc rtc;
	s64 now = now0();

	pv_pt_rtc_reset(&rtc);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_SECONDS, now), 0x09);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_MINUTES, now), 0x05);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_HOURS, now), 0x14);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_WDAY, now), 3);	/* 1 = Sunday */
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_MDAY, now), 0x01);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_MONTH, now), 0x12);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_YEAR, now), 0x26);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_CENTURY, now), 0x20);
	/* It runs with the root's clock. */
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_SECONDS, now + 61), 0x10);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_MINUTES, now + 61), 0x06);
}

static void rtc_status_registers(struct kunit *test)
{
	struct pv_pt_rtc rtc;
	s64 now = now0();

	pv_pt_rtc_reset(&rtc);
	/* Never an update in progress: Linux's UIP wait ends at once. */
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_REG_A, now), 0x26);
	wr(&rtc, PV_PT_RTC_REG_A, 0xff, now);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_REG_A, now), 0x7f);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_REG_B, now), PV_PT_RTC_B_24H);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_REG_C, now), 0);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_REG_D, now), PV_PT_RTC_D_VRT);
	wr(&rtc, PV_PT_RTC_REG_C, 0xff, now);
	wr(&rtc, PV_PT_RTC_REG_D, 0x00, now);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_REG_C, now), 0);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_REG_D, now), PV_PT_RTC_D_VRT);
	/* The index port reads all-ones; bit 7 of a write is the NMI mask. */
	KUNIT_EXPECT_EQ(test, pv_pt_rtc_read(&rtc, PV_PT_RTC_INDEX_PORT, now), 0xff);
	pv_pt_rtc_write(&rtc, PV_PT_RTC_INDEX_PORT, 0x80 | PV_PT_RTC_REG_D, now);
	KUNIT_EXPECT_TRUE(test, rtc.nmi_mask);
	KUNIT_EXPECT_EQ(test, pv_pt_rtc_read(&rtc, PV_PT_RTC_DATA_PORT, now), PV_PT_RTC_D_VRT);
	KUNIT_EXPECT_TRUE(test, pv_pt_rtc_claims(0x70));
	KUNIT_EXPECT_TRUE(test, pv_pt_rtc_claims(0x71));
	KUNIT_EXPECT_FALSE(test, pv_pt_rtc_claims(0x72));
	KUNIT_EXPECT_FALSE(test, pv_pt_rtc_claims(0x6f));
	KUNIT_EXPECT_EQ(test, pv_pt_rtc_read(&rtc, 0x72, now), 0xff);
}

static void rtc_cmos_ram(struct kunit *test)
{
	struct pv_pt_rtc rtc;
	unsigned int reg;
	s64 now = now0();

	pv_pt_rtc_reset(&rtc);
	for (reg = 0x0e; reg < PV_PT_RTC_REGS; reg++)
		if (reg != PV_PT_RTC_CENTURY)
			KUNIT_EXPECT_EQ(test, rd(&rtc, reg, now), 0);
	for (reg = 0x0e; reg < PV_PT_RTC_REGS; reg++)
		if (reg != PV_PT_RTC_CENTURY)
			wr(&rtc, reg, reg ^ 0x5a, now);
	for (reg = 0x0e; reg < PV_PT_RTC_REGS; reg++)
		if (reg != PV_PT_RTC_CENTURY)
			KUNIT_EXPECT_EQ(test, rd(&rtc, reg, now), reg ^ 0x5a);
	/* Alarms are stored; bit 7 of the index is the NMI mask, not the index. */
	wr(&rtc, 0x01, 0x33, now);
	KUNIT_EXPECT_EQ(test, rd(&rtc, 0x01, now), 0x33);
	KUNIT_EXPECT_EQ(test, rd(&rtc, 0x80 | 0x01, now), 0x33);
}

static void rtc_binary_and_12_hour(struct kunit *test)
{
	struct pv_pt_rtc rtc;
	s64 now = now0();

	pv_pt_rtc_reset(&rtc);
	wr(&rtc, PV_PT_RTC_REG_B, PV_PT_RTC_B_DM_BINARY, now);	/* binary, 12 h */
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_HOURS, now), 0x80 | 2);	/* 2 PM */
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_MONTH, now), 12);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_YEAR, now), 26);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_HOURS, now - 14 * 3600), 12);	/* midnight */
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_HOURS, now - 2 * 3600), 0x80 | 12); /* noon */
	/* 9 AM, written in 12-hour binary: the clock moves 5 hours back. */
	wr(&rtc, PV_PT_RTC_HOURS, 9, now);
	KUNIT_EXPECT_EQ(test, rtc.offset, -5 * 3600);
	wr(&rtc, PV_PT_RTC_HOURS, 0x80 | 12, now);	/* 12 PM = noon */
	KUNIT_EXPECT_EQ(test, rtc.offset, -2 * 3600);
	wr(&rtc, PV_PT_RTC_HOURS, 13, now);		/* no 13 o'clock: dropped */
	wr(&rtc, PV_PT_RTC_HOURS, 0, now);
	KUNIT_EXPECT_EQ(test, rtc.offset, -2 * 3600);
}

static void rtc_set_freezes_then_sets(struct kunit *test)
{
	struct pv_pt_rtc rtc;
	s64 now = now0();

	pv_pt_rtc_reset(&rtc);
	/* As hwclock --systohc: SET, write the fields (BCD), clear SET. */
	wr(&rtc, PV_PT_RTC_REG_B, PV_PT_RTC_B_SET | PV_PT_RTC_B_24H, now);
	wr(&rtc, PV_PT_RTC_YEAR, 0x30, now);
	wr(&rtc, PV_PT_RTC_MONTH, 0x07, now);
	wr(&rtc, PV_PT_RTC_MDAY, 0x04, now);
	wr(&rtc, PV_PT_RTC_HOURS, 0x08, now + 5);
	wr(&rtc, PV_PT_RTC_MINUTES, 0x30, now + 5);
	wr(&rtc, PV_PT_RTC_SECONDS, 0x00, now + 5);
	/* Frozen while SET: later reads give what was written. */
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_SECONDS, now + 100), 0x00);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_YEAR, now + 100), 0x30);
	wr(&rtc, PV_PT_RTC_REG_B, PV_PT_RTC_B_24H, now + 10);
	KUNIT_EXPECT_EQ(test, rtc.offset, mktime64(2030, 7, 4, 8, 30, 0) - (now + 10));
	/* Runs from there. */
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_SECONDS, now + 13), 0x03);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_WDAY, now + 13), 5);	/* a Thursday */
	/* Garbage is dropped: not BCD, out of range, the day of the week. */
	wr(&rtc, PV_PT_RTC_MONTH, 0x1a, now + 13);
	wr(&rtc, PV_PT_RTC_MONTH, 0x13, now + 13);
	wr(&rtc, PV_PT_RTC_MONTH, 0x00, now + 13);
	wr(&rtc, PV_PT_RTC_MINUTES, 0x60, now + 13);
	wr(&rtc, PV_PT_RTC_CENTURY, 0x18, now + 13);
	wr(&rtc, PV_PT_RTC_WDAY, 0x01, now + 13);
	KUNIT_EXPECT_EQ(test, rtc.offset, mktime64(2030, 7, 4, 8, 30, 0) - (now + 10));
	/* The century moves the year by 100. */
	wr(&rtc, PV_PT_RTC_CENTURY, 0x21, now + 10);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_YEAR, now + 10), 0x30);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_CENTURY, now + 10), 0x21);
	/* Reset: the root's clock again. */
	pv_pt_rtc_reset(&rtc);
	KUNIT_EXPECT_EQ(test, rd(&rtc, PV_PT_RTC_YEAR, now), 0x26);
}

static struct kunit_case pv_rtc_cases[] = {
	KUNIT_CASE(rtc_reads_the_root_clock_in_bcd),
	KUNIT_CASE(rtc_status_registers),
	KUNIT_CASE(rtc_cmos_ram),
	KUNIT_CASE(rtc_binary_and_12_hour),
	KUNIT_CASE(rtc_set_freezes_then_sets),
	{}
};

static struct kunit_suite pv_rtc_suite = {
	.name = "partvisor_rtc",
	.test_cases = pv_rtc_cases,
};

kunit_test_suite(pv_rtc_suite);
