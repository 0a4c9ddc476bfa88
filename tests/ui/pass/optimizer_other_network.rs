use constnet::nalgebra::SMatrix;
use constnet::optim::{Adam, AdamConfig, Optimizer};
use constnet::prelude::*;

fn main() {
    let mut b = (Dense::<2, 4>::zeros(), ReLU, Dense::<4, 1>::zeros());
    let mut adam_for_b = Adam::new(&b, AdamConfig::default());
    let mut grads = b.zero_gradients();
    b.backprop(&Mse, &SMatrix::<f32, 2, 1>::zeros(), &SMatrix::<f32, 1, 1>::zeros(), &mut grads);
    adam_for_b.step(&mut b, &grads);
}
