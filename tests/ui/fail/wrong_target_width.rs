// The network outputs 1 value per sample; the target has 2.
use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

fn main() {
    let net = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros());
    let y = net.forward(&SMatrix::<f32, 2, 4>::zeros());
    let target = SMatrix::<f32, 2, 4>::zeros();
    let _loss = Mse.value(&y, &target);
}
