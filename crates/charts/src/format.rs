//! Locale-aware number formatting: separators, currency, percent and compact (1.2M) styles.

use serde::{Deserialize, Serialize};

/// How a channel's numbers are written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NumberFormat {
    /// Number, integer, currency or percent.
    #[serde(default)]
    pub style: NumberStyle,
    /// Digits after the decimal separator; chosen from the data or tick step when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
    /// ISO 4217 code for `currency` style, e.g. `USD`, `EUR` (default `USD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Abbreviate large numbers: 1.2K, 3.4M, 5.6B.
    #[serde(default)]
    pub compact: bool,
}

/// Number styles.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NumberStyle {
    /// Plain number with thousands separators.
    #[default]
    Number,
    /// Rounded to a whole number.
    Integer,
    /// With a currency symbol.
    Currency,
    /// The value times 100 with a `%` sign (0.25 → 25%).
    Percent,
}

/// Separators and currency placement of a locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// 1,234.5 and $1,234
    #[default]
    En,
    /// 1.234,5 and 1.234 €
    De,
    /// 1 234,5 and 1 234 €
    Fr,
    /// 1.234,5 and 1.234 €
    Es,
    /// 1.234,5 and 1.234 €
    It,
    /// 1’234.5 and CHF 1’234
    Ch,
}

impl Locale {
    /// Parses `en`, `en-US`, `de-DE`, … by their language (or `ch` / `de-CH` for Swiss).
    pub fn parse(tag: &str) -> Option<Self> {
        let lower = tag.to_ascii_lowercase().replace('_', "-");
        if lower == "ch" || lower.ends_with("-ch") {
            return Some(Self::Ch);
        }
        match lower.split('-').next()? {
            "en" => Some(Self::En),
            "de" => Some(Self::De),
            "fr" => Some(Self::Fr),
            "es" => Some(Self::Es),
            "it" => Some(Self::It),
            _ => None,
        }
    }

    fn group(self) -> &'static str {
        match self {
            Self::En => ",",
            Self::De | Self::Es | Self::It => ".",
            Self::Fr => "\u{202f}",
            Self::Ch => "’",
        }
    }

    fn decimal(self) -> char {
        match self {
            Self::En | Self::Ch => '.',
            _ => ',',
        }
    }

    fn currency_before(self) -> bool {
        matches!(self, Self::En | Self::Ch)
    }
}

fn currency_symbol(code: &str) -> String {
    match code.to_ascii_uppercase().as_str() {
        "USD" => "$".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        "JPY" | "CNY" => "¥".into(),
        "INR" => "₹".into(),
        "RUB" => "₽".into(),
        other => format!("{other}\u{a0}"),
    }
}

/// Writes `v` with `decimals` digits and locale separators (no sign handling beyond `-`: the
/// bundled font has no U+2212 minus, and a missing glyph would drop the sign from PDFs).
pub fn group_digits(v: f64, decimals: usize, locale: Locale) -> String {
    let scale = 10f64.powi(decimals as i32);
    let scaled = (v.abs() * scale).round();
    // Below 2^53 the rounded value is an exact integer: writing its digits directly is much
    // faster than printing a float to a fixed precision, which a 10,000-point chart does for
    // every mark's tooltip.
    if decimals <= 9 && scaled < 9.0e15 {
        let units = scaled as u64;
        let pow = 10u64.pow(decimals as u32);
        let mut out = String::with_capacity(24);
        if v < 0.0 && units != 0 {
            out.push('-');
        }
        let mut buf = [0u8; 20];
        push_grouped(&mut out, ascii_digits(units / pow, &mut buf, 1), locale);
        if decimals > 0 {
            out.push(locale.decimal());
            out.push_str(ascii_digits(units % pow, &mut buf, decimals));
        }
        return out;
    }
    let rounded = scaled / scale;
    let s = format!(
        "{:.*}",
        decimals,
        if rounded.is_finite() {
            rounded
        } else {
            v.abs()
        }
    );
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::with_capacity(s.len() + 4);
    let rounded_zero = s.bytes().all(|b| b == b'0' || b == b'.');
    if v < 0.0 && !rounded_zero {
        out.push('-');
    }
    push_grouped(&mut out, int, locale);
    if !frac.is_empty() {
        out.push(locale.decimal());
        out.push_str(frac);
    }
    out
}

