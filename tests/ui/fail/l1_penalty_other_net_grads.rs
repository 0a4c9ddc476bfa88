// Two networks trained side by side; the L1 penalty of the critic gets the actor's gradients.
use constnet::optim::l1_penalty;
use constnet::prelude::*;

fn main() {
    let mut actor = (Dense::<4, 16>::zeros(), ReLU, Dense::<16, 2>::zeros());
    let critic = (Dense::<4, 16>::zeros(), ReLU, Dense::<16, 1>::zeros());
    let mut actor_grads = actor.zero_gradients();
    actor.backprop(&Mse, &SMatrix::<f32, 4, 1>::zeros(), &SMatrix::<f32, 2, 1>::zeros(), &mut actor_grads);
    let _p: f32 = l1_penalty(&critic, &mut actor_grads, 1e-5);
}
