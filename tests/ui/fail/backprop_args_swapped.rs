// backprop(loss, target, input) instead of backprop(loss, input, target).
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut grads = net.zero_gradients();
    let x = SMatrix::<f32, 2, 4>::zeros();
    let t = SMatrix::<f32, 1, 4>::zeros();
    let _loss = net.backprop(&Mse, &t, &x, &mut grads);
}
