// Training sequences of 6 channels for a GRU that takes 6.
use constnet::optim::Adam;
use constnet::prelude::*;
use constnet::train::{fit, FitConfig, Sequence};

fn main() {
    let mut net = (Gru::<6, 16>::zeros(), Dense::<16, 4>::zeros());
    let mut adam = Adam::new(&net, Default::default());
    let mut data = vec![Sequence::new(SMatrix::<f32, 6, 100>::zeros(), [1usize]); 4];
    let _ = fit(&mut net, &mut adam, &LastStep(CrossEntropy), &mut data, &[], FitConfig::<2>::default(), |_| ());
}
