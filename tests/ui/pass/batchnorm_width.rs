// A batch norm over 16 features after a layer of 8 outputs.
use constnet::prelude::*;

fn main() {
    let net = (Dense::<4, 8>::zeros(), BatchNorm::<8>::new(), ReLU, Dense::<8, 2>::zeros());
    let _y = net.forward(&SMatrix::<f32, 4, 32>::zeros());
}
