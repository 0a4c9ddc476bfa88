//! The int8 dot products behind [`QDense`](super::QDense): a portable kernel, the reference,
//! and on cores with the Armv7E-M DSP extension (Cortex-M4, M7, M33 with DSP) one that uses its
//! dual 16-bit multiply-accumulate.
//!
//! The DSP kernel reads four int8 weights and four int8 inputs as one word each, sign-extends
//! the even and the odd bytes of each into two pairs of 16-bit lanes (`SXTB16`, `SXTB16 … ROR
//! #8`) and accumulates two products per instruction (`SMLAD`), four output rows at a time so
//! that each input word is expanded once for all four. What that gives per multiply-accumulate is
//! the AD01 row of FOOTPRINT.md (`bash examples/cortex-m/footprint.sh`). `SMLAD` wraps modulo 2³² as the portable
//! kernel's `wrapping_add` does (its products of sign-extended bytes cannot overflow), so both
//! give the same integer; the firmware under QEMU checks it (`tests/firmware.rs`: the Cortex-M4
//! runs this kernel, the thumbv6m build and the host the portable one, and their outputs are
//! compared bit for bit).

/// `Σ w[j]·x[j]` in wrapping 32-bit arithmetic.
#[inline(always)]
pub(crate) fn dot<const I: usize>(w: &[i8; I], x: &[i8; I]) -> i32 {
    let mut acc = 0i32;
    for (&a, &b) in w.iter().zip(x) {
        acc = acc.wrapping_add(a as i32 * b as i32);
    }
    acc
}

/// Four consecutive rows against one input: `[Σ w[k]·x; 4]`.
#[cfg(constnet_dsp)]
#[inline(always)]
pub(crate) fn dot4<const I: usize>(w: &[[i8; I]], x: &[i8; I]) -> [i32; 4] {
    dsp::dot4(w, x)
}

#[cfg(constnet_dsp)]
#[allow(unsafe_code)]
mod dsp {
    use core::arch::asm;

    /// Four bytes as a little-endian word (one unaligned load on Armv7-M).
    #[inline(always)]
    fn word(b: &[i8]) -> u32 {
        u32::from_le_bytes([b[0] as u8, b[1] as u8, b[2] as u8, b[3] as u8])
    }

    /// Bytes 0 and 2 sign-extended into the low and high halfwords.
    #[inline(always)]
    fn even(x: u32) -> u32 {
        let r;
        // SAFETY: a register-to-register instruction of the DSP extension (present: the cfg),
        // no memory, no stack, no flags.
        unsafe {
            asm!("sxtb16 {r}, {x}", r = lateout(reg) r, x = in(reg) x,
                 options(pure, nomem, nostack, preserves_flags));
        }
        r
    }

    /// Bytes 1 and 3 sign-extended into the low and high halfwords.
    #[inline(always)]
    fn odd(x: u32) -> u32 {
        let r;
        // SAFETY: as for `even`.
        unsafe {
            asm!("sxtb16 {r}, {x}, ror #8", r = lateout(reg) r, x = in(reg) x,
                 options(pure, nomem, nostack, preserves_flags));
        }
        r
    }

    /// `acc + a.lo·b.lo + a.hi·b.hi` (signed halfwords), wrapping.
    #[inline(always)]
    fn smlad(a: u32, b: u32, acc: i32) -> i32 {
        let r;
        // SAFETY: a register-to-register instruction of the DSP extension; it may set the
        // sticky Q flag, which nothing here reads (so no `preserves_flags`).
        unsafe {
            asm!("smlad {r}, {a}, {b}, {acc}", r = lateout(reg) r, a = in(reg) a, b = in(reg) b,
                 acc = in(reg) acc, options(pure, nomem, nostack));
        }
        r
    }

    /// One block of four inputs for the four rows: the input word loaded and expanded once, then
    /// per row one weight word (rows 1 to 3 at constant offsets from row 0's, whose load
    /// advances the pointer), two `SXTB16` and two `SMLAD`: 23 instructions for 16
    /// multiply-accumulates.
    macro_rules! block {
        () => {
            concat!(
                "ldr {xw}, [{xp}], #4\n",
                "sxtb16 {xo}, {xw}, ror #8\n",
                "sxtb16 {xw}, {xw}\n",
                "ldr {a}, [{wp}, #{r1}]\n",
                "sxtb16 {b}, {a}, ror #8\n",
                "sxtb16 {a}, {a}\n",
                "smlad {s1}, {a}, {xw}, {s1}\n",
                "smlad {s1}, {b}, {xo}, {s1}\n",
                "ldr {a}, [{wp}, #{r2}]\n",
                "sxtb16 {b}, {a}, ror #8\n",
                "sxtb16 {a}, {a}\n",
                "smlad {s2}, {a}, {xw}, {s2}\n",
                "smlad {s2}, {b}, {xo}, {s2}\n",
                "ldr {a}, [{wp}, #{r3}]\n",
                "sxtb16 {b}, {a}, ror #8\n",
                "sxtb16 {a}, {a}\n",
                "smlad {s3}, {a}, {xw}, {s3}\n",
                "smlad {s3}, {b}, {xo}, {s3}\n",
                "ldr {a}, [{wp}], #4\n",
                "sxtb16 {b}, {a}, ror #8\n",
                "sxtb16 {a}, {a}\n",
                "smlad {s0}, {a}, {xw}, {s0}\n",
                "smlad {s0}, {b}, {xo}, {s0}\n",
            )
        };
    }

