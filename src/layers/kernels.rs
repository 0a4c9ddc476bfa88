//! The dense layer's arithmetic on column-major slices: the loops an expert would write for tiny
//! fixed sizes, which LLVM vectorises (the sizes are constants).
//!
//! * forward, `Y = W X + b`: per sample, start from the bias and add each input's weight column
//!   scaled by that input (`y += x[i] · W[:, i]`, a broadcast multiply-add over contiguous
//!   outputs); a single output is a dot product with eight accumulators instead.
//! * backward: per sample, `∂L/∂b += dy`, `∂L/∂W[:, i] += x[i] · dy` (the same broadcast update)
//!   and `∂L/∂x[i] = W[:, i] · dy` (a dot product over contiguous outputs).

use nalgebra::{SMatrix, SVector};

use crate::Scalar;

/// `Σ a[k] b[k]` with eight independent accumulators, so that it vectorises without reassociating
/// a single sum.
#[inline(always)]
pub(crate) fn dot<T: Scalar>(a: &[T], b: &[T]) -> T {
    let mut acc = [T::zero(); 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    for (x, y) in ra.iter().zip(rb) {
        s += *x * *y;
    }
    s
}

/// `W X (+ b)`.
#[inline(always)]
pub(crate) fn affine<T: Scalar, const I: usize, const O: usize, const B: usize>(
    w: &SMatrix<T, O, I>,
    bias: Option<&SVector<T, O>>,
    x: &SMatrix<T, I, B>,
) -> SMatrix<T, O, B> {
    // Every column starts as the bias (or zero): one write, no separate zeroing.
    let mut y = match bias {
        Some(b) => SMatrix::<T, O, B>::from_fn(|r, _| b[r]),
        None => SMatrix::<T, O, B>::zeros(),
    };
    let ws = w.as_slice();
    for (yj, xj) in y
        .as_mut_slice()
        .chunks_exact_mut(O)
        .zip(x.as_slice().chunks_exact(I))
    {
        if O == 1 {
            yj[0] += dot(ws, xj);
        } else {
            for (&xi, wi) in xj.iter().zip(ws.chunks_exact(O)) {
                for (yo, &wo) in yj.iter_mut().zip(wi) {
                    *yo += xi * wo;
                }
            }
        }
    }
    y
}

/// Adds `dY Xᵀ` into `gw` and the row sums of `dY` into `gb`; returns `Wᵀ dY` when `want_dx`.
///
/// With fewer than eight outputs, rows are short: the weight gradient is accumulated transposed
/// (`∂L/∂Wᵀ[:, o] += dy[o] · x`, over contiguous inputs) and added back once. `Wᵀ dY` uses a
/// transposed copy of `W` (`dx += dy[o] · Wᵀ[:, o]`) for batches of four or more, or short rows;
/// otherwise one dot product per input.
#[inline(always)]
pub(crate) fn affine_backward<T: Scalar, const I: usize, const O: usize, const B: usize>(
    w: &SMatrix<T, O, I>,
    x: &SMatrix<T, I, B>,
    dy: &SMatrix<T, O, B>,
    gw: &mut SMatrix<T, O, I>,
    gb: Option<&mut SVector<T, O>>,
    want_dx: bool,
) -> Option<SMatrix<T, I, B>> {
    if let Some(gb) = gb {
        for dyj in dy.as_slice().chunks_exact(O) {
            for (g, &d) in gb.as_mut_slice().iter_mut().zip(dyj) {
                *g += d;
            }
        }
    }
    let xs = x.as_slice();
    let dys = dy.as_slice();
    if O < 8 {
        let mut gwt = SMatrix::<T, I, O>::zeros();
        for (dyj, xj) in dys.chunks_exact(O).zip(xs.chunks_exact(I)) {
            for (&d, gcol) in dyj.iter().zip(gwt.as_mut_slice().chunks_exact_mut(I)) {
                for (g, &xi) in gcol.iter_mut().zip(xj) {
                    *g += d * xi;
                }
            }
        }
        *gw += gwt.transpose();
    } else {
        let gws = gw.as_mut_slice();
        for (dyj, xj) in dys.chunks_exact(O).zip(xs.chunks_exact(I)) {
            for (&xi, gwi) in xj.iter().zip(gws.chunks_exact_mut(O)) {
                for (g, &d) in gwi.iter_mut().zip(dyj) {
                    *g += xi * d;
                }
            }
        }
    }
    if !want_dx {
        return None;
    }
    let mut dx = SMatrix::<T, I, B>::zeros();
    if B >= 4 || O < 8 {
        let wt = w.transpose();
        for (dxj, dyj) in dx
            .as_mut_slice()
            .chunks_exact_mut(I)
            .zip(dys.chunks_exact(O))
        {
            for (&d, wtcol) in dyj.iter().zip(wt.as_slice().chunks_exact(I)) {
                for (v, &wv) in dxj.iter_mut().zip(wtcol) {
                    *v += d * wv;
                }
            }
        }
    } else {
        let ws = w.as_slice();
        for (dxj, dyj) in dx
            .as_mut_slice()
            .chunks_exact_mut(I)
            .zip(dys.chunks_exact(O))
        {
            for (v, wi) in dxj.iter_mut().zip(ws.chunks_exact(O)) {
                *v = dot(wi, dyj);
            }
        }
    }
    Some(dx)
}
