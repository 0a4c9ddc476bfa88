use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

fn main() {
    let mut b = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros());
    let mut grads_of_b = b.zero_gradients();
    let x = SMatrix::<f32, 2, 1>::zeros();
    let (y, tape) = b.forward_train(&x);
    let dy = Mse.gradient(&y, &SMatrix::<f32, 1, 1>::zeros());
    let _dx = b.backward(&tape, &dy, &mut grads_of_b);
}
