// Two junctions that do not agree in one network: each is reported.
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 3>::zeros(), Tanh, Dense::<4, 5>::zeros(), Tanh, Dense::<6, 1>::zeros());
    let _y = net.forward(&SMatrix::<f32, 2, 1>::zeros());
}
