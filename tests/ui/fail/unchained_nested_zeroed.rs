// Encoder and decoder blocks that do not meet: the encoder gives 4, the decoder takes 8.
use constnet::prelude::*;

type Encoder = (Dense<16, 8>, ReLU, Dense<8, 4>);
type Decoder = (Dense<8, 8>, ReLU, Dense<8, 16>);

fn main() {
    let _ae = <(Encoder, Decoder)>::zeroed();
}
