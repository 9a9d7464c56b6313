// SPDX-License-Identifier: GPL-2.0-only
/*
 * The privileged-instruction decoder; what it accepts is described in
 * hv/lib/x86-privop.h. A cursor walks the bytes; running off the end
 * reports -ENODATA so that the caller can tell "fetch more" (or fault on
 * the fetch) from "not ours".
 */
#include <hv/errno.h>
#include <hv/lib/x86-privop.h>

struct cursor {
	const uint8_t *b;
	size_t n, pos;
};

static int next(struct cursor *c, uint8_t *v)
{
	if (c->pos >= PRIVOP_INSN_MAX)
		return -EINVAL;
	if (c->pos >= c->n)
		return -ENODATA;
	*v = c->b[c->pos++];
	return 0;
}

static int decode_0f(struct cursor *c, uint8_t rex, struct privop_insn *in)
{
	uint8_t op, modrm;
	int rc = next(c, &op);

	if (rc)
		return rc;
	switch (op) {
	case 0x06: in->kind = PRIVOP_CLTS; return 0;
	case 0x09: in->kind = PRIVOP_WBINVD; return 0;
	case 0x30: in->kind = PRIVOP_WRMSR; return 0;
	case 0x31: in->kind = PRIVOP_RDTSC; return 0;
	case 0x32: in->kind = PRIVOP_RDMSR; return 0;
	case 0xa2: in->kind = PRIVOP_CPUID; return 0;
	case 0x01:
		rc = next(c, &modrm);
		if (rc)
			return rc;
		if (modrm == 0xd1)
			in->kind = PRIVOP_XSETBV;
		else if (modrm == 0xf9)
			in->kind = PRIVOP_RDTSCP;
		else
			return -EINVAL;
		return 0;
	case 0x20: case 0x21: case 0x22: case 0x23:
		rc = next(c, &modrm);
		if (rc)
			return rc;
		in->kind = op == 0x20 ? PRIVOP_MOV_FROM_CR : op == 0x21 ? PRIVOP_MOV_FROM_DR :
			   op == 0x22 ? PRIVOP_MOV_TO_CR : PRIVOP_MOV_TO_DR;
		in->ctl = ((modrm >> 3) & 7) | ((rex & 4) ? 8 : 0);
		in->gpr = (modrm & 7) | ((rex & 1) ? 8 : 0);
		return 0;
	default:
		return -EINVAL;
	}
}

int privop_decode(const uint8_t *b, size_t n, bool mode64, bool def32,
		  struct privop_insn *in)
{
	struct cursor c = { b, n, 0 };
	bool opsize = false, addrsize = false;
	uint8_t op, rex = 0;
	int rc;

	*in = (struct privop_insn){ .seg = PRIVOP_DS };
	for (;;) {
		rc = next(&c, &op);
		if (rc)
			return rc;
		if (mode64 && (op & 0xf0) == 0x40) {
			rex = op;
			continue;
		}
		switch (op) {
		case 0x66: opsize = true; break;
		case 0x67: addrsize = true; break;
		case 0xf2: case 0xf3: in->rep = true; break;
		case 0x26: in->seg = PRIVOP_ES; break;
		case 0x2e: in->seg = PRIVOP_CS; break;
		case 0x36: in->seg = PRIVOP_SS; break;
		case 0x3e: in->seg = PRIVOP_DS; break;
		case 0x64: in->seg = PRIVOP_FS; break;
		case 0x65: in->seg = PRIVOP_GS; break;
		default:
			goto opcode;
		}
		rex = 0;	/* a REX followed by a legacy prefix is ignored */
	}
opcode:
	if (mode64 || def32) {
		in->io_size = opsize ? 2 : 4;
		in->addr_size = mode64 ? (addrsize ? 4 : 8) : (addrsize ? 2 : 4);
	} else {
		in->io_size = opsize ? 4 : 2;
		in->addr_size = addrsize ? 4 : 2;
	}
	switch (op) {
	case 0x0f:
		rc = decode_0f(&c, rex, in);
		break;
	case 0xfa: in->kind = PRIVOP_CLI; rc = 0; break;
	case 0xfb: in->kind = PRIVOP_STI; rc = 0; break;
	case 0xe4: case 0xe5: case 0xe6: case 0xe7:
		in->kind = op & 2 ? PRIVOP_OUT : PRIVOP_IN;
		in->port_imm = true;
		if (!(op & 1))
			in->io_size = 1;
		rc = next(&c, &in->port);
		break;
	case 0xec: case 0xed: case 0xee: case 0xef:
		in->kind = op & 2 ? PRIVOP_OUT : PRIVOP_IN;
		if (!(op & 1))
			in->io_size = 1;
		rc = 0;
		break;
	case 0x6c: case 0x6d: case 0x6e: case 0x6f:
		in->kind = op & 2 ? PRIVOP_OUTS : PRIVOP_INS;
		if (!(op & 1))
			in->io_size = 1;
		rc = 0;
		break;
	default:
		rc = -EINVAL;
		break;
	}
	if (rc)
		return rc;
	in->len = (uint8_t)c.pos;
	return 0;
}
