//! The firmware in `examples/cortex-m`, seen from the host: its shared code (the sine model in
//! flash, XOR training) runs here too, and the outputs the emulated Cortex-M4 printed must equal the
//! host's bit for bit.
//!
//! `.ci/run` builds the firmware, runs it under QEMU (the inference on a Cortex-M4 and, built for
//! thumbv6m, on a Cortex-M0), saves what it printed and runs the ignored test below with
//! `CONSTNET_FIRMWARE_LOGS` pointing at the logs.

#[path = "../examples/cortex-m/src/sine.rs"]
mod sine;

#[path = "../examples/cortex-m/src/xor.rs"]
mod xor;

#[path = "../examples/cortex-m/src/amp.rs"]
mod amp;

#[path = "../examples/cortex-m/src/qsine.rs"]
mod qsine;

#[cfg(feature = "tflite")]
#[path = "../examples/cortex-m/src/ad01.rs"]
mod ad01;

use constnet::nalgebra::SMatrix;
use constnet::prelude::*;

fn sine_lines() -> Vec<String> {
    sine::INPUTS
        .iter()
        .map(|&x| {
            let y = sine::MODEL.forward(&SMatrix::<f32, 1, 1>::new(x))[0];
            format!("{:08x} {:08x}", x.to_bits(), y.to_bits())
        })
        .collect()
}

fn qsine_lines() -> Vec<String> {
    qsine::INPUTS
        .iter()
        .map(|&x| format!("{} {}", x, qsine::MODEL.forward(&[x])[0]))
        .collect()
}

#[cfg(feature = "tflite")]
/// The float AD01's outputs on the firmware's inputs (`ad01::float_net`, the network the
/// firmware's build script writes into flash; on a thread with room for its 1.06 MB), eight f32
/// bit patterns to a line.
fn ad01_float_lines() -> Vec<String> {
    use constnet::nalgebra::SVector;
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            let net = ad01::float_net();
            let mut lines = Vec::new();
            for k in 0..ad01::INPUTS {
                let y = net.forward(&SVector::from(ad01::float_input(k)));
                for chunk in y.as_slice().chunks(8) {
                    let words: Vec<String> = chunk
                        .iter()
                        .map(|v| format!("{:08x}", v.to_bits()))
                        .collect();
                    lines.push(words.join(" "));
                }
            }
            lines
        })
        .unwrap()
        .join()
        .unwrap()
}

#[cfg(feature = "tflite")]
/// AD01's outputs on the firmware's inputs, from the `.tflite` file the firmware's build script
/// wrote into flash (on a thread with room for its 270 kB of weights).
fn ad01_lines() -> Vec<String> {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            let file = std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/quant/ad01.tflite"
            ))
            .unwrap();
            let net: constnet::quant::QNet<ad01::Net> = constnet::io::tflite::load(&file).unwrap();
            let mut lines = Vec::new();
            for k in 0..ad01::INPUTS {
                let y = net.forward(&ad01::input(k));
                for chunk in y.chunks(80) {
                    lines.push(chunk.iter().map(|v| format!("{:02x}", *v as u8)).collect());
                }
            }
            lines
        })
        .unwrap()
        .join()
        .unwrap()
}

fn amp_lines() -> Vec<String> {
    let mut state = amp::MODEL.zero_state();
    (0..amp::SAMPLES)
        .map(|t| {
            let x = amp::input(t);
            let y = amp::MODEL.step(&mut state, &SMatrix::<f32, 1, 1>::new(x))[0];
            format!("{:08x} {:08x}", x.to_bits(), y.to_bits())
        })
        .collect()
}

/// The flashed amp model is the trained one: it follows its input with a bounded, nonlinear
/// correction (the clipper it learnt compresses the peaks).
#[test]
fn the_flashed_amp_model_streams() {
    let mut state = amp::MODEL.zero_state();
    let mut moved = 0.0f32;
    for t in 0..amp::SAMPLES {
        let x = amp::input(t);
        let y = amp::MODEL.step(&mut state, &SMatrix::<f32, 1, 1>::new(x))[0];
        assert!(y.is_finite() && y.abs() < 2.0, "sample {t}: {y}");
        moved += (y - x).abs();
    }
    assert!(moved > 0.1, "the model is not the identity");
}

