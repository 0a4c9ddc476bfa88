//! Gradient clipping, as `torch.nn.utils.clip_grad_value_` and `clip_grad_norm_`.

use crate::layer::{AnyGradients, Params};
use crate::Scalar;

/// Clamps every gradient to `[−clip, clip]` (`clip_grad_value_`).
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use constnet::optim::clip_grad_value;
///
/// let net = Dense::<1, 1>::from_rows([[3.0]], [-4.0]);
/// let mut grads = net.zero_gradients();
/// *grads.as_network_mut() = net;
/// clip_grad_value(&mut grads, 1.0);
/// assert_eq!(grads.as_network().weight_rows(), [[1.0]]);
/// assert_eq!(grads.as_network().bias_array(), [-1.0]);
/// ```
pub fn clip_grad_value<T, G>(grads: &mut G, clip: f64)
where
    T: Scalar,
    G: AnyGradients,
    G::Network: Params<T>,
{
    let grads = grads.gradients_mut();
    let c = T::cast_f64(clip);
    for i in 0..<G::Network as Params<T>>::TENSORS {
        for g in grads.as_network_mut().tensor_mut(i) {
            *g = g.clamp(-c, c);
        }
    }
}

/// Scales all gradients so that their global Euclidean norm is at most `max_norm`, and returns the
/// norm before clipping (`clip_grad_norm_`, whose rule this follows exactly: the gradients are
/// multiplied by `min(1, max_norm / (norm + 1e-6))`).
///
/// A non-finite norm (a NaN or infinite gradient) is returned as is; the gradients are then
/// multiplied by a NaN or zero factor, as in PyTorch — check the returned norm.
///
/// # Examples
///
/// ```
/// use constnet::prelude::*;
/// use constnet::optim::clip_grad_norm;
///
/// let net = Dense::<1, 1, f64>::from_rows([[3.0]], [4.0]);
/// let mut grads = net.zero_gradients();
/// *grads.as_network_mut() = net;
/// let norm = clip_grad_norm(&mut grads, 1.0);
/// assert_eq!(norm, 5.0);
/// assert!((grads.norm::<f64>() - 1.0).abs() < 1e-6);
/// ```
pub fn clip_grad_norm<T, G>(grads: &mut G, max_norm: f64) -> T
where
    T: Scalar,
    G: AnyGradients,
    G::Network: Params<T>,
{
    let grads = grads.gradients_mut();
    let norm = grads.norm();
    let coef = T::cast_f64(max_norm) / (norm + T::cast_f64(1e-6));
    // `min` would drop a NaN; keep it, as PyTorch's clamp does.
    let coef = if coef > T::one() { T::one() } else { coef };
    for i in 0..<G::Network as Params<T>>::TENSORS {
        for g in grads.as_network_mut().tensor_mut(i) {
            *g *= coef;
        }
    }
    norm
}
