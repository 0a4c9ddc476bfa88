// Copying the first layer's weights into the second (a different shape) to tie them.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<3, 4>::zeros(), Tanh, Dense::<4, 3>::zeros());
    let w = net.0.weight_rows();
    net.2.set_weight_rows(w);
}
