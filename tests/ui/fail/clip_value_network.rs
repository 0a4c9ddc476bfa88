// Value clipping called on a layer instead of gradients.
use constnet::optim::clip_grad_value;
use constnet::prelude::*;

fn main() {
    let mut layer = Dense::<2, 1>::zeros();
    clip_grad_value(&mut layer, 0.5);
}
