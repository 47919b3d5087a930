/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A 16550 UART (COM1) as software sees it through port I/O at base + 0..7.
 * Polled: no interrupt line is ever raised, but IIR reports what would be
 * pending (Linux's 8250 driver, with no IRQ, reads IIR from a timer and
 * transmits only when it says THR empty). What the root sends the child
 * (partctl console --interactive) waits in a 256-byte receive FIFO. Pure
 * code (KUnit: partvisor_uart).
 *
 *   0  RBR (read: the oldest received byte, or 0) / THR (write: a byte for
 *      the console, sent at once: THR is empty again); DLL if DLAB
 *   1  IER (low four bits; setting THRI with THR empty makes THRE pending);
 *      DLM if DLAB
 *   2  IIR (read: by priority 0x04 received data (IER bit 0 and the FIFO
 *      holds a byte), 0x02 THR empty (IER bit 1, pending since the last
 *      THR write or THRI enable; this read clears it), else 0x01 none
 *      pending; | 0xc0 with FIFOs on) / FCR (write; bit 1 empties the
 *      receive FIFO)
 *   3  LCR (bit 7: DLAB)
 *   4  MCR (five bits; bit 4: loopback, THR bytes go to the receive FIFO)
 *   5  LSR (read: THRE | TEMT, and DR while the FIFO holds a byte; writes
 *      ignored)
 *   6  MSR (read: 0, or in loopback the MCR outputs; writes ignored)
 *   7  SCR (scratch)
 */
#ifndef _PV_PT_UART_H
#define _PV_PT_UART_H

#include <linux/types.h>

#define PV_PT_UART_REGS		8

#define PV_PT_UART_RBR		0
#define PV_PT_UART_THR		0
#define PV_PT_UART_DLL		0
#define PV_PT_UART_IER		1
#define PV_PT_UART_DLM		1
#define PV_PT_UART_IIR		2
#define PV_PT_UART_FCR		2
#define PV_PT_UART_LCR		3
#define PV_PT_UART_MCR		4
#define PV_PT_UART_LSR		5
#define PV_PT_UART_MSR		6
#define PV_PT_UART_SCR		7

#define PV_PT_UART_LCR_DLAB	0x80
#define PV_PT_UART_MCR_LOOP	0x10
#define PV_PT_UART_LSR_DR	0x01
#define PV_PT_UART_LSR_THRE	0x20
#define PV_PT_UART_LSR_TEMT	0x40
#define PV_PT_UART_IER_RDI	0x01
#define PV_PT_UART_IER_THRI	0x02
#define PV_PT_UART_IIR_NO_INT	0x01
#define PV_PT_UART_IIR_THRI	0x02
#define PV_PT_UART_IIR_RDI	0x04
#define PV_PT_UART_IIR_FIFO	0xc0
#define PV_PT_UART_FCR_ENABLE	0x01
#define PV_PT_UART_FCR_CLEAR_RX	0x02

#define PV_PT_UART_RX_SIZE	256	/* bytes the receive FIFO holds */

/**
 * struct pv_pt_uart - register state of the model
 * @ier: interrupt enable (low four bits)
 * @iir_fifo: 0xc0 when the FIFOs are enabled (FCR bit 0), else 0
 * @lcr: line control
 * @mcr: modem control (five bits)
 * @scr: scratch
 * @dll: divisor latch, low byte
 * @dlm: divisor latch, high byte
 * @thre_pending: a THR-empty interrupt is pending (cleared by the IIR read
 *	that reports it)
 * @rx_head: index of the oldest byte in @rx
 * @rx_count: bytes in @rx
 * @rx: the receive FIFO
 */
struct pv_pt_uart {
	u8 ier, iir_fifo, lcr, mcr, scr, dll, dlm;
	bool thre_pending;
	u16 rx_head, rx_count;
	u8 rx[PV_PT_UART_RX_SIZE];
};

void pv_pt_uart_reset(struct pv_pt_uart *u);
u8 pv_pt_uart_read(struct pv_pt_uart *u, unsigned int offset);
int pv_pt_uart_write(struct pv_pt_uart *u, unsigned int offset, u8 value);
unsigned int pv_pt_uart_receive(struct pv_pt_uart *u, const u8 *buf, unsigned int len);

#endif /* _PV_PT_UART_H */
