// SPDX-License-Identifier: GPL-2.0
/*
 * 16550 UART register model for a partition's COM1: the registers a guest
 * driver probes and programs, with transmitted bytes handed back to the
 * caller for the console. Pure code (KUnit: partvisor_uart).
 */
#include <linux/string.h>

#include "pt_uart.h"

#define PT_UART_IER_MASK	0x0f
#define PT_UART_MCR_MASK	0x1f

/**
 * pv_pt_uart_reset() - put the UART in its reset state
 * @u: the UART
 *
 * All registers 0 but the divisor latch, 0x000c (9600 baud).
 */
void pv_pt_uart_reset(struct pv_pt_uart *u)
{
	memset(u, 0, sizeof(*u));
	u->dll = 0x0c;
}

/*
 * MSR in loopback: the MCR outputs fed back to the inputs, CTS <- RTS,
 * DSR <- DTR, RI <- OUT1, DCD <- OUT2. No delta bits: nothing changes them
 * behind the guest's back.
 */
static u8 pt_uart_loop_msr(u8 mcr)
{
	u8 msr = 0;

	if (mcr & 0x02)		/* RTS */
		msr |= 0x10;	/* CTS */
	if (mcr & 0x01)		/* DTR */
		msr |= 0x20;	/* DSR */
	if (mcr & 0x04)		/* OUT1 */
		msr |= 0x40;	/* RI */
	if (mcr & 0x08)		/* OUT2 */
		msr |= 0x80;	/* DCD */
	return msr;
}

/**
 * pv_pt_uart_receive() - bytes arrive on the line: into the receive FIFO
 * @u: the UART
 * @buf: the bytes
 * @len: how many
 *
 * Return: how many the FIFO took (the rest did not fit; the sender tries
 * again once the guest has read some).
 */
unsigned int pv_pt_uart_receive(struct pv_pt_uart *u, const u8 *buf, unsigned int len)
{
	unsigned int n = 0;

	for (; n < len && u->rx_count < PV_PT_UART_RX_SIZE; n++, u->rx_count++)
		u->rx[(u->rx_head + u->rx_count) % PV_PT_UART_RX_SIZE] = buf[n];
	return n;
}

static u8 pt_uart_pop(struct pv_pt_uart *u)
{
	u8 c;

	if (!u->rx_count)
		return 0;
	c = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % PV_PT_UART_RX_SIZE;
	u->rx_count--;
	return c;
}

/**
 * pv_pt_uart_read() - a guest read of one UART register
 * @u: the UART
 * @offset: register offset from the base port, 0..7
 *
 * Reading RBR takes the oldest received byte; reading IIR when it reports
 * THR empty clears that; no other read has side effects.
 *
 * Return: the register value; 0xff for an offset outside the UART.
 */
u8 pv_pt_uart_read(struct pv_pt_uart *u, unsigned int offset)
{
	bool dlab = u->lcr & PV_PT_UART_LCR_DLAB;

	switch (offset) {
	case PV_PT_UART_RBR:
		return dlab ? u->dll : pt_uart_pop(u);
	case PV_PT_UART_IER:
		return dlab ? u->dlm : u->ier;
	case PV_PT_UART_IIR:
		if ((u->ier & PV_PT_UART_IER_RDI) && u->rx_count)
			return PV_PT_UART_IIR_RDI | u->iir_fifo;
		if ((u->ier & PV_PT_UART_IER_THRI) && u->thre_pending) {
			u->thre_pending = false;
			return PV_PT_UART_IIR_THRI | u->iir_fifo;
		}
		return PV_PT_UART_IIR_NO_INT | u->iir_fifo;
	case PV_PT_UART_LCR:
		return u->lcr;
	case PV_PT_UART_MCR:
		return u->mcr;
	case PV_PT_UART_LSR:
		return PV_PT_UART_LSR_THRE | PV_PT_UART_LSR_TEMT |
		       (u->rx_count ? PV_PT_UART_LSR_DR : 0);
	case PV_PT_UART_MSR:
		return u->mcr & PV_PT_UART_MCR_LOOP ? pt_uart_loop_msr(u->mcr) : 0;
	case PV_PT_UART_SCR:
		return u->scr;
	default:
		return 0xff;
	}
}

/**
 * pv_pt_uart_write() - a guest write of one UART register
 * @u: the UART
 * @offset: register offset from the base port, 0..7
 * @value: the byte written
 *
 * Return: the byte to transmit to the console (0..255) for a THR write
 * outside loopback; -1 for every other write, including an offset outside
 * the UART.
 */
int pv_pt_uart_write(struct pv_pt_uart *u, unsigned int offset, u8 value)
{
	bool dlab = u->lcr & PV_PT_UART_LCR_DLAB;

	switch (offset) {
	case PV_PT_UART_THR:
		if (dlab) {
			u->dll = value;
			return -1;
		}
		u->thre_pending = true;		/* sent at once */
		if (!(u->mcr & PV_PT_UART_MCR_LOOP))
			return value;
		pv_pt_uart_receive(u, &value, 1);	/* loopback: back to RBR */
		return -1;
	case PV_PT_UART_IER:
		if (dlab) {
			u->dlm = value;
			return -1;
		}
		/* THRI turned on while THR is empty (always): THRE is pending. */
		if ((value & PV_PT_UART_IER_THRI) && !(u->ier & PV_PT_UART_IER_THRI))
			u->thre_pending = true;
		u->ier = value & PT_UART_IER_MASK;
		return -1;
	case PV_PT_UART_FCR:
		u->iir_fifo = value & PV_PT_UART_FCR_ENABLE ? PV_PT_UART_IIR_FIFO : 0;
		if (value & PV_PT_UART_FCR_CLEAR_RX) {
			u->rx_head = 0;
			u->rx_count = 0;
		}
		return -1;
	case PV_PT_UART_LCR:
		u->lcr = value;
		return -1;
	case PV_PT_UART_MCR:
		u->mcr = value & PT_UART_MCR_MASK;
		return -1;
	case PV_PT_UART_SCR:
		u->scr = value;
		return -1;
	default:	/* LSR, MSR: read only; and outside the UART */
		return -1;
	}
}