    /// The loop over the blocks, written out so that every value stays in a register: a pointer
    /// for the input, one for row 0 (rows 1 to 3 at constant offsets), the four sums and four
    /// temporaries. Two blocks per iteration where the block count is even (48 instructions for
    /// 32 multiply-accumulates), else one (25 for 16). The same loop from the intrinsics
    /// (`blocks4_intrinsics`) compiled at opt-level "s" with a pointer per row and two spills
    /// (`llvm-objdump -d` of the `ad01` firmware before this loop; FOOTPRINT.md's AD01 row went
    /// from 2.34 to 1.98 instructions per multiply-accumulate).
    macro_rules! blocks {
        ($body:expr, $xp:ident, $wp:ident, $end:ident, $s:ident) => {
            // SAFETY: reads only: `x`'s first `I / 4` words, and the same words of the four
            // rows `w0 + k·I` (`k` = 0..3), which the caller passes as four consecutive
            // `[i8; I]` rows; `I ≥ 4` (and `I ≥ 8` for two blocks per iteration), so the loop,
            // which tests at its end, runs at least once and stops exactly at `end`. Unaligned
            // word loads are allowed on Armv7-M. `SXTB16` and `SMLAD` are DSP-extension
            // instructions (present: the cfg); `SMLAD` may set the sticky Q flag, which nothing
            // reads.
            unsafe {
                asm!(
                    "2:",
                    $body,
                    "cmp {xp}, {end}",
                    "bne 2b",
                    r1 = const I,
                    r2 = const 2 * I,
                    r3 = const 3 * I,
                    xp = inout(reg) $xp,
                    wp = inout(reg) $wp,
                    end = in(reg) $end,
                    s0 = inout(reg) $s[0],
                    s1 = inout(reg) $s[1],
                    s2 = inout(reg) $s[2],
                    s3 = inout(reg) $s[3],
                    xw = out(reg) _,
                    xo = out(reg) _,
                    a = out(reg) _,
                    b = out(reg) _,
                    options(nostack, readonly),
                );
            }
        };
    }

    /// The four rows' dot products over the first `I / 4 · 4` inputs (`I ≥ 4`, `3·I ≤ 4095`:
    /// the offsets are 12-bit immediates).
    #[inline(always)]
    fn blocks4<const I: usize>(w0: *const i8, x: &[i8; I]) -> [i32; 4] {
        let mut s = [0i32; 4];
        let mut xp = x.as_ptr();
        let mut wp = w0;
        // One past the last whole word of `x`.
        let end = x[I / 4 * 4..].as_ptr();
        if (I / 4) % 2 == 0 {
            blocks!(concat!(block!(), block!()), xp, wp, end, s);
        } else {
            blocks!(block!(), xp, wp, end, s);
        }
        let _ = (xp, wp);
        s
    }

    /// The four rows' dot products over the first `I / 4 · 4` inputs from the intrinsics above:
    /// the fallback for rows too long for the written-out loop's immediate offsets.
    #[inline(always)]
    fn blocks4_intrinsics<const I: usize>(w: [&[i8; I]; 4], x: &[i8; I]) -> [i32; 4] {
        let [w0, w1, w2, w3] = w;
        let rows = w0
            .chunks_exact(4)
            .zip(w1.chunks_exact(4))
            .zip(w2.chunks_exact(4))
            .zip(w3.chunks_exact(4));
        let [mut s0, mut s1, mut s2, mut s3] = [0i32; 4];
        // Written out: at opt-level "s" an inner loop over the rows is not unrolled.
        for (xc, (((a, b), c), d)) in x.chunks_exact(4).zip(rows) {
            let xw = word(xc);
            let (xe, xo) = (even(xw), odd(xw));
            let (wa, wb, wc, wd) = (word(a), word(b), word(c), word(d));
            s0 = smlad(odd(wa), xo, smlad(even(wa), xe, s0));
            s1 = smlad(odd(wb), xo, smlad(even(wb), xe, s1));
            s2 = smlad(odd(wc), xo, smlad(even(wc), xe, s2));
            s3 = smlad(odd(wd), xo, smlad(even(wd), xe, s3));
        }
        [s0, s1, s2, s3]
    }

    #[inline(always)]
    pub(super) fn dot4<const I: usize>(w: &[[i8; I]], x: &[i8; I]) -> [i32; 4] {
        let rows = [&w[0], &w[1], &w[2], &w[3]];
        // The written-out loop addresses rows 1 to 3 by a 12-bit immediate offset from row 0.
        let mut acc = if I >= 4 && 3 * I <= 4095 {
            // A pointer from the whole slice, whose four rows the loop reads.
            blocks4::<I>(w.as_ptr().cast(), x)
        } else {
            blocks4_intrinsics(rows, x)
        };
        for j in I / 4 * 4..I {
            for (k, row) in rows.into_iter().enumerate() {
                acc[k] = acc[k].wrapping_add(row[j] as i32 * x[j] as i32);
            }
        }
        acc
    }
}
