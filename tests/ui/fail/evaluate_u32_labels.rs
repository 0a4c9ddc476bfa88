// Class labels stored as `u32` (as read from a label file), evaluated with `CrossEntropy`.
use constnet::prelude::*;
use constnet::train::{evaluate, Metric};

fn main() {
    let net = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 3>::zeros());
    let labels: [u32; 4] = [0, 1, 2, 1];
    let test: [Sample<f32, 4, u32>; 4] = core::array::from_fn(|i| Sample::new([0.0; 4], labels[i]));
    let _e = evaluate(&net, &CrossEntropy, &test, Metric::Accuracy);
}
