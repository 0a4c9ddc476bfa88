// PyTorch's `y.backward()` habit: the output passed where the tape goes.
use constnet::prelude::*;

fn main() {
    let mut net = (Dense::<2, 3>::zeros(), Tanh, Dense::<3, 1>::zeros());
    let x = SMatrix::<f32, 2, 4>::zeros();
    let (y, _tape) = net.forward_train(&x);
    let dy = Mse.gradient(&y, &SMatrix::<f32, 1, 4>::zeros());
    let mut grads = net.zero_gradients();
    let _dx = net.backward(&y, &dy, &mut grads);
}
