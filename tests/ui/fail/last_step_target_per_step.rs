// A sequence-to-one loss takes the class of the whole sequence, not one per step.
use constnet::prelude::*;

fn main() {
    let mut net = (Gru::<2, 8>::zeros(), Dense::<8, 3>::zeros());
    let x = SMatrix::<f32, 2, 10>::zeros();
    let mut grads = net.zero_gradients();
    let _ = net.backprop(&LastStep(CrossEntropy), &x, &[1usize; 10], &mut grads);
}
