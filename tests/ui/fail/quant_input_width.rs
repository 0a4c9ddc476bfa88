// A quantized network given an input of the wrong width.
use constnet::quant::{QDense, QNet, QParams, Rounding};

fn main() {
    let p = QParams { scale: 0.1, zero_point: 0 };
    let a = QDense::<2, 3>::from_parts([[0; 2]; 3], [0; 3], [Default::default(); 3], 0, 0, (-128, 127), Rounding::Double);
    let net = QNet { input: p, output: p, layers: (a,) };
    let _ = net.forward(&[1i8, 2, 3]);
}
