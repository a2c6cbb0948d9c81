//! Detectors for personal data in text values (emails, phones, cards, IBANs, IPs, SSNs).
//!
//! Each detector looks at a whole value, not at text inside it, and is deliberately strict: a
//! profile should flag a column of card numbers, not every column that happens to hold digits.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::Serialize;

/// A kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    Email,
    Phone,
    CreditCard,
    Iban,
    Ipv4,
    Ipv6,
    UsSsn,
}

/// The kind of personal data `value` is, if it is one (whole value, trimmed).
///
/// The more specific shapes are tried first, so `1.2.3.4` is an IPv4 address and `123-45-6789`
/// an SSN rather than phone numbers.
pub fn detect(value: &str) -> Option<PiiKind> {
    let value = value.trim();
    if value.is_empty() {
        None
    } else if is_email(value) {
        Some(PiiKind::Email)
    } else if value.parse::<Ipv4Addr>().is_ok() {
        Some(PiiKind::Ipv4)
    } else if value.contains(':') && value.parse::<Ipv6Addr>().is_ok() {
        Some(PiiKind::Ipv6)
    } else if is_us_ssn(value) {
        Some(PiiKind::UsSsn)
    } else if is_credit_card(value) {
        Some(PiiKind::CreditCard)
    } else if is_iban(value) {
        Some(PiiKind::Iban)
    } else if is_phone(value) {
        Some(PiiKind::Phone)
    } else {
        None
    }
}

/// Characters RFC 5322 allows unquoted in the local part, besides letters, digits and dots.
const EMAIL_LOCAL_SYMBOLS: &str = "!#$%&'*+/=?^_`{|}~-";

/// `local@domain.tld`: a dot-atom local part and a DNS host name with an alphabetic top level.
fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    let local_ok = (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || EMAIL_LOCAL_SYMBOLS.contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

/// `AAA-GG-SSSS` with the area, group and serial numbers the SSA never issues excluded.
fn is_us_ssn(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    let [area, group, serial] = parts.as_slice() else {
        return false;
    };
    if area.len() != 3 || group.len() != 2 || serial.len() != 4 {
        return false;
    }
    let (Some(area), Some(group), Some(serial)) = (
        digits_value(area),
        digits_value(group),
        digits_value(serial),
    ) else {
        return false;
    };
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

/// The number an all-ASCII-digit string spells, or `None` if it has anything else.
fn digits_value(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// 13–19 digits, optionally grouped by single spaces or dashes, with a known issuer prefix and a
/// valid Luhn check digit.
fn is_credit_card(value: &str) -> bool {
    let mut digits = Vec::with_capacity(19);
    let mut previous_was_separator = true;
    for b in value.bytes() {
        match b {
            b'0'..=b'9' => {
                digits.push(b - b'0');
                previous_was_separator = false;
            }
            b' ' | b'-' if !previous_was_separator => previous_was_separator = true,
            _ => return false,
        }
    }
    !previous_was_separator
        && (13..=19).contains(&digits.len())
        && has_card_prefix(&digits)
        && passes_luhn(&digits)
}

/// Whether the digits start with an issuer identification number of a major card network.
fn has_card_prefix(digits: &[u8]) -> bool {
    let prefix = |n: usize| {
        digits
            .iter()
            .take(n)
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d))
    };
    digits.first() == Some(&4)
        || (51..=55).contains(&prefix(2))
        || (2221..=2720).contains(&prefix(4))
        || matches!(prefix(2), 34 | 35 | 37 | 65)
        || prefix(4) == 6011
}

/// The Luhn (mod 10) check over all digits, the last one being the check digit.
fn passes_luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            match (i % 2 == 1, d * 2) {
                (false, _) => d,
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// IBAN lengths by country as in SWIFT's IBAN registry, as `CCnn` entries.
const IBAN_LENGTHS: &str = "\
    AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 \
    CY28 CZ24 DE22 DK18 DO28 EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 \
    GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 \
    KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 \
    MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 \
    SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20";

/// Country code, two check digits and 11–30 alphanumerics (electronic form, or printed in
/// groups of four), with the ISO 7064 mod-97 check and the country's length where known.
fn is_iban(value: &str) -> bool {
    let groups: Vec<&str> = value.split(' ').collect();
    let grouped_ok = match groups.split_last() {
        Some((last, [])) => !last.is_empty(),
        Some((last, init)) => (1..=4).contains(&last.len()) && init.iter().all(|g| g.len() == 4),
        None => false,
    };
    if !grouped_ok {
        return false;
    }
    let iban: Vec<u8> = groups
        .concat()
        .bytes()
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if !(15..=34).contains(&iban.len()) || !iban.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (country, check) = (&iban[..2], &iban[2..4]);
    if !country.iter().all(u8::is_ascii_alphabetic) || !check.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let known_length = IBAN_LENGTHS
        .split(' ')
        .find(|entry| entry.as_bytes().starts_with(country))
        .and_then(|entry| entry.get(2..)?.parse::<usize>().ok());
    if known_length.is_some_and(|length| length != iban.len()) {
        return false;
    }
    // Move the country code and check digits to the end, read letters as 10..=35, take mod 97.
    let remainder = iban[4..]
        .iter()
        .chain(&iban[..4])
        .fold(0u32, |acc, &b| match b {
            b'0'..=b'9' => (acc * 10 + u32::from(b - b'0')) % 97,
            _ => (acc * 100 + u32::from(b - b'A') + 10) % 97,
        });
    remainder == 1
}

/// A phone number: an optional leading `+`, 7–15 digits (the E.164 bound) separated by spaces,
/// dashes, dots or one pair of parentheses. To keep plain numbers out, it needs a `+`, a
/// separator or at least 10 digits; dates, decimals and SSN-shaped values are not phones.
fn is_phone(value: &str) -> bool {
    let body = value.strip_prefix('+').unwrap_or(value);
    let has_plus = body.len() != value.len();
    let bytes = body.as_bytes();
    if !bytes
        .first()
        .is_some_and(|&b| b.is_ascii_digit() || b == b'(')
        || !bytes.last().is_some_and(u8::is_ascii_digit)
    {
        return false;
    }
    let mut groups: Vec<usize> = vec![0];
    let mut separators: Vec<u8> = Vec::new();
    let mut has_parentheses = false;
    let mut inside_parentheses = false;
    let mut previous = 0u8;
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                if let Some(last) = groups.last_mut() {
                    *last += 1;
                }
            }
            b'(' if !has_parentheses => {
                inside_parentheses = true;
                has_parentheses = true;
            }
            b')' if inside_parentheses && previous.is_ascii_digit() => inside_parentheses = false,
            b' ' | b'-' | b'.' if !b" -.".contains(&previous) && !inside_parentheses => {
                separators.push(b);
                groups.push(0);
            }
            _ => return false,
        }
        previous = b;
    }
    if inside_parentheses {
        return false;
    }
    groups.retain(|&g| g > 0);
    let digit_count: usize = groups.iter().sum();
    let has_separator = !separators.is_empty() || has_parentheses;
    if !(7..=15).contains(&digit_count) || !(has_plus || has_separator || digit_count >= 10) {
        return false;
    }
    has_plus || !looks_like_non_phone(&groups, &separators)
}

