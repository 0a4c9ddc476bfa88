// Gradients of one network passed to the backward pass of another of the same sizes.
use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

fn main() {
    let a = (Dense::<2, 3>::zeros(), Sigmoid, Dense::<3, 1>::zeros());
    let mut b = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros());
    let mut grads_of_a = a.zero_gradients();
    let x = SMatrix::<f32, 2, 1>::zeros();
    let (y, tape) = b.forward_train(&x);
    let dy = Mse.gradient(&y, &SMatrix::<f32, 1, 1>::zeros());
    let _dx = b.backward(&tape, &dy, &mut grads_of_a);
}