/// The decimal digits of `n`, zero-padded to at least `width`, written into the end of `buf`.
pub(crate) fn ascii_digits(mut n: u64, buf: &mut [u8; 20], width: usize) -> &str {
    let mut start = buf.len();
    while n > 0 || buf.len() - start < width.max(1) {
        start -= 1;
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    std::str::from_utf8(&buf[start..]).unwrap_or("0")
}

/// Appends the digits `int` with the locale's group separator every three digits.
fn push_grouped(out: &mut String, int: &str, locale: Locale) {
    let n = int.len();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push_str(locale.group());
        }
        out.push(ch);
    }
}

/// Decimals that tell apart values `step` apart.
pub fn decimals_for_step(step: f64) -> usize {
    if !step.is_finite() || step <= 0.0 {
        return 0;
    }
    let d = -step.log10().floor();
    // Steps like 2.5 need one more digit than their magnitude suggests.
    let extra = if (step / 10f64.powf(-d) - (step / 10f64.powf(-d)).round()).abs() > 1e-6 {
        1.0
    } else {
        0.0
    };
    (d + extra).clamp(0.0, 10.0) as usize
}

/// Decimals for a single value shown on its own (data labels, KPI numbers).
pub fn decimals_for_value(v: f64) -> usize {
    let a = v.abs();
    if a == 0.0 || a >= 100.0 || a.fract() == 0.0 {
        0
    } else if a >= 1.0 {
        1
    } else {
        2
    }
}

impl NumberFormat {
    /// Formats one value; `auto_decimals` is used when the format does not fix decimals.
    pub fn format(&self, v: f64, locale: Locale, auto_decimals: usize) -> String {
        self.format_scaled(v, locale, auto_decimals, None)
    }

    /// Formats a value for an axis whose ticks are `step` apart and whose largest magnitude is
    /// `max_abs` (chooses the compact unit once for the whole axis).
    pub fn format_tick(&self, v: f64, step: f64, max_abs: f64, locale: Locale) -> String {
        if v == 0.0 {
            return self.finish(
                group_digits(0.0, 0, locale)
                    + if self.style == NumberStyle::Percent {
                        "%"
                    } else {
                        ""
                    },
                locale,
            );
        }
        let unit = self.compact.then(|| compact_unit(max_abs));
        let scaled_step = match (self.style, unit) {
            (NumberStyle::Percent, _) => step * 100.0,
            (_, Some((div, _))) => step / div,
            _ => step,
        };
        self.format_scaled(v, locale, decimals_for_step(scaled_step), unit)
    }

    fn format_scaled(
        &self,
        v: f64,
        locale: Locale,
        auto: usize,
        unit: Option<(f64, &str)>,
    ) -> String {
        if !v.is_finite() {
            return if v.is_nan() {
                "–".into()
            } else if v > 0.0 {
                "inf".into()
            } else {
                "-inf".into()
            };
        }
        let decimals = match self.style {
            NumberStyle::Integer => 0,
            _ => self.decimals.map_or(auto, usize::from),
        };
        let (value, suffix) = match self.style {
            NumberStyle::Percent => (v * 100.0, "%".to_string()),
            _ if self.compact => {
                let (div, s) = unit.unwrap_or_else(|| compact_unit(v.abs()));
                let dec = if unit.is_some() || self.decimals.is_some() {
                    decimals
                } else {
                    usize::from((v / div).abs() < 100.0 && div > 1.0)
                };
                return self.finish(group_digits(v / div, dec, locale) + s, locale);
            }
            _ => (v, String::new()),
        };
        self.finish(group_digits(value, decimals, locale) + &suffix, locale)
    }

    fn finish(&self, number: String, locale: Locale) -> String {
        if self.style != NumberStyle::Currency {
            return number;
        }
        let symbol = currency_symbol(self.currency.as_deref().unwrap_or("USD"));
        let (sign, digits) = match number.strip_prefix('-') {
            Some(rest) => ("-", rest.to_string()),
            None => ("", number),
        };
        if locale.currency_before() {
            format!("{sign}{symbol}{digits}")
        } else {
            format!("{sign}{digits}\u{a0}{}", symbol.trim_end())
        }
    }
}

