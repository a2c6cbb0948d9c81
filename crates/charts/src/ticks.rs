//! Axis ticks: "nice" numeric steps and calendar-aware time steps.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};

/// Evenly spaced ticks from `lo` to `hi` (inclusive) every `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NiceScale {
    /// First tick (at or below the data minimum).
    pub lo: f64,
    /// Last tick (at or above the data maximum).
    pub hi: f64,
    /// Distance between ticks.
    pub step: f64,
}

impl NiceScale {
    /// Ticks covering `min..=max` with about `target` intervals. Degenerate ranges are widened.
    pub fn new(min: f64, max: f64, target: usize) -> Self {
        let (mut min, mut max) = if min.is_finite() && max.is_finite() {
            (min.min(max), min.max(max))
        } else {
            (0.0, 1.0)
        };
        if max - min < f64::EPSILON * max.abs().max(1.0) * 16.0 {
            let pad = if min == 0.0 { 1.0 } else { min.abs() * 0.1 };
            min -= pad;
            max += pad;
            if min < 0.0 && min + pad >= 0.0 && min + pad > 0.0 {
                min = 0.0;
            }
        }
        let target = target.clamp(2, 20) as f64;
        let step = nice_step((max - min) / target);
        let lo = (min / step).floor() * step;
        let hi = (max / step).ceil() * step;
        Self {
            lo: clean(lo),
            hi: clean(hi).max(clean(lo) + step),
            step,
        }
    }

    /// With the same number of intervals as `other`, covering `min..=max`.
    pub fn aligned(min: f64, max: f64, intervals: usize) -> Self {
        let n = intervals.max(1) as f64;
        let (min, max) = if min.is_finite() && max.is_finite() && max > min {
            (min, max)
        } else {
            (0.0, 1.0)
        };
        let mut step = nice_step((max - min) / n);
        loop {
            let lo = (min / step).floor() * step;
            if lo + n * step >= max - step * 1e-9 {
                return Self {
                    lo: clean(lo),
                    hi: clean(lo + n * step),
                    step,
                };
            }
            step = nice_step(step * 1.0001);
        }
    }

    /// Number of intervals.
    pub fn intervals(&self) -> usize {
        ((self.hi - self.lo) / self.step).round().max(1.0) as usize
    }

    /// The tick values.
    pub fn ticks(&self) -> Vec<f64> {
        (0..=self.intervals())
            .map(|i| clean(self.lo + i as f64 * self.step))
            .collect()
    }
}

/// Rounds away float noise such as 0.30000000000000004.
fn clean(v: f64) -> f64 {
    if v == 0.0 {
        0.0
    } else {
        (v * 1e9).round() / 1e9
    }
}

/// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !raw.is_finite() || raw <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let n = if f <= 1.0 + 1e-9 {
        1.0
    } else if f <= 2.0 + 1e-9 {
        2.0
    } else if f <= 2.5 + 1e-9 {
        2.5
    } else if f <= 5.0 + 1e-9 {
        5.0
    } else {
        10.0
    };
    n * mag
}

/// A calendar step for time axes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeStep {
    /// Every n seconds.
    Seconds(i64),
    /// Every n minutes.
    Minutes(i64),
    /// Every n hours.
    Hours(i64),
    /// Every n days.
    Days(i64),
    /// Weeks starting on Monday.
    Weeks(i64),
    /// Every n months (3 = quarters).
    Months(u32),
    /// Every n years.
    Years(i32),
}

const STEPS: [TimeStep; 22] = [
    TimeStep::Seconds(1),
    TimeStep::Seconds(5),
    TimeStep::Seconds(15),
    TimeStep::Seconds(30),
    TimeStep::Minutes(1),
    TimeStep::Minutes(5),
    TimeStep::Minutes(15),
    TimeStep::Minutes(30),
    TimeStep::Hours(1),
    TimeStep::Hours(3),
    TimeStep::Hours(6),
    TimeStep::Hours(12),
    TimeStep::Days(1),
    TimeStep::Days(2),
    TimeStep::Weeks(1),
    TimeStep::Weeks(2),
    TimeStep::Months(1),
    TimeStep::Months(3),
    TimeStep::Months(6),
    TimeStep::Years(1),
    TimeStep::Years(5),
    TimeStep::Years(10),
];

impl TimeStep {
    /// Approximate length in seconds.
    pub fn seconds(self) -> f64 {
        match self {
            Self::Seconds(n) => n as f64,
            Self::Minutes(n) => n as f64 * 60.0,
            Self::Hours(n) => n as f64 * 3600.0,
            Self::Days(n) => n as f64 * 86_400.0,
            Self::Weeks(n) => n as f64 * 7.0 * 86_400.0,
            Self::Months(n) => f64::from(n) * 30.44 * 86_400.0,
            Self::Years(n) => f64::from(n) * 365.25 * 86_400.0,
        }
    }

    /// Default label pattern for ticks of this step.
    pub fn label(self, t: DateTime<Utc>) -> String {
        match self {
            Self::Seconds(_) => t.format("%H:%M:%S").to_string(),
            Self::Minutes(_) | Self::Hours(_) => t.format("%H:%M").to_string(),
            Self::Days(_) | Self::Weeks(_) => t.format("%b %-d").to_string(),
            Self::Months(3) => format!("Q{} {}", t.month0() / 3 + 1, t.year()),
            Self::Months(_) => t.format("%b %Y").to_string(),
            Self::Years(_) => t.format("%Y").to_string(),
        }
    }
}

