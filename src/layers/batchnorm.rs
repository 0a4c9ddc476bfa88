//! Batch normalisation over the features of dense layers.

use core::fmt;

use nalgebra::{ArrayStorage, Const, SMatrix, SVector};

use crate::io::write_values;
use crate::layer::{
    Blank, Fingerprint, Layer, Module, Params, Signature, TensorInfo, TensorKind, Zeroed,
};
use crate::shape::{same_type, FeatureArray, Width};
use crate::Scalar;

/// Batch normalisation of `N` features, PyTorch's `nn.BatchNorm1d(N)` on `(batch, N)` inputs.
///
/// Training forward (per feature, over the `B` samples of the batch):
///
/// ```text
/// μ = Σx/B,   σ² = Σ(x − μ)²/B                 (biased variance, used to normalise)
/// x̂ = (x − μ)/√(σ² + ε),   y = γx̂ + β
/// running_mean ← (1 − m)·running_mean + m·μ
/// running_var  ← (1 − m)·running_var  + m·σ²·B/(B − 1)   (unbiased estimate)
/// ```
///
/// Inference forward uses the running estimates in place of `μ` and `σ²`. Defaults: `m = 0.1`,
/// `ε = 1e-5`, `γ = 1`, `β = 0`, running mean 0 and variance 1.
///
/// Backward of the training forward (`g = ∂L/∂y`):
///
/// ```text
/// ∂L/∂β = Σg,   ∂L/∂γ = Σ g·x̂
/// ∂L/∂x = γ/(B·√(σ² + ε)) · (B·g − Σg − x̂·Σ g·x̂)
/// ```
///
/// and of the inference forward, `∂L/∂x = g·γ/√(running_var + ε)`.
///
/// With a batch of one sample, training normalises every value to 0 (`y = β`) and the unbiased
/// variance is undefined: the running statistics are then left unchanged. PyTorch rejects such a
/// batch; train with `B ≥ 2`.
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use nalgebra::SMatrix;
///
/// let mut bn = BatchNorm::<2>::new();
/// let x = SMatrix::<f32, 2, 4>::new(1.0, 2.0, 3.0, 4.0, 10.0, 10.0, 20.0, 20.0);
/// let (y, _tape) = bn.forward_train(&x);
/// assert!(y.row(0).sum().abs() < 1e-5); // zero mean per feature
/// assert!((bn.running_mean()[1] - 1.5).abs() < 1e-5); // 0.9·0 + 0.1·15
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatchNorm<const N: usize, T = f32> {
    gamma: SVector<T, N>,
    beta: SVector<T, N>,
    running_mean: SVector<T, N>,
    running_var: SVector<T, N>,
    momentum: f64,
    eps: f64,
}

impl<T: Scalar, const N: usize> BatchNorm<N, T> {
    /// Number of trainable scalars, `2N` (γ and β).
    pub const PARAMS: usize = 2 * N;

    /// PyTorch's defaults: momentum `0.1`, `ε = 1e-5`, `γ = 1`, `β = 0`, running statistics 0 and 1.
    pub fn new() -> Self {
        Self::with_options(0.1, 1e-5)
    }

    /// With the given momentum of the running estimates and `ε`.
    pub fn with_options(momentum: f64, eps: f64) -> Self {
        Self {
            gamma: SVector::repeat(T::one()),
            beta: SVector::zeros(),
            running_mean: SVector::zeros(),
            running_var: SVector::repeat(T::one()),
            momentum,
            eps,
        }
    }

    /// A layer from its parts: γ, β, running mean and running variance (PyTorch's `weight`,
    /// `bias`, `running_mean`, `running_var`), momentum and ε. `const`, for `static` networks.
    ///
    /// Arrays of another length or scalar are a compile error that names the sizes.
    pub const fn from_parts<G, Bt, M, V>(
        gamma: G,
        beta: Bt,
        running_mean: M,
        running_var: V,
        momentum: f64,
        eps: f64,
    ) -> Self
    where
        G: FeatureArray<T, N>,
        Bt: FeatureArray<T, N>,
        M: FeatureArray<T, N>,
        V: FeatureArray<T, N>,
    {
        let gamma: [T; N] = same_type(gamma);
        let beta: [T; N] = same_type(beta);
        let running_mean: [T; N] = same_type(running_mean);
        let running_var: [T; N] = same_type(running_var);
        Self {
            gamma: SVector::from_array_storage(ArrayStorage([gamma])),
            beta: SVector::from_array_storage(ArrayStorage([beta])),
            running_mean: SVector::from_array_storage(ArrayStorage([running_mean])),
            running_var: SVector::from_array_storage(ArrayStorage([running_var])),
            momentum,
            eps,
        }
    }

