/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Decoder and evaluator for a guest kernel's direct page-table writes
 * (writable page tables, see hv/lib/x86-pte-decode.h). Only the store and
 * read-modify-write forms a kernel uses on an entry are accepted; anything
 * else is -EINVAL and the guest gets its #PF back. Every instruction byte
 * is read through fetch(), the one bounds check.
 */
#include <hv/errno.h>
#include <hv/lib/x86-pte-decode.h>

#define REX_W	8
#define REX_R	4
#define REX_X	2
#define REX_B	1

/* How an accepted opcode encodes its source operand. */
enum src_kind { SRC_REG, SRC_IMM8, SRC_IMM32 };

#define DIGIT_NONE	0xff	/* ModRM.reg names the source register */

struct form {
	uint8_t twobyte;	/* behind the 0F escape */
	uint8_t opcode;
	uint8_t digit;		/* ModRM.reg of a group opcode, or DIGIT_NONE */
	uint8_t op;		/* enum pte_write_op */
	uint8_t src;		/* enum src_kind */
	uint8_t byte;		/* 8-bit operand; else 32, or 64 with REX.W */
};

static const struct form forms[] = {
	{ 0, 0x88, DIGIT_NONE, PW_MOV, SRC_REG, 1 },
	{ 0, 0x89, DIGIT_NONE, PW_MOV, SRC_REG, 0 },
	{ 0, 0xc6, 0, PW_MOV, SRC_IMM8, 1 },
	{ 0, 0xc7, 0, PW_MOV, SRC_IMM32, 0 },
	{ 0, 0x86, DIGIT_NONE, PW_XCHG, SRC_REG, 1 },
	{ 0, 0x87, DIGIT_NONE, PW_XCHG, SRC_REG, 0 },
	{ 1, 0xb0, DIGIT_NONE, PW_CMPXCHG, SRC_REG, 1 },
	{ 1, 0xb1, DIGIT_NONE, PW_CMPXCHG, SRC_REG, 0 },
	{ 0, 0x08, DIGIT_NONE, PW_OR, SRC_REG, 1 },
	{ 0, 0x09, DIGIT_NONE, PW_OR, SRC_REG, 0 },
	{ 0, 0x20, DIGIT_NONE, PW_AND, SRC_REG, 1 },
	{ 0, 0x21, DIGIT_NONE, PW_AND, SRC_REG, 0 },
	{ 0, 0x30, DIGIT_NONE, PW_XOR, SRC_REG, 1 },
	{ 0, 0x31, DIGIT_NONE, PW_XOR, SRC_REG, 0 },
	{ 0, 0x80, 1, PW_OR, SRC_IMM8, 1 },
	{ 0, 0x80, 4, PW_AND, SRC_IMM8, 1 },
	{ 0, 0x80, 6, PW_XOR, SRC_IMM8, 1 },
	{ 0, 0x81, 1, PW_OR, SRC_IMM32, 0 },
	{ 0, 0x81, 4, PW_AND, SRC_IMM32, 0 },
	{ 0, 0x81, 6, PW_XOR, SRC_IMM32, 0 },
	{ 0, 0x83, 1, PW_OR, SRC_IMM8, 0 },
	{ 0, 0x83, 4, PW_AND, SRC_IMM8, 0 },
	{ 0, 0x83, 6, PW_XOR, SRC_IMM8, 0 },
	{ 1, 0xab, DIGIT_NONE, PW_BTS, SRC_REG, 0 },
	{ 1, 0xb3, DIGIT_NONE, PW_BTR, SRC_REG, 0 },
	{ 1, 0xbb, DIGIT_NONE, PW_BTC, SRC_REG, 0 },
	{ 1, 0xba, 5, PW_BTS, SRC_IMM8, 0 },
	{ 1, 0xba, 6, PW_BTR, SRC_IMM8, 0 },
	{ 1, 0xba, 7, PW_BTC, SRC_IMM8, 0 },
};

struct cursor {
	const uint8_t *p;
	size_t end;		/* min(avail, PTE_INSN_MAX) */
	size_t pos;
};

