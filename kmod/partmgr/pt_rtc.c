// SPDX-License-Identifier: GPL-2.0
/*
 * MC146818 RTC and CMOS RAM model for a partition (pt_rtc.h). Without it
 * Linux waits for an update-in-progress flag that never clears: a second
 * of polling port 0x71 at boot. Pure code (KUnit: partvisor_rtc).
 */
#include <linux/bcd.h>
#include <linux/string.h>
#include <linux/time.h>

#include "pt_rtc.h"

#define PT_RTC_INDEX_MASK	0x7f
#define PT_RTC_NMI_MASK		0x80
#define PT_RTC_A_RATE_MASK	0x7f
#define PT_RTC_PM		0x80
#define PT_RTC_RESET_A		0x26	/* 32.768 kHz time base, 1024 Hz rate */
#define PT_RTC_RESET_B		PV_PT_RTC_B_24H

/**
 * pv_pt_rtc_reset() - put the RTC in its reset state
 * @rtc: the RTC
 *
 * The clock runs with the root's, BCD, 24-hour; CMOS RAM is zero.
 */
void pv_pt_rtc_reset(struct pv_pt_rtc *rtc)
{
	memset(rtc, 0, sizeof(*rtc));
	rtc->ram[PV_PT_RTC_REG_A] = PT_RTC_RESET_A;
	rtc->ram[PV_PT_RTC_REG_B] = PT_RTC_RESET_B;
}

/**
 * pv_pt_rtc_claims() - is @port one of the RTC's?
 * @port: an I/O port
 *
 * Return: true for 0x70 and 0x71.
 */
bool pv_pt_rtc_claims(u16 port)
{
	return port == PV_PT_RTC_INDEX_PORT || port == PV_PT_RTC_DATA_PORT;
}

static bool pt_rtc_set(const struct pv_pt_rtc *rtc)
{
	return rtc->ram[PV_PT_RTC_REG_B] & PV_PT_RTC_B_SET;
}

/* The guest's clock now: frozen while SET, else the root's plus the offset. */
static s64 pt_rtc_time(const struct pv_pt_rtc *rtc, s64 now)
{
	return pt_rtc_set(rtc) ? rtc->frozen : now + rtc->offset;
}

static u8 pt_rtc_encode(const struct pv_pt_rtc *rtc, unsigned int v)
{
	return rtc->ram[PV_PT_RTC_REG_B] & PV_PT_RTC_B_DM_BINARY ? v : bin2bcd(v);
}

/* -1 for a BCD byte with a digit above 9. */
static int pt_rtc_decode(const struct pv_pt_rtc *rtc, u8 v)
{
	if (rtc->ram[PV_PT_RTC_REG_B] & PV_PT_RTC_B_DM_BINARY)
		return v;
	if ((v & 0x0f) > 9 || (v >> 4) > 9)
		return -1;
	return bcd2bin(v);
}

static u8 pt_rtc_read_time(const struct pv_pt_rtc *rtc, unsigned int reg, s64 now)
{
	long year;
	struct tm tm;
	unsigned int h;

	time64_to_tm(pt_rtc_time(rtc, now), 0, &tm);
	year = tm.tm_year + 1900;
	switch (reg) {
	case PV_PT_RTC_SECONDS:
		return pt_rtc_encode(rtc, tm.tm_sec);
	case PV_PT_RTC_MINUTES:
		return pt_rtc_encode(rtc, tm.tm_min);
	case PV_PT_RTC_HOURS:
		if (rtc->ram[PV_PT_RTC_REG_B] & PV_PT_RTC_B_24H)
			return pt_rtc_encode(rtc, tm.tm_hour);
		h = tm.tm_hour % 12 ? tm.tm_hour % 12 : 12;
		return pt_rtc_encode(rtc, h) | (tm.tm_hour >= 12 ? PT_RTC_PM : 0);
	case PV_PT_RTC_WDAY:
		return pt_rtc_encode(rtc, tm.tm_wday + 1);
	case PV_PT_RTC_MDAY:
		return pt_rtc_encode(rtc, tm.tm_mday);
	case PV_PT_RTC_MONTH:
		return pt_rtc_encode(rtc, tm.tm_mon + 1);
	case PV_PT_RTC_YEAR:
		return pt_rtc_encode(rtc, year % 100);
	default:	/* PV_PT_RTC_CENTURY */
		return pt_rtc_encode(rtc, year / 100);
	}
}

static bool pt_rtc_is_time(unsigned int reg)
{
	return reg == PV_PT_RTC_SECONDS || reg == PV_PT_RTC_MINUTES ||
	       reg == PV_PT_RTC_HOURS || reg == PV_PT_RTC_WDAY ||
	       (reg >= PV_PT_RTC_MDAY && reg <= PV_PT_RTC_YEAR) ||
	       reg == PV_PT_RTC_CENTURY;
}

/*
 * Set one field of the guest's clock. A value out of its range (or not
 * BCD in BCD mode) is dropped; the day of the week follows from the date
 * and is not written.
 */
