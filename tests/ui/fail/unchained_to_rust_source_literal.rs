// Exporting as Rust source a literal network with a Dropout between layers that do not meet.
use constnet::io::to_rust_source;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<4, 10>::zeros(), ReLU, Dropout::new(0.2, 0), Dense::<12, 3>::zeros());
    let _src = to_rust_source(&net, "MODEL", "Net");
}
