//! The training workloads of the network benchmarks, shared by `benches/networks.rs` (criterion)
//! and `benches/paired.rs` (constnet against the expert kernel in alternating slices).

use std::hint::black_box;

use crate::expert::{AdamState, Mlp};
use crate::setup::Data;
use crate::Loss;

/// Training steps timed before every training benchmark starts again from its initial network
/// and optimizer. Every step trains on the same batch: network C fits it within 15,000 Adam
/// steps (the loss reaches exactly zero; `network_c_fits_the_benchmark_batch_within_15000_adam_steps`
/// in `src/tests.rs`), after which the moment estimates decay through subnormal values and every
/// implementation slows down, at a step that depends on its rounding. Timing the first 1,000
/// steps, as often as needed, measures training rather than that phase.
pub const RESTART: u64 = 1000;

/// `step` on a state made by `start`, a fresh one every [`RESTART`] calls. (The restart is part
/// of the call that makes it: for the paired timing, where both sides pay it alike and it is a
/// copy of the network and optimizer per thousand steps; criterion's `bench_training` keeps it
/// out of the timing.)
pub fn restarting<S, R>(
    start: impl Fn() -> S,
    mut step: impl FnMut(&mut S) -> R,
) -> impl FnMut() -> R {
    let mut state = start();
    let mut done = 0;
    move || {
        if done == RESTART {
            state = start();
            done = 0;
        }
        done += 1;
        step(&mut state)
    }
}

/// One training step of the expert kernel on the batch `b`: fused SGD (learning rate 1e-3), or
/// Adam with its state.
#[inline(always)]
pub fn expert_step<
    const I: usize,
    const H1: usize,
    const H2: usize,
    const O: usize,
    const B: usize,
>(
    (ex, state): &mut (Mlp<I, H1, H2, O>, AdamState<I, H1, H2, O>),
    b: &Data<I, O, B>,
    loss: Loss,
    adam: bool,
) -> f32 {
    if adam {
        ex.train_step_adam(black_box(&b.xs), &b.targets, &b.classes, loss, state)
    } else {
        ex.train_step_sgd(black_box(&b.xs), &b.targets, &b.classes, loss, 1e-3)
    }
}

/// One constnet training step on the batch `$b` of `($net, $grads, $adam_optimizer)`: plain SGD
/// (learning rate 1e-3) through the fused `backprop_sgd` (no gradient buffer, no optimizer pass),
/// or fresh gradients (written, not added: `gradients`) and an Adam step.
#[macro_export]
macro_rules! constnet_step {
    ($state:expr, $b:expr, $loss:expr, $adam:expr) => {{
        // Bound before the imports below, which would otherwise resolve names in the arguments.
        let (state, b, loss, adam): (_, _, $crate::Loss, bool) = ($state, &$b, $loss, $adam);
        {
            use constnet::optim::Optimizer as _;
            use constnet::prelude::*;
            use std::hint::black_box;
            let (cn, grads, ad) = state;
            match (loss, adam) {
                ($crate::Loss::Mse, false) => cn.backprop_sgd(&Mse, black_box(&b.x), &b.t, 1e-3),
                ($crate::Loss::CrossEntropy, false) => {
                    cn.backprop_sgd(&CrossEntropy, black_box(&b.x), &b.classes, 1e-3)
                }
                (loss, true) => {
                    let l = match loss {
                        $crate::Loss::Mse => cn.gradients(&Mse, black_box(&b.x), &b.t, grads),
                        $crate::Loss::CrossEntropy => {
                            cn.gradients(&CrossEntropy, black_box(&b.x), &b.classes, grads)
                        }
                    };
                    ad.step(cn, grads);
                    l
                }
            }
        }
    }};
}
