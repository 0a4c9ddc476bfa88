//! The classic hand-worked backpropagation example, computed by constnet.
//!
//! ```text
//! x = (1, 2)          input
//! z1 = w11·x1 + w12·x2        Dense<2, 1> without bias, w = (0.5, −1.5)
//! z2 = w2·z1 + b2             Dense<1, 1>, w2 = 0.2, b2 = 0.3
//! y  = σ(z2)                  Sigmoid
//! L  = ½(y − t)²              t = 3, learning rate η = 0.01
//! ```
//!
//! Forward:
//!
//! ```text
//! z1 = 0.5·1 + (−1.5)·2           = −2.5
//! z2 = 0.2·(−2.5) + 0.3           = −0.2
//! y  = 1 / (1 + e^{0.2})          = 0.450166
//! L  = ½(0.450166 − 3)²           = 3.25083
//! ```
//!
//! Backward, one link of the chain rule at a time:
//!
//! ```text
//! ∂L/∂y   = y − t                         = −2.54983
//! ∂L/∂z2  = ∂L/∂y · σ'(z2) = ∂L/∂y · y(1 − y)  = −2.54983 · 0.247517 = −0.631126
//! ∂L/∂w2  = ∂L/∂z2 · ∂z2/∂w2 = ∂L/∂z2 · z1    = −0.631126 · (−2.5)   =  1.57782
//! ∂L/∂b2  = ∂L/∂z2 · ∂z2/∂b2 = ∂L/∂z2 · 1     = −0.631126
//! ∂L/∂z1  = ∂L/∂z2 · ∂z2/∂z1 = ∂L/∂z2 · w2    = −0.631126 · 0.2      = −0.126225
//! ∂L/∂w11 = ∂L/∂z1 · x1                        = −0.126225
//! ∂L/∂w12 = ∂L/∂z1 · x2                        = −0.252450
//! ```
//!
//! One gradient-descent step, θ' = θ − η·∂L/∂θ:
//!
//! ```text
//! w11' = 0.5 − 0.01·(−0.126225)  =  0.501262
//! w12' = −1.5 − 0.01·(−0.252450) = −1.49748
//! w2'  = 0.2 − 0.01·1.57782      =  0.184222
//! b2'  = 0.3 − 0.01·(−0.631126)  =  0.306311
//! ```
//!
//! The program computes every value with the library's forward and backward passes, layer by
//! layer, checks each against the closed forms above (in f64) and against the whole network's
//! backward, and prints them.
//!
//! Run: `cargo run --example backprop_by_hand`

use constnet::nalgebra::SMatrix;
use constnet::optim::{Optimizer, Sgd};
use constnet::prelude::*;

/// `v` with 6 significant digits.
fn sig6(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let magnitude = v.abs().log10().floor() as i32;
    let decimals = (5 - magnitude).max(0) as usize;
    format!("{v:.decimals$}")
}

fn show(name: &str, value: f64, expected: f64) {
    assert!(
        (value - expected).abs() <= 1e-12 * expected.abs().max(1.0),
        "{name}: library {value}, chain rule by hand {expected}"
    );
    println!("{name} = {}", sig6(value));
}

fn main() {
    let mut l1 = DenseNoBias::<2, 1, f64>::from_rows([[0.5, -1.5]]);
    let mut l2 = Dense::<1, 1, f64>::from_rows([[0.2]], [0.3]);
    let mut act = Sigmoid;
    let x = SMatrix::<f64, 2, 1>::new(1.0, 2.0);
    let t = SMatrix::<f64, 1, 1>::new(3.0);
    let lr = 0.01;

    // Forward, layer by layer, keeping each layer's tape.
    let (z1, tape1) = l1.forward_train(&x);
    let (z2, tape2) = l2.forward_train(&z1);
    let (y, tape3) = act.forward_train(&z2);
    let loss = HalfSquaredError.value(&y, &t);

    // Backward, layer by layer.
    let dl_dy = HalfSquaredError.gradient(&y, &t);
    let mut g_act = act.zero_gradients::<f64>();
    let dl_dz2 = act.backward(&tape3, &dl_dy, &mut g_act);
    let mut g2 = l2.zero_gradients();
    let dl_dz1 = l2.backward(&tape2, &dl_dz2, &mut g2);
    let mut g1 = l1.zero_gradients();
    let _dl_dx = l1.backward(&tape1, &dl_dz1, &mut g1);

    // The same values by hand.
    let h_z1: f64 = 0.5 * 1.0 + (-1.5) * 2.0;
    let h_z2 = 0.2 * h_z1 + 0.3;
    let h_y = 1.0 / (1.0 + (-h_z2).exp());
    let h_loss = 0.5 * (h_y - 3.0) * (h_y - 3.0);
    let h_dy = h_y - 3.0;
    let h_dz2 = h_dy * h_y * (1.0 - h_y);
    let h_dz1 = h_dz2 * 0.2;

    show("z1", z1[0], h_z1);
    show("z2", z2[0], h_z2);
    show("y", y[0], h_y);
    show("loss", loss, h_loss);
    show("dL/dy", dl_dy[0], h_dy);
    show("dL/dz2", dl_dz2[0], h_dz2);
    show("dL/dw2", g2.as_network().weights()[0], h_dz2 * h_z1);
    show("dL/db2", g2.as_network().bias()[0], h_dz2);
    show("dL/dz1", dl_dz1[0], h_dz1);
    show("dL/dw11", g1.as_network().weights()[0], h_dz1 * 1.0);
    show("dL/dw12", g1.as_network().weights()[1], h_dz1 * 2.0);

    // The whole network gives the same gradients in one backward pass.
    let mut net = (l1, l2, act);
    let mut grads = net.zero_gradients();
    let whole = net.backprop(&HalfSquaredError, &x, &t, &mut grads);
    assert_eq!(whole, loss);
    assert_eq!(grads.as_network().0, *g1.as_network());
    assert_eq!(grads.as_network().1, *g2.as_network());

    // One step of plain gradient descent.
    let mut sgd = Sgd::with_lr(&net, lr);
    sgd.step(&mut net, &grads);
    let [[w11, w12]] = net.0.weight_rows();
    show("w11'", w11, 0.5 - lr * h_dz1 * 1.0);
    show("w12'", w12, -1.5 - lr * h_dz1 * 2.0);
    show("w2'", net.1.weights()[0], 0.2 - lr * h_dz2 * h_z1);
    show("b2'", net.1.bias()[0], 0.3 - lr * h_dz2);
}