fn xor_lines() -> Vec<String> {
    let (loss, predictions) = xor::train();
    let mut out = vec![format!(
        "loss {:08x} ({} millionths)",
        loss.to_bits(),
        (loss * 1e6) as u32
    )];
    for (k, p) in predictions.iter().enumerate() {
        out.push(format!(
            "xor {} {} -> {:08x} ({} millionths)",
            k / 2,
            k % 2,
            p.to_bits(),
            (p * 1e6) as u32
        ));
    }
    out
}

#[test]
fn the_flashed_sine_model_approximates_sine() {
    for &x in &sine::INPUTS {
        let y = sine::MODEL.forward(&SMatrix::<f32, 1, 1>::new(x))[0];
        assert!(
            (y - x.sin()).abs() < 0.02,
            "sin({x}) = {}, model {y}",
            x.sin()
        );
    }
}

#[test]
fn xor_training_learns_on_the_host() {
    let (loss, p) = xor::train();
    assert!(loss < 0.01, "loss {loss}");
    assert!(
        p[0] < 0.5 && p[1] > 0.5 && p[2] > 0.5 && p[3] < 0.5,
        "{p:?}"
    );
}

/// Lines of a firmware log that are results (not the stack figure or the instruction counts).
fn results(log: &str) -> Vec<String> {
    log.lines()
        .filter(|l| {
            !l.starts_with("stack ")
                && !l.starts_with("instructions ")
                && !l.starts_with("state ")
                && !l.trim().is_empty()
        })
        .map(str::to_string)
        .collect()
}

#[test]
#[ignore = "needs the firmware's output under QEMU: run by .ci/run"]
fn firmware_outputs_equal_the_hosts_bit_for_bit() {
    let dir = std::env::var("CONSTNET_FIRMWARE_LOGS")
        .expect("CONSTNET_FIRMWARE_LOGS names the log folder");
    let infer = std::fs::read_to_string(format!("{dir}/infer.log")).expect("infer.log");
    assert_eq!(
        results(&infer),
        sine_lines(),
        "inference on the Cortex-M4 differs from the host"
    );
    let infer_m0 = std::fs::read_to_string(format!("{dir}/infer-m0.log")).expect("infer-m0.log");
    assert_eq!(
        results(&infer_m0),
        sine_lines(),
        "inference on the Cortex-M0 (soft float) differs from the host"
    );
    for (log, core) in [("qinfer", "Cortex-M4"), ("qinfer-m0", "Cortex-M0")] {
        let text = std::fs::read_to_string(format!("{dir}/{log}.log")).expect(log);
        assert_eq!(
            results(&text),
            qsine_lines(),
            "int8 inference on the {core} differs from the host"
        );
    }
    #[cfg(feature = "tflite")]
    for (log, core) in [
        ("ad01", "Cortex-M4"),
        ("ad01-m0", "thumbv6m build (mps2-an385)"),
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{log}.log")).expect(log);
        assert_eq!(
            results(&text),
            ad01_lines(),
            "AD01 on the {core} differs from the host"
        );
    }
    #[cfg(feature = "tflite")]
    {
        let text = std::fs::read_to_string(format!("{dir}/ad01f.log")).expect("ad01f.log");
        assert_eq!(
            results(&text),
            ad01_float_lines(),
            "the float AD01 on the Cortex-M4 differs from the host"
        );
    }
    let stream = std::fs::read_to_string(format!("{dir}/stream.log")).expect("stream.log");
    assert_eq!(
        results(&stream),
        amp_lines(),
        "streaming the amp model on the Cortex-M4 differs from the host"
    );
    let train = std::fs::read_to_string(format!("{dir}/train.log")).expect("train.log");
    assert_eq!(
        results(&train),
        xor_lines(),
        "training on the Cortex-M4 differs from the host"
    );
}
