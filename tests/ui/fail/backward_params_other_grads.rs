// Generator/discriminator: `backward_params` through the generator filling the discriminator's gradients.
use constnet::prelude::*;

fn main() {
    let mut gen = (Dense::<2, 8>::zeros(), ReLU, Dense::<8, 4>::zeros());
    let disc = (Dense::<4, 8>::zeros(), ReLU, Dense::<8, 1>::zeros());
    let z = SMatrix::<f32, 2, 1>::zeros();
    let (fake, tape) = gen.forward_train(&z);
    let _score = disc.forward(&fake);
    let mut disc_grads = disc.zero_gradients();
    gen.backward_params(&tape, &SMatrix::<f32, 4, 1>::zeros(), &mut disc_grads);
}
