// Writing a transposed (inputs x outputs) matrix through weights_mut().
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<3, 2>::zeros(), Sigmoid);
    let w = SMatrix::<f32, 3, 2>::new(0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
    *net.0.weights_mut() = w;
}
