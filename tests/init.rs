//! Initialisers: the distributions have the documented bounds, means and deviations, biases and
//! normalisation parameters are set as documented, and a seed reproduces a network exactly.

use constnet::init::{initialize, Init};
use constnet::prelude::*;
use rand::{rngs::Xoshiro256PlusPlus, SeedableRng};

type Big = (Dense<200, 300, f64>, BatchNorm<300, f64>);

fn stats(w: &[f64]) -> (f64, f64, f64) {
    let n = w.len() as f64;
    let mean = w.iter().sum::<f64>() / n;
    let std = (w.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n).sqrt();
    let max = w.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    (mean, std, max)
}

fn init(scheme: Init) -> Box<Big> {
    let mut net = Box::new(Big::default());
    // Away from their defaults, so that the test sees `initialize` set them.
    net.1.gamma_mut().fill(3.0);
    net.1.beta_mut().fill(3.0);
    net.0.bias_mut().fill(3.0);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(31);
    initialize(&mut *net, scheme, &mut rng);
    net
}

#[test]
fn distributions_match_their_definitions() {
    let (fan_in, fan_out) = (200.0f64, 300.0f64);
    // (scheme, expected std, uniform bound if uniform)
    let cases = [
        (
            Init::XAVIER_UNIFORM,
            (2.0 / (fan_in + fan_out)).sqrt(),
            Some((6.0 / (fan_in + fan_out)).sqrt()),
        ),
        (
            Init::XavierNormal { gain: 2.0 },
            2.0 * (2.0 / (fan_in + fan_out)).sqrt(),
            None,
        ),
        (
            Init::HeUniform,
            (2.0 / fan_in).sqrt(),
            Some((6.0 / fan_in).sqrt()),
        ),
        (Init::HeNormal, (2.0 / fan_in).sqrt(), None),
        (
            Init::LecunUniform,
            (1.0 / fan_in).sqrt(),
            Some((3.0 / fan_in).sqrt()),
        ),
        (Init::LecunNormal, (1.0 / fan_in).sqrt(), None),
        (
            Init::PyTorch,
            (1.0 / (3.0 * fan_in)).sqrt(),
            Some(1.0 / fan_in.sqrt()),
        ),
        (
            Init::Normal {
                mean: 0.0,
                std: 0.05,
            },
            0.05,
            None,
        ),
    ];
    for (scheme, want_std, bound) in cases {
        let net = init(scheme);
        let (mean, std, max) = stats(net.0.weights().as_slice());
        assert!(
            mean.abs() < 0.02 * want_std * 10.0,
            "{scheme:?}: mean {mean}"
        );
        assert!(
            (std / want_std - 1.0).abs() < 0.02,
            "{scheme:?}: std {std}, want {want_std}"
        );
        if let Some(b) = bound {
            assert!(max <= b, "{scheme:?}: |w| {max} above {b}");
            assert!(max > 0.99 * b, "{scheme:?}: the range is used");
        }
        // Normalisation parameters: scale 1, shift 0.
        assert!(net.1.gamma().iter().all(|&g| g == 1.0));
        assert!(net.1.beta().iter().all(|&b| b == 0.0));
        let bias = net.0.bias();
        if scheme == Init::PyTorch {
            let b = 1.0 / fan_in.sqrt();
            assert!(bias.iter().all(|v| v.abs() <= b) && bias.iter().any(|&v| v != 0.0));
        } else {
            assert!(
                bias.iter().all(|&v| v == 0.0),
                "{scheme:?}: biases are zero"
            );
        }
    }
    let uniform = init(Init::Uniform {
        low: 2.0,
        high: 3.0,
    });
    let (mean, _, _) = stats(uniform.0.weights().as_slice());
    assert!((mean - 2.5).abs() < 0.01);
    assert!(init(Init::Constant(0.25))
        .0
        .weights()
        .iter()
        .all(|&w| w == 0.25));
    assert!(init(Init::Zeros).0.weights().iter().all(|&w| w == 0.0));
}

#[test]
fn a_seed_reproduces_the_network() {
    type Net = (Dense<3, 5>, Tanh, Dense<5, 2>);
    let a = Net::default().initialized(Init::HeNormal, &mut Xoshiro256PlusPlus::seed_from_u64(5));
    let b = Net::default().initialized(Init::HeNormal, &mut Xoshiro256PlusPlus::seed_from_u64(5));
    let c = Net::default().initialized(Init::HeNormal, &mut Xoshiro256PlusPlus::seed_from_u64(6));
    assert_eq!(a, b);
    assert_ne!(a, c);
}
