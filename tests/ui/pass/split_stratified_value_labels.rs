// A stratified split of regression samples, which have no class.
use constnet::train::{split_stratified, Sample};

fn main() {
    let mut data = [Sample::new([0.0f32, 1.0], 1usize); 10];
    let (_train, _val) = split_stratified(&mut data, 0.2, 1);
}
