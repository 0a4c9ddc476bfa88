// The skip connection adds the input (2 values) to the inner network's output (2 values).
use constnet::prelude::*;

fn main() {
    let net = Residual((Dense::<2, 2>::zeros(), Tanh));
    let _y = net.forward(&SMatrix::<f32, 2, 1>::zeros());
}
