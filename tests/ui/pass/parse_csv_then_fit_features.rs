// Iris CSV parsed with 4 features, trained on a network whose first layer takes 3.
use constnet::data::{parse_csv, CsvOptions};
use constnet::optim::{Adam, AdamConfig};
use constnet::prelude::*;
use constnet::train::{fit, FitConfig};

fn main() {
    let mut buf = [Sample::new([0.0f32; 4], 0usize); 150];
    let read = parse_csv("5.1,3.5,1.4,0.2,0\n", CsvOptions::<3>::new(), &mut buf).unwrap();
    let mut net = (Dense::<4, 16>::zeros(), ReLU, Dense::<16, 3>::zeros());
    let mut adam = Adam::new(&net, AdamConfig::default());
    let _ = fit(&mut net, &mut adam, &CrossEntropy, read.samples, &[], FitConfig::<8>::default(), |_| {});
}
