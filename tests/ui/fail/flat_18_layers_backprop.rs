// 18 layers in one tuple literal: gradients and one backprop step by hand.
use constnet::prelude::*;

type Deep = (Dense<2, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 8>, Tanh, Dense<8, 1>, Sigmoid);

fn main() {
    let mut net: Deep = (Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Tanh, Dense::zeros(), Sigmoid);
    let mut grads = net.zero_gradients();
    let _l = net.backprop(&Mse, &SMatrix::<f32, 2, 1>::zeros(), &SMatrix::<f32, 1, 1>::zeros(), &mut grads);
}
