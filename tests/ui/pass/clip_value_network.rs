// Value clipping called on a layer instead of gradients.
use constnet::optim::clip_grad_value;
use constnet::prelude::*;

fn main() {
    let layer = Dense::<2, 1>::zeros();
    let mut grads = layer.zero_gradients();
    clip_grad_value::<f32, _>(&mut grads, 0.5);
}
