// A struct holding its layers as fields, one built from weights with a missing output row.
use constnet::prelude::*;

struct Classifier {
    hidden: Dense<4, 3>,
    head: Dense<3, 2>,
}

fn main() {
    let c = Classifier {
        hidden: Dense::from_rows([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.0; 4]], [0.0, 0.0, 0.0]),
        head: Dense::from_rows([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], [0.0, 0.0]),
    };
    let _y = (c.hidden, ReLU, c.head).forward(&SMatrix::<f32, 4, 1>::zeros());
}
