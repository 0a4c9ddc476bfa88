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
