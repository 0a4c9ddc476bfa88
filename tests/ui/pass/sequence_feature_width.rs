// The classifier takes 6 channels per time step; the recording has 6.
use constnet::prelude::*;

fn main() {
    let net = (Gru::<6, 16>::zeros(), MaxOverTime, Dense::<16, 4>::zeros());
    let _y = net.forward(&SMatrix::<f32, 6, 100>::zeros());
}
