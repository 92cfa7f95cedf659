//! `graphdoc diff-metadata`: how well one CSDL schema (graphdoc's, built from docs) matches a
//! reference (the service's). Scores are recall/precision/agreement ratios; `--scope documented`
//! narrows the reference to what the docs document; misses name the page that should have
//! supplied them.

pub mod csdl;

use crate::source::SourceFile;
use csdl::{Kind, Metadata};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// `hit` of `total`; the score is their ratio (undefined when `total` is 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Ratio {
    pub hit: usize,
    pub total: usize,
}

impl Ratio {
    fn add(&mut self, hit: bool) {
        self.total += 1;
        self.hit += usize::from(hit);
    }
    pub fn value(&self) -> Option<f64> {
        (self.total > 0).then(|| self.hit as f64 / self.total as f64)
    }
}

/// Every score, in the order the table prints them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    pub types_recall: Ratio,
    pub types_precision: Ratio,
    pub kind_agreement: Ratio,
    pub base_type_agreement: Ratio,
    pub property_recall: Ratio,
    pub property_precision: Ratio,
    pub property_type_agreement: Ratio,
    pub navigation_recall: Ratio,
    pub navigation_target_agreement: Ratio,
    pub enum_recall: Ratio,
    pub enum_precision: Ratio,
    pub enum_member_recall: Ratio,
    pub enum_member_precision: Ratio,
    pub operation_recall: Ratio,
    pub operation_precision: Ratio,
    pub container_recall: Ratio,
}

/// One thing the candidate lacks (or gets wrong), and where the docs should have said it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub kind: &'static str,
    pub item: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub scores: Scores,
    pub misses: Vec<Miss>,
}

/// What the docs document, for `--scope documented`, and which page documents each type.
#[derive(Debug, Clone, Default)]
pub struct Documented {
    /// Qualified names of types with a `resource` annotation.
    pub types: BTreeSet<String>,
    /// Segments of documented request paths (function calls reduced to their name).
    pub path_segments: BTreeSet<String>,
    /// First segments of documented request paths.
    pub roots: BTreeSet<String>,
    /// Every word the docs contain, for "the docs mention this enum".
    pub words: BTreeSet<String>,
    /// Lowercased qualified type name → the page that documents it.
    pub pages: BTreeMap<String, String>,
}

impl Documented {
    pub fn from_sources(sources: &[SourceFile]) -> Self {
        let mut d = Documented::default();
        for s in sources {
            let (page, _) = crate::read::read_page(s.clone());
            let (facts, _) = crate::extract::extract(&page);
            let ns = facts.namespace.clone().unwrap_or_else(|| "microsoft.graph".into());
            for r in &facts.resources {
                let q = crate::resolve::split_qualified(&r.name, &ns).to_string();
                d.pages.entry(q.to_lowercase()).or_insert_with(|| s.path.clone());
                d.types.insert(q);
            }
            for e in &facts.enums {
                let q = crate::resolve::split_qualified(&e.name, &ns).to_string();
                d.pages.entry(q.to_lowercase()).or_insert_with(|| s.path.clone());
            }
            if let Some(op) = &facts.operation {
                for (_, path, _) in &op.requests {
                    for (i, seg) in path.segments.iter().enumerate() {
                        if let crate::model::Segment::Literal { value } = seg {
                            let name = value.split('(').next().unwrap_or(value).to_string();
                            if i == 0 {
                                d.roots.insert(name.clone());
                            }
                            d.path_segments.insert(name);
                        }
                    }
                }
            }
            for w in s.text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                if !w.is_empty() {
                    d.words.insert(w.to_string());
                }
            }
        }
        d
    }
}

fn is_structured(k: Option<Kind>) -> bool {
    matches!(k, Some(Kind::Entity) | Some(Kind::Complex))
}

fn simple(q: &str) -> &str {
    q.rsplit('.').next().unwrap_or(q)
}

