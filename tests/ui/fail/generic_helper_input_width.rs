// A generic helper for 4-feature classifiers given a network whose first layer takes 3.
use constnet::prelude::*;

fn predict<N: Network<f32, 4, 3>>(net: &N, x: [f32; 4]) -> usize {
    net.forward(&SMatrix::<f32, 4, 1>::from(x)).argmax().0
}

fn main() {
    let net = (Dense::<3, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let _class = predict(&net, [5.1, 3.5, 1.4, 0.2]);
}
