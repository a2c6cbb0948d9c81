//! @mentions in comment text.

/// The distinct user names mentioned in `text`, in order of first mention. A mention is `@`
/// followed by a name of letters, digits, `.`, `_` or `-`, not preceded by a letter or digit
/// (so `ada@example.com` mentions nobody); a trailing `.` ends the sentence, not the name.
pub fn mentions(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let starts = c == '@' && !previous.is_some_and(|p| p.is_alphanumeric() || p == '_');
        previous = Some(c);
        if !starts {
            continue;
        }
        let start = at + 1;
        let mut end = start;
        while let Some(&(i, n)) = chars.peek() {
            if n.is_alphanumeric() || matches!(n, '.' | '_' | '-') {
                end = i + n.len_utf8();
                previous = Some(n);
                chars.next();
            } else {
                break;
            }
        }
        let name = text[start..end].trim_end_matches(['.', '-']);
        if !name.is_empty() && !found.iter().any(|f| f.eq_ignore_ascii_case(name)) {
            found.push(name.to_string());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_after_at_signs_are_mentions() {
        assert_eq!(
            mentions("@bob can you check this? cc @carol.smith."),
            vec!["bob", "carol.smith"]
        );
    }

    #[test]
    fn emails_repeats_and_bare_at_signs_are_not() {
        assert_eq!(
            mentions("mail ada@example.com or @ alone"),
            Vec::<String>::new()
        );
        assert_eq!(
            mentions("@Bob and @bob again, (@dave)"),
            vec!["Bob", "dave"]
        );
        assert_eq!(mentions("@zoë-"), vec!["zoë"]);
    }
}
