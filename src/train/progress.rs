//! Printing training progress on std targets.

use super::EpochReport;

/// A progress callback for std targets that prints one line per epoch every `every` epochs (and
/// for the last one): learning rate, training loss, validation loss and metric (when there is a
/// validation set) and the gradient norm.
#[cfg(feature = "std")]
pub fn print_progress(every: usize, epochs: usize) -> impl FnMut(&EpochReport) {
    move |r: &EpochReport| {
        if !r.epoch.is_multiple_of(every.max(1)) && r.epoch + 1 != epochs {
            return;
        }
        let mut line = std::format!(
            "epoch {:>4}  lr {:.2e}  loss {:.6}",
            r.epoch,
            r.lr,
            r.train_loss
        );
        if !r.val_loss.is_nan() {
            line += &std::format!("  val loss {:.6}", r.val_loss);
        }
        if !r.val_metric.is_nan() {
            line += &std::format!("  val metric {:.4e}", r.val_metric);
        }
        line += &std::format!("  |grad| {:.2e}", r.grad_norm);
        std::println!("{line}");
    }
}

/// A progress callback for std targets that draws a progress bar of the epochs on the terminal
/// (Keras's `verbose=1`): the epoch, elapsed time and ETA, and the last epoch's training loss,
/// validation loss and metric. Drawn with indicatif, on stderr, and only when stderr is a
/// terminal (nothing appears in a CI log).
///
/// ```no_run
/// # use constnet::prelude::*;
/// # use constnet::optim::Sgd;
/// use constnet::train::{fit, progress_bar, FitConfig};
/// # let mut net = (Dense::<1, 1>::zeros(),);
/// # let mut opt = Sgd::with_lr(&net, 0.1);
/// # let mut data = [Sample::new([1.0f32], [2.0f32]); 8];
/// let config = FitConfig::<4> { epochs: 50, ..FitConfig::default() };
/// fit(&mut net, &mut opt, &Mse, &mut data, &[], config, progress_bar(config.epochs)).unwrap();
/// ```
#[cfg(feature = "progress")]
pub fn progress_bar(epochs: usize) -> impl FnMut(&EpochReport) {
    use indicatif::{ProgressBar, ProgressStyle};
    let bar = ProgressBar::new(epochs as u64);
    if let Ok(style) = ProgressStyle::with_template(
        "epoch {pos:>4}/{len} [{bar:30}] {elapsed_precise} (ETA {eta}) {msg}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    move |r: &EpochReport| {
        let mut msg = std::format!("loss {:.5}", r.train_loss);
        if !r.val_loss.is_nan() {
            msg += &std::format!("  val loss {:.5}", r.val_loss);
        }
        if !r.val_metric.is_nan() {
            msg += &std::format!("  val metric {:.4}", r.val_metric);
        }
        bar.set_message(msg);
        bar.set_position(r.epoch as u64 + 1);
        if r.epoch + 1 >= epochs {
            bar.finish();
        }
    }
}
