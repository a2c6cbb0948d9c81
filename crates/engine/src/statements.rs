//! Splitting a SQL script into statements without parsing it: semicolons count only outside
//! quotes, comments and dollar-quoted strings.

/// The script's statements in order, trimmed, each without its final `;`. Comments before a
/// statement stay with it; empty statements are dropped.
pub fn split_statements(script: &str) -> Vec<&str> {
    let bytes = script.as_bytes();
    let mut statements = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' => i = skip_quoted(bytes, i, bytes[i]),
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = script[i..].find('\n').map_or(bytes.len(), |n| i + n + 1);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = script[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2);
            }
            b'$' => i = skip_dollar_quoted(script, i),
            b';' => {
                push_statement(&mut statements, &script[start..i]);
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    push_statement(&mut statements, &script[start..]);
    statements
}

fn push_statement<'a>(statements: &mut Vec<&'a str>, text: &'a str) {
    let trimmed = text.trim();
    if !is_only_comments(trimmed) {
        statements.push(trimmed);
    }
}

/// Whether `text` holds nothing but whitespace and comments.
fn is_only_comments(text: &str) -> bool {
    let mut rest = text.trim_start();
    loop {
        if rest.is_empty() {
            return true;
        }
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r).trim_start();
        } else {
            return false;
        }
    }
}

/// Index just past the closing quote (a doubled quote is an escaped one).
fn skip_quoted(bytes: &[u8], open: usize, quote: u8) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

/// Index past a `$tag$ … $tag$` string, or just past the `$` when it does not open one.
fn skip_dollar_quoted(script: &str, open: usize) -> usize {
    let rest = &script[open + 1..];
    let Some(tag_len) = rest.find('$') else {
        return open + 1;
    };
    let tag = &rest[..tag_len];
    if !tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        || tag.starts_with(|c: char| c.is_ascii_digit())
    {
        return open + 1;
    }
    let delimiter = format!("${tag}$");
    let body = open + delimiter.len();
    script[body..]
        .find(&delimiter)
        .map_or(script.len(), |n| body + n + delimiter.len())
}

#[cfg(test)]
mod tests {
    use super::split_statements;

    #[test]
    fn splits_on_semicolons_outside_quotes_and_comments() {
        let script = "-- first\nSELECT 'a;b' AS \"x;y\"; /* c; */ SELECT 2;\n\n-- only a comment;\n SELECT $$ ; $$, $tag$ ; $tag$";
        assert_eq!(
            split_statements(script),
            [
                "-- first\nSELECT 'a;b' AS \"x;y\"",
                "/* c; */ SELECT 2",
                "-- only a comment;\n SELECT $$ ; $$, $tag$ ; $tag$",
            ]
        );
    }

    #[test]
    fn handles_escaped_quotes_parameters_and_empties() {
        assert_eq!(
            split_statements("SELECT 'it''s; fine';;  ; "),
            ["SELECT 'it''s; fine'"]
        );
        assert_eq!(
            split_statements("SELECT $1; SELECT $name"),
            ["SELECT $1", "SELECT $name"]
        );
        assert!(split_statements("  -- nothing\n/* at all */ ").is_empty());
        assert_eq!(
            split_statements("SELECT 'unterminated; still one"),
            ["SELECT 'unterminated; still one"]
        );
    }
}