fn compact_unit(max_abs: f64) -> (f64, &'static str) {
    if max_abs >= 1e12 {
        (1e12, "T")
    } else if max_abs >= 1e9 {
        (1e9, "B")
    } else if max_abs >= 1e6 {
        (1e6, "M")
    } else if max_abs >= 1e3 {
        (1e3, "K")
    } else {
        (1.0, "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(style: NumberStyle, compact: bool) -> NumberFormat {
        NumberFormat {
            style,
            compact,
            ..Default::default()
        }
    }

    #[test]
    fn separators_follow_locale() {
        assert_eq!(group_digits(1234567.891, 2, Locale::En), "1,234,567.89");
        assert_eq!(group_digits(1234567.891, 1, Locale::De), "1.234.567,9");
        assert_eq!(group_digits(-1234.0, 0, Locale::Ch), "-1’234");
        assert_eq!(group_digits(-0.001, 2, Locale::En), "0.00");
        assert_eq!(group_digits(1e300, 0, Locale::En).len(), 301 + 100);
    }

    #[test]
    fn integer_printing_matches_float_printing() {
        let mut v = 0.000_123_f64;
        while v < 1e14 {
            for decimals in 0..=4 {
                let scale = 10f64.powi(decimals as i32);
                let want = format!("{:.*}", decimals, (v * scale).round() / scale);
                let got = group_digits(v, decimals, Locale::En).replace(',', "");
                assert_eq!(got, want, "{v} with {decimals} decimals");
            }
            v = v * 1.37 + 0.011;
        }
    }

    #[test]
    fn styles() {
        assert_eq!(
            fmt(NumberStyle::Percent, false).format(0.256, Locale::En, 1),
            "25.6%"
        );
        assert_eq!(
            fmt(NumberStyle::Number, true).format(1_234_567.0, Locale::En, 0),
            "1.2M"
        );
        assert_eq!(
            fmt(NumberStyle::Currency, false).format(1234.5, Locale::En, 2),
            "$1,234.50"
        );
        let eur = NumberFormat {
            currency: Some("EUR".into()),
            ..fmt(NumberStyle::Currency, false)
        };
        assert_eq!(eur.format(-1234.5, Locale::De, 0), "-1.235\u{a0}€");
        assert_eq!(
            fmt(NumberStyle::Number, true).format_tick(2_500_000.0, 500_000.0, 5e6, Locale::En),
            "2.5M"
        );
        assert_eq!(
            fmt(NumberStyle::Number, false).format_tick(0.25, 0.25, 1.0, Locale::En),
            "0.25"
        );
        assert_eq!(
            fmt(NumberStyle::Number, false).format(f64::NAN, Locale::En, 0),
            "–"
        );
    }

    /// A character without a glyph in the bundled font vanishes from the PDF and PNG: a lost
    /// minus sign turns -5K into 5K on paper. Every character the formatter writes must exist.
    #[test]
    fn every_character_written_has_a_glyph_in_the_bundled_faces() {
        let mut warnings = Vec::new();
        let faces = [crate::FONT_REGULAR, crate::FONT_BOLD]
            .map(|bytes| printpdf::ParsedFont::from_bytes(bytes, 0, &mut warnings).expect("font"));
        let locales = [
            Locale::En,
            Locale::De,
            Locale::Fr,
            Locale::Es,
            Locale::It,
            Locale::Ch,
        ];
        let styles = [
            NumberStyle::Number,
            NumberStyle::Integer,
            NumberStyle::Currency,
            NumberStyle::Percent,
        ];
        let currencies = ["USD", "EUR", "GBP", "JPY", "INR", "RUB", "CHF"];
        let values = [
            -1_234_567.891,
            -0.5,
            0.0,
            0.25,
            12_345.0,
            9e12,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for locale in locales {
            for style in styles {
                for compact in [false, true] {
                    for currency in currencies {
                        let format = NumberFormat {
                            currency: Some(currency.into()),
                            ..fmt(style, compact)
                        };
                        for v in values {
                            let text = format.format(v, locale, 2);
                            for ch in text.chars() {
                                for face in &faces {
                                    assert!(
                                        face.lookup_glyph_index(ch as u32).is_some(),
                                        "{text:?} ({locale:?}, {style:?}) uses {ch:?} (U+{:04X}), which the font lacks",
                                        ch as u32
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(
            NumberFormat::default()
                .format(-5000.0, Locale::En, 0)
                .starts_with('-')
        );
    }
}
