//! HTTP byte ranges (RFC 9110 §14): one range per request, which is what resuming a download
//! needs; several ranges are answered with the whole object.

use std::ops::Range;

use crate::error::{HubError, Result};

/// Resolves a `Range` header value against an object of `size` bytes: `Ok(None)` for the
/// whole object, `Ok(Some(range))` for a part, an error when no byte of it exists.
pub fn resolve(header: &str, size: u64) -> Result<Option<Range<u64>>> {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return Ok(None);
    };
    let (first, last) = (first.trim(), last.trim());
    let unsatisfiable = || HubError::RangeNotSatisfiable { size };
    let range = match (first.parse::<u64>(), last.parse::<u64>()) {
        // bytes=-N: the last N bytes.
        (Err(_), Ok(suffix)) if first.is_empty() => {
            if suffix == 0 || size == 0 {
                return Err(unsatisfiable());
            }
            size.saturating_sub(suffix)..size
        }
        // bytes=A-: from A to the end.
        (Ok(start), Err(_)) if last.is_empty() => start..size,
        // bytes=A-B, B inclusive and clamped to the end.
        (Ok(start), Ok(end)) if start <= end => start..end.saturating_add(1).min(size),
        _ => return Ok(None),
    };
    if range.start >= size {
        return Err(unsatisfiable());
    }
    Ok(Some(range))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_ranges() {
        assert_eq!(resolve("bytes=0-99", 1000).ok(), Some(Some(0..100)));
        assert_eq!(resolve("bytes=500-", 1000).ok(), Some(Some(500..1000)));
        assert_eq!(resolve("bytes=-100", 1000).ok(), Some(Some(900..1000)));
        assert_eq!(resolve("bytes=900-5000", 1000).ok(), Some(Some(900..1000)));
        assert_eq!(resolve("bytes=-5000", 1000).ok(), Some(Some(0..1000)));
    }

    #[test]
    fn past_the_end_is_unsatisfiable() {
        assert!(matches!(
            resolve("bytes=1000-", 1000),
            Err(HubError::RangeNotSatisfiable { size: 1000 })
        ));
        assert!(resolve("bytes=-0", 1000).is_err());
    }

    #[test]
    fn what_is_not_one_byte_range_means_the_whole_object() {
        for header in [
            "items=0-1",
            "bytes=0-1,5-6",
            "bytes=5-1",
            "bytes=x-y",
            "bytes=7",
        ] {
            assert_eq!(resolve(header, 1000).ok(), Some(None), "{header}");
        }
    }
}
