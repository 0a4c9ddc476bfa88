// A hand-written training step with three mistakes: a target of the wrong width for the loss,
// ∂L/∂y of the wrong batch for backward, and an optimizer of another network.
use constnet::optim::{Adam, AdamConfig, Optimizer};
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let other = (Dense::<2, 8>::zeros(), Tanh, Dense::<8, 1>::zeros());
    let mut adam = Adam::new(&other, AdamConfig::default());
    let x = SMatrix::<f32, 2, 4>::zeros();
    let (y, tape) = net.forward_train(&x);
    let _l = Mse.value(&y, &SMatrix::<f32, 2, 4>::zeros());
    let mut grads = net.zero_gradients();
    net.backward(&tape, &SMatrix::<f32, 1, 1>::zeros(), &mut grads);
    adam.step(&mut net, &grads);
}
