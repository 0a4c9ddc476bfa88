// A bias of 3 values set on a layer with 2 outputs.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<4, 2>::zeros(), Sigmoid);
    net.0.set_bias_array([0.1, 0.2]);
}
