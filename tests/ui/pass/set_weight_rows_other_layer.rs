// Copying the first layer's weights into the second (a different shape) to tie them.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<3, 4>::zeros(), Tanh, Dense::<4, 3>::zeros());
    let w = net.0.weight_rows();
    // tied weights: the transpose
    let t: [[f32; 4]; 3] = core::array::from_fn(|r| core::array::from_fn(|c| w[c][r]));
    net.2.set_weight_rows(t);
}
