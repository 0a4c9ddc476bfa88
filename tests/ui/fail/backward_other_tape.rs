// The tape of one network given to the backward pass of another.
use constnet::prelude::*;

fn main() {
    let mut a = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros());
    let b = (Dense::<2, 3>::zeros(), ReLU, Dense::<3, 1>::zeros());
    let x = SMatrix::<f32, 2, 1>::zeros();
    let (y, tape_of_a) = a.forward_train(&x);
    let dy = Mse.gradient(&y, &SMatrix::<f32, 1, 1>::zeros());
    let mut grads = b.zero_gradients();
    let _dx = b.backward(&tape_of_a, &dy, &mut grads);
}
