// A Standardizer learned on f64 training data applied to the f32 test set.
use constnet::data::Standardizer;
use constnet::train::Sample;

fn main() {
    let train = [Sample::new([1.0f64, 10.0], 0usize), Sample::new([3.0, 12.0], 1)];
    let mut test = [Sample::new([2.0f64, 11.0], 0usize)];
    let s = Standardizer::fit(&train).unwrap();
    s.apply(&mut test);
}
