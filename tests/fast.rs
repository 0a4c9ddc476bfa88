//! Maximum ulp error of the fast activations against libm (`constnet::fast`'s documented bounds).

fn ulps(a: f32, b: f32) -> u32 {
    if a == b {
        return 0;
    }
    let key = |v: f32| {
        let i = v.to_bits() as i32;
        if i < 0 {
            i32::MIN - i
        } else {
            i
        }
    };
    (key(a) as i64 - key(b) as i64)
        .unsigned_abs()
        .min(u32::MAX as u64) as u32
}

/// Max error over every `step`-th f32 bit pattern whose value lies in `[lo, hi]`.
fn max_error(
    f: impl Fn(f32) -> f32,
    g: impl Fn(f32) -> f32,
    lo: f32,
    hi: f32,
    step: u32,
) -> (u32, f32) {
    let mut worst = (0, 0.0);
    let mut b: u64 = 0;
    while b <= u64::from(u32::MAX) {
        let x = f32::from_bits(b as u32);
        if x >= lo && x <= hi {
            let e = ulps(f(x), g(x));
            if e > worst.0 {
                worst = (e, x);
            }
        }
        b += u64::from(step);
    }
    worst
}

fn check_exp(step: u32) {
    let (e, at) = max_error(constnet::fast::exp, libm::expf, -87.33, 88.72, step);
    assert!(e <= 1, "exp: {e} ulp at {at}");
}

fn check_tanh(step: u32) {
    let (e, at) = max_error(constnet::fast::tanh, libm::tanhf, f32::MIN, f32::MAX, step);
    assert!(e <= 6, "tanh: {e} ulp at {at}");
}

fn check_sigmoid(step: u32) {
    let exact_sigmoid = |x: f32| constnet::layers::sigmoid(x);
    let (e, at) = max_error(
        constnet::fast::sigmoid,
        exact_sigmoid,
        -87.0,
        f32::MAX,
        step,
    );
    assert!(e <= 2, "sigmoid: {e} ulp at {at}");
}

fn check_softplus(step: u32) {
    let exact = |x: f32| libm::log1pf(libm::expf(x));
    let (e, at) = max_error(constnet::fast::softplus, exact, -87.0, 20.0, step);
    assert!(e <= 3, "softplus: {e} ulp at {at}");
}

/// A sample of about a million inputs per function, every run.
#[test]
fn fast_activations_are_within_their_documented_error() {
    check_exp(4099);
    check_tanh(4099);
    check_sigmoid(4099);
    check_softplus(4099);
}

/// Every f32 (a few minutes in release: `cargo test --release --all-features --test lib
/// everywhere -- --ignored`).
#[test]
#[ignore = "exhaustive: run with --release -- --ignored"]
fn fast_exp_everywhere() {
    check_exp(1);
}

/// Every f32.
#[test]
#[ignore = "exhaustive: run with --release -- --ignored"]
fn fast_tanh_everywhere() {
    check_tanh(1);
}

/// Every f32.
#[test]
#[ignore = "exhaustive: run with --release -- --ignored"]
fn fast_sigmoid_everywhere() {
    check_sigmoid(1);
}

/// Every f32.
#[test]
#[ignore = "exhaustive: run with --release -- --ignored"]
fn fast_softplus_everywhere() {
    check_softplus(1);
}
