// A struct field declared with one output, initialised with a last layer of two.
use constnet::prelude::*;

struct Controller {
    net: (Dense<2, 8>, Tanh, Dense<8, 1>),
}

fn main() {
    let c = Controller { net: (Dense::zeros(), Tanh, Dense::<8, 1>::zeros()) };
    let _y = c.net.forward(&SMatrix::<f32, 2, 1>::zeros());
}