static void pt_rtc_write_time(struct pv_pt_rtc *rtc, unsigned int reg, u8 val, s64 now)
{
	unsigned int year, mon, day, hour, min, sec;
	bool pm = false;
	struct tm tm;
	s64 t;
	int v;

	if (reg == PV_PT_RTC_HOURS && !(rtc->ram[PV_PT_RTC_REG_B] & PV_PT_RTC_B_24H)) {
		pm = val & PT_RTC_PM;
		val &= ~PT_RTC_PM;
	}
	v = pt_rtc_decode(rtc, val);
	if (v < 0 || reg == PV_PT_RTC_WDAY)
		return;
	time64_to_tm(pt_rtc_time(rtc, now), 0, &tm);
	year = tm.tm_year + 1900;
	mon = tm.tm_mon + 1;
	day = tm.tm_mday;
	hour = tm.tm_hour;
	min = tm.tm_min;
	sec = tm.tm_sec;
	switch (reg) {
	case PV_PT_RTC_SECONDS:
		if (v > 59)
			return;
		sec = v;
		break;
	case PV_PT_RTC_MINUTES:
		if (v > 59)
			return;
		min = v;
		break;
	case PV_PT_RTC_HOURS:
		if (rtc->ram[PV_PT_RTC_REG_B] & PV_PT_RTC_B_24H) {
			if (v > 23)
				return;
			hour = v;
		} else {
			if (v < 1 || v > 12)
				return;
			hour = v % 12 + (pm ? 12 : 0);
		}
		break;
	case PV_PT_RTC_MDAY:
		if (v < 1 || v > 31)
			return;
		day = v;
		break;
	case PV_PT_RTC_MONTH:
		if (v < 1 || v > 12)
			return;
		mon = v;
		break;
	case PV_PT_RTC_YEAR:
		if (v > 99)
			return;
		year = year / 100 * 100 + v;
		break;
	default:	/* PV_PT_RTC_CENTURY */
		if (v < 19 || v > 99)
			return;
		year = v * 100 + year % 100;
		break;
	}
	t = mktime64(year, mon, day, hour, min, sec);
	if (pt_rtc_set(rtc))
		rtc->frozen = t;
	else
		rtc->offset = t - now;
}

/**
 * pv_pt_rtc_read() - a guest's IN from port 0x70 or 0x71
 * @rtc: the RTC
 * @port: PV_PT_RTC_INDEX_PORT or PV_PT_RTC_DATA_PORT (others read 0xff)
 * @now: the root's wall clock, seconds since 1970
 *
 * Return: the byte read.
 */
u8 pv_pt_rtc_read(struct pv_pt_rtc *rtc, u16 port, s64 now)
{
	unsigned int reg = rtc->index;

	if (port != PV_PT_RTC_DATA_PORT)
		return 0xff;
	if (pt_rtc_is_time(reg))
		return pt_rtc_read_time(rtc, reg, now);
	switch (reg) {
	case PV_PT_RTC_REG_A:
		return rtc->ram[reg] & ~PV_PT_RTC_A_UIP;
	case PV_PT_RTC_REG_C:
		return 0;
	case PV_PT_RTC_REG_D:
		return PV_PT_RTC_D_VRT;
	default:
		return rtc->ram[reg];
	}
}

/**
 * pv_pt_rtc_write() - a guest's OUT to port 0x70 or 0x71
 * @rtc: the RTC
 * @port: PV_PT_RTC_INDEX_PORT or PV_PT_RTC_DATA_PORT (others: ignored)
 * @val: the byte written
 * @now: the root's wall clock, seconds since 1970
 */
void pv_pt_rtc_write(struct pv_pt_rtc *rtc, u16 port, u8 val, s64 now)
{
	unsigned int reg = rtc->index;
	bool was_set;

	if (port == PV_PT_RTC_INDEX_PORT) {
		rtc->index = val & PT_RTC_INDEX_MASK;
		rtc->nmi_mask = val & PT_RTC_NMI_MASK;
		return;
	}
	if (port != PV_PT_RTC_DATA_PORT)
		return;
	if (pt_rtc_is_time(reg)) {
		pt_rtc_write_time(rtc, reg, val, now);
		return;
	}
	switch (reg) {
	case PV_PT_RTC_REG_A:
		rtc->ram[reg] = val & PT_RTC_A_RATE_MASK;
		break;
	case PV_PT_RTC_REG_B:
		/* SET freezes the guest's clock; clearing it starts it there. */
		was_set = pt_rtc_set(rtc);
		if (!was_set && (val & PV_PT_RTC_B_SET))
			rtc->frozen = now + rtc->offset;
		else if (was_set && !(val & PV_PT_RTC_B_SET))
			rtc->offset = rtc->frozen - now;
		rtc->ram[reg] = val;
		break;
	case PV_PT_RTC_REG_C:
	case PV_PT_RTC_REG_D:
		break;		/* read-only */
	default:
		rtc->ram[reg] = val;
		break;
	}
}
