//! Explicit L1 and L2 penalties, added to the loss and its gradients.
//!
//! Coupled L2 weight decay is also available as `weight_decay` in [`SgdConfig`](super::SgdConfig),
//! [`AdamConfig`](super::AdamConfig) and the others, and decoupled weight decay as AdamW. These
//! functions are for an L1 penalty, or for reporting the penalised loss.

use crate::layer::{GradientsOf, Params, TensorKind};
use crate::Scalar;

/// Adds the L1 penalty `λ Σ|θ|` over the weight matrices to the gradients (`λ·sign(θ)`, with
/// `sign(0) = 0`) and returns the penalty's value, to add to the loss. Biases are not penalised.
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use constnet::optim::l1_penalty;
///
/// let net = Dense::<2, 1, f64>::from_rows([[0.5, -2.0]], [7.0]);
/// let mut grads = net.zero_gradients();
/// let penalty = l1_penalty(&net, &mut grads, 0.1);
/// assert!((penalty - 0.25).abs() < 1e-12);
/// assert_eq!(grads.as_network().weight_rows(), [[0.1, -0.1]]);
/// assert_eq!(grads.as_network().bias_array(), [0.0]);
/// ```
pub fn l1_penalty<T, N, G>(net: &N, grads: &mut G, lambda: f64) -> T
where
    T: Scalar,
    N: Params<T>,
    G: GradientsOf<N>,
{
    let grads = grads.gradients_mut();
    let l = T::cast_f64(lambda);
    let mut total = T::zero();
    for i in 0..N::TENSORS {
        if N::tensor_info(i).kind != TensorKind::Weight {
            continue;
        }
        let g = grads.as_network_mut().tensor_mut(i);
        for (k, &p) in net.tensor(i).iter().enumerate() {
            total += p.abs();
            if p > T::zero() {
                g[k] += l;
            } else if p < T::zero() {
                g[k] -= l;
            }
        }
    }
    total * l
}

/// Adds the L2 penalty `½λ Σθ²` over the weight matrices to the gradients (`λθ`) and returns its
/// value. Biases are not penalised.
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use constnet::optim::l2_penalty;
///
/// let net = Dense::<2, 1, f64>::from_rows([[1.0, -2.0]], [7.0]);
/// let mut grads = net.zero_gradients();
/// let penalty = l2_penalty(&net, &mut grads, 0.1);
/// assert!((penalty - 0.25).abs() < 1e-12);
/// assert_eq!(grads.as_network().weight_rows(), [[0.1, -0.2]]);
/// ```
pub fn l2_penalty<T, N, G>(net: &N, grads: &mut G, lambda: f64) -> T
where
    T: Scalar,
    N: Params<T>,
    G: GradientsOf<N>,
{
    let grads = grads.gradients_mut();
    let l = T::cast_f64(lambda);
    let mut total = T::zero();
    for i in 0..N::TENSORS {
        if N::tensor_info(i).kind != TensorKind::Weight {
            continue;
        }
        let g = grads.as_network_mut().tensor_mut(i);
        for (k, &p) in net.tensor(i).iter().enumerate() {
            total += p * p;
            g[k] += l * p;
        }
    }
    total * l * T::cast_f64(0.5)
}
