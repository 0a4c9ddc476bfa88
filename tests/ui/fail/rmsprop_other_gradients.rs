// A GAN-style pair: the generator's RmsProp is stepped with the discriminator's gradients.
use constnet::optim::{RmsProp, RmsPropConfig};
use constnet::prelude::*;

fn main() {
    let mut gen = (Dense::<2, 8>::zeros(), Tanh, Dense::<8, 4>::zeros());
    let mut disc = (Dense::<4, 8>::zeros(), Tanh, Dense::<8, 1>::zeros());
    let mut gen_opt = RmsProp::new(&gen, RmsPropConfig::default());
    let mut gen_grads = gen.zero_gradients();
    let mut disc_grads = disc.zero_gradients();
    gen.backprop(&Mse, &SMatrix::<f32, 2, 1>::zeros(), &SMatrix::<f32, 4, 1>::zeros(), &mut gen_grads);
    disc.backprop(&BceWithLogits, &SMatrix::<f32, 4, 1>::zeros(), &SMatrix::<f32, 1, 1>::zeros(), &mut disc_grads);
    gen_opt.step(&mut gen, &disc_grads);
}
