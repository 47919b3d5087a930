// SPDX-License-Identifier: GPL-2.0
/*
 * The instruction of an MMIO access a child made to a page the hypervisor
 * emulates (the local APIC): an EPT violation says where and whether it
 * wrote, not with which register or how long the instruction is. Only the
 * plain MOV forms are decoded (88, 89, 8A, 8B, C6 /0, C7 /0 and the moffs
 * forms A0-A3 compilers use for EAX and an absolute address, MOVZX
 * 0F B6/B7 for narrow reads, with operand
 * and address size, segment, LOCK and REX prefixes); anything else is
 * refused and the caller treats the access as outside the GPA map.
 * Pure code on bytes the caller fetched: shared with the KUnit suite.
 */
#include <linux/errno.h>
#include <linux/string.h>

#include "vmx_mmio.h"

#define MAX_INSN	15

/**
 * pv_vmx_mmio_decode() - decode a MOV to or from memory
 * @insn: the instruction's bytes
 * @avail: how many of them could be fetched (at most 15 are looked at)
 * @mode: the code size: 16, 32 or 64
 * @m: the result
 *
 * Return: 0, or -EINVAL for another instruction, a register operand, or
 * one longer than @avail.
 */
int pv_vmx_mmio_decode(const u8 *insn, unsigned int avail, unsigned int mode,
		       struct pv_vmx_mmio *m)
{
	bool opsize = false, adsize = false, addr16;
	unsigned int i = 0, disp, imm = 0, mod, rm;
	u8 rex = 0, op, modrm, sib;

	memset(m, 0, sizeof(*m));
	if (avail > MAX_INSN)
		avail = MAX_INSN;
	for (; i < avail; i++) {
		switch (insn[i]) {
		case 0x66:
			opsize = true;
			continue;
		case 0x67:
			adsize = true;
			continue;
		case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65: case 0xf0:
			continue;
		}
		break;
	}
	if (mode == 64 && i < avail && (insn[i] & 0xf0) == 0x40)
		rex = insn[i++];
	if (i >= avail)
		return -EINVAL;
	op = insn[i++];
	if (op >= 0xa0 && op <= 0xa3) {
		/* MOV AL/eAX to or from the absolute address that follows. */
		m->size = !(op & 1) ? 1 : rex & 8 ? 8 : (mode == 16) != opsize ? 2 : 4;
		m->write = op & 2;
		i += mode == 64 ? (adsize ? 4 : 8) : (mode == 16) != adsize ? 2 : 4;
		if (i > avail)
			return -EINVAL;
		m->len = i;
		return 0;
	}
	if (op == 0x0f) {
		if (i >= avail || (insn[i] != 0xb6 && insn[i] != 0xb7))
			return -EINVAL;
		op = insn[i++];
		m->zext = rex & 8 ? 8 : (mode == 16) != opsize ? 2 : 4;
	}
	if (i >= avail)
		return -EINVAL;
	modrm = insn[i++];
	switch (op) {
	case 0xb6:
		m->size = 1;
		break;
	case 0xb7:
		m->size = 2;
		break;
	case 0x88:
	case 0x8a:
	case 0xc6:
		m->size = 1;
		break;
	case 0x89:
	case 0x8b:
	case 0xc7:
		if (rex & 8)
			m->size = 8;
		else
			m->size = (mode == 16) != opsize ? 2 : 4;
		break;
	default:
		return -EINVAL;
	}
	m->write = op != 0x8a && op != 0x8b && !m->zext;
	mod = modrm >> 6;
	rm = modrm & 7;
	m->reg = ((modrm >> 3) & 7) | (rex & 4 ? 8 : 0);
	if (mod == 3)
		return -EINVAL;
	addr16 = mode == 64 ? false : (mode == 16) != adsize;
	if (addr16) {
		disp = mod == 1 ? 1 : mod == 2 || (mod == 0 && rm == 6) ? 2 : 0;
	} else {
		disp = mod == 1 ? 1 : mod == 2 || (mod == 0 && rm == 5) ? 4 : 0;
		if (rm == 4) {
			if (i >= avail)
				return -EINVAL;
			sib = insn[i++];
			if (mod == 0 && (sib & 7) == 5)
				disp = 4;
		}
	}
	i += disp;
	if (op == 0xc6 || op == 0xc7) {
		if ((modrm >> 3) & 7)
			return -EINVAL;
		imm = m->size > 4 ? 4 : m->size;
		if (i + imm > avail)
			return -EINVAL;
		memcpy(&m->imm, insn + i, imm);
		if (m->size == 8)
			m->imm = (u64)(s64)(s32)m->imm;
		i += imm;
		m->reg = PV_VMX_MMIO_IMM;
	} else if (m->size == 1 && !m->zext && !rex && m->reg >= 4) {
		m->high8 = true;
		m->reg -= 4;
	}
	if (i > avail)
		return -EINVAL;
	m->len = i;
	return 0;
}
