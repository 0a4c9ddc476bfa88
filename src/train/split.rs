//! Shuffling and splitting data sets.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, RngExt, SeedableRng};

/// Shuffles `data` in place (Fisher–Yates) with `rng`.
pub fn shuffle<S, R: Rng + ?Sized>(data: &mut [S], rng: &mut R) {
    for i in (1..data.len()).rev() {
        let j = rng.random_range(0..=i);
        data.swap(i, j);
    }
}

/// Shuffles `data` with a generator seeded by `seed` and splits it into a training part and a
/// validation part of `round(len · val_fraction)` samples (a fixed, reproducible split).
///
/// # Panics
/// If `val_fraction` is not in `[0, 1]`.
pub fn split<S>(data: &mut [S], val_fraction: f64, seed: u64) -> (&mut [S], &mut [S]) {
    assert!(
        (0.0..=1.0).contains(&val_fraction),
        "validation fraction {val_fraction} is not in [0, 1]"
    );
    shuffle(data, &mut Xoshiro256PlusPlus::seed_from_u64(seed));
    let val = libm::round(data.len() as f64 * val_fraction) as usize;
    let train = data.len() - val;
    data.split_at_mut(train)
}

/// A sample with a class: what the stratified splits group by.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no class label to stratify by",
    label = "samples without a `usize` class",
    note = "stratified splits take `Sample<T, I, usize>` or `Sequence<X, [usize; 1]>`; for other labels use `split`"
)]
pub trait Labelled {
    /// The class index.
    fn class(&self) -> usize;
}

impl<T, const I: usize> Labelled for super::Sample<T, I, usize> {
    fn class(&self) -> usize {
        self.y
    }
}

impl<X> Labelled for super::Sequence<X, [usize; 1]> {
    fn class(&self) -> usize {
        self.target[0]
    }
}

/// The length of the run of one class that starts at `data[start]`.
fn run_len<S: Labelled>(data: &[S], start: usize) -> usize {
    let c = data[start].class();
    data[start..].iter().take_while(|s| s.class() == c).count()
}

/// Calls `f(start, len)` for each run of one class in `data` sorted by class.
fn for_each_class<S: Labelled>(data: &[S], mut f: impl FnMut(usize, usize)) {
    let mut start = 0;
    while start < data.len() {
        let len = run_len(data, start);
        f(start, len);
        start += len;
    }
}

/// Sorts `data` by class, each class's samples in a random order drawn from `rng`.
fn group_by_class<S: Labelled, R: Rng>(data: &mut [S], rng: &mut R) {
    // Shuffled before the (deterministic, unstable) sort and within each class after it, so
    // that the order within a class depends on the seed only.
    shuffle(data, rng);
    data.sort_unstable_by_key(Labelled::class);
    let mut start = 0;
    while start < data.len() {
        let len = run_len(data, start);
        shuffle(&mut data[start..start + len], rng);
        start += len;
    }
}

