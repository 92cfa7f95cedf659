//! Types that are referenced but never documented, inferred from the JSON examples that show
//! them (objects carrying `@odata.type`). Placeholder values such as `"Int32"` or
//! `"String (identifier)"` are read as type hints.

use super::Resolver;
use crate::extract::{PageFacts, PropertyFacts, TypeExpr};
use crate::model::{Origin, Primitive, QualifiedName, TypeRef};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One object an example shows: the type as written, the object, where.
type Observation<'a> = (&'a str, &'a Map<String, Value>, &'a Origin);

pub(crate) struct Observations<'a> {
    /// Lowercased simple name → what the examples show of it, in page order.
    by_simple: BTreeMap<String, Vec<Observation<'a>>>,
}

impl<'a> Observations<'a> {
    pub(crate) fn new(pages: &'a [PageFacts]) -> Self {
        let mut by_simple: BTreeMap<String, Vec<_>> = BTreeMap::new();
        for p in pages {
            for (t, m, o) in &p.observed {
                let simple = t.rsplit('.').next().unwrap_or(t).to_lowercase();
                by_simple.entry(simple).or_default().push((t.as_str(), m, o));
            }
        }
        Observations { by_simple }
    }
    pub(crate) fn has(&self, simple: &str) -> bool {
        self.by_simple.contains_key(simple)
    }
    /// The type's name as the first example writes it (`microsoft.graph.userAccount`).
    pub(crate) fn canonical_name(&self, simple: &str) -> Option<String> {
        self.by_simple.get(simple)?.first().map(|(t, _, _)| t.to_string())
    }
}

/// Properties of an inferred type: the union of the keys its examples show, first value wins.
pub(crate) fn properties(r: &mut Resolver, q: &QualifiedName, origin: &Origin) -> Vec<(PropertyFacts, TypeRef)> {
    let simple = q.name.to_lowercase();
    let objects: Vec<(Map<String, Value>, Origin)> = r
        .infer
        .by_simple
        .get(&simple)
        .map(|v| v.iter().map(|(_, m, o)| ((*m).clone(), (*o).clone())).collect())
        .unwrap_or_default();
    let mut out: Vec<(PropertyFacts, TypeRef)> = Vec::new();
    for (object, at) in objects {
        for (key, value) in object {
            if key.contains('@') || out.iter().any(|(p, _)| p.name == key) {
                continue;
            }
            let ty = value_type(r, &value, &at, &q.namespace);
            out.push((
                PropertyFacts {
                    name: key,
                    ty: None,
                    doc: String::new(),
                    read_only: false,
                    nullable: true,
                    inherited_from: None,
                    origin: at.clone(),
                },
                ty,
            ));
        }
    }
    let _ = origin;
    out
}

/// The type a JSON value suggests.
fn value_type(r: &mut Resolver, v: &Value, at: &Origin, ns: &str) -> TypeRef {
    match v {
        Value::Bool(_) => TypeRef::Primitive(Primitive::Boolean),
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            let big = n.as_i64().is_none_or(|i| i32::try_from(i).is_err());
            TypeRef::Primitive(if big { Primitive::Int64 } else { Primitive::Int32 })
        }
        Value::Number(_) => TypeRef::Primitive(Primitive::Double),
        Value::String(s) => TypeRef::Primitive(string_hint(s)),
        Value::Array(items) => match items.first() {
            Some(first) => TypeRef::Collection(Box::new(value_type(r, first, at, ns))),
            None => TypeRef::Collection(Box::new(TypeRef::Untyped)),
        },
        Value::Object(m) => match m.get("@odata.type").and_then(Value::as_str) {
            Some(t) => r.type_ref(&TypeExpr::named(t.trim_start_matches('#')), at, ns),
            None => TypeRef::Untyped,
        },
        Value::Null => TypeRef::Untyped,
    }
}

/// `"Int32"` → Int32; `"String (timestamp)"` → DateTimeOffset; an ISO date-time → DateTimeOffset.
pub(crate) fn string_hint(s: &str) -> Primitive {
    let lower = s.to_lowercase();
    if lower.contains("(timestamp)") {
        return Primitive::DateTimeOffset;
    }
    let word = s.split(['(', ' ']).next().unwrap_or("");
    if word.chars().next().is_some_and(char::is_uppercase) {
        if let Some(p) = crate::extract::types::primitive(word) {
            return p;
        }
    }
    let b = s.as_bytes();
    let looks_like_datetime = b.len() >= 20 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[..4].iter().all(u8::is_ascii_digit);
    if looks_like_datetime {
        Primitive::DateTimeOffset
    } else {
        Primitive::String
    }
}

#[cfg(test)]
mod tests {
    use super::string_hint;
    use crate::model::Primitive;

    #[test]
    fn hints() {
        assert_eq!(string_hint("Int32"), Primitive::Int32);
        assert_eq!(string_hint("String (identifier)"), Primitive::String);
        assert_eq!(string_hint("String (timestamp)"), Primitive::DateTimeOffset);
        assert_eq!(string_hint("2016-12-31T23:59:38.861959+03:00"), Primitive::DateTimeOffset);
        assert_eq!(string_hint("int32 is a word"), Primitive::String);
    }
}
