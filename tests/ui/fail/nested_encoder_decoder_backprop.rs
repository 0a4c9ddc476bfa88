// An autoencoder built from two nested tuples, trained against a target of the bottleneck's width.
use constnet::prelude::*;

fn main() {
    let encoder = (Dense::<8, 3>::zeros(), Tanh);
    let decoder = (Dense::<3, 8>::zeros(), Sigmoid);
    let mut net = (encoder, decoder);
    let mut grads = net.zero_gradients();
    let x = SMatrix::<f32, 8, 4>::zeros();
    let code = SMatrix::<f32, 3, 4>::zeros();
    let _loss = net.backprop(&Mse, &x, &code, &mut grads);
}
