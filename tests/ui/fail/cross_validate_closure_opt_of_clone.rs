// cross_validate's closure returns (network, optimizer) where the optimizer was built for a wider net.
use constnet::optim::{Adagrad, AdagradConfig};
use constnet::prelude::*;
use constnet::train::{cross_validate, FitConfig};

type Small = (Dense<4, 8>, ReLU, Dense<8, 3>);
type Big = (Dense<4, 32>, ReLU, Dense<32, 3>);

fn main() {
    let data = [Sample::new([0.0f32; 4], 2usize); 10];
    let mut scratch = data;
    let _ = cross_validate::<_, _, _, _, _, 5, 2>(&data, &mut scratch, &CrossEntropy, FitConfig::default(), |_| {
        let opt = Adagrad::new(&Big::zeroed(), AdagradConfig::default());
        (Small::zeroed(), opt)
    });
}
