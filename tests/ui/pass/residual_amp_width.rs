// An amp model whose dense output gives 1 value for a 1-channel signal.
use constnet::prelude::*;

type Amp = Residual<(Gru<1, 8>, Dense<8, 1>)>;

fn main() {
    let amp = Amp::zeroed();
    let mut state = amp.zero_state();
    let _y = amp.step(&mut state, &SMatrix::<f32, 1, 1>::new(0.5));
}
