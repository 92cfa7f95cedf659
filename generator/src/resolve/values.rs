//! "Possible values are: `notStarted`, `running`, `completed`, `failed`." on a property whose
//! type cell says `String`: when those values are exactly the members of one documented enum
//! (ignoring the `unknownFutureValue` sentinel), the property has that enum type — the docs
//! contradict themselves, and the enum is what the service sends.

use crate::diag::{codes, Diagnostic};
use crate::model::{Primitive, QualifiedName, Schema, TypeDef, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Documented enums by their member set.
pub(super) struct EnumIndex {
    by_members: BTreeMap<BTreeSet<String>, Vec<QualifiedName>>,
}

const SENTINEL: &str = "unknownFutureValue";

impl EnumIndex {
    pub(super) fn new(schema: &Schema) -> Self {
        let mut by_members: BTreeMap<BTreeSet<String>, Vec<QualifiedName>> = BTreeMap::new();
        for t in schema.types() {
            if let TypeDef::Enum(e) = t {
                // Case is not compared: docs write `NotStarted` in one table and `notStarted` in the other.
                let members: BTreeSet<String> = e.members.iter().map(|m| m.name.to_lowercase()).filter(|m| m != &SENTINEL.to_lowercase()).collect();
                if members.len() >= 2 {
                    by_members.entry(members).or_default().push(e.name.clone());
                }
            }
        }
        EnumIndex { by_members }
    }

    /// The enum a string property's description names by listing its members, if exactly one
    /// does (or, among several, exactly one is named like the property: `status` →
    /// `operationStatus`).
    pub(super) fn named_by_values(&self, ty: &TypeRef, property: &str, doc: &str) -> Option<QualifiedName> {
        if !matches!(ty.element(), TypeRef::Primitive(Primitive::String)) {
            return None;
        }
        let values = possible_values(doc)?;
        let candidates = self.by_members.get(&values)?;
        match candidates.as_slice() {
            [only] => Some(only.clone()),
            many => {
                let p = property.to_lowercase();
                let named: Vec<_> = many.iter().filter(|q| q.name.to_lowercase().ends_with(&p)).collect();
                match named.as_slice() {
                    [only] => Some((*only).clone()),
                    _ => None,
                }
            }
        }
    }
}

/// An enum no property, parameter or endpoint uses, named like a string property
/// (`enums.md`'s `### signInAudience values` beside `signInAudience | String`), lists that
/// property's allowed strings: it is not an enum type of the API.
pub(super) fn drop_value_lists(schema: &mut Schema, diags: &mut Vec<Diagnostic>) {
    let mut used: BTreeSet<QualifiedName> = BTreeSet::new();
    let mut string_properties: BTreeSet<String> = BTreeSet::new();
    let mut note = |t: &TypeRef| {
        if let TypeRef::Named(q) = t.element() {
            used.insert(q.clone());
        }
    };
    for t in schema.types().filter_map(TypeDef::as_structured) {
        for p in &t.properties {
            note(&p.ty);
            if matches!(p.ty.element(), TypeRef::Primitive(Primitive::String)) {
                string_properties.insert(p.name.to_lowercase());
            }
        }
        t.navigation.iter().for_each(|n| note(&n.ty));
    }
    for ns in schema.namespaces.values() {
        for op in &ns.operations {
            op.parameters.iter().for_each(|(_, t)| note(t));
            op.return_type.iter().for_each(&mut note);
        }
    }
    for e in &schema.endpoints {
        e.body.iter().chain(&e.response.body).for_each(&mut note);
        e.query_params.iter().for_each(|p| note(&p.ty));
    }
    for ns in schema.namespaces.values_mut() {
        let lists: Vec<String> = ns
            .types
            .iter()
            .filter(|(name, t)| matches!(t, TypeDef::Enum(_)) && !used.contains(&QualifiedName::new(ns.name.clone(), (*name).clone())) && string_properties.contains(&name.to_lowercase()))
            .map(|(name, _)| name.clone())
            .collect();
        for name in lists {
            if let Some(TypeDef::Enum(e)) = ns.types.remove(&name) {
                diags.push(
                    Diagnostic::new(codes::VALUES_OF_PROPERTY, e.origin.clone(), format!("enum `{}` is used by no property, and a string property has its name: it lists that property's values; no enum type is made", e.name))
                        .help("link the property's type cell to the enum if the service has one"),
                );
            }
        }
    }
}

/// The identifiers listed after "possible values" (or "possible value is") up to the sentence's
/// end: `notStarted, running, completed, failed`. `null` and the sentinel are not members.
fn possible_values(doc: &str) -> Option<BTreeSet<String>> {
    let lower = doc.to_lowercase();
    let at = ["possible values", "possible value"].iter().find_map(|p| lower.find(p))?;
    let rest = &doc[at..];
    let rest = rest.split_once([':']).map_or(rest, |(_, r)| r);
    let sentence = rest.split(". ").next().unwrap_or(rest).trim_end_matches('.');
    let words: BTreeSet<String> = sentence
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !["and", "or", "are", "is", "null", "the", "unknownfuturevalue"].contains(&w.as_str()))
        .collect();
    (words.len() >= 2).then_some(words)
}

#[cfg(test)]
mod tests {
    use super::possible_values;

    #[test]
    fn values_are_read_from_the_sentence() {
        let v = possible_values("Read-only. Possible values are: notStarted, running, completed, failed. Read-only.").unwrap();
        assert_eq!(v.into_iter().collect::<Vec<_>>(), ["completed", "failed", "notstarted", "running"]);
        let v = possible_values("The possible values are: normal, high, urgent, unknownFutureValue.").unwrap();
        assert_eq!(v.len(), 3);
        assert!(possible_values("The name of the thing.").is_none());
    }
}
