//! Int8 inference firmware: the quantized sine network in a `static` (flash), evaluated on fixed
//! int8 inputs with integer arithmetic only. Prints `x y` (the int8 values), then the instruction
//! counts (the harness's calibration and one inference, see `constnet_cortex_m::count`) and the
//! peak stack use of the inference.
#![no_std]
#![no_main]

use constnet::quant::QNet;
use constnet_cortex_m::count::{self, Counter, Hundredths};
use constnet_cortex_m::{qsine, stack};
use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};
use panic_semihosting as _;

/// Calls per measured input.
const CALLS: u32 = 1000;

/// What one measured inference reads and writes.
struct Inference {
    model: &'static QNet<qsine::Net>,
    x: i8,
    y: i8,
}

/// One forward of the int8 sine model.
extern "C" fn infer(s: &mut Inference) {
    s.y = s.model.forward(&[s.x])[0];
}

#[entry]
fn main() -> ! {
    stack::paint();
    // Read the model through `black_box` so that the compiler cannot fold it into the code.
    let model = core::hint::black_box(&qsine::MODEL);
    for &x in qsine::INPUTS.iter() {
        let x = core::hint::black_box(x);
        let y = model.forward(&[x])[0];
        hprintln!("{} {}", x, y);
    }
    // The inference's own peak, before the measurement below.
    let stack = stack::peak();

    match cortex_m::Peripherals::take() {
        Some(p) => report_counts(&mut Counter::new(p.SYST), model),
        None => debug_exit(debug::EXIT_FAILURE),
    }
    hprintln!("stack {}", stack);
    debug_exit(debug::EXIT_SUCCESS)
}

fn debug_exit(code: debug::ExitStatus) -> ! {
    debug::exit(code);
    loop {
        cortex_m::asm::wfi();
    }
}

/// Calibrates the counter, measures one inference and prints both. Not inlined, so that its
/// state is not on the stack while the inference's peak is measured.
#[inline(never)]
fn report_counts(counter: &mut Counter, model: &'static QNet<qsine::Net>) {
    let c = count::calibrate(counter);
    for k in 0..2 {
        hprintln!(
            "instructions calibration loop of {} subs/bne: {} (expected 2N + 1 = {})",
            c.iterations[k],
            c.counts[k],
            2 * c.iterations[k] + 1
        );
    }
    let (num, den) = count::INSTRUCTIONS_PER_TICK;
    hprintln!(
        "instructions per SysTick tick {}.{:03} (expected {}.{:03})",
        c.per_tick_thousandths / 1000,
        c.per_tick_thousandths % 1000,
        num / den,
        num * 1000 / den % 1000
    );
    // Each input takes the same path on every call: the rounded count is exact.
    let (mut sum, mut low, mut high) = (0, u32::MAX, 0);
    for &x in qsine::INPUTS.iter() {
        let mut s = Inference { model, x, y: 0 };
        let n = counter.per_call(CALLS, infer, &mut s).round();
        sum += n;
        low = low.min(n);
        high = high.max(n);
    }
    hprintln!(
        "instructions per inference {} (mean over the {} inputs, {} to {}; {} calls each)",
        Hundredths::ratio(sum, qsine::INPUTS.len() as u32),
        qsine::INPUTS.len(),
        low,
        high,
        CALLS
    );
}
