// A single sample as an `SVector` of 3 features for a 2-input network.
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let _y = net.forward(&SVector::<f32, 3>::new(0.1, 0.2, 0.3));
}
