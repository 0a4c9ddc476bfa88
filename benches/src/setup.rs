//! The three benchmarked networks, their data, and the same weights in both baselines.

use constnet::init::Init;
use constnet::nalgebra::SMatrix;
use constnet::prelude::*;
use constnet::TensorKind;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use crate::{expert, naive, tuned, Act};

/// A: 2-16-16-1, tanh, sigmoid output (MSE).
pub type NetA = (
    Dense<2, 16>,
    Tanh,
    Dense<16, 16>,
    Tanh,
    Dense<16, 1>,
    Sigmoid,
);
/// B: 8-32-32-4, ReLU, linear output (MSE).
pub type NetB = (Dense<8, 32>, ReLU, Dense<32, 32>, ReLU, Dense<32, 4>);
/// C: 64-64-64-10, ReLU, logits (cross-entropy).
pub type NetC = (Dense<64, 64>, ReLU, Dense<64, 64>, ReLU, Dense<64, 10>);

/// Seeded He-uniform weights and small random biases.
pub fn init<N: Params<f32> + Chained + Default>(seed: u64) -> N {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut net = N::default().initialized(Init::HeUniform, &mut rng);
    for i in 0..N::TENSORS {
        if N::tensor_info(i).kind == TensorKind::Bias {
            for b in net.tensor_mut(i) {
                *b = rng.random::<f32>() * 0.2 - 0.1;
            }
        }
    }
    net
}

/// A seeded batch: inputs, target vectors and class indices.
pub struct Data<const I: usize, const O: usize, const B: usize> {
    /// Inputs, one row per sample (the baselines' layout).
    pub xs: [[f32; I]; B],
    /// The same inputs, one column per sample (constnet's layout).
    pub x: SMatrix<f32, I, B>,
    /// Target vectors in `[0, 1]`.
    pub targets: [[f32; O]; B],
    /// The same, as a matrix.
    pub t: SMatrix<f32, O, B>,
    /// Class indices.
    pub classes: [usize; B],
}

/// A seeded batch of inputs and targets.
pub fn data<const I: usize, const O: usize, const B: usize>(seed: u64) -> Data<I, O, B> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let xs: [[f32; I]; B] =
        core::array::from_fn(|_| core::array::from_fn(|_| rng.random::<f32>() * 2.0 - 1.0));
    let targets: [[f32; O]; B] =
        core::array::from_fn(|_| core::array::from_fn(|_| rng.random::<f32>()));
    let classes: [usize; B] = core::array::from_fn(|_| rng.random_range(0..O));
    Data {
        x: SMatrix::from_fn(|r, c| xs[c][r]),
        t: SMatrix::from_fn(|r, c| targets[c][r]),
        xs,
        targets,
        classes,
    }
}

fn naive_layer<const I: usize, const O: usize>(d: &Dense<I, O>) -> naive::Layer<I, O> {
    naive::Layer {
        w: d.weight_rows(),
        b: d.bias_array(),
    }
}

/// A dense layer's weights input-major (`wt[i][o]`) and its bias: both column-wise baselines'
/// layout.
fn input_major<const I: usize, const O: usize>(d: &Dense<I, O>) -> ([[f32; O]; I], [f32; O]) {
    let rows = d.weight_rows();
    (
        core::array::from_fn(|i| core::array::from_fn(|o| rows[o][i])),
        d.bias_array(),
    )
}

fn tuned_layer<const I: usize, const O: usize>(d: &Dense<I, O>) -> tuned::Layer<I, O> {
    let (wt, b) = input_major(d);
    tuned::Layer { wt, b }
}

fn expert_layer<const I: usize, const O: usize>(d: &Dense<I, O>) -> expert::Layer<I, O> {
    let (wt, b) = input_major(d);
    expert::Layer { wt, b }
}

/// The three dense layers of a benchmarked network.
pub trait ThreeLayers<const I: usize, const H1: usize, const H2: usize, const O: usize> {
    /// The layers.
    fn layers(&self) -> (&Dense<I, H1>, &Dense<H1, H2>, &Dense<H2, O>);
    /// Hidden and output activations.
    const ACTS: (Act, Act);

    /// The same network, straightforward baseline.
    fn naive(&self) -> naive::Mlp<I, H1, H2, O> {
        let (a, b, c) = self.layers();
        naive::Mlp {
            l1: naive_layer(a),
            l2: naive_layer(b),
            l3: naive_layer(c),
            hidden: Self::ACTS.0,
            out: Self::ACTS.1,
        }
    }

    /// The same network, expert baseline.
    fn expert(&self) -> expert::Mlp<I, H1, H2, O> {
        let (a, b, c) = self.layers();
        expert::Mlp {
            l1: expert_layer(a),
            l2: expert_layer(b),
            l3: expert_layer(c),
            hidden: Self::ACTS.0,
            out: Self::ACTS.1,
        }
    }

    /// The same network, hand-tuned baseline.
    fn tuned(&self) -> tuned::Mlp<I, H1, H2, O> {
        let (a, b, c) = self.layers();
        tuned::Mlp {
            l1: tuned_layer(a),
            l2: tuned_layer(b),
            l3: tuned_layer(c),
            hidden: Self::ACTS.0,
            out: Self::ACTS.1,
        }
    }
}

impl ThreeLayers<2, 16, 16, 1> for NetA {
    fn layers(&self) -> (&Dense<2, 16>, &Dense<16, 16>, &Dense<16, 1>) {
        (&self.0, &self.2, &self.4)
    }
    const ACTS: (Act, Act) = (Act::Tanh, Act::Sigmoid);
}

impl ThreeLayers<8, 32, 32, 4> for NetB {
    fn layers(&self) -> (&Dense<8, 32>, &Dense<32, 32>, &Dense<32, 4>) {
        (&self.0, &self.2, &self.4)
    }
    const ACTS: (Act, Act) = (Act::Relu, Act::Identity);
}

impl ThreeLayers<64, 64, 64, 10> for NetC {
    fn layers(&self) -> (&Dense<64, 64>, &Dense<64, 64>, &Dense<64, 10>) {
        (&self.0, &self.2, &self.4)
    }
    const ACTS: (Act, Act) = (Act::Relu, Act::Identity);
}
