// A `static` layer built with `Dense::from_rows` (no turbofish) from weights given as [in][out].
use constnet::prelude::*;

static LAYER: Dense<3, 2> = Dense::from_rows([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [0.0, 0.0]);

fn main() {
    let _ = LAYER;
}