/// Compares `candidate` with `reference`. With `scope`, the reference is narrowed to what the
/// docs document; precision is always measured against the whole reference (a candidate item
/// the service has is right, documented or not).
pub fn compare(reference: &Metadata, candidate: &Metadata, scope: Option<&Documented>) -> Report {
    let mut s = Scores::default();
    let mut misses = Vec::new();
    let page_of = |q: &str| scope.and_then(|d| d.pages.get(&q.to_lowercase()).cloned());
    let in_scope_type = |q: &str, k: Option<Kind>| match scope {
        None => true,
        Some(d) => match k {
            Some(Kind::Enum) => d.words.contains(simple(q)),
            _ => d.types.contains(q),
        },
    };

    for (q, r) in &reference.types {
        if !in_scope_type(q, r.kind) {
            continue;
        }
        let c = candidate.types.get(q);
        if r.kind == Some(Kind::Enum) {
            let found = c.is_some_and(|c| c.kind == Some(Kind::Enum));
            s.enum_recall.add(found);
            if !found {
                misses.push(Miss { kind: "enum", item: q.clone(), detail: None, page: page_of(q) });
            }
            if let Some(c) = c.filter(|_| found) {
                for m in &r.members {
                    let hit = c.members.contains(m);
                    s.enum_member_recall.add(hit);
                    if !hit {
                        misses.push(Miss { kind: "enum member", item: format!("{q}/{m}"), detail: None, page: page_of(q) });
                    }
                }
                for m in &c.members {
                    s.enum_member_precision.add(r.members.contains(m));
                    if !r.members.contains(m) {
                        misses.push(Miss { kind: "extra enum member", item: format!("{q}/{m}"), detail: None, page: page_of(q) });
                    }
                }
            }
            continue;
        }
        if !is_structured(r.kind) {
            continue;
        }
        let found = c.is_some_and(|c| is_structured(c.kind));
        s.types_recall.add(found);
        let Some(c) = c.filter(|_| found) else {
            misses.push(Miss { kind: "type", item: q.clone(), detail: None, page: page_of(q) });
            continue;
        };
        let kind_ok = c.kind == r.kind;
        s.kind_agreement.add(kind_ok);
        if !kind_ok {
            misses.push(Miss { kind: "kind", item: q.clone(), detail: Some(format!("{:?}, expected {:?}", c.kind, r.kind)), page: page_of(q) });
        }
        let base_ok = c.base == r.base;
        s.base_type_agreement.add(base_ok);
        if !base_ok {
            misses.push(Miss { kind: "base type", item: q.clone(), detail: Some(format!("{:?}, expected {:?}", c.base, r.base)), page: page_of(q) });
        }
        for (name, ty) in &r.properties {
            let got = c.properties.get(name);
            s.property_recall.add(got.is_some());
            match got {
                None => misses.push(Miss { kind: "property", item: format!("{q}/{name}"), detail: Some(ty.clone()), page: page_of(q) }),
                Some(t) => {
                    s.property_type_agreement.add(t == ty);
                    if t != ty {
                        misses.push(Miss { kind: "property type", item: format!("{q}/{name}"), detail: Some(format!("{t}, expected {ty}")), page: page_of(q) });
                    }
                }
            }
        }
        for name in c.properties.keys() {
            s.property_precision.add(r.properties.contains_key(name));
            if !r.properties.contains_key(name) {
                misses.push(Miss { kind: "extra property", item: format!("{q}/{name}"), detail: None, page: page_of(q) });
            }
        }
        for (name, ty) in &r.navigation {
            let got = c.navigation.get(name);
            s.navigation_recall.add(got.is_some());
            match got {
                None => misses.push(Miss { kind: "navigation", item: format!("{q}/{name}"), detail: Some(ty.clone()), page: page_of(q) }),
                Some(t) => s.navigation_target_agreement.add(t == ty),
            }
        }
    }
    for (q, c) in &candidate.types {
        let r = reference.types.get(q);
        if c.kind == Some(Kind::Enum) {
            let hit = r.is_some_and(|r| r.kind == Some(Kind::Enum));
            s.enum_precision.add(hit);
            if !hit {
                misses.push(Miss { kind: "extra enum", item: q.clone(), detail: None, page: page_of(q) });
            }
        } else if is_structured(c.kind) {
            let hit = r.is_some_and(|r| is_structured(r.kind));
            s.types_precision.add(hit);
            if !hit {
                misses.push(Miss { kind: "extra type", item: q.clone(), detail: None, page: page_of(q) });
            }
        }
    }
    for op in &reference.operations {
        if scope.is_some_and(|d| !d.path_segments.contains(&op.1)) {
            continue;
        }
        let hit = candidate.operations.contains(op);
        s.operation_recall.add(hit);
        if !hit {
            misses.push(Miss { kind: "operation", item: format!("{}({})", op.1, op.0), detail: None, page: None });
        }
    }
    for op in &candidate.operations {
        let hit = reference.operations.contains(op);
        s.operation_precision.add(hit);
        if !hit {
            misses.push(Miss { kind: "extra operation", item: format!("{}({})", op.1, op.0), detail: None, page: None });
        }
    }
    for name in &reference.container {
        if scope.is_some_and(|d| !d.roots.contains(name)) {
            continue;
        }
        let hit = candidate.container.contains(name);
        s.container_recall.add(hit);
        if !hit {
            misses.push(Miss { kind: "entity set or singleton", item: name.clone(), detail: None, page: None });
        }
    }
    Report { scores: s, misses }
}

