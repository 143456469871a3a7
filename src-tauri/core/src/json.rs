//! Reading JSON that people keep in files (comparisons, column mappings, OCDS).
//!
//! Windows Notepad and some Excel exports start a UTF-8 file with a byte-order mark
//! (U+FEFF). JSON forbids it and serde_json stops at it with "expected value at line 1
//! column 1", which tells a clerk nothing; every file CoopDesk reads as JSON goes
//! through [`without_bom`] first.
//!
//! JSON lets an object say the same key twice, and serde_json keeps the last value
//! silently. Where the file is a publisher's (OCDS) the repeats are listed and the last
//! value kept ([`parse_noting_repeats`]); where figures a council signs depend on it (a
//! comparison) the file is refused at the first repeat, naming the key and its line
//! ([`parse_refusing_repeats`]).

use std::cell::RefCell;

use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The text without a leading byte-order mark.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// Parses JSON as `serde_json` does, and lists every key that appears twice in the same
/// object (the last value is kept, as `serde_json` keeps it), by path
/// (`releases[0].contracts[0].title`).
pub fn parse_noting_repeats(text: &str) -> serde_json::Result<(Value, Vec<String>)> {
    let repeated = RefCell::new(Vec::new());
    let value = parse(text, &repeated, false)?;
    Ok((value, repeated.into_inner()))
}

/// Why [`parse_refusing_repeats`] refused a text.
#[derive(Debug)]
pub enum Refused {
    /// A key appears twice in the same object: its path and the line of the repeat.
    Repeated { path: String, line: usize },
    /// Not JSON.
    Json(serde_json::Error),
}

/// Parses JSON as `serde_json` does, but a key that appears twice in the same object is
/// refused, with the key's path and the line it is repeated on.
pub fn parse_refusing_repeats(text: &str) -> Result<Value, Refused> {
    let repeated = RefCell::new(Vec::new());
    parse(text, &repeated, true).map_err(|error| match repeated.into_inner().pop() {
        Some(path) => Refused::Repeated {
            path,
            line: error.line(),
        },
        None => Refused::Json(error),
    })
}

fn parse(text: &str, repeated: &RefCell<Vec<String>>, refuse: bool) -> serde_json::Result<Value> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Checked {
        path: String::new(),
        repeated,
        refuse,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

struct Checked<'a> {
    path: String,
    repeated: &'a RefCell<Vec<String>>,
    refuse: bool,
}

impl<'a> Checked<'a> {
    fn at(&self, path: String) -> Checked<'a> {
        Checked {
            path,
            repeated: self.repeated,
            refuse: self.refuse,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Checked<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Checked<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let seed = self.at(format!("{}[{}]", self.path, items.len()));
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            if self.refuse && out.contains_key(&key) {
                self.repeated.borrow_mut().push(path.clone());
                return Err(A::Error::custom(format!(
                    "the key '{path}' appears twice in the same object"
                )));
            }
            let value = map.next_value_seed(self.at(path.clone()))?;
            if out.insert(key, value).is_some() {
                self.repeated.borrow_mut().push(path);
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_byte_order_mark_is_dropped_and_nothing_else() {
        assert_eq!(without_bom("\u{FEFF}{}"), "{}");
        assert_eq!(without_bom("{}"), "{}");
        assert_eq!(
            without_bom("{\"a\": \"\u{FEFF}\"}"),
            "{\"a\": \"\u{FEFF}\"}"
        );
    }

    #[test]
    fn a_repeated_key_is_listed_or_refused_with_its_path_and_line() {
        let text = "{\"a\": {\"b\": 1,\n \"b\": 2}, \"c\": [{\"d\": 1, \"d\": 3}]}";
        let (value, repeated) = parse_noting_repeats(text).unwrap();
        assert_eq!(repeated, ["a.b", "c[0].d"]);
        assert_eq!(
            value["a"]["b"], 2,
            "the last value is kept, as serde_json keeps it"
        );
        match parse_refusing_repeats(text) {
            Err(Refused::Repeated { path, line }) => assert_eq!((path.as_str(), line), ("a.b", 2)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_refusing_repeats("{\"a\": "),
            Err(Refused::Json(_))
        ));
        assert!(parse_refusing_repeats("{\"a\": 1, \"b\": {\"a\": 2}}").is_ok());
    }
}
