// A generic helper bounded by `Params<f32>` only (it "has f32 parameters"), running forward.
use constnet::prelude::*;

fn first_output<N: Params<f32>>(net: &N) -> f32 {
    net.forward(&SMatrix::<f32, 3, 1>::zeros())[0]
}

fn main() {
    let net = (Dense::<3, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let _ = first_output(&net);
}
