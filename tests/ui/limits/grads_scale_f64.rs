// Averaging accumulated f32 gradients with an f64 factor.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut grads = net.zero_gradients();
    let steps = 4;
    for _ in 0..steps {
        net.backprop(&Mse, &SMatrix::<f32, 2, 1>::zeros(), &SMatrix::<f32, 1, 1>::zeros(), &mut grads);
    }
    let factor = 1.0 / steps as f64;
    grads.scale(factor);
}