/// The scores as a table, one line each.
pub fn render_table(r: &Report) -> String {
    let v = serde_json::to_value(&r.scores).unwrap_or_default();
    let mut out = format!("{:<30} {:>7} {:>15}\n", "score", "value", "hit/total");
    if let Some(map) = v.as_object() {
        for (name, ratio) in map {
            let hit = ratio["hit"].as_u64().unwrap_or(0);
            let total = ratio["total"].as_u64().unwrap_or(0);
            let value = if total == 0 { "-".to_string() } else { format!("{:.3}", hit as f64 / total as f64) };
            out.push_str(&format!("{:<30} {:>7} {:>15}\n", name, value, format!("{hit}/{total}")));
        }
    }
    out
}

/// At most `n` misses of each kind.
pub fn limit_misses(misses: &[Miss], n: usize) -> Vec<Miss> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    misses
        .iter()
        .filter(|m| {
            let c = count.entry(m.kind).or_insert(0);
            *c += 1;
            *c <= n
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::csdl::{Kind, Metadata, TypeFacts};
    use super::*;

    type TypeRow<'a> = (&'a str, Kind, Option<&'a str>, &'a [(&'a str, &'a str)]);

    fn md(types: &[TypeRow], ops: &[(&str, &str)], container: &[&str]) -> Metadata {
        let mut m = Metadata::default();
        for (q, k, base, props) in types {
            m.types.insert(
                q.to_string(),
                TypeFacts {
                    kind: Some(*k),
                    base: base.map(str::to_string),
                    properties: props.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect(),
                    ..Default::default()
                },
            );
        }
        m.operations = ops.iter().map(|(b, n)| (b.to_string(), n.to_string())).collect();
        m.container = container.iter().map(|c| c.to_string()).collect();
        m
    }

    #[test]
    fn scores_count_hits_and_misses() {
        let reference = md(
            &[("n.a", Kind::Entity, None, &[("id", "Edm.String"), ("x", "Edm.Int32")]), ("n.b", Kind::Complex, None, &[])],
            &[("n.a", "run")],
            &["as", "me"],
        );
        let candidate = md(
            &[("n.a", Kind::Complex, Some("n.z"), &[("id", "Edm.String"), ("x", "Edm.Int64"), ("y", "Edm.String")]), ("n.c", Kind::Complex, None, &[])],
            &[],
            &["as"],
        );
        let r = compare(&reference, &candidate, None);
        let s = &r.scores;
        assert_eq!((s.types_recall.hit, s.types_recall.total), (1, 2));
        assert_eq!((s.types_precision.hit, s.types_precision.total), (1, 2));
        assert_eq!(s.kind_agreement.hit, 0);
        assert_eq!(s.base_type_agreement.hit, 0);
        assert_eq!((s.property_recall.hit, s.property_recall.total), (2, 2));
        assert_eq!((s.property_precision.hit, s.property_precision.total), (2, 3));
        assert_eq!((s.property_type_agreement.hit, s.property_type_agreement.total), (1, 2));
        assert_eq!((s.operation_recall.hit, s.operation_recall.total), (0, 1));
        assert_eq!(s.operation_precision.value(), None);
        assert_eq!((s.container_recall.hit, s.container_recall.total), (1, 2));
        assert!(r.misses.iter().any(|m| m.kind == "type" && m.item == "n.b"));
        assert_eq!(limit_misses(&r.misses, 0).len(), 0);
        assert!(render_table(&r).contains("types_recall"));
    }
}
