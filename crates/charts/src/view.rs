//! Zoom and pan: the visible ranges of a chart's continuous axes. Zooming or panning is a
//! re-render with a new [`View`]; the hit map reports the ranges shown so a caller can turn
//! pointer positions into the next view.

use serde::{Deserialize, Serialize};

use crate::error::{ChartError, Result};

/// Visible ranges in data units (seconds since the epoch on a time axis). `None` fits the data.
/// Applies to continuous axes (line and area charts over numbers or time, scatter, bubble); a
/// category axis always shows every category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// Horizontal range `[from, to]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<[f64; 2]>,
    /// Vertical range `[from, to]`; with only `x` set, y fits the visible points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<[f64; 2]>,
}

impl View {
    /// Checks that each range is finite and increasing.
    pub fn validate(&self) -> Result<()> {
        for (axis, range) in [("x", self.x), ("y", self.y)] {
            if let Some([from, to]) = range
                && !(from.is_finite() && to.is_finite() && from < to)
            {
                return Err(ChartError::View { axis, from, to });
            }
        }
        Ok(())
    }
}

/// The points of a series sorted by x that fall in `from..=to`, plus the nearest one outside on
/// each side so lines run to the plot's edges.
pub(crate) fn crop_sorted(points: &[[f64; 2]], [from, to]: [f64; 2]) -> std::ops::Range<usize> {
    let first = points.partition_point(|p| p[0] < from);
    let end = points.partition_point(|p| p[0] <= to);
    first.saturating_sub(1)..(end + 1).min(points.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crop_keeps_one_neighbour_each_side() {
        let pts: Vec<[f64; 2]> = (0..10).map(|i| [f64::from(i), 0.0]).collect();
        assert_eq!(crop_sorted(&pts, [3.5, 6.0]), 3..8);
        assert_eq!(crop_sorted(&pts, [-5.0, 0.5]), 0..2);
        assert_eq!(crop_sorted(&pts, [8.5, 20.0]), 8..10);
        assert_eq!(crop_sorted(&pts, [20.0, 30.0]), 9..10);
    }

    #[test]
    fn ranges_must_be_finite_and_increasing() {
        assert!(View::default().validate().is_ok());
        assert!(
            View {
                x: Some([1.0, 2.0]),
                y: None
            }
            .validate()
            .is_ok()
        );
        for bad in [
            [2.0, 1.0],
            [1.0, 1.0],
            [f64::NAN, 1.0],
            [0.0, f64::INFINITY],
        ] {
            let err = View {
                x: None,
                y: Some(bad),
            }
            .validate()
            .unwrap_err();
            assert!(err.to_string().contains("y range"), "{err}");
        }
    }
}
