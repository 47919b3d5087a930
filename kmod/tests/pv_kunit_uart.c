// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite partvisor_uart: the 16550 model a partition's COM1 driver
 * probes and programs.
 */
#include <kunit/test.h>

#include "../partmgr/pt_uart.c"

static void uart_reset_values(struct kunit *test)
{
	struct pv_pt_uart u;

	memset(&u, 0xa5, sizeof(u));
	pv_pt_uart_reset(&u);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_RBR), 0);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IER), 0);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0x01);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_LCR), 0);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_MCR), 0);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_LSR), 0x60);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_MSR), 0);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_SCR), 0);
	/* Divisor latch 0x000c behind DLAB. */
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_LCR, 0x80), -1);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_DLL), 0x0c);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_DLM), 0);
}

static void uart_thr_goes_to_console(struct kunit *test)
{
	struct pv_pt_uart u;

	pv_pt_uart_reset(&u);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_THR, 'A'), 'A');
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_THR, 0x00), 0);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_THR, 0xff), 0xff);
	/* RBR never has data, and sending does not change that. */
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_RBR), 0);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_LSR) & 0x01, 0);
	/* No register other than THR produces console output. */
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_IER, 'x'), -1);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_FCR, 'x'), -1);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_MCR, 0x03), -1);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_SCR, 'x'), -1);
}

static void uart_dlab_switches_registers(struct kunit *test)
{
	struct pv_pt_uart u;

	pv_pt_uart_reset(&u);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_IER, 0xff), -1);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IER), 0x0f);

	pv_pt_uart_write(&u, PV_PT_UART_LCR, 0x83);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_LCR), 0x83);
	/* 115200 baud: divisor 1; a THR write in DLAB sends nothing. */
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_DLL, 0x01), -1);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_DLM, 0x02), -1);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_DLL), 0x01);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_DLM), 0x02);

	pv_pt_uart_write(&u, PV_PT_UART_LCR, 0x03);
	/* IER and RBR are back, untouched by the latch writes. */
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IER), 0x0f);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_RBR), 0);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_THR, 'z'), 'z');
	KUNIT_EXPECT_EQ(test, u.dll, 0x01);
	KUNIT_EXPECT_EQ(test, u.dlm, 0x02);
}

static void uart_fifo_scratch_and_lsr(struct kunit *test)
{
	struct pv_pt_uart u;

	pv_pt_uart_reset(&u);
	pv_pt_uart_write(&u, PV_PT_UART_FCR, 0xc7);
	/* 16550A: IIR bits 7:6 set with the FIFOs on. */
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0xc1);
	pv_pt_uart_write(&u, PV_PT_UART_FCR, 0x06);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0x01);

	pv_pt_uart_write(&u, PV_PT_UART_SCR, 0x5a);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_SCR), 0x5a);
	pv_pt_uart_write(&u, PV_PT_UART_SCR, 0xa5);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_SCR), 0xa5);

	/* LSR and MSR are read only. */
	pv_pt_uart_write(&u, PV_PT_UART_LSR, 0x00);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_LSR), 0x60);
	pv_pt_uart_write(&u, PV_PT_UART_LSR, 0xff);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_LSR), 0x60);
	pv_pt_uart_write(&u, PV_PT_UART_MSR, 0xff);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_MSR), 0);
}

static void uart_loopback(struct kunit *test)
{
	struct pv_pt_uart u;

	pv_pt_uart_reset(&u);
	/* Out of loopback the modem lines read as nothing connected. */
	pv_pt_uart_write(&u, PV_PT_UART_MCR, 0x0f);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_MSR), 0);

	/* The 8250 driver's probe: loop | OUT2 | RTS gives DCD | CTS. */
	pv_pt_uart_write(&u, PV_PT_UART_MCR, 0x1a);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_MSR) & 0xf0, 0x90);
	pv_pt_uart_write(&u, PV_PT_UART_MCR, 0x11);	/* DTR */
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_MSR), 0x20);
	pv_pt_uart_write(&u, PV_PT_UART_MCR, 0x14);	/* OUT1 */
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_MSR), 0x40);
	pv_pt_uart_write(&u, PV_PT_UART_MCR, 0xff);	/* five bits kept */
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_MCR), 0x1f);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_MSR), 0xf0);

	/* A byte sent in loopback stays in the UART. */
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_THR, 'L'), -1);
	pv_pt_uart_write(&u, PV_PT_UART_MCR, 0x0b);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_THR, 'L'), 'L');
}

static void uart_rejects_offsets_outside(struct kunit *test)
{
	struct pv_pt_uart u, before;
	unsigned int off;

	pv_pt_uart_reset(&u);
	pv_pt_uart_write(&u, PV_PT_UART_SCR, 0x42);
	before = u;
	for (off = PV_PT_UART_REGS; off < 16; off++) {
		KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, off), 0xff);
		KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, off, 'x'), -1);
	}
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, UINT_MAX), 0xff);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, UINT_MAX, 'x'), -1);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, 8 + PV_PT_UART_SCR, 0), -1);
	KUNIT_EXPECT_EQ(test, memcmp(&u, &before, sizeof(u)), 0);
}

