//! A counting global allocator, and the proof that forward, loss and backward never allocate.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

/// Counts allocations made by the current thread, then defers to the system allocator.
pub struct CountingAllocator;

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: forwarded unchanged to the system allocator, whose contract the caller upholds.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System.alloc` with this `layout` (see `alloc`).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: as for `alloc` and `dealloc`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Number of allocations `f` made on this thread.
pub fn allocations_in<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCATIONS.with(Cell::get);
    let r = f();
    let after = ALLOCATIONS.with(Cell::get);
    (after - before, r)
}

mod proof {
    use constnet::nalgebra::SMatrix;
    use constnet::prelude::*;

    use super::allocations_in;
    use crate::gradcheck::Rng;

    type Net = (
        Dense<8, 32>,
        ReLU,
        Dense<32, 32>,
        Tanh,
        Dense<32, 16>,
        Gelu,
        Dense<16, 4>,
        Softmax,
    );

    fn zero_alloc_pass<N, L, const I: usize, const O: usize, const B: usize>(
        net: &mut N,
        loss: &L,
        x: &SMatrix<f32, I, B>,
        t: &L::Target<B>,
    ) where
        N: Network<f32, I, O>,
        L: Loss<f32, O>,
    {
        let mut grads = net.zero_gradients();
        let (n, y) = allocations_in(|| net.forward(x));
        assert_eq!(n, 0, "inference forward allocated");
        let (n, (y2, tape)) = allocations_in(|| net.forward_train(x));
        assert_eq!(n, 0, "training forward allocated");
        assert_eq!(y, y2);
        let (n, (value, dy)) = allocations_in(|| (loss.loss(&y, t), loss.loss_gradient(&y, t)));
        assert_eq!(n, 0, "loss allocated");
        assert!(value.is_finite());
        let (n, dx) = allocations_in(|| net.backward(&tape, &dy, &mut grads));
        assert_eq!(n, 0, "backward allocated");
        assert!(dx.iter().all(|v| v.is_finite()));
        assert!(grads.norm::<f32>() > 0.0, "backward produced gradients");
    }

    fn run<const B: usize>() {
        let mut rng = Rng::new(7);
        let mut net = Net::default();
        for i in 0..<Net as Params<f32>>::TENSORS {
            for p in net.tensor_mut(i) {
                *p = rng.next() as f32 * 0.3;
            }
        }
        let x: SMatrix<f32, 8, B> = SMatrix::from_fn(|_, _| rng.next() as f32);
        let t: SMatrix<f32, 4, B> = SMatrix::from_fn(|_, _| rng.next() as f32);
        let classes: [usize; B] = core::array::from_fn(|i| i % 4);
        zero_alloc_pass(&mut net, &Mse, &x, &t);
        zero_alloc_pass(&mut net, &HalfSquaredError, &x, &t);
        zero_alloc_pass(&mut net, &Huber::default(), &x, &t);
        zero_alloc_pass(&mut net, &CrossEntropy, &x, &classes);
        // A tape and gradients live on the stack: this is the whole training state.
        let (n, _) = allocations_in(|| {
            let mut grads = net.zero_gradients();
            net.backprop(&CrossEntropy, &x, &classes, &mut grads)
        });
        assert_eq!(n, 0, "backprop allocated");
    }

    #[test]
    fn nothing_allocates_at_batch_1() {
        run::<1>();
    }

    #[test]
    fn nothing_allocates_at_batch_32() {
        run::<32>();
    }

    /// A whole training run: shuffling, batches (and a partial batch), forward, loss, backward,
    /// L1 penalty, clipping, Adam steps, a learning-rate schedule, validation, early stopping with
    /// a copy of the best weights, and the progress callback: on std, one allocation, the
    /// history `fit` returns.
    #[test]
    fn a_training_run_allocates_only_its_history() {
        use constnet::init::Init;
        use constnet::optim::schedule::CosineAnnealing;
        use constnet::optim::{Adam, AdamConfig};
        use constnet::train::{fit, Clip, EarlyStopping, FitConfig, LastBatch, Metric, Sample};
        use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let mut net = Net::default().initialized(Init::HeUniform, &mut rng);
        let mut adam = Adam::new(&net, AdamConfig::default());
        let mut data: [Sample<f32, 8, usize>; 70] = core::array::from_fn(|k| {
            Sample::new(core::array::from_fn(|j| ((k * j) % 7) as f32 / 7.0), k % 4)
        });
        let val = data;
        let config = FitConfig::<32, CosineAnnealing> {
            epochs: 3,
            seed: 9,
            shuffle: true,
            last_batch: LastBatch::Accumulate,
            clip: Clip::Norm(1.0),
            l1: 1e-4,
            metric: Metric::Accuracy,
            early_stopping: Some(EarlyStopping::default()),
            schedule: CosineAnnealing {
                t_max: 3,
                eta_min: 0.0,
            },
        };
        let mut epochs = 0;
        let (n, report) = allocations_in(|| {
            fit(
                &mut net,
                &mut adam,
                &CrossEntropy,
                &mut data,
                &val,
                config,
                |_| epochs += 1,
            )
        });
        // On std, the history `fit` returns: one allocation, made before the first epoch (without
        // std there is none; the firmware's training run links no allocator).
        assert_eq!(n, 1, "training allocated more than its history");
        let report = report.unwrap();
        assert_eq!((epochs, report.epochs, report.last.steps), (3, 3, 3));
    }

    /// The benchmarked paths: networks A (default and libm activations), B and C of
    /// `benches/`: forward at batch 1 and 32, a training step with SGD (fused and unfused) and
    /// with Adam, at batch 32.
    #[test]
    fn benchmarked_paths_allocate_nothing() {
        use constnet::optim::{Adam, AdamConfig, Optimizer, Sgd};
        type A = (
            Dense<2, 16>,
            Tanh,
            Dense<16, 16>,
            Tanh,
            Dense<16, 1>,
            Sigmoid,
        );
        type AExact = (
            Dense<2, 16>,
            TanhExact,
            Dense<16, 16>,
            TanhExact,
            Dense<16, 1>,
            SigmoidExact,
        );
        type B = (Dense<8, 32>, ReLU, Dense<32, 32>, ReLU, Dense<32, 4>);
        type C = (Dense<64, 64>, ReLU, Dense<64, 64>, ReLU, Dense<64, 10>);
        fn run<N: Network<f32, I, O> + Copy, const I: usize, const O: usize>(
            mut net: N,
            classes: bool,
        ) {
            let x1 = SMatrix::<f32, I, 1>::from_fn(|r, _| r as f32 / 10.0 - 0.3);
            let x = SMatrix::<f32, I, 32>::from_fn(|r, c| (r + c) as f32 / 40.0);
            let t = SMatrix::<f32, O, 32>::from_fn(|_, c| (c % 2) as f32);
            let k: [usize; 32] = core::array::from_fn(|c| c % O);
            let mut sgd = Sgd::with_lr(&net, 0.1);
            let mut adam = Adam::new(&net, AdamConfig::default());
            let mut grads = net.zero_gradients();
            let (n, _) = allocations_in(|| {
                let _ = net.forward(&x1);
                let _ = net.forward(&x);
                if classes {
                    net.backprop_sgd(&CrossEntropy, &x, &k, 0.01);
                    grads.zero();
                    net.backprop(&CrossEntropy, &x, &k, &mut grads);
                    sgd.step(&mut net, &grads);
                    net.gradients(&CrossEntropy, &x, &k, &mut grads);
                    adam.step(&mut net, &grads);
                } else {
                    net.backprop_sgd(&Mse, &x, &t, 0.01);
                    grads.zero();
                    net.backprop(&Mse, &x, &t, &mut grads);
                    sgd.step(&mut net, &grads);
                    net.gradients(&Mse, &x, &t, &mut grads);
                    adam.step(&mut net, &grads);
                }
            });
            assert_eq!(n, 0, "a benchmarked path allocated");
        }
        run(A::zeroed(), false);
        run(AExact::zeroed(), false);
        run(B::zeroed(), false);
        run(C::zeroed(), true);
    }

    /// Sequence models: streaming one frame and a block, the whole-sequence forward, backward
    /// through time (from zeros and from a carried state), the optimizer step, and `fit` on
    /// `Sequence` samples (which on std allocates its history, once).
    #[test]
    fn sequence_paths_allocate_nothing() {
        use constnet::optim::{clip_grad_norm, Adam, AdamConfig, Optimizer};
        use constnet::train::{fit, Clip, FitConfig, Metric, Sequence};
        type Amp = Residual<(Gru<1, 8>, Dense<8, 1>)>;
        type Classifier = (
            Conv1d<3, 8, 3, 2>,
            ReLU,
            Lstm<8, 16>,
            MaxOverTime,
            Dense<16, 4>,
        );
        use constnet::init::Init;
        use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut amp = Amp::zeroed().initialized(Init::PyTorch, &mut rng);
        let mut clf = Classifier::zeroed().initialized(Init::PyTorch, &mut rng);
        let x1 = SMatrix::<f32, 1, 1>::new(0.25);
        let x = SMatrix::<f32, 1, 256>::from_fn(|_, c| (c as f32 * 0.1).sin());
        let seq = SMatrix::<f32, 3, 40>::from_fn(|r, c| ((r + c) as f32 * 0.3).cos());
        let mut adam = Adam::new(&amp, AdamConfig::default());
        let mut adam_clf = Adam::new(&clf, AdamConfig::default());
        let mut grads = amp.zero_gradients();
        let mut grads_clf = clf.zero_gradients();
        let mut data = [
            Sequence::new(seq, [1usize]),
            Sequence::new(seq * 0.5, [2]),
            Sequence::new(seq * -1.0, [0]),
        ];
        let mut state = amp.zero_state();
        let mut clf_state = clf.zero_state();
        let (n, _) = allocations_in(|| {
            let _ = amp.step(&mut state, &x1);
            let _ = amp.step(&mut state, &x);
            let _ = amp.forward(&x);
            let _ = clf.step(&mut clf_state, &seq);
            grads.zero();
            amp.backprop(&Mse, &x, &x, &mut grads);
            amp.backprop_from(&mut state, &Mse, &x, &x, &mut grads);
            clip_grad_norm(&mut grads, 1.0);
            adam.step(&mut amp, &grads);
            grads_clf.zero();
            clf.backprop(&LastStep(CrossEntropy), &seq, &[3], &mut grads_clf);
            adam_clf.step(&mut clf, &grads_clf);
        });
        assert_eq!(n, 0, "a sequence path allocated");
        let (n, _) = allocations_in(|| {
            let config = FitConfig::<2> {
                epochs: 2,
                clip: Clip::Norm(1.0),
                metric: Metric::Accuracy,
                ..FitConfig::default()
            };
            fit(
                &mut clf,
                &mut adam_clf,
                &LastStep(CrossEntropy),
                &mut data,
                &[],
                config,
                |_| (),
            )
            .unwrap();
        });
        assert_eq!(n, 1, "fit on sequences allocated more than its history");
    }

    /// The counter itself works: a test that cannot fail proves nothing.
    #[test]
    fn the_counter_sees_allocations() {
        let (n, v) = allocations_in(|| vec![1u8; 64]);
        assert!(n >= 1);
        assert_eq!(v.len(), 64);
    }
}
