//! Excel number format codes for chart-spec [`NumberFormat`]s and Arrow types.
//!
//! Format codes use `,` and `.` as placeholders; Excel shows the reader's own separators.
//! `compact` (1.2M) is not carried over: a spreadsheet keeps full values.

use quarry_charts::{NumberFormat, NumberStyle};

/// Dates.
pub(crate) const DATE: &str = "yyyy-mm-dd";
/// Timestamps.
pub(crate) const DATE_TIME: &str = "yyyy-mm-dd hh:mm:ss";
/// Times of day.
pub(crate) const TIME: &str = "hh:mm:ss";

/// The Excel format code for a chart-spec number format.
pub fn excel_format(format: &NumberFormat) -> String {
    let decimals = |default: u8| format.decimals.unwrap_or(default);
    match format.style {
        NumberStyle::Number => format!("#,##0{}", fraction(decimals(2))),
        NumberStyle::Integer => "#,##0".into(),
        NumberStyle::Percent => format!("0{}%", fraction(decimals(1))),
        NumberStyle::Currency => {
            let code = format
                .currency
                .as_deref()
                .unwrap_or("USD")
                .to_ascii_uppercase();
            let default = if matches!(code.as_str(), "JPY" | "KRW") {
                0
            } else {
                2
            };
            let number = format!("#,##0{}", fraction(decimals(default)));
            match symbol(&code) {
                Some((symbol, true)) => format!("\"{symbol}\"{number}"),
                Some((symbol, false)) => format!("{number} \"{symbol}\""),
                None => format!("{number} \"{}\"", code.replace('"', "")),
            }
        }
    }
}

/// The default code for a decimal column of `scale` digits (none for whole numbers).
pub(crate) fn decimal_format(scale: i8) -> Option<String> {
    (scale > 0).then(|| format!("#,##0{}", fraction(scale.unsigned_abs())))
}

fn fraction(decimals: u8) -> String {
    if decimals == 0 {
        String::new()
    } else {
        format!(".{}", "0".repeat(usize::from(decimals.min(15))))
    }
}

/// A currency's symbol and whether it goes before the number.
fn symbol(code: &str) -> Option<(&'static str, bool)> {
    Some(match code {
        "USD" => ("$", true),
        "GBP" => ("£", true),
        "JPY" | "CNY" => ("¥", true),
        "INR" => ("₹", true),
        "EUR" => ("€", false),
        "RUB" => ("₽", false),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nf(style: NumberStyle, decimals: Option<u8>, currency: Option<&str>) -> NumberFormat {
        NumberFormat {
            style,
            decimals,
            currency: currency.map(String::from),
            compact: false,
        }
    }

    #[test]
    fn codes() {
        assert_eq!(
            excel_format(&nf(NumberStyle::Number, None, None)),
            "#,##0.00"
        );
        assert_eq!(
            excel_format(&nf(NumberStyle::Number, Some(0), None)),
            "#,##0"
        );
        assert_eq!(
            excel_format(&nf(NumberStyle::Integer, Some(3), None)),
            "#,##0"
        );
        assert_eq!(excel_format(&nf(NumberStyle::Percent, None, None)), "0.0%");
        assert_eq!(excel_format(&nf(NumberStyle::Percent, Some(0), None)), "0%");
        assert_eq!(
            excel_format(&nf(NumberStyle::Currency, None, None)),
            "\"$\"#,##0.00"
        );
        assert_eq!(
            excel_format(&nf(NumberStyle::Currency, Some(1), Some("eur"))),
            "#,##0.0 \"€\""
        );
        assert_eq!(
            excel_format(&nf(NumberStyle::Currency, None, Some("CHF"))),
            "#,##0.00 \"CHF\""
        );
        assert_eq!(decimal_format(2).as_deref(), Some("#,##0.00"));
        assert_eq!(decimal_format(0), None);
    }
}
