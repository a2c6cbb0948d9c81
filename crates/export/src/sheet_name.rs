//! Safe, unique worksheet names.
//!
//! Excel allows at most 31 UTF-16 units, none of `[]:*?/\`, no leading or trailing apostrophe,
//! and compares names case-insensitively. `Summary` is the exporter's own first sheet and
//! `History` is reserved by Excel.

use std::collections::HashSet;

/// The most UTF-16 units a sheet name may have.
pub const MAX_SHEET_NAME: usize = 31;
/// The name of the summary sheet, always the first tab.
pub const SUMMARY_SHEET: &str = "Summary";

/// Names handed out so far in one workbook (lower-cased for comparison).
#[derive(Debug, Default)]
pub(crate) struct SheetNames {
    used: HashSet<String>,
}

impl SheetNames {
    /// A registry where `Summary` and Excel's reserved `History` are taken.
    pub fn new() -> Self {
        let mut names = Self::default();
        names.used.insert(SUMMARY_SHEET.to_lowercase());
        names.used.insert("history".into());
        names
    }

    /// A valid name for `wanted`, made unique with ` (2)`, ` (3)` … when taken.
    pub fn unique(&mut self, wanted: &str) -> String {
        self.unique_with_suffix(wanted, "")
    }

    /// `base` + `suffix` (the base shortened so both fit), made unique when taken.
    pub fn unique_with_suffix(&mut self, base: &str, suffix: &str) -> String {
        let base = sanitize(base);
        let suffix = sanitize_part(suffix);
        let first = join(&base, &suffix);
        if self.take(&first) {
            return first;
        }
        for n in 2u32.. {
            let candidate = join(&base, &format!("{suffix} ({n})"));
            if self.take(&candidate) {
                return candidate;
            }
        }
        unreachable!("u32 names run out before the workbook does")
    }

    fn take(&mut self, name: &str) -> bool {
        self.used.insert(name.to_lowercase())
    }
}

/// `base` shortened (at a character boundary) so that `base + suffix` fits Excel's limit.
fn join(base: &str, suffix: &str) -> String {
    let room = MAX_SHEET_NAME.saturating_sub(utf16_len(suffix));
    let mut out = String::with_capacity(base.len() + suffix.len());
    let mut used = 0;
    for ch in base.chars() {
        if used + ch.len_utf16() > room {
            break;
        }
        used += ch.len_utf16();
        out.push(ch);
    }
    // Shortening can expose a trailing apostrophe or space.
    let trimmed = out.trim_end_matches(['\'', ' ']).len();
    out.truncate(trimmed);
    if out.is_empty() && suffix.trim().is_empty() {
        out.push_str("Sheet");
    }
    out + suffix
}

/// Replaces characters Excel forbids and trims what it rejects at the ends.
fn sanitize(name: &str) -> String {
    let cleaned = sanitize_part(name);
    let trimmed = cleaned.trim().trim_matches('\'').trim();
    if trimmed.is_empty() {
        "Sheet".into()
    } else {
        trimmed.to_string()
    }
}

fn sanitize_part(part: &str) -> String {
    part.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            other => other,
        })
        .collect()
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_and_unique() {
        let mut names = SheetNames::new();
        assert_eq!(names.unique("a/b:c*?"), "a_b_c__");
        assert_eq!(names.unique("Summary"), "Summary (2)");
        assert_eq!(names.unique("Sales"), "Sales");
        assert_eq!(names.unique("SALES"), "SALES (2)");
        assert_eq!(names.unique("'quoted'"), "quoted");
        assert_eq!(names.unique("  "), "Sheet");
        let long = "x".repeat(40);
        assert_eq!(names.unique(&long), "x".repeat(31));
        assert_eq!(names.unique(&long), format!("{} (2)", "x".repeat(27)));
        assert_eq!(
            names.unique_with_suffix("Sales", " chart data"),
            "Sales chart data"
        );
        assert_eq!(
            names.unique_with_suffix(&"é".repeat(30), " (2)"),
            format!("{} (2)", "é".repeat(27))
        );
    }
}
