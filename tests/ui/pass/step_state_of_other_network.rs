// The GRU-8 network steps its own state.
use constnet::prelude::*;

fn main() {
    let big = (Gru::<1, 8>::zeros(), Dense::<8, 1>::zeros());
    let small = (Gru::<1, 4>::zeros(), Dense::<4, 1>::zeros());
    let mut state = big.zero_state();
    let _ = small.zero_state();
    let _y = big.step(&mut state, &SMatrix::<f32, 1, 1>::zeros());
}
