//! What a trace line is made of, and its two renderings (text and JSON).

use super::MAX_SHOWN_BYTES;
use std::fmt::Write as _;

/// One decoded argument or result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// An unsigned count, size, fd, offset or timestamp: decimal.
    Int(u64),
    /// A signed offset (`fd_seek`'s `filedelta`): decimal with its sign.
    Signed(i64),
    /// A guest address: hex.
    Ptr(u32),
    /// Guest bytes meant as text (a path, a name), whole: quoted, escaped.
    Str(Vec<u8>),
    /// The first [`MAX_SHOWN_BYTES`] bytes of a longer string, and its full length.
    Cut(Vec<u8>, u64),
    /// An enum value by its short name, e.g. `MONOTONIC`.
    Name(&'static str),
    /// A value shown as the host formats it (a socket address, `127.0.0.1:8000`).
    Text(String),
    /// Flag names; the second field holds bits that have no name (shown in hex).
    Flags(Vec<&'static str>, u64),
    /// A raw value the spec does not define for this parameter (the call answers `EINVAL`).
    Invalid(u64),
    /// A list, e.g. iovec lengths.
    List(Vec<Value>),
    /// A record, e.g. a filestat.
    Record(Vec<(&'static str, Value)>),
    /// Marks a list cut short for display.
    More(usize),
}

impl Value {
    /// `bytes` as a string value, copying at most [`MAX_SHOWN_BYTES`] of them.
    pub(crate) fn str(bytes: &[u8]) -> Value {
        match bytes.get(..MAX_SHOWN_BYTES) {
            Some(prefix) if bytes.len() > MAX_SHOWN_BYTES => Value::Cut(
                prefix.to_vec(),
                u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            ),
            _ => Value::Str(bytes.to_vec()),
        }
    }
}

/// `prefix` less an incomplete UTF-8 sequence at its end, where a cut fell inside a
/// character (so the JSON prefix does not end in a replacement character that the guest's
/// string does not have).
fn whole_chars(prefix: &[u8]) -> &[u8] {
    // A character is at most 4 bytes: its first byte is among the last 3 if it is cut.
    let from = prefix.len().saturating_sub(3);
    let lead = prefix
        .iter()
        .enumerate()
        .skip(from)
        .rev()
        .find(|(_, b)| **b >= 0xc0)
        .map(|(i, _)| i);
    match lead.and_then(|i| Some((i, prefix.get(i..)?))) {
        Some((i, tail)) => match std::str::from_utf8(tail) {
            Err(e) if e.error_len().is_none() => prefix.get(..i).unwrap_or(prefix),
            _ => prefix,
        },
        None => prefix,
    }
}

/// Appends `bytes` as a quoted string: printable ASCII as is, `"` and `\` escaped, other bytes
/// as `\n`, `\t` or `\xNN` (so a non-UTF-8 or binary name is shown exactly).
fn text_string(out: &mut String, bytes: &[u8]) {
    out.push('"');
    for &b in bytes {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out.push('"');
}

/// Appends `s` as a JSON string.
pub(crate) fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // C0 controls, DEL and C1 controls, as the text form escapes them.
            c if u32::from(c) < 0x20 || ('\u{7f}'..='\u{9f}').contains(&c) => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Value {
    /// The text rendering, e.g. `CREAT|TRUNC`, `"a.txt"`, `[5, 7]`, `{size=3, ...}`.
    pub(crate) fn text(&self, out: &mut String) {
        match self {
            Value::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Signed(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Ptr(p) => {
                let _ = write!(out, "{p:#x}");
            }
            Value::Str(bytes) => text_string(out, bytes),
            Value::Cut(prefix, len) => {
                text_string(out, prefix);
                let _ = write!(out, "... ({len} bytes)");
            }
            Value::Name(name) => out.push_str(name),
            Value::Text(text) => out.push_str(text),
            Value::Flags(names, unknown) => {
                let mut first = true;
                for name in names {
                    if !first {
                        out.push('|');
                    }
                    out.push_str(name);
                    first = false;
                }
                if *unknown != 0 {
                    if !first {
                        out.push('|');
                    }
                    let _ = write!(out, "{unknown:#x}");
                    first = false;
                }
                if first {
                    out.push('0');
                }
            }
            Value::Invalid(raw) => {
                let _ = write!(out, "{raw:#x}(invalid)");
            }
            Value::List(items) => join(out, "[", ", ", "]", items, |out, item| item.text(out)),
            Value::Record(fields) => join(out, "{", ", ", "}", fields, text_field),
            Value::More(n) => {
                let _ = write!(out, "...{n} more");
            }
        }
    }

    /// The JSON rendering: numbers, strings (bytes as lossy UTF-8), arrays of flag names,
    /// objects for records; an undefined raw value is `{"invalid": N}`, a string cut for
    /// display `{"prefix": "...", "bytes": N}`.
    pub(crate) fn json(&self, out: &mut String) {
        match self {
            Value::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Signed(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Ptr(p) => {
                let _ = write!(out, "{p}");
            }
            Value::Str(bytes) => json_string(out, &String::from_utf8_lossy(bytes)),
            Value::Cut(prefix, len) => {
                out.push_str("{\"prefix\":");
                json_string(out, &String::from_utf8_lossy(whole_chars(prefix)));
                let _ = write!(out, ",\"bytes\":{len}}}");
            }
            Value::Name(name) => json_string(out, name),
            Value::Text(text) => json_string(out, text),
            Value::Flags(names, unknown) => {
                out.push('[');
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json_string(out, name);
                }
                if *unknown != 0 {
                    if !names.is_empty() {
                        out.push(',');
                    }
                    let _ = write!(out, "{unknown}");
                }
                out.push(']');
            }
            Value::Invalid(raw) => {
                let _ = write!(out, "{{\"invalid\":{raw}}}");
            }
            Value::List(items) => join(out, "[", ",", "]", items, |out, item| item.json(out)),
            Value::Record(fields) => json_object(out, fields),
            Value::More(n) => {
                let _ = write!(out, "{{\"more\":{n}}}");
            }
        }
    }
}

/// Appends `name=value`.
pub(crate) fn text_field(out: &mut String, (name, value): &(&'static str, Value)) {
    out.push_str(name);
    out.push('=');
    value.text(out);
}

/// Appends `fields` as a JSON object.
pub(crate) fn json_object(out: &mut String, fields: &[(&'static str, Value)]) {
    join(out, "{", ",", "}", fields, |out, (name, value)| {
        json_string(out, name);
        out.push(':');
        value.json(out);
    });
}

/// Appends `items` between `open` and `close`, separated by `sep`, each written by `each`.
pub(crate) fn join<T>(
    out: &mut String,
    open: &str,
    sep: &str,
    close: &str,
    items: &[T],
    mut each: impl FnMut(&mut String, &T),
) {
    out.push_str(open);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        each(out, item);
    }
    out.push_str(close);
}

#[cfg(test)]
mod tests {
    use super::Value;

    fn text(v: &Value) -> String {
        let mut s = String::new();
        v.text(&mut s);
        s
    }

    fn json(v: &Value) -> String {
        let mut s = String::new();
        v.json(&mut s);
        s
    }

    #[test]
    fn flags_render_names_unknown_bits_and_zero() {
        let v = Value::Flags(vec!["CREAT", "TRUNC"], 0);
        assert_eq!(text(&v), "CREAT|TRUNC");
        assert_eq!(json(&v), r#"["CREAT","TRUNC"]"#);
        let v = Value::Flags(vec!["APPEND"], 0x40);
        assert_eq!(text(&v), "APPEND|0x40");
        assert_eq!(json(&v), r#"["APPEND",64]"#);
        assert_eq!(text(&Value::Flags(vec![], 0)), "0");
        assert_eq!(json(&Value::Flags(vec![], 0)), "[]");
    }

    #[test]
    fn strings_escape_quotes_control_and_non_utf8_bytes() {
        let v = Value::Str(b"a\"b\\c\n\x01\xff".to_vec());
        assert_eq!(text(&v), r#""a\"b\\c\n\x01\xff""#);
        assert_eq!(json(&v), "\"a\\\"b\\\\c\\n\\u0001\u{fffd}\"");
    }

    #[test]
    fn long_strings_keep_a_prefix_and_their_length() {
        let long = [
            b"x".repeat(255),
            "\u{e9}".as_bytes().to_vec(),
            vec![b'y'; 10],
        ]
        .concat();
        let v = Value::str(&long);
        assert_eq!(v, Value::Cut(long[..256].to_vec(), 267));
        // Text shows the 256 bytes, half a character included; JSON drops the half.
        assert_eq!(
            text(&v),
            format!("\"{}\\xc3\"... (267 bytes)", "x".repeat(255))
        );
        assert_eq!(
            json(&v),
            format!("{{\"prefix\":\"{}\",\"bytes\":267}}", "x".repeat(255))
        );
        assert_eq!(Value::str(&long[..256]), Value::Str(long[..256].to_vec()));
        assert_eq!(
            super::whole_chars("ab\u{e9}".as_bytes()),
            "ab\u{e9}".as_bytes()
        );
        assert_eq!(super::whole_chars(&"a\u{1f600}".as_bytes()[..4]), b"a");
        assert_eq!(super::whole_chars(&"a\u{1f600}".as_bytes()[..3]), b"a");
        assert_eq!(super::whole_chars(&"a\u{1f600}".as_bytes()[..2]), b"a");
        assert_eq!(
            super::whole_chars("a\u{1f600}".as_bytes()),
            "a\u{1f600}".as_bytes()
        );
        assert_eq!(super::whole_chars(b"a\xff"), b"a\xff");
        assert_eq!(super::whole_chars(b""), b"");
    }

    #[test]
    fn json_escapes_every_control_character() {
        let v = Value::Str("\u{1f}\u{7f}\u{80}\u{9f}\u{a0}~".as_bytes().to_vec());
        assert_eq!(json(&v), "\"\\u001f\\u007f\\u0080\\u009f\u{a0}~\"");
    }

    #[test]
    fn records_lists_pointers_and_invalid_values() {
        let v = Value::Record(vec![
            ("fd", Value::Int(3)),
            ("buf", Value::Ptr(0x400)),
            ("offset", Value::Signed(-5)),
            ("whence", Value::Invalid(7)),
            ("iovs", Value::List(vec![Value::Int(5), Value::More(2)])),
        ]);
        assert_eq!(
            text(&v),
            "{fd=3, buf=0x400, offset=-5, whence=0x7(invalid), iovs=[5, ...2 more]}"
        );
        assert_eq!(
            json(&v),
            r#"{"fd":3,"buf":1024,"offset":-5,"whence":{"invalid":7},"iovs":[5,{"more":2}]}"#
        );
    }
}