/// Converts seconds since the epoch to a UTC date-time (clamped to chrono's range).
pub fn to_datetime(secs: f64) -> DateTime<Utc> {
    let s = if secs.is_finite() {
        secs.clamp(-8.0e12, 8.0e12)
    } else {
        0.0
    };
    DateTime::from_timestamp(s.floor() as i64, 0).unwrap_or_default()
}

/// Calendar ticks covering `min..=max` with at most `max_ticks` ticks: the finest calendar step
/// whose ticks inside the range number no more than that.
pub fn time_ticks(min: f64, max: f64, max_ticks: usize) -> (TimeStep, Vec<f64>) {
    let span = (max - min).abs().max(1.0);
    let limit = max_ticks.max(2);
    for step in STEPS {
        // Skip steps that would obviously give far too many ticks before walking them.
        if span / step.seconds() > (limit + 2) as f64 {
            continue;
        }
        let ticks = ticks_of(min, max, step);
        if ticks.len() <= limit {
            return (step, ticks);
        }
    }
    let step = TimeStep::Years(
        nice_step(span / 31_557_600.0 / limit as f64)
            .ceil()
            .max(1.0) as i32,
    );
    (step, ticks_of(min, max, step))
}

/// Every tick of `step` inside `min..=max`.
fn ticks_of(min: f64, max: f64, step: TimeStep) -> Vec<f64> {
    let mut out = Vec::new();
    let start = to_datetime(min);
    let mut t = floor_to(start, step);
    let end = to_datetime(max);
    while t <= end && out.len() < 1000 {
        if t >= start {
            out.push(t.timestamp() as f64);
        }
        t = advance(t, step);
    }
    out
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
}

fn floor_to(t: DateTime<Utc>, step: TimeStep) -> DateTime<Utc> {
    let secs = t.timestamp();
    let floor_n = |n: i64| DateTime::from_timestamp(secs - secs.rem_euclid(n), 0).unwrap_or(t);
    match step {
        TimeStep::Seconds(n) => floor_n(n),
        TimeStep::Minutes(n) => floor_n(n * 60),
        TimeStep::Hours(n) => floor_n(n * 3600),
        TimeStep::Days(_) => midnight(t.date_naive()),
        TimeStep::Weeks(_) => {
            midnight(t.date_naive()) - Duration::days(i64::from(t.weekday().num_days_from_monday()))
        }
        TimeStep::Months(n) => {
            let m0 = t.month0() / n * n;
            NaiveDate::from_ymd_opt(t.year(), m0 + 1, 1).map_or(t, midnight)
        }
        TimeStep::Years(n) => {
            NaiveDate::from_ymd_opt(t.year().div_euclid(n) * n, 1, 1).map_or(t, midnight)
        }
    }
}

fn advance(t: DateTime<Utc>, step: TimeStep) -> DateTime<Utc> {
    match step {
        TimeStep::Months(n) => {
            let total = t.year() * 12 + t.month0() as i32 + n as i32;
            NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1)
                .map_or(t + Duration::days(31), midnight)
        }
        TimeStep::Years(n) => {
            NaiveDate::from_ymd_opt(t.year() + n, 1, 1).map_or(t + Duration::days(366), midnight)
        }
        other => t + Duration::seconds(other.seconds() as i64).max(Duration::seconds(1)),
    }
}

/// True when the time has no time-of-day part.
pub fn is_midnight(t: DateTime<Utc>) -> bool {
    t.hour() == 0 && t.minute() == 0 && t.second() == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_scales() {
        let s = NiceScale::new(0.0, 97.0, 5);
        assert_eq!((s.lo, s.hi, s.step), (0.0, 100.0, 20.0));
        let s = NiceScale::new(5.0, 5.0, 5);
        assert!(s.lo <= 5.0 && s.hi >= 5.0 && s.hi > s.lo);
        let s = NiceScale::new(-3.2, 7.9, 6);
        assert_eq!(s.ticks().first().copied(), Some(-4.0));
        let r = NiceScale::aligned(0.0, 0.37, s.intervals());
        assert_eq!(r.intervals(), s.intervals());
        assert!(r.hi >= 0.37);
    }

    #[test]
    fn month_and_quarter_ticks() {
        let jan = 1_672_531_200.0; // 2023-01-01
        let (step, ticks) = time_ticks(jan, jan + 365.0 * 86_400.0, 6);
        assert_eq!(step, TimeStep::Months(3));
        assert_eq!(step.label(to_datetime(ticks[1])), "Q2 2023");
        let (step, _) = time_ticks(jan, jan + 3.0 * 365.0 * 86_400.0, 8);
        assert_eq!(step, TimeStep::Months(6));
        let (step, t) = time_ticks(jan, jan + 20.0 * 86_400.0, 5);
        assert_eq!(step, TimeStep::Weeks(1));
        assert!(
            t.iter()
                .all(|&v| to_datetime(v).weekday() == chrono::Weekday::Mon)
        );
    }

    #[test]
    fn a_slightly_padded_range_keeps_its_yearly_ticks() {
        // Monthly data for 2023–2025 plus 1.5 % padding: 3.1 years, room for 3 ticks.
        let from = 1_671_148_800.0; // 2022-12-16
        let to = 1_766_016_000.0; // 2025-12-18
        let (step, ticks) = time_ticks(from, to, 3);
        assert_eq!(step, TimeStep::Years(1));
        let years: Vec<String> = ticks.iter().map(|&t| step.label(to_datetime(t))).collect();
        assert_eq!(years, ["2023", "2024", "2025"]);
    }
}
