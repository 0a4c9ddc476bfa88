// Copying a bias of the wrong length into bias_mut().
use constnet::prelude::*;

fn main() {
    let mut layer = Dense::<3, 2>::zeros();
    let b = SVector::<f32, 2>::new(0.1, 0.2);
    layer.bias_mut().copy_from(&b);
}
