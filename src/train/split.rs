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
