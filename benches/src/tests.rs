//! The baselines compute what constnet computes.

use constnet::optim::{Adam, AdamConfig, Optimizer, Sgd};
use constnet::prelude::*;

use crate::setup::*;
use crate::{naive, tuned, Loss};

fn close(a: f32, b: f32, what: &str) {
    assert!(
        (a - b).abs() <= 1e-4 * b.abs().max(1.0),
        "{what}: {a} vs {b}"
    );
}

macro_rules! agree {
    ($name:ident, $net:ty, [$I:literal, $H1:literal, $H2:literal, $O:literal], $loss:expr, $lossty:expr) => {
        #[test]
        fn $name() {
            let net: $net = init(1);
            let b = data::<$I, $O, 32>(2);
            let y = net.forward(&b.x);
            let (n, t, e) = (net.naive(), net.tuned(), net.expert());
            let yb = e.forward_batch(&b.xs);
            for j in 0..32 {
                let (yn, yt, ye) = (
                    n.forward(&b.xs[j]),
                    t.forward(&b.xs[j]),
                    e.forward(&b.xs[j]),
                );
                for o in 0..$O {
                    close(yn[o], y[(o, j)], "naive forward");
                    close(yt[o], y[(o, j)], "tuned forward");
                    close(ye[o], y[(o, j)], "expert forward");
                    close(yb[j][o], y[(o, j)], "expert batch forward");
                }
            }
            // Five SGD steps and five Adam steps agree too.
            for adam in [false, true] {
                let mut c = net;
                let (mut n, mut t, mut e) = (net.naive(), net.tuned(), net.expert());
                let mut oe = e.adam();
                // The fused SGD step of constnet, on its own copy.
                let mut f = net;
                let mut sgd = Sgd::with_lr(&c, 0.05);
                let mut ad = Adam::new(&c, AdamConfig::default());
                let mut gn = naive::Mlp::zeros(n.hidden, n.out);
                let mut gt = tuned::Mlp::zeros(t.hidden, t.out);
                let mut on = n.optimizer(adam, 0.05);
                let mut ot = t.optimizer(adam, 0.05);
                for _ in 0..5 {
                    let mut g = c.zero_gradients();
                    let lc = match $lossty {
                        Loss::Mse => c.backprop(&Mse, &b.x, &b.t, &mut g),
                        Loss::CrossEntropy => c.backprop(&CrossEntropy, &b.x, &b.classes, &mut g),
                    };
                    if adam {
                        ad.step(&mut c, &g)
                    } else {
                        sgd.step(&mut c, &g)
                    }
                    let ln = n.train_step(&b.xs, &b.targets, &b.classes, $loss, &mut gn, &mut on);
                    let lt = t.train_step(&b.xs, &b.targets, &b.classes, $loss, &mut gt, &mut ot);
                    let le = if adam {
                        e.train_step_adam(&b.xs, &b.targets, &b.classes, $loss, &mut oe)
                    } else {
                        e.train_step_sgd(&b.xs, &b.targets, &b.classes, $loss, 0.05)
                    };
                    let lf = match $lossty {
                        Loss::Mse => f.backprop_sgd(&Mse, &b.x, &b.t, 0.05),
                        Loss::CrossEntropy => f.backprop_sgd(&CrossEntropy, &b.x, &b.classes, 0.05),
                    };
                    close(ln, lc, "naive loss");
                    close(lt, lc, "tuned loss");
                    close(le, lc, "expert loss");
                    if !adam {
                        close(lf, lc, "fused SGD loss");
                    }
                }
                let y = c.forward(&b.x);
                let yf = f.forward(&b.x);
                for j in 0..32 {
                    let (yn, yt, ye) = (
                        n.forward(&b.xs[j]),
                        t.forward(&b.xs[j]),
                        e.forward(&b.xs[j]),
                    );
                    for o in 0..$O {
                        close(yn[o], y[(o, j)], "naive after training");
                        close(yt[o], y[(o, j)], "tuned after training");
                        close(ye[o], y[(o, j)], "expert after training");
                        if !adam {
                            close(yf[(o, j)], y[(o, j)], "fused SGD after training");
                        }
                    }
                }
            }
        }
    };
}

