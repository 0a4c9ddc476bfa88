// Copying f64 weights (from an f64 reference model) into an f32 network's layer.
use constnet::prelude::*;

fn main() {
    let reference = Dense::<3, 2, f64>::zeros();
    let mut net = (Dense::<3, 2>::zeros(), Tanh);
    net.0.set_weight_rows(reference.weight_rows().map(|r| r.map(|v| v as f32)));
}
