// A `const` (not a `static`) layer from PyTorch weights pasted transposed, [in][out].
use constnet::prelude::*;

const HIDDEN: Dense<3, 2> = Dense::from_rows([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [0.0, 0.0]);

fn main() {
    let _y = HIDDEN.forward(&SMatrix::<f32, 3, 1>::zeros());
}
