/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writable page tables (hypervisor/lib/x86-pte-decode.c): a PV guest kernel
 * writes an entry straight into a page-table page it maps read-only, takes
 * a write-protection #PF, and the hypervisor completes the write for it.
 * pte_decode() turns the faulting instruction into a pte_write_insn;
 * pte_apply() says what it stores and how it changes the registers. No
 * hypervisor state and no hardware access: the caller reads the bytes and
 * the entry, validates the new entry and performs the write.
 *
 * Typical use in the #PF handler (64-bit guest kernel code only):
 *
 *	n = bytes copied from the guest at regs->rip (up to PTE_INSN_MAX)
 *	pte_decode(bytes, n, &r, fs_base, gs_base, &insn)	else bounce #PF
 *	insn.linear must be the address that faulted (cr2): another vCPU
 *	may have changed the bytes since the fault
 *	old = the 8-byte entry at insn.linear & ~7
 *	pte_apply(&insn, old, &r, &new, &mask, &r)
 *	validate and write new (if != old, compare-and-swap against old when
 *	insn.lock), then copy the registers named in mask back to the frame
 *
 * Forms (operand width 1, 4 or 8 bytes; the destination is always memory):
 *	mov   r, m	88 89		mov   $imm, m	C6 /0, C7 /0
 *	xchg  r, m	86 87 (always locked)
 *	cmpxchg r, m	0F B0, 0F B1 (accumulator: al/eax/rax)
 *	and/or/xor r, m	20 21 / 08 09 / 30 31
 *	and/or/xor $imm, m	80 81 83 /4 /1 /6 (83: imm8 sign-extended)
 *	bts/btr/btc r, m	0F AB / 0F B3 / 0F BB (width 4 or 8)
 *	bts/btr/btc $imm8, m	0F BA /5 /6 /7 (width 4 or 8)
 * Linux uses xchg (ptep_get_and_clear), lock andb (clear_bit, e.g.
 * ptep_set_wrprotect), lock btrq (test_and_clear_bit, young bits), lock
 * cmpxchg (try_cmpxchg loops) and mov (direct stores).
 *
 * Prefixes: REX (only directly before the opcode counts), F0 (LOCK; not
 * with mov), 64/65 (fs/gs base added; the last segment prefix wins),
 * 26/2E/36/3E (base 0). Rejected: 66 (16-bit operands), 67 (32-bit
 * addressing), F2/F3 (rep, HLE hints). Addressing: every ModRM/SIB form
 * except register-direct (mod 3), including RIP-relative and SIB without
 * base or index. The write must lie within one 8-byte entry
 * ((linear & 7) + width <= 8), else it is rejected.
 */
#ifndef HV_LIB_X86_PTE_DECODE_H
#define HV_LIB_X86_PTE_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PTE_INSN_MAX	15	/* the architectural instruction length limit */

/* The guest registers an instruction reads; gpr[] in x86 encoding order. */
enum pte_gpr {
	PTE_RAX, PTE_RCX, PTE_RDX, PTE_RBX, PTE_RSP, PTE_RBP, PTE_RSI, PTE_RDI,
	PTE_R8, PTE_R9, PTE_R10, PTE_R11, PTE_R12, PTE_R13, PTE_R14, PTE_R15,
};

struct pte_regs {
	uint64_t gpr[16];
	uint64_t rip;		/* of the faulting instruction */
	uint64_t rflags;
};

enum pte_write_op {
	PW_MOV,
	PW_XCHG,
	PW_CMPXCHG,
	PW_AND,
	PW_OR,
	PW_XOR,
	PW_BTS,
	PW_BTR,
	PW_BTC,
};

struct pte_write_insn {
	enum pte_write_op op;
	unsigned int width;	/* operand bytes: 1, 4 or 8 */
	bool lock;		/* F0 prefix, or xchg's implicit lock */
	unsigned int len;	/* instruction bytes, prefixes included */
	bool src_is_reg;	/* source is gpr[src_reg], else imm */
	unsigned int src_reg;	/* 0-15 */
	bool src_high8;		/* width 1 without REX: src_reg 0-3 means
				   ah, ch, dh, bh (bits 8-15 of gpr[src_reg]) */
	uint64_t imm;		/* immediate source, sign-extended to the
				   width and truncated to it; bt*: bit number,
				   already reduced modulo the width in bits */
	uint64_t linear;	/* address written: segment base + effective
				   address (bt* r, m: plus the register's
				   signed bit offset / bits * width) */
};

/*
 * Decodes the instruction at @bytes, of which @avail may be read (bytes
 * past PTE_INSN_MAX are never looked at), with the registers @r and the
 * fs/gs bases for 64/65 prefixes. 0 and *@out filled, or -EINVAL for
 * anything unsupported, malformed, truncated or not writing within one
 * 8-byte entry (the caller then bounces the #PF to the guest).
 */
int pte_decode(const uint8_t *bytes, size_t avail, const struct pte_regs *r,
	       uint64_t fs_base, uint64_t gs_base, struct pte_write_insn *out);

/* Bits of *regs_update_mask from pte_apply(). */
#define PTE_UPD_GPR(n)		(1ULL << (n))
#define PTE_UPD_RIP		(1ULL << 16)
#define PTE_UPD_RFLAGS		(1ULL << 17)

/* Arithmetic flags in rflags. */
#define PTE_FL_CF	0x001
#define PTE_FL_PF	0x004
#define PTE_FL_AF	0x010
#define PTE_FL_ZF	0x040
#define PTE_FL_SF	0x080
#define PTE_FL_OF	0x800
#define PTE_FL_ARITH	(PTE_FL_CF | PTE_FL_PF | PTE_FL_AF | PTE_FL_ZF | \
			 PTE_FL_SF | PTE_FL_OF)

/*
 * Executes @in on the 8-byte entry value @old_val (the aligned entry
 * holding in->linear; narrower writes merge into it at linear & 7):
 * *@new_val is the entry afterwards (== @old_val when nothing changes, as
 * for a failed cmpxchg). *@r_out (may be @r) gets @r with the instruction's
 * register effects, and *@regs_update_mask the PTE_UPD_* bits of what
 * changed: always rip (+ len); xchg: the source register; cmpxchg: rflags,
 * and the accumulator on failure; and/or/xor, bt*: rflags.
 * Register writes follow the hardware: 4-byte results zero-extend, 1-byte
 * results replace only their byte. Flags: cmpxchg as cmp acc, m; and/or/xor
 * CF = OF = AF = 0 with SF/ZF/PF from the result; bt*: CF = the old bit,
 * others unchanged. TF and RF are the caller's business.
 * -EINVAL if @in is not something pte_decode() can return.
 */
int pte_apply(const struct pte_write_insn *in, uint64_t old_val,
	      const struct pte_regs *r, uint64_t *new_val,
	      uint64_t *regs_update_mask, struct pte_regs *r_out);

#endif /* HV_LIB_X86_PTE_DECODE_H */
