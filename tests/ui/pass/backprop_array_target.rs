// A plain array given as the target of `backprop`.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let mut grads = net.zero_gradients();
    let x = SMatrix::<f32, 2, 1>::new(0.5, -0.5);
    let _loss = net.backprop(&Mse, &x, &SMatrix::<f32, 1, 1>::new(0.25), &mut grads);
}