/* Reads @n bytes little-endian; -EINVAL past the end or the length limit. */
static int fetch(struct cursor *c, unsigned int n, uint64_t *v)
{
	unsigned int i;

	if (n > c->end - c->pos)
		return -EINVAL;
	*v = 0;
	for (i = 0; i < n; i++)
		*v |= (uint64_t)c->p[c->pos + i] << (8 * i);
	c->pos += n;
	return 0;
}

static uint64_t width_mask(unsigned int width)
{
	return width == 8 ? ~0ULL : (1ULL << (8 * width)) - 1;
}

/* Sign-extends the low @bits (1-64) of @v. */
static uint64_t sext(uint64_t v, unsigned int bits)
{
	uint64_t sign = 1ULL << (bits - 1);

	v &= sign | (sign - 1);
	return (v ^ sign) - sign;
}

/* Arithmetic shift right by 1-63, without relying on signed shifts. */
static uint64_t sar(uint64_t v, unsigned int n)
{
	return (v >> n) | (v >> 63 ? ~(~0ULL >> n) : 0);
}

static bool is_bt(unsigned int op)
{
	return op == PW_BTS || op == PW_BTR || op == PW_BTC;
}

/*
 * Consumes the prefixes. On return *@opcode is the first byte that is not
 * one; a REX counts only if nothing but the opcode follows it.
 */
static int decode_prefixes(struct cursor *c, uint64_t fs_base, uint64_t gs_base,
			   unsigned int *rex, bool *lock, uint64_t *seg,
			   uint64_t *opcode)
{
	for (;;) {
		uint64_t b;

		if (fetch(c, 1, &b))
			return -EINVAL;
		if ((b & 0xf0) == 0x40) {
			*rex = (unsigned int)b;
			continue;
		}
		switch (b) {
		case 0xf0:
			*lock = true;
			break;
		case 0x64:
			*seg = fs_base;
			break;
		case 0x65:
			*seg = gs_base;
			break;
		case 0x26: case 0x2e: case 0x36: case 0x3e:
			*seg = 0;	/* es/cs/ss/ds: base 0 in 64-bit mode */
			break;
		case 0x66: case 0x67: case 0xf2: case 0xf3:
			return -EINVAL;
		default:
			*opcode = b;
			return 0;
		}
		*rex = 0;
	}
}

static const struct form *find_form(bool twobyte, uint64_t opcode,
				    unsigned int digit)
{
	unsigned int i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		const struct form *f = &forms[i];

		if (f->twobyte == twobyte && f->opcode == opcode &&
		    (f->digit == DIGIT_NONE || f->digit == digit))
			return f;
	}
	return NULL;
}

/*
 * Consumes SIB and displacement after @modrm (mod 0-2) and computes the
 * effective address; for RIP-relative forms only the displacement, which
 * the caller adds to the next instruction's address once the length is
 * known.
 */
static int decode_ea(struct cursor *c, unsigned int modrm, unsigned int rex,
		     const struct pte_regs *r, uint64_t *ea, bool *riprel)
{
	unsigned int mod = modrm >> 6, rm = modrm & 7;
	uint64_t v, disp = 0;
	bool disp32 = mod == 2;

	*ea = 0;
	*riprel = false;
	if (rm == 4) {
		unsigned int scale, index, base;

		if (fetch(c, 1, &v))
			return -EINVAL;
		scale = (unsigned int)v >> 6;
		index = (((unsigned int)v >> 3) & 7) | (rex & REX_X ? 8 : 0);
		base = ((unsigned int)v & 7) | (rex & REX_B ? 8 : 0);
		if (index != PTE_RSP)		/* 4 without REX.X: no index */
			*ea += r->gpr[index] << scale;
		if ((base & 7) == 5 && mod == 0)	/* no base, disp32 */
			disp32 = true;
		else
			*ea += r->gpr[base];
	} else if (rm == 5 && mod == 0) {
		*riprel = true;
		disp32 = true;
	} else {
		*ea += r->gpr[rm | (rex & REX_B ? 8 : 0)];
	}

	if (mod == 1) {
		if (fetch(c, 1, &v))
			return -EINVAL;
		disp = sext(v, 8);
	} else if (disp32) {
		if (fetch(c, 4, &v))
			return -EINVAL;
		disp = sext(v, 32);
	}
	*ea += disp;
	return 0;
}

