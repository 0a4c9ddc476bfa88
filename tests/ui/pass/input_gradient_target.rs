// `input_gradient` with a target of the wrong width.
use constnet::prelude::*;

fn main() {
    let net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 2>::zeros());
    let x = SMatrix::<f32, 4, 1>::zeros();
    let _saliency = net.input_gradient(&Mse, &x, &SMatrix::<f32, 2, 1>::zeros());
}
