// A batch of 4 inputs trained against 3 targets.
use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros());
    let mut grads = net.zero_gradients();
    let x = SMatrix::<f32, 2, 4>::zeros();
    let target = SMatrix::<f32, 1, 3>::zeros();
    let _loss = net.backprop(&Mse, &x, &target, &mut grads);
}