int pte_decode(const uint8_t *bytes, size_t avail, const struct pte_regs *r,
	       uint64_t fs_base, uint64_t gs_base, struct pte_write_insn *out)
{
	struct cursor c = { bytes, avail < PTE_INSN_MAX ? avail : PTE_INSN_MAX, 0 };
	struct pte_write_insn insn = { 0 };
	const struct form *f;
	uint64_t opcode, modrm, seg = 0, ea, imm = 0;
	unsigned int rex = 0, reg, bits;
	bool lock = false, twobyte = false, riprel;

	if (decode_prefixes(&c, fs_base, gs_base, &rex, &lock, &seg, &opcode))
		return -EINVAL;
	if (opcode == 0x0f) {
		twobyte = true;
		if (fetch(&c, 1, &opcode))
			return -EINVAL;
	}
	if (fetch(&c, 1, &modrm))
		return -EINVAL;
	f = find_form(twobyte, opcode, ((unsigned int)modrm >> 3) & 7);
	if (!f || modrm >> 6 == 3)
		return -EINVAL;		/* not a memory write we emulate */
	if (lock && f->op == PW_MOV)
		return -EINVAL;		/* #UD on hardware */

	insn.op = f->op;
	insn.width = f->byte ? 1 : rex & REX_W ? 8 : 4;
	insn.lock = lock || f->op == PW_XCHG;
	bits = insn.width * 8;
	reg = (((unsigned int)modrm >> 3) & 7) | (rex & REX_R ? 8 : 0);

	if (decode_ea(&c, (unsigned int)modrm, rex, r, &ea, &riprel))
		return -EINVAL;
	if (f->src == SRC_IMM8 && fetch(&c, 1, &imm))
		return -EINVAL;
	if (f->src == SRC_IMM32 && fetch(&c, 4, &imm))
		return -EINVAL;
	insn.len = (unsigned int)c.pos;
	if (riprel)
		ea += r->rip + insn.len;

	if (f->src == SRC_REG) {
		insn.src_is_reg = true;
		insn.src_high8 = f->byte && !rex && reg >= 4;
		insn.src_reg = insn.src_high8 ? reg - 4 : reg;
		if (is_bt(f->op)) {
			/* The register is a signed bit offset from ea. */
			uint64_t off = sext(r->gpr[reg], bits);

			ea += sar(off, bits == 64 ? 6 : 5) * insn.width;
		}
	} else if (is_bt(f->op)) {
		insn.imm = imm & (bits - 1);
	} else {
		insn.imm = sext(imm, f->src == SRC_IMM8 ? 8 : 32) &
			   width_mask(insn.width);
	}

	insn.linear = seg + ea;
	if ((insn.linear & 7) + insn.width > 8)
		return -EINVAL;		/* straddles two entries */
	*out = insn;
	return 0;
}

static bool parity_even(uint64_t v)
{
	v &= 0xff;
	v ^= v >> 4;
	v ^= v >> 2;
	v ^= v >> 1;
	return !(v & 1);
}

/* ZF, SF and PF of a @width-byte result. */
static uint64_t result_flags(uint64_t res, unsigned int width)
{
	uint64_t fl = 0;

	if (!res)
		fl |= PTE_FL_ZF;
	if ((res >> (8 * width - 1)) & 1)
		fl |= PTE_FL_SF;
	if (parity_even(res))
		fl |= PTE_FL_PF;
	return fl;
}

/* The arithmetic flags of cmp @b, @a (that is, @a - @b), both in range. */
static uint64_t cmp_flags(uint64_t a, uint64_t b, unsigned int width)
{
	uint64_t res = (a - b) & width_mask(width);
	uint64_t fl = result_flags(res, width);

	if (a < b)
		fl |= PTE_FL_CF;
	if ((a ^ b ^ res) & 0x10)
		fl |= PTE_FL_AF;
	if ((((a ^ b) & (a ^ res)) >> (8 * width - 1)) & 1)
		fl |= PTE_FL_OF;
	return fl;
}

