// Class indices given to `Mse`.
use constnet::prelude::*;

fn main() {
    let y = SMatrix::<f32, 3, 2>::zeros();
    let _loss = Mse.value(&y, &[0usize, 2]);
}
