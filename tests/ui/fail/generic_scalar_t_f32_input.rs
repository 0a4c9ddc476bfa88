// A helper generic over the scalar `T` that builds its input as f32 anyway.
use constnet::prelude::*;

fn predict<T: Scalar, N: Network<T, 2, 1>>(net: &N) -> T {
    net.forward(&SMatrix::<f32, 2, 1>::zeros())[0]
}

fn main() {
    let net = (Dense::<2, 4, f64>::zeros(), Tanh, Dense::<4, 1, f64>::zeros());
    let _ = predict(&net);
}