static uint64_t reg_get(const struct pte_regs *r, unsigned int n, bool high8)
{
	return high8 ? r->gpr[n] >> 8 : r->gpr[n];
}

/* Writes a @width-byte result the way the hardware does. */
static void reg_put(struct pte_regs *r, unsigned int n, bool high8,
		    unsigned int width, uint64_t v)
{
	if (width == 8)
		r->gpr[n] = v;
	else if (width == 4)
		r->gpr[n] = v & 0xffffffff;
	else if (high8)
		r->gpr[n] = (r->gpr[n] & ~0xff00ULL) | (v & 0xff) << 8;
	else
		r->gpr[n] = (r->gpr[n] & ~0xffULL) | (v & 0xff);
}

static bool insn_valid(const struct pte_write_insn *in)
{
	if (in->width != 1 && in->width != 4 && in->width != 8)
		return false;
	if ((in->linear & 7) + in->width > 8 || in->len < 2 ||
	    in->len > PTE_INSN_MAX || in->op > PW_BTC)
		return false;
	if (in->src_is_reg &&
	    (in->src_reg > 15 || (in->src_high8 && (in->width != 1 || in->src_reg > 3))))
		return false;
	if (!in->src_is_reg && (in->op == PW_XCHG || in->op == PW_CMPXCHG))
		return false;
	return !is_bt(in->op) || in->width != 1;
}

int pte_apply(const struct pte_write_insn *in, uint64_t old_val,
	      const struct pte_regs *r, uint64_t *new_val,
	      uint64_t *regs_update_mask, struct pte_regs *r_out)
{
	struct pte_regs out;
	unsigned int shift, width = in->width;
	uint64_t mask, dst, src, res, bit, upd = PTE_UPD_RIP;
	uint64_t fl = 0, fl_mask = 0;

	if (!insn_valid(in))
		return -EINVAL;
	out = *r;
	shift = (unsigned int)(in->linear & 7) * 8;
	mask = width_mask(width);
	dst = (old_val >> shift) & mask;
	src = (in->src_is_reg ? reg_get(r, in->src_reg, in->src_high8) : in->imm) & mask;

	switch (in->op) {
	case PW_MOV:
		res = src;
		break;
	case PW_XCHG:
		res = src;
		reg_put(&out, in->src_reg, in->src_high8, width, dst);
		upd |= PTE_UPD_GPR(in->src_reg);
		break;
	case PW_CMPXCHG:
		fl = cmp_flags(r->gpr[PTE_RAX] & mask, dst, width);
		fl_mask = PTE_FL_ARITH;
		if ((r->gpr[PTE_RAX] & mask) == dst) {
			res = src;
		} else {
			/* Failure loads the accumulator; a 4-byte one zero-extends. */
			res = dst;
			reg_put(&out, PTE_RAX, false, width, dst);
			upd |= PTE_UPD_GPR(PTE_RAX);
		}
		break;
	case PW_AND:
	case PW_OR:
	case PW_XOR:
		res = in->op == PW_AND ? dst & src :
		      in->op == PW_OR ? dst | src : dst ^ src;
		fl = result_flags(res, width);	/* AF is undefined: cleared */
		fl_mask = PTE_FL_ARITH;
		break;
	default:	/* bt*: the other flags are left as they were */
		bit = 1ULL << (src & (8 * width - 1));
		res = in->op == PW_BTS ? dst | bit :
		      in->op == PW_BTR ? dst & ~bit : dst ^ bit;
		fl = dst & bit ? PTE_FL_CF : 0;
		fl_mask = PTE_FL_CF;
		break;
	}

	if (fl_mask) {
		out.rflags = (r->rflags & ~fl_mask) | fl;
		upd |= PTE_UPD_RFLAGS;
	}
	out.rip = r->rip + in->len;
	*new_val = (old_val & ~(mask << shift)) | (res << shift);
	*regs_update_mask = upd;
	*r_out = out;
	return 0;
}