    /// `ε`, added to the variance before its square root.
    pub fn eps(&self) -> f64 {
        self.eps
    }

    /// γ, the learned scale.
    pub fn gamma(&self) -> &SVector<T, N> {
        &self.gamma
    }

    /// γ, mutable.
    pub fn gamma_mut(&mut self) -> &mut SVector<T, N> {
        &mut self.gamma
    }

    /// β, the learned shift.
    pub fn beta(&self) -> &SVector<T, N> {
        &self.beta
    }

    /// β, mutable.
    pub fn beta_mut(&mut self) -> &mut SVector<T, N> {
        &mut self.beta
    }

    /// The running mean used at inference.
    pub fn running_mean(&self) -> &SVector<T, N> {
        &self.running_mean
    }

    /// The running mean, mutable (e.g. to load trained statistics).
    pub fn running_mean_mut(&mut self) -> &mut SVector<T, N> {
        &mut self.running_mean
    }

    /// The running (unbiased) variance used at inference.
    pub fn running_var(&self) -> &SVector<T, N> {
        &self.running_var
    }

    /// The running variance, mutable.
    pub fn running_var_mut(&mut self) -> &mut SVector<T, N> {
        &mut self.running_var
    }

    fn eval_scale(&self) -> SVector<T, N> {
        let eps = T::cast_f64(self.eps);
        self.running_var.map(|v| T::one() / (v + eps).sqrt())
    }
}

impl<T: Scalar, const N: usize> Zeroed for BatchNorm<N, T> {
    fn zeroed() -> Self {
        Self::new()
    }
}

impl<T: Scalar, const N: usize> Default for BatchNorm<N, T> {
    fn default() -> Self {
        Self::new()
    }
}

/// What backward needs: `x̂`, `1/√(σ² + ε)` per feature, and whether it came from training.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatchNormCache<T, const N: usize, const B: usize> {
    x_hat: SMatrix<T, N, B>,
    inv_std: SVector<T, N>,
    training: bool,
}

impl<T: Scalar, const N: usize, const B: usize> Blank for BatchNormCache<T, N, B> {
    fn blank() -> Self {
        Self {
            x_hat: SMatrix::zeros(),
            inv_std: SVector::zeros(),
            training: false,
        }
    }
}

impl<const N: usize, T: Scalar> Signature for BatchNorm<N, T> {
    type In = Const<N>;
    type OutputFor<W: Width> = Const<N>;
    type Scalar = T;
}

impl<const N: usize, T> Module for BatchNorm<N, T> {
    fn describe(h: &mut Fingerprint) {
        h.write_str("BatchNorm");
        h.write_usize(N);
    }
}

impl<T: Scalar, const N: usize> Params<T> for BatchNorm<N, T> {
    const PARAMS: usize = 2 * N;
    const TENSORS: usize = 2;

    fn tensor(&self, i: usize) -> &[T] {
        match i {
            0 => self.gamma.as_slice(),
            1 => self.beta.as_slice(),
            _ => panic!("BatchNorm has 2 parameter tensors"),
        }
    }

    fn tensor_mut(&mut self, i: usize) -> &mut [T] {
        match i {
            0 => self.gamma.as_mut_slice(),
            1 => self.beta.as_mut_slice(),
            _ => panic!("BatchNorm has 2 parameter tensors"),
        }
    }

    fn tensor_info(i: usize) -> TensorInfo {
        let kind = match i {
            0 => TensorKind::Scale,
            1 => TensorKind::Shift,
            _ => panic!("BatchNorm has 2 parameter tensors"),
        };
        TensorInfo {
            rows: N,
            cols: 1,
            kind,
            fan_in: N,
            fan_out: N,
        }
    }

    const BUFFERS: usize = 2;
    const BUFFER_SCALARS: usize = 2 * N;

    fn buffer(&self, i: usize) -> &[T] {
        match i {
            0 => self.running_mean.as_slice(),
            1 => self.running_var.as_slice(),
            _ => panic!("BatchNorm has 2 buffers"),
        }
    }

