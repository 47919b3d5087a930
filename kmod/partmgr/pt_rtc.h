/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An MC146818 real-time clock and CMOS RAM (ports 0x70/0x71) as software
 * sees it. The clock is the root's wall clock plus an offset the guest
 * sets by writing the time. Pure code (KUnit: partvisor_rtc): the caller
 * passes the root's time and serialises access.
 *
 *   0x70  index (write: bits 0-6 the register, bit 7 NMI mask, kept
 *         only); reads give all-ones, as on hardware
 *   0x71  data of the register the index names:
 *         0x00/0x02/0x04 seconds, minutes, hours; 0x06 day of week (1 =
 *         Sunday); 0x07/0x08/0x09 day, month, year of the century;
 *         0x32 century; in BCD or binary (B.DM), hours 24h or 12h with
 *         bit 7 = PM (B.24H)
 *         0x01/0x03/0x05 alarms: stored, never fire
 *         0x0a A: UIP always 0 (an update is never in progress), the
 *         rate bits stored
 *         0x0b B: stored; SET (bit 7) freezes the clock the guest reads
 *         and writes until it is cleared, which sets the time
 *         0x0c C: 0 (no interrupt flags: the RTC has no IRQ line)
 *         0x0d D: VRT (valid RAM and time)
 *         other registers up to 0x7f: CMOS RAM, 0 after reset
 */
#ifndef _PV_PT_RTC_H
#define _PV_PT_RTC_H

#include <linux/types.h>

#define PV_PT_RTC_INDEX_PORT	0x70
#define PV_PT_RTC_DATA_PORT	0x71

#define PV_PT_RTC_SECONDS	0x00
#define PV_PT_RTC_MINUTES	0x02
#define PV_PT_RTC_HOURS		0x04
#define PV_PT_RTC_WDAY		0x06
#define PV_PT_RTC_MDAY		0x07
#define PV_PT_RTC_MONTH		0x08
#define PV_PT_RTC_YEAR		0x09
#define PV_PT_RTC_REG_A		0x0a
#define PV_PT_RTC_REG_B		0x0b
#define PV_PT_RTC_REG_C		0x0c
#define PV_PT_RTC_REG_D		0x0d
#define PV_PT_RTC_CENTURY	0x32
#define PV_PT_RTC_REGS		0x80

#define PV_PT_RTC_A_UIP		0x80
#define PV_PT_RTC_B_SET		0x80
#define PV_PT_RTC_B_DM_BINARY	0x04
#define PV_PT_RTC_B_24H		0x02
#define PV_PT_RTC_D_VRT		0x80

/**
 * struct pv_pt_rtc - state of the model
 * @index: the register 0x71 reaches (bits 0-6 of the last index write)
 * @nmi_mask: bit 7 of the last index write
 * @offset: seconds the guest's clock runs ahead of the root's
 * @frozen: while B.SET: the guest's clock, in seconds since 1970, as it
 *	reads and writes it
 * @ram: CMOS RAM and the stored registers (A, B, alarms)
 */
struct pv_pt_rtc {
	u8 index;
	bool nmi_mask;
	s64 offset;
	s64 frozen;
	u8 ram[PV_PT_RTC_REGS];
};

void pv_pt_rtc_reset(struct pv_pt_rtc *rtc);
bool pv_pt_rtc_claims(u16 port);
u8 pv_pt_rtc_read(struct pv_pt_rtc *rtc, u16 port, s64 now);
void pv_pt_rtc_write(struct pv_pt_rtc *rtc, u16 port, u8 val, s64 now);

#endif /* _PV_PT_RTC_H */