/// As [`split`], stratified: each class is split in the same proportion (scikit-learn's
/// `train_test_split(stratify=y)`), so a rare class is not left out of the validation set by
/// chance. Shuffles with a generator seeded by `seed`, and moves `round(len · val_fraction)`
/// samples to the validation part: each class gives its share rounded down, and the samples
/// still missing come from the classes with the largest remainders (ties to the smaller class
/// index). Both parts are shuffled; allocation-free.
///
/// ```
/// use constnet::train::{split_stratified, Sample};
///
/// // 90 samples of class 0 and 10 of class 1.
/// let mut data: Vec<_> = (0..100).map(|k| Sample::new([k as f32], usize::from(k >= 90))).collect();
/// let (train, val) = split_stratified(&mut data, 0.2, 7);
/// assert_eq!((train.len(), val.len()), (80, 20));
/// assert_eq!(val.iter().filter(|s| s.y == 1).count(), 2);
/// ```
///
/// # Panics
/// If `val_fraction` is not in `[0, 1]`.
pub fn split_stratified<S: Labelled>(
    data: &mut [S],
    val_fraction: f64,
    seed: u64,
) -> (&mut [S], &mut [S]) {
    assert!(
        (0.0..=1.0).contains(&val_fraction),
        "validation fraction {val_fraction} is not in [0, 1]"
    );
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    group_by_class(data, &mut rng);
    let n = data.len();
    let target = libm::round(n as f64 * val_fraction) as usize;
    // Shares rounded down, then the remainder by largest fractional part.
    let share = |len: usize| len as f64 * val_fraction;
    let mut given = 0;
    for_each_class(data, |_, len| given += libm::floor(share(len)) as usize);
    let extra = target.saturating_sub(given);
    // The `extra` classes with the largest remainders (ties to the class that sorts first) take
    // one more: find the worst of them, `cutoff`, by `extra` scans of the sorted data (no
    // buffer). Each class keeps its start while the loop below rearranges only what precedes it.
    let remainder = |len: usize| share(len) - libm::floor(share(len));
    let better = |a: (f64, usize), b: (f64, usize)| a.0 > b.0 || (a.0 == b.0 && a.1 < b.1);
    let mut cutoff: Option<(f64, usize)> = None;
    for _ in 0..extra {
        let mut best: Option<(f64, usize)> = None;
        for_each_class(data, |start, len| {
            let key = (remainder(len), start);
            if key.0 > 0.0
                && cutoff.is_none_or(|c| better(c, key))
                && best.is_none_or(|b| better(key, b))
            {
                best = Some(key);
            }
        });
        match best {
            Some(b) => cutoff = Some(b),
            None => break,
        }
    }
    let takes_extra = |start: usize, len: usize| {
        let key = (remainder(len), start);
        key.0 > 0.0 && cutoff.is_some_and(|c| !better(c, key))
    };
    // Lay each class out as [its training part | its validation part], then gather the training
    // parts at the front by rotations: [train₀ … train_g | val₀ … val_g | rest].
    let mut train_end = 0;
    let mut start = 0;
    while start < n {
        let len = run_len(data, start);
        let mut val = libm::floor(share(len)) as usize;
        if takes_extra(start, len) {
            val += 1;
        }
        let train = len - val;
        data[train_end..start + train].rotate_right(train);
        train_end += train;
        start += len;
    }
    let (train, val) = data.split_at_mut(train_end);
    shuffle(train, &mut rng);
    shuffle(val, &mut rng);
    (train, val)
}

/// Reorders `data` for stratified k-fold cross-validation (scikit-learn's
/// `StratifiedKFold(shuffle=True)`): afterwards, each of the `K` contiguous folds
/// [`cross_validate`](super::cross_validate) takes holds each class's share of the samples, give
/// or take one. The order within a class is drawn from a generator seeded by `seed`; `scratch`
/// (as long as `data`) is working space, so nothing is allocated.
///
/// # Panics
/// If `K` is 0, `K` exceeds the number of samples, or `scratch` is not as long as `data`.
pub fn stratify_folds<S: Labelled + Copy, const K: usize>(
    data: &mut [S],
    scratch: &mut [S],
    seed: u64,
) {
    assert!(
        K > 0 && K <= data.len(),
        "{} samples cannot make {K} folds",
        data.len()
    );
    assert_eq!(scratch.len(), data.len(), "scratch must be as long as data");
    let n = data.len();
    scratch.copy_from_slice(data);
    group_by_class(scratch, &mut Xoshiro256PlusPlus::seed_from_u64(seed));
    // Deal the class-sorted samples to the folds in turn, skipping folds that are full; fold k
    // has the size cross_validate gives it.
    let mut filled = [0usize; K];
    let size = |k: usize| n * (k + 1) / K - n * k / K;
    let mut next = 0;
    for s in scratch.iter() {
        while filled[next] == size(next) {
            next = (next + 1) % K;
        }
        data[n * next / K + filled[next]] = *s;
        filled[next] += 1;
        next = (next + 1) % K;
    }
}
