// An `f64` target for the output of an `f32` network.
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let y = net.forward(&SMatrix::<f32, 2, 3>::zeros());
    let t = SMatrix::<f32, 1, 3>::zeros();
    let _loss = Mse.value(&y, &t);
}
