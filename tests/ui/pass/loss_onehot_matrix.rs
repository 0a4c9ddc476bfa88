// A one-hot target matrix given to `CrossEntropy`.
use constnet::prelude::*;

fn main() {
    let logits = SMatrix::<f32, 3, 2>::zeros();
    let onehot = SMatrix::<f32, 3, 2>::from_column_slice(&[1.0, 0.0, 0.0, 0.0, 0.0, 1.0]);
    let _loss = CrossEntropyProb.value(&logits, &onehot);
}
