//! Training curves as SVG: [`History::plot_svg`], with plotters' SVG backend.

use std::string::{String, ToString};
use std::vec::Vec;

use plotters::prelude::*;

use super::History;

/// Why a training curve could not be drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlotError {
    /// The history holds no epoch.
    NoEpochs,
    /// Drawing or writing the file failed (plotters' message).
    Draw(String),
}

impl core::fmt::Display for PlotError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PlotError::NoEpochs => write!(f, "no epoch to plot"),
            PlotError::Draw(e) => write!(f, "drawing the training curve failed: {e}"),
        }
    }
}

impl std::error::Error for PlotError {}

fn draw_error(e: impl core::fmt::Display) -> PlotError {
    PlotError::Draw(e.to_string())
}

/// `(lo, hi)` of the finite values, padded by 5 % (a flat line gets ±1 % or ±1).
fn range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        return None;
    }
    let pad = if hi > lo {
        0.05 * (hi - lo)
    } else {
        0.01 * lo.abs().max(1.0)
    };
    Some((lo - pad, hi + pad))
}

fn points(values: impl Iterator<Item = f64>) -> Vec<(f64, f64)> {
    values
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .map(|(e, v)| (e as f64 + 1.0, v))
        .collect()
}

impl History {
    /// Writes the training curves to an SVG file at `path`: the training and validation loss
    /// per epoch on the left, the validation metric (named `metric`, e.g. `"accuracy"`) on the
    /// right when there is one. `title` heads the picture.
    ///
    /// # Errors
    /// [`PlotError::NoEpochs`] for an empty history; [`PlotError::Draw`] if the file cannot be
    /// written.
    pub fn plot_svg(
        &self,
        path: impl AsRef<std::path::Path>,
        title: &str,
        metric: &str,
    ) -> Result<(), PlotError> {
        if self.is_empty() {
            return Err(PlotError::NoEpochs);
        }
        let has_metric = self.val_metric().any(|v| v.is_finite());
        let width = if has_metric { 960 } else { 560 };
        let root = SVGBackend::new(path.as_ref(), (width, 400)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let root = root.titled(title, ("sans-serif", 20)).map_err(draw_error)?;
        let (left, right) = if has_metric {
            let (l, r) = root.split_horizontally(width / 2 + 20);
            (l, Some(r))
        } else {
            (root.clone(), None)
        };
        let epochs = self.len() as f64;
        let x_range = 1.0..epochs.max(2.0);
        let (lo, hi) = range(self.train_loss().chain(self.val_loss())).unwrap_or((0.0, 1.0));
        let mut chart = ChartBuilder::on(&left)
            .caption("loss", ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(64)
            .build_cartesian_2d(x_range.clone(), lo..hi)
            .map_err(draw_error)?;
        chart
            .configure_mesh()
            .x_desc("epoch")
            .x_label_formatter(&|x| std::format!("{x:.0}"))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(draw_error)?;
        let blue = RGBColor(31, 119, 180);
        let orange = RGBColor(255, 127, 14);
        chart
            .draw_series(LineSeries::new(
                points(self.train_loss()),
                blue.stroke_width(2),
            ))
            .map_err(draw_error)?
            .label("training")
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], blue.stroke_width(2)));
        let val = points(self.val_loss());
        if !val.is_empty() {
            chart
                .draw_series(LineSeries::new(val, orange.stroke_width(2)))
                .map_err(draw_error)?
                .label("validation")
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 18, y)], orange.stroke_width(2))
                });
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK.mix(0.3))
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(draw_error)?;
        if let Some(right) = right {
            let (lo, hi) = range(self.val_metric()).unwrap_or((0.0, 1.0));
            let mut chart = ChartBuilder::on(&right)
                .caption(std::format!("validation {metric}"), ("sans-serif", 16))
                .margin(12)
                .x_label_area_size(36)
                .y_label_area_size(64)
                .build_cartesian_2d(x_range, lo..hi)
                .map_err(draw_error)?;
            chart
                .configure_mesh()
                .x_desc("epoch")
                .x_label_formatter(&|x| std::format!("{x:.0}"))
                .light_line_style(WHITE.mix(0.0))
                .draw()
                .map_err(draw_error)?;
            chart
                .draw_series(LineSeries::new(
                    points(self.val_metric()),
                    orange.stroke_width(2),
                ))
                .map_err(draw_error)?;
        }
        root.present().map_err(draw_error)
    }
}
