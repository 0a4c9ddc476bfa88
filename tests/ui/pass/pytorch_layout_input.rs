// A batch built in PyTorch's (batch, features) layout: 4 samples as rows of a 4 x 2 matrix.
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 4>::zeros(), Tanh, Dense::<4, 1>::zeros());
    let x = SMatrix::<f32, 2, 4>::from_column_slice(&[0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0]);
    let _y = net.forward(&x);
}
