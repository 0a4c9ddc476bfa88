// The loss value (a scalar) passed to backward instead of its gradient.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros());
    let x = SMatrix::<f32, 2, 4>::zeros();
    let t = SMatrix::<f32, 1, 4>::zeros();
    let (y, tape) = net.forward_train(&x);
    let dy = Mse.gradient(&y, &t);
    let mut grads = net.zero_gradients();
    let _dx = net.backward(&tape, &dy, &mut grads);
}
