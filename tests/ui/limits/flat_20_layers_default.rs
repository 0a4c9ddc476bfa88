// A 20-layer alias built with `Default` (as for a small net), then backprop.
use constnet::prelude::*;

type Deep = (
    Dense<4, 16>, Gelu, Dense<16, 16>, Gelu, Dense<16, 16>, Gelu, Dense<16, 16>, Gelu, Dense<16, 16>, Gelu,
    Dense<16, 16>, Gelu, Dense<16, 16>, Gelu, Dense<16, 16>, Gelu, Dense<16, 16>, Gelu, Dense<16, 2>, Softmax,
);

fn main() {
    let mut net = Deep::default();
    let mut grads = net.zero_gradients();
    let _l = net.backprop(&Mse, &SMatrix::<f32, 4, 1>::zeros(), &SMatrix::<f32, 2, 1>::zeros(), &mut grads);
}
