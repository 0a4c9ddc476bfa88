// RmsProp for a network whose hidden widths disagree (32 out, 16 in).
use constnet::optim::{RmsProp, RmsPropConfig};
use constnet::prelude::*;

fn main() {
    let net = (Dense::<4, 32>::zeros(), ReLU, Dense::<16, 2>::zeros());
    let _opt = RmsProp::new(&net, RmsPropConfig::default());
}
