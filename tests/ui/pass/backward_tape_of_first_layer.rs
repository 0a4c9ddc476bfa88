// The tape recorded by the first layer alone (`net.0.forward_train`) given to the whole network's backward.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<3, 4>::zeros(), Tanh, Dense::<4, 2>::zeros());
    let x = SMatrix::<f32, 3, 1>::zeros();
    let (_y, tape) = net.forward_train(&x);
    let mut grads = net.zero_gradients();
    let _dx = net.backward(&tape, &SMatrix::<f32, 2, 1>::zeros(), &mut grads);
}
