// Adam state created for one network, used to update another of the same sizes.
use constnet::nalgebra::SMatrix;
use constnet::optim::{Adam, AdamConfig, Optimizer};
use constnet::prelude::*;

fn main() {
    let a = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut b = (Dense::<2, 4>::zeros(), ReLU, Dense::<4, 1>::zeros());
    let mut adam_for_a = Adam::new(&a, AdamConfig::default());
    let mut grads = b.zero_gradients();
    b.backprop(&Mse, &SMatrix::<f32, 2, 1>::zeros(), &SMatrix::<f32, 1, 1>::zeros(), &mut grads);
    adam_for_a.step(&mut b, &grads);
}
