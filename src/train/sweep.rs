//! Hyperparameter sweeps: one training run per candidate configuration, on every core.

/// Runs `run` once for every candidate (a learning rate, a weight decay, a whole
/// [`FitConfig`](super::FitConfig), …) on every core (rayon's thread pool) and returns the results
/// in the candidates' order. The runs are independent: each gets its candidate and nothing else,
/// so a run that seeds everything it draws (initialisation, shuffling, folds) gives the same
/// result, bit for bit, as `candidates.each_ref().map(run)`, in any order and on any number of
/// threads. `run` may itself train in parallel ([`cross_validate_parallel`](super::cross_validate_parallel)):
/// rayon shares one pool between them.
///
/// ```
/// use constnet::init::Init;
/// use constnet::optim::{Adam, AdamConfig};
/// use constnet::prelude::*;
/// use constnet::train::{cross_validate, mean_and_std, sweep_parallel, FitConfig, Fold, Metric};
/// use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};
///
/// type Net = (Dense<2, 8>, Tanh, Dense<8, 2>);
/// let xor = [([0.0, 0.0], 0usize), ([0.0, 1.0], 1), ([1.0, 0.0], 1), ([1.0, 1.0], 0)];
/// let data: Vec<_> = (0..6).flat_map(|_| xor).map(|(x, y)| Sample::new(x, y)).collect();
/// let config = FitConfig::<4> { epochs: 150, metric: Metric::Accuracy, ..FitConfig::default() };
///
/// // Each learning rate's 3-fold cross-validation accuracy.
/// let cv_accuracy = |&lr: &f64| {
///     let mut scratch = data.clone();
///     let make = |fold: Fold<'_, _>| {
///         let mut rng = Xoshiro256PlusPlus::seed_from_u64(fold.index as u64);
///         let net = Net::default().initialized(Init::XAVIER_UNIFORM, &mut rng);
///         let adam = Adam::new(&net, AdamConfig { lr, ..Default::default() });
///         (net, adam)
///     };
///     let folds: [_; 3] = cross_validate(&data, &mut scratch, &CrossEntropy, config, make).unwrap();
///     mean_and_std(&folds).0
/// };
/// let rates = [0.001, 0.01, 0.1];
/// let parallel = sweep_parallel(&rates, cv_accuracy);
/// assert_eq!(parallel, rates.each_ref().map(cv_accuracy)); // the serial sweep, bit for bit
/// assert!(parallel[2] > parallel[0]); // 150 epochs at 0.001 are too few
/// ```
#[cfg(feature = "parallel")]
pub fn sweep_parallel<P, R, const M: usize>(
    candidates: &[P; M],
    run: impl Fn(&P) -> R + Sync,
) -> [R; M]
where
    P: Sync,
    R: Send,
{
    use rayon::prelude::*;
    let results: std::vec::Vec<R> = candidates.par_iter().map(&run).collect();
    match results.try_into() {
        Ok(all) => all,
        // `collect` keeps every item of an indexed parallel iterator, in order.
        Err(_) => unreachable!("rayon returned {M} results"),
    }
}
