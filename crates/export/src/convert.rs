//! Arrow numbers, decimals, dates, timestamps and times in Excel's units: doubles, with dates
//! as serial days of the 1900 date system. NaN marks a value Excel cannot hold exactly
//! (integers beyond 2^53, dates before 1900 or after 9999, NaN/∞), which is written as text.

use std::fmt::Write as _;

use arrow_array::Array;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    ArrowPrimitiveType, Date32Type, Date64Type, Decimal32Type, Decimal64Type, Decimal128Type,
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, Time32MillisecondType,
    Time32SecondType, Time64MicrosecondType, Time64NanosecondType, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_schema::{DataType, TimeUnit};

/// Integers up to this magnitude are exact in a double.
const MAX_EXACT: i64 = 1 << 53;
/// The Excel serial of 1970-01-01.
const UNIX_EPOCH_SERIAL: f64 = 25_569.0;
/// The Excel serial of 10000-01-01, the first date Excel cannot show.
const END_SERIAL: f64 = 2_958_466.0;

/// A numeric or temporal column in Excel units (dates as serial days); NaN where Excel cannot
/// hold the value. `None` for other types.
pub(crate) fn excel_numbers(array: &dyn Array) -> Option<Vec<f64>> {
    use DataType::*;
    let exact = |v: i64| {
        if v.abs() <= MAX_EXACT {
            v as f64
        } else {
            f64::NAN
        }
    };
    Some(match array.data_type() {
        Int8 => map::<Int8Type>(array, f64::from),
        Int16 => map::<Int16Type>(array, f64::from),
        Int32 => map::<Int32Type>(array, f64::from),
        Int64 => map::<Int64Type>(array, exact),
        UInt8 => map::<UInt8Type>(array, f64::from),
        UInt16 => map::<UInt16Type>(array, f64::from),
        UInt32 => map::<UInt32Type>(array, f64::from),
        UInt64 => map::<UInt64Type>(array, |v| i64::try_from(v).map_or(f64::NAN, exact)),
        Float32 => map::<Float32Type>(array, f32_to_f64),
        Float64 => map::<Float64Type>(array, |v| v),
        Decimal32(_, s) => map::<Decimal32Type>(array, |v| decimal(i128::from(v), *s)),
        Decimal64(_, s) => map::<Decimal64Type>(array, |v| decimal(i128::from(v), *s)),
        Decimal128(_, s) => map::<Decimal128Type>(array, |v| decimal(v, *s)),
        Date32 => map::<Date32Type>(array, |d| serial(f64::from(d))),
        Date64 => map::<Date64Type>(array, |ms| serial(ms as f64 / 86_400_000.0)),
        Timestamp(unit, tz) => {
            let offset = tz.as_deref().and_then(tz_offset_seconds).unwrap_or(0) as f64 / 86_400.0;
            let per_day = 86_400.0 * per_second(*unit);
            let day = |v: i64| serial(v as f64 / per_day + offset);
            match unit {
                TimeUnit::Second => map::<TimestampSecondType>(array, day),
                TimeUnit::Millisecond => map::<TimestampMillisecondType>(array, day),
                TimeUnit::Microsecond => map::<TimestampMicrosecondType>(array, day),
                TimeUnit::Nanosecond => map::<TimestampNanosecondType>(array, day),
            }
        }
        Time32(TimeUnit::Second) => map::<Time32SecondType>(array, |v| f64::from(v) / 86_400.0),
        Time32(TimeUnit::Millisecond) => {
            map::<Time32MillisecondType>(array, |v| f64::from(v) / 86_400e3)
        }
        Time64(TimeUnit::Microsecond) => {
            map::<Time64MicrosecondType>(array, |v| v as f64 / 86_400e6)
        }
        Time64(TimeUnit::Nanosecond) => map::<Time64NanosecondType>(array, |v| v as f64 / 86_400e9),
        _ => return None,
    })
}

fn map<T: ArrowPrimitiveType>(array: &dyn Array, f: impl Fn(T::Native) -> f64) -> Vec<f64> {
    array
        .as_primitive::<T>()
        .values()
        .iter()
        .map(|&v| f(v))
        .collect()
}

fn per_second(unit: TimeUnit) -> f64 {
    match unit {
        TimeUnit::Second => 1.0,
        TimeUnit::Millisecond => 1e3,
        TimeUnit::Microsecond => 1e6,
        TimeUnit::Nanosecond => 1e9,
    }
}

/// The shortest decimal form of an `f32`, as a double (0.1f32 → 0.1, not 0.10000000149).
fn f32_to_f64(v: f32) -> f64 {
    if !v.is_finite() {
        return f64::from(v);
    }
    let mut s = String::with_capacity(16);
    let _ = write!(s, "{v}");
    s.parse().unwrap_or(f64::from(v))
}

fn decimal(v: i128, scale: i8) -> f64 {
    let v = v as f64;
    if scale >= 0 {
        v / 10f64.powi(i32::from(scale))
    } else {
        v * 10f64.powi(-i32::from(scale))
    }
}

/// Days since 1970-01-01 as an Excel serial (1900 date system, with its phantom 1900-02-29).
fn serial(days: f64) -> f64 {
    let s = UNIX_EPOCH_SERIAL + days;
    if (61.0..END_SERIAL).contains(&s) {
        s
    } else if (2.0..61.0).contains(&s) {
        s - 1.0
    } else {
        f64::NAN
    }
}

/// Seconds east of UTC for fixed-offset zones (`+02:00`, `-0530`, `UTC`); `None` for named
/// zones such as `Europe/Berlin`, which are written in UTC.
pub(crate) fn tz_offset_seconds(tz: &str) -> Option<i64> {
    let tz = tz.trim();
    if ["utc", "z", "gmt", "etc/utc", "etc/gmt", "+00:00", "-00:00"]
        .contains(&tz.to_ascii_lowercase().as_str())
    {
        return Some(0);
    }
    let (sign, rest) = match tz.as_bytes().first() {
        Some(b'+') => (1, &tz[1..]),
        Some(b'-') => (-1, &tz[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != rest.chars().filter(|c| *c != ':').count() {
        return None;
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i64>().ok()?, 0),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    Some(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials() {
        assert_eq!(serial(0.0), 25_569.0);
        // 1900-03-01 is 61; 1900-02-28 is 59 (Excel's phantom 29th is 60).
        assert_eq!(serial(-25_508.0), 61.0);
        assert_eq!(serial(-25_509.0), 59.0);
        assert!(serial(-30_000.0).is_nan());
        assert_eq!(f32_to_f64(0.1), 0.1);
        assert_eq!(decimal(12_345, 2), 123.45);
    }

    #[test]
    fn offsets() {
        assert_eq!(tz_offset_seconds("UTC"), Some(0));
        assert_eq!(tz_offset_seconds("+02:00"), Some(7200));
        assert_eq!(tz_offset_seconds("-0530"), Some(-19_800));
        assert_eq!(tz_offset_seconds("Europe/Berlin"), None);
    }
}
