// Class probabilities asked of a regression loss.
use constnet::prelude::*;
use constnet::train::predict_proba;

fn main() {
    let net = (Dense::<2, 3>::zeros(),);
    let _p = predict_proba(&net, &CrossEntropy, &[0.5, 1.0]);
}