    fn buffer_mut(&mut self, i: usize) -> &mut [T] {
        match i {
            0 => self.running_mean.as_mut_slice(),
            1 => self.running_var.as_mut_slice(),
            _ => panic!("BatchNorm has 2 buffers"),
        }
    }

    fn buffer_name(i: usize, out: &mut dyn fmt::Write) -> fmt::Result {
        match i {
            0 => out.write_str("running_mean"),
            1 => out.write_str("running_var"),
            _ => panic!("BatchNorm has 2 buffers"),
        }
    }

    fn write_rust(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        write!(out, "constnet::BatchNorm::<{N}, {}>::from_parts(", T::NAME)?;
        for v in [
            &self.gamma,
            &self.beta,
            &self.running_mean,
            &self.running_var,
        ] {
            write_values(out, v.as_slice())?;
            out.write_str(", ")?;
        }
        write!(out, "{:?}, {:?})", self.momentum, self.eps)
    }
}

impl<T: Scalar, const N: usize> Layer<T, N> for BatchNorm<N, T> {
    type Cache<const B: usize> = BatchNormCache<T, N, B>;
    type State = ();

    fn layer_forward<const B: usize>(&self, x: &SMatrix<T, N, B>) -> SMatrix<T, N, B> {
        let mut y = *x;
        self.layer_forward_tape(x, &mut y, &mut BatchNormCache::blank());
        y
    }

    fn layer_forward_train<const B: usize>(
        &mut self,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
        cache: &mut BatchNormCache<T, N, B>,
    ) {
        let n = T::cast_f64(B as f64);
        let eps = T::cast_f64(self.eps);
        let m = T::cast_f64(self.momentum);
        let keep = T::cast_f64(1.0 - self.momentum);
        let BatchNormCache {
            x_hat,
            inv_std,
            training,
        } = cache;
        *training = true;
        for f in 0..N {
            let row = x.row(f);
            let mean = row.sum() / n;
            let ss = row.fold(T::zero(), |acc, v| acc + (v - mean) * (v - mean));
            let var = ss / n;
            let unbiased = ss / T::cast_f64(B.max(2) as f64 - 1.0);
            let inv = T::one() / (var + eps).sqrt();
            inv_std[f] = inv;
            for j in 0..B {
                let h = (x[(f, j)] - mean) * inv;
                x_hat[(f, j)] = h;
                y[(f, j)] = self.gamma[f] * h + self.beta[f];
            }
            if B > 1 {
                self.running_mean[f] = keep * self.running_mean[f] + m * mean;
                self.running_var[f] = keep * self.running_var[f] + m * unbiased;
            }
        }
    }

    fn layer_forward_tape<const B: usize>(
        &self,
        x: &SMatrix<T, N, B>,
        y: &mut SMatrix<T, N, B>,
        cache: &mut BatchNormCache<T, N, B>,
    ) {
        let inv_std = self.eval_scale();
        cache.inv_std = inv_std;
        cache.training = false;
        let x_hat = &mut cache.x_hat;
        for f in 0..N {
            for j in 0..B {
                let h = (x[(f, j)] - self.running_mean[f]) * inv_std[f];
                x_hat[(f, j)] = h;
                y[(f, j)] = self.gamma[f] * h + self.beta[f];
            }
        }
    }

    fn layer_backward<const B: usize>(
        &self,
        _x: &SMatrix<T, N, B>,
        _y: &SMatrix<T, N, B>,
        cache: &BatchNormCache<T, N, B>,
        dy: &SMatrix<T, N, B>,
        grads: &mut Self,
    ) -> SMatrix<T, N, B> {
        let n = T::cast_f64(B as f64);
        let mut dx = *dy;
        for f in 0..N {
            let mut sum_g = T::zero();
            let mut sum_gx = T::zero();
            for j in 0..B {
                sum_g += dy[(f, j)];
                sum_gx += dy[(f, j)] * cache.x_hat[(f, j)];
            }
            grads.beta[f] += sum_g;
            grads.gamma[f] += sum_gx;
            let k = self.gamma[f] * cache.inv_std[f];
            for j in 0..B {
                dx[(f, j)] = if cache.training {
                    k / n * (n * dy[(f, j)] - sum_g - cache.x_hat[(f, j)] * sum_gx)
                } else {
                    k * dy[(f, j)]
                };
            }
        }
        dx
    }
}
