// Backward given ∂L/∂y for 3 samples after a forward pass on 4.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros());
    let x = SMatrix::<f32, 2, 4>::zeros();
    let (y, tape) = net.forward_train(&x);
    let mut grads = net.zero_gradients();
    let t = SMatrix::<f32, 1, 4>::zeros();
    let dy = Mse.gradient(&y, &t);
    net.backward_params(&tape, &dy, &mut grads);
}
