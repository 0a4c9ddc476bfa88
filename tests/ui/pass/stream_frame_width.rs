// Streaming a 1-value frame into a network whose GRU takes 1.
use constnet::prelude::*;

fn main() {
    let net = (Gru::<1, 8>::zeros(), Dense::<8, 1>::zeros());
    let mut state = net.zero_state();
    let _y = net.step(&mut state, &SMatrix::<f32, 1, 1>::zeros());
}
