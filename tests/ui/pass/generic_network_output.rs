// A network of 2 outputs passed to a helper bounded by `Network<f32, 4, 3>`: rustc reports the
// associated-type equality (E0271) first, then constnet's "the network outputs 2 values per
// sample, but 3 are required here".
use constnet::prelude::*;

fn classify<N: Network<f32, 4, 3>>(net: &N, x: [f32; 4]) -> usize {
    net.forward(&SMatrix::<f32, 4, 1>::from(x)).argmax().0
}

fn main() {
    let net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let _ = classify(&net, [0.0; 4]);
}
