// A Standardizer learned on 4 features applied to a 3-feature input.
use constnet::data::Standardizer;
use constnet::train::Sample;

fn main() {
    let train = [Sample::new([5.1f32, 3.5, 1.4, 0.2], 0usize), Sample::new([6.2, 2.9, 4.3, 1.3], 1)];
    let s = Standardizer::fit(&train).unwrap();
    let _x = s.transform(&[5.9, 3.0, 5.1, 1.8]);
}
