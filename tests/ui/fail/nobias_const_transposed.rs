// A `const` bias-free projection from weights pasted as [in][out].
use constnet::prelude::*;

const PROJ: DenseNoBias<4, 2> = DenseNoBias::from_rows([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]);

fn main() {
    let _y = PROJ.forward(&SMatrix::<f32, 4, 1>::zeros());
}
