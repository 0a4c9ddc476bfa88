// The gradients of the `f64` twin of a network given to the `f32` one.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros());
    let mut grads = net.zero_gradients();
    let x = SMatrix::<f32, 2, 1>::zeros();
    let _ = net.backprop(&Mse, &x, &SMatrix::<f32, 1, 1>::zeros(), &mut grads);
}
