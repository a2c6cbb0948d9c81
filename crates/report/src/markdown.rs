//! Markdown text blocks into styled paragraphs. `{{name}}` placeholders are replaced inside the
//! parsed text, after parsing, so a parameter value is always plain text: markup in it is shown
//! literally, never interpreted.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::params::ResolvedParam;
use crate::resolved::{Paragraph, ParagraphStyle, Run};

/// Parses `markdown` and substitutes parameter values.
pub fn paragraphs(markdown: &str, params: &[ResolvedParam]) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut current: Option<Paragraph> = None;
    let (mut bold, mut italic) = (0u32, 0u32);
    let mut lists: Vec<Option<u64>> = Vec::new();
    let flush = |current: &mut Option<Paragraph>, out: &mut Vec<Paragraph>| {
        if let Some(p) = current.take()
            && p.runs.iter().any(|r| !r.text.trim().is_empty())
        {
            out.push(p);
        }
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                flush(&mut current, &mut out);
                current = Some(new(ParagraphStyle::Heading(level as u8)));
            }
            Event::Start(Tag::Paragraph) if current.is_none() => {
                current = Some(new(ParagraphStyle::Body));
            }
            Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut current, &mut out);
                current = Some(new(ParagraphStyle::Code));
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut current, &mut out);
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut current, &mut out);
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut out);
                let depth = lists.len().saturating_sub(1).min(8) as u8;
                let style = match lists.last_mut() {
                    Some(Some(n)) => {
                        let number = *n;
                        *n += 1;
                        ParagraphStyle::Numbered { depth, number }
                    }
                    _ => ParagraphStyle::Bullet { depth },
                };
                current = Some(new(style));
            }
            Event::Start(Tag::Strong) => bold += 1,
            Event::End(TagEnd::Strong) => bold = bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => italic += 1,
            Event::End(TagEnd::Emphasis) => italic = italic.saturating_sub(1),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::Item,
            ) => flush(&mut current, &mut out),
            Event::Text(text) => {
                let p = current.get_or_insert_with(|| new(ParagraphStyle::Body));
                let code = p.style == ParagraphStyle::Code;
                p.runs.push(Run {
                    text: substitute(&text, params),
                    bold: bold > 0,
                    italic: italic > 0,
                    code,
                });
            }
            Event::Code(text) => {
                let p = current.get_or_insert_with(|| new(ParagraphStyle::Body));
                p.runs.push(Run {
                    text: substitute(&text, params),
                    bold: bold > 0,
                    italic: italic > 0,
                    code: true,
                });
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = current.as_mut() {
                    p.runs.push(plain(" "));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let p = current.get_or_insert_with(|| new(ParagraphStyle::Body));
                p.runs.push(plain(&html));
            }
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    out
}

fn new(style: ParagraphStyle) -> Paragraph {
    Paragraph {
        style,
        runs: Vec::new(),
    }
}

fn plain(text: &str) -> Run {
    Run {
        text: text.to_owned(),
        bold: false,
        italic: false,
        code: false,
    }
}

/// Replaces `{{name}}` with the parameter's displayed value; unknown names stay as written.
pub fn substitute(text: &str, params: &[ResolvedParam]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = after[..end].trim();
        match params.iter().find(|p| p.name == name) {
            Some(p) => out.push_str(&p.display),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::ParamValue;

    fn param(name: &str, value: &str) -> ResolvedParam {
        ResolvedParam {
            name: name.into(),
            label: name.into(),
            value: ParamValue::Text(value.into()),
            display: value.into(),
        }
    }

    #[test]
    fn parameter_values_are_plain_text_even_when_they_look_like_markup() {
        let params = [param("region", "**East** <b>x</b> [a](b)")];
        let out = paragraphs("Sales in {{region}}, **{{ region }}**.", &params);
        assert_eq!(out.len(), 1);
        let text: String = out[0].runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(
            text,
            "Sales in **East** <b>x</b> [a](b), **East** <b>x</b> [a](b)."
        );
        assert!(!out[0].runs[0].bold);
        assert!(out[0].runs[1].bold);
    }

    #[test]
    fn lists_headings_and_code_keep_their_style() {
        let md = "# Title\n\nIntro *soft*.\n\n- one\n- two\n  1. inner\n\n```\ncode\n```\n";
        let out = paragraphs(md, &[]);
        let styles: Vec<ParagraphStyle> = out.iter().map(|p| p.style).collect();
        assert_eq!(
            styles,
            [
                ParagraphStyle::Heading(1),
                ParagraphStyle::Body,
                ParagraphStyle::Bullet { depth: 0 },
                ParagraphStyle::Bullet { depth: 0 },
                ParagraphStyle::Numbered {
                    depth: 1,
                    number: 1
                },
                ParagraphStyle::Code,
            ]
        );
        assert!(out[1].runs.iter().any(|r| r.italic && r.text == "soft"));
    }

    #[test]
    fn unknown_placeholders_stay_visible() {
        assert_eq!(substitute("a {{nope}} b {{", &[]), "a {{nope}} b {{");
    }
}
