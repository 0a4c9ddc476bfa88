// A weight row with a value missing: rustc types the array literal before any bound is checked,
// so the error is its own E0308 at that row ("expected an array with a size of 3, found one with
// a size of 2").
use constnet::prelude::*;

static LAYER: Dense<3, 2> = Dense::from_rows([[1.0, 2.0, 3.0], [4.0, 5.0]], [0.0, 0.0]);

fn main() {
    let _ = LAYER;
}