/// Digit groups that read as a date (`2024-01-02`, `02.01.2024`), a decimal (`1234.5678`) or an
/// SSN-shaped `AAA-GG-SSSS` rather than a phone number.
fn looks_like_non_phone(groups: &[usize], separators: &[u8]) -> bool {
    let same_separator = separators.windows(2).all(|pair| pair[0] == pair[1]);
    let date_like = same_separator
        && separators.len() == 2
        && matches!(groups, [4, 1..=2, 1..=2] | [1..=2, 1..=2, 4]);
    let decimal_like = separators == [b'.'];
    let ssn_like = same_separator && groups == [3, 2, 4];
    date_like || decimal_like || ssn_like
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_kind(kind: Option<PiiKind>, values: &[&str]) {
        for value in values {
            assert_eq!(detect(value), kind, "detect({value:?})");
        }
    }

    #[test]
    fn emails() {
        assert_kind(
            Some(PiiKind::Email),
            &[
                "ada@example.com",
                "  first.last+tag@mail.example.co.uk ",
                "o'brien@sub-domain.example.org",
                "x_1@a-b.io",
            ],
        );
        assert_kind(
            None,
            &[
                "ada@example",
                "ada example@example.com",
                "@example.com",
                "ada@",
                "ada@@example.com",
                "ada@exa@mple.com",
                ".ada@example.com",
                "ada.@example.com",
                "a..da@example.com",
                "ada@-example.com",
                "ada@example..com",
                "ada@example.c",
                "ada@1.2.3.4",
                "ada@exam_ple.com",
            ],
        );
    }

    #[test]
    fn phones() {
        assert_kind(
            Some(PiiKind::Phone),
            &[
                "+1 (555) 123-4567",
                "(555) 123-4567",
                "555-123-4567",
                "555.123.4567",
                "+44 20 7946 0958",
                "+4915112345678",
                "030 1234567",
                "5551234567",
                "+1234567",
            ],
        );
        assert_kind(
            None,
            &[
                "12345",
                "1234567",
                "123456789",
                "2024-01-02",
                "02.01.2024",
                "1.2.3",
                "1234.5678",
                "-5551234567",
                "+123456",
                "+1234567890123456",
                "555--123-4567",
                "(555 123-4567",
                "555) 123-4567",
                "((555)) 123-4567",
                "555-123-4567 ext",
                "555/123/4567",
                "+",
                "()",
            ],
        );
    }

    #[test]
    fn ipv4_is_not_a_phone() {
        assert_kind(
            Some(PiiKind::Ipv4),
            &["1.2.3.4", "192.168.100.200", " 10.0.0.1 "],
        );
        assert_kind(None, &["1.2.3", "256.1.1.1", "1.2.3.4.5", "01.2.3.4"]);
    }

    #[test]
    fn ipv6() {
        assert_kind(
            Some(PiiKind::Ipv6),
            &[
                "::1",
                "2001:db8::ff00:42:8329",
                "fe80::1",
                "::ffff:192.0.2.1",
            ],
        );
        assert_kind(None, &["2001:db8:::1", "12:30", "fe80::1%eth0", "gggg::1"]);
    }

    #[test]
    fn credit_cards() {
        assert_kind(
            Some(PiiKind::CreditCard),
            &[
                "4111111111111111",
                "4111 1111 1111 1111",
                "4111-1111-1111-1111",
                "5555555555554444",
                "2223003122003222",
                "378282246310005",
                "3782 822463 10005",
                "6011111111111117",
                "3530111333300000",
                "4222222222222",
            ],
        );
        let not_cards = [
            // Luhn failures: one digit changed.
            "4111111111111112",
            "5555555555554445",
            "378282246310006",
            // Luhn-valid but no known issuer prefix.
            "1111111111111117",
            // Bad grouping or length.
            "4111  1111 1111 1111",
            "4111-1111-1111-1111-",
            " -4111111111111111",
            "411111111111",
            "41111111111111111111",
        ];
        for value in not_cards {
            assert_ne!(
                detect(value),
                Some(PiiKind::CreditCard),
                "detect({value:?})"
            );
        }
        // Up to 15 digits, a number that is no card can still be a phone number.
        assert_eq!(detect("378282246310006"), Some(PiiKind::Phone));
    }

    #[test]
    fn ibans() {
        assert_kind(
            Some(PiiKind::Iban),
            &[
                "DE89 3704 0044 0532 0130 00",
                "DE89370400440532013000",
                "GB82 WEST 1234 5698 7654 32",
                "FR14 2004 1010 0505 0001 3M02 606",
                "NL91 ABNA 0417 1643 00",
                "CH93 0076 2011 6238 5295 7",
                "BE68 5390 0754 7034",
                "de89370400440532013000",
            ],
        );
        assert_kind(
            None,
            &[
                // Checksum failures: one digit or letter changed.
                "DE89 3704 0044 0532 0130 01",
                "DE88 3704 0044 0532 0130 00",
                "GB82 WEST 1234 5698 7654 33",
                // Wrong length for the country.
                "DE89 3704 0044 0532 0130 0",
                // Groups not of four.
                "DE89 37040044 0532 0130 00",
                "DE89  3704 0044 0532 0130 00",
                "D189 3704 0044 0532 0130 00",
                "DEXX 3704 0044 0532 0130 00",
                "DE89-3704-0044-0532-0130-00",
            ],
        );
    }

    #[test]
    fn unknown_iban_countries_use_the_generic_length() {
        // "ZZ" is not a country; its check digits still have to be right.
        let body = "1234567890123";
        let rearranged: String = format!("{body}3535");
        let remainder = rearranged
            .bytes()
            .fold(0u64, |acc, b| (acc * 10 + u64::from(b - b'0')) % 97);
        let check = 98 - (remainder * 100 % 97);
        let iban = format!("ZZ{check:02}{body}");
        assert_eq!(detect(&iban), Some(PiiKind::Iban), "{iban}");
        assert_eq!(detect(&format!("ZZ{check:02}123")), None);
    }

    #[test]
    fn us_ssns() {
        assert_kind(
            Some(PiiKind::UsSsn),
            &["123-45-6789", "078-05-1120", "899-99-9999"],
        );
        // SSN-shaped values that are never issued are no phone numbers either.
        assert_kind(
            None,
            &[
                "000-12-3456",
                "666-12-3456",
                "900-12-3456",
                "123-00-4567",
                "123-45-0000",
                "123456789",
                "123 45 6789",
            ],
        );
    }

    #[test]
    fn dates_and_plain_values_are_not_pii() {
        assert_kind(
            None,
            &[
                "2024-01-02",
                "2024-1-2",
                "31.12.1999",
                "",
                "   ",
                "hello",
                "42",
                "3.14",
                "-7",
                "N/A",
            ],
        );
    }

    #[test]
    fn kinds_serialize_in_snake_case() {
        let names: Vec<String> = [PiiKind::CreditCard, PiiKind::UsSsn, PiiKind::Ipv4]
            .iter()
            .filter_map(|kind| serde_json::to_string(kind).ok())
            .collect();
        assert_eq!(names, ["\"credit_card\"", "\"us_ssn\"", "\"ipv4\""]);
    }
}