agree!(network_a, NetA, [2, 16, 16, 1], Loss::Mse, Loss::Mse);
agree!(network_b, NetB, [8, 32, 32, 4], Loss::Mse, Loss::Mse);
agree!(
    network_c,
    NetC,
    [64, 64, 64, 10],
    Loss::CrossEntropy,
    Loss::CrossEntropy
);

/// Why the training benchmarks restart every 1,000 steps (`benches/networks.rs`, `RESTART`):
/// trained on its one benchmark batch with Adam, network C fits it exactly (the loss is zero in
/// `f32`) within 15,000 steps, after which only subnormal moment estimates are left to decay.
#[test]
fn network_c_fits_the_benchmark_batch_within_15000_adam_steps() {
    let mut net: NetC = init(1);
    let b = data::<64, 10, 32>(2);
    let mut grads = net.zero_gradients();
    let mut adam = Adam::new(&net, AdamConfig::default());
    let mut loss = f32::INFINITY;
    for _ in 0..15_000 {
        loss = net.gradients(&CrossEntropy, &b.x, &b.classes, &mut grads);
        adam.step(&mut net, &grads);
    }
    assert_eq!(loss, 0.0);
}

/// The hand-written streaming cells compute what constnet's layers compute.
mod cells {
    use constnet::init::Init;
    use constnet::prelude::*;
    use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

    use super::close;
    use crate::cells::{ConvCell, ConvState, GruCell, LstmCell};

    fn signal(t: usize) -> f32 {
        (t as f32 * 0.37).sin() * 0.8
    }

    fn gru<const H: usize>() {
        let net = (Gru::<1, H>::zeros(), Dense::<H, 1>::zeros()).initialized(
            Init::PyTorch,
            &mut Xoshiro256PlusPlus::seed_from_u64(H as u64),
        );
        let cell = GruCell::new(&net.0, &net.1);
        let (mut s, mut h) = (net.zero_state(), [0.0; H]);
        for t in 0..200 {
            let y = net.step(&mut s, &SMatrix::<f32, 1, 1>::new(signal(t)))[0];
            close(cell.step(&mut h, signal(t)), y, "gru step");
        }
    }

    fn lstm<const H: usize>() {
        let net = (Lstm::<1, H>::zeros(), Dense::<H, 1>::zeros()).initialized(
            Init::PyTorch,
            &mut Xoshiro256PlusPlus::seed_from_u64(H as u64),
        );
        let cell = LstmCell::new(&net.0, &net.1);
        let (mut s, mut h, mut c) = (net.zero_state(), [0.0; H], [0.0; H]);
        for t in 0..200 {
            let y = net.step(&mut s, &SMatrix::<f32, 1, 1>::new(signal(t)))[0];
            close(cell.step(&mut h, &mut c, signal(t)), y, "lstm step");
        }
    }

    fn conv<const C: usize>() {
        let net = Conv1d::<C, C, 3>::zeros().initialized(
            Init::PyTorch,
            &mut Xoshiro256PlusPlus::seed_from_u64(C as u64),
        );
        let cell = ConvCell::new(&net);
        let (mut s, mut cs) = (
            net.zero_state(),
            ConvState {
                past: [[0.0; C]; 2],
            },
        );
        for t in 0..50 {
            let x: [f32; C] = core::array::from_fn(|i| signal(t * C + i));
            let y = net.step(&mut s, &SMatrix::<f32, C, 1>::from(x));
            for (a, b) in cell.step(&mut cs, &x).iter().zip(y.iter()) {
                close(*a, *b, "conv step");
            }
        }
    }

    #[test]
    fn streaming_cells_agree() {
        gru::<8>();
        gru::<40>();
        gru::<64>();
        lstm::<8>();
        lstm::<32>();
        lstm::<40>();
        lstm::<64>();
        conv::<8>();
        conv::<16>();
    }
}