static void uart_receive_fifo(struct kunit *test)
{
	struct pv_pt_uart u;
	u8 buf[PV_PT_UART_RX_SIZE + 10];
	unsigned int i;

	pv_pt_uart_reset(&u);
	/* Empty: no data ready, RBR reads 0 and changes nothing. */
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_LSR) & PV_PT_UART_LSR_DR, 0);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_RBR), 0);
	KUNIT_EXPECT_EQ(test, u.rx_count, 0);

	KUNIT_EXPECT_EQ(test, pv_pt_uart_receive(&u, (const u8 *)"hi\n", 3), 3);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_LSR),
			PV_PT_UART_LSR_DR | PV_PT_UART_LSR_THRE | PV_PT_UART_LSR_TEMT);
	/* DLAB on: offset 0 is DLL, the FIFO is left alone. */
	pv_pt_uart_write(&u, PV_PT_UART_LCR, PV_PT_UART_LCR_DLAB);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_RBR), 0x0c);
	pv_pt_uart_write(&u, PV_PT_UART_LCR, 0x03);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_RBR), 'h');
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_RBR), 'i');
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_RBR), '\n');
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_LSR) & PV_PT_UART_LSR_DR, 0);

	/* Full: the FIFO takes what fits, in order across its wrap. */
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = i;
	KUNIT_EXPECT_EQ(test, pv_pt_uart_receive(&u, buf, sizeof(buf)), PV_PT_UART_RX_SIZE);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_receive(&u, buf, 1), 0);
	for (i = 0; i < PV_PT_UART_RX_SIZE; i++)
		KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_RBR), (u8)i);
	KUNIT_EXPECT_EQ(test, u.rx_count, 0);

	/* FCR bit 1 empties it; reset does too. */
	pv_pt_uart_receive(&u, buf, 5);
	pv_pt_uart_write(&u, PV_PT_UART_FCR, PV_PT_UART_FCR_ENABLE | PV_PT_UART_FCR_CLEAR_RX);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_LSR) & PV_PT_UART_LSR_DR, 0);
	pv_pt_uart_receive(&u, buf, 5);
	pv_pt_uart_reset(&u);
	KUNIT_EXPECT_EQ(test, u.rx_count, 0);

	/* Loopback: a byte written to THR comes back on RBR, not the console. */
	pv_pt_uart_write(&u, PV_PT_UART_MCR, PV_PT_UART_MCR_LOOP);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_THR, 'L'), -1);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_RBR), 'L');
}

/* What Linux's 8250 driver polls with no IRQ: IIR says what is pending. */
static void uart_iir_reports_pending(struct kunit *test)
{
	static const u8 in[] = "ab";
	struct pv_pt_uart u;

	pv_pt_uart_reset(&u);
	pv_pt_uart_write(&u, PV_PT_UART_FCR, PV_PT_UART_FCR_ENABLE);
	/* A byte sent with THRI off: nothing pending. */
	KUNIT_EXPECT_EQ(test, pv_pt_uart_write(&u, PV_PT_UART_THR, 'x'), 'x');
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0xc1);
	/* THRI on with THR empty: THRE pending, once. */
	pv_pt_uart_write(&u, PV_PT_UART_IER, PV_PT_UART_IER_THRI);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0xc2);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0xc1);
	/* Each THR write empties THR again at once: pending again. */
	pv_pt_uart_write(&u, PV_PT_UART_THR, 'y');
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0xc2);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0xc1);
	/* THRI set again while already set: no new interrupt. */
	pv_pt_uart_write(&u, PV_PT_UART_IER, PV_PT_UART_IER_THRI);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0xc1);
	/* Received data outranks THRE, and only while RDI is on. */
	pv_pt_uart_write(&u, PV_PT_UART_THR, 'z');
	pv_pt_uart_receive(&u, in, 2);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0xc2);	/* RDI off */
	pv_pt_uart_write(&u, PV_PT_UART_IER, PV_PT_UART_IER_RDI | PV_PT_UART_IER_THRI);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0xc4);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_RBR), 'a');
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0xc4);
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_RBR), 'b');
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0xc1);
	/* With FIFOs off the high bits go. */
	pv_pt_uart_write(&u, PV_PT_UART_FCR, 0);
	pv_pt_uart_write(&u, PV_PT_UART_THR, 'w');
	KUNIT_EXPECT_EQ(test, pv_pt_uart_read(&u, PV_PT_UART_IIR), 0x02);
	pv_pt_uart_reset(&u);
	KUNIT_EXPECT_FALSE(test, u.thre_pending);
}

static struct kunit_case pv_uart_cases[] = {
	KUNIT_CASE(uart_reset_values),
	KUNIT_CASE(uart_thr_goes_to_console),
	KUNIT_CASE(uart_dlab_switches_registers),
	KUNIT_CASE(uart_fifo_scratch_and_lsr),
	KUNIT_CASE(uart_loopback),
	KUNIT_CASE(uart_rejects_offsets_outside),
	KUNIT_CASE(uart_receive_fifo),
	KUNIT_CASE(uart_iir_reports_pending),
	{}
};

static struct kunit_suite pv_uart_suite = {
	.name = "partvisor_uart",
	.test_cases = pv_uart_cases,
};

kunit_test_suite(pv_uart_suite);
