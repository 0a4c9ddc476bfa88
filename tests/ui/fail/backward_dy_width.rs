// Backward given ∂L/∂y with 2 rows for a network with 1 output.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros());
    let x = SMatrix::<f32, 2, 4>::zeros();
    let (y, tape) = net.forward_train(&x);
    let mut grads = net.zero_gradients();
    let _ = y;
    let dy = SMatrix::<f32, 2, 4>::zeros();
    let _dx = net.backward(&tape, &dy, &mut grads);
}
