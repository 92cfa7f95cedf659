//! Reads a CSDL (EDMX) document into the facts `diff-metadata` compares: types, their kinds,
//! bases, properties and navigation, enum members, actions/functions and container children.
//! Aliases (`graph.user`) are expanded to namespaces (`microsoft.graph.user`).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Entity,
    Complex,
    Enum,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TypeFacts {
    pub kind: Option<Kind>,
    pub base: Option<String>,
    /// Structural property → type (`Collection(...)` kept).
    pub properties: BTreeMap<String, String>,
    /// Navigation property → target type.
    pub navigation: BTreeMap<String, String>,
    pub members: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Metadata {
    /// Qualified name → facts.
    pub types: BTreeMap<String, TypeFacts>,
    /// (binding type or empty for unbound, name).
    pub operations: BTreeSet<(String, String)>,
    /// Entity set and singleton names.
    pub container: BTreeSet<String>,
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name.as_bytes())
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// Parses CSDL XML. Malformed XML ends the read with what was read so far and an error text.
pub fn parse(xml: &str) -> (Metadata, Option<String>) {
    // Pass 1: aliases.
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    let mut r = Reader::from_str(xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == b"Schema" => {
                if let (Some(ns), Some(alias)) = (attr(&e, "Namespace"), attr(&e, "Alias")) {
                    aliases.insert(alias, ns);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let expand = |t: &str| -> String {
        if let Some(inner) = t.strip_prefix("Collection(").and_then(|s| s.strip_suffix(')')) {
            return format!("Collection({})", expand_one(inner, &aliases));
        }
        expand_one(t, &aliases)
    };

    let mut md = Metadata::default();
    let mut r = Reader::from_str(xml);
    let mut namespace = String::new();
    let mut current: Option<String> = None; // qualified type being read
    let mut operation: Option<(String, bool, Option<String>)> = None; // name, bound, binding type
    loop {
        let ev = match r.read_event() {
            Ok(ev) => ev,
            Err(e) => return (md, Some(format!("XML error at byte {}: {e}", r.buffer_position()))),
        };
        let (e, is_start) = match &ev {
            Event::Start(e) => (e.clone(), true),
            Event::Empty(e) => (e.clone(), false),
            Event::End(end) => {
                match end.local_name().as_ref() {
                    b"EntityType" | b"ComplexType" | b"EnumType" => current = None,
                    b"Action" | b"Function" => {
                        if let Some((name, bound, binding)) = operation.take() {
                            let binding = if bound { binding.unwrap_or_default() } else { String::new() };
                            md.operations.insert((binding, name));
                        }
                    }
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let local = e.local_name().as_ref().to_vec();
        match local.as_slice() {
            b"Schema" => namespace = attr(&e, "Namespace").unwrap_or_default(),
            b"EntityType" | b"ComplexType" | b"EnumType" => {
                let name = format!("{namespace}.{}", attr(&e, "Name").unwrap_or_default());
                let kind = match local.as_slice() {
                    b"EntityType" => Kind::Entity,
                    b"ComplexType" => Kind::Complex,
                    _ => Kind::Enum,
                };
                let t = md.types.entry(name.clone()).or_default();
                t.kind = Some(kind);
                t.base = attr(&e, "BaseType").map(|b| expand(&b));
                current = is_start.then_some(name);
            }
            b"Property" => {
                if let (Some(t), Some(n), Some(ty)) = (current.as_ref(), attr(&e, "Name"), attr(&e, "Type")) {
                    md.types.entry(t.clone()).or_default().properties.insert(n, expand(&ty));
                }
            }
            b"NavigationProperty" => {
                if let (Some(t), Some(n), Some(ty)) = (current.as_ref(), attr(&e, "Name"), attr(&e, "Type")) {
                    md.types.entry(t.clone()).or_default().navigation.insert(n, expand(&ty));
                }
            }
            b"Member" => {
                if let (Some(t), Some(n)) = (current.as_ref(), attr(&e, "Name")) {
                    md.types.entry(t.clone()).or_default().members.insert(n);
                }
            }
            b"Action" | b"Function" => {
                let name = attr(&e, "Name").unwrap_or_default();
                let bound = attr(&e, "IsBound").is_some_and(|b| b == "true");
                if is_start {
                    operation = Some((name, bound, None));
                } else {
                    md.operations.insert((String::new(), name));
                }
            }
            b"Parameter" => {
                if let Some((_, true, binding @ None)) = operation.as_mut() {
                    *binding = attr(&e, "Type").map(|t| expand(&t));
                }
            }
            b"EntitySet" | b"Singleton" => {
                if let Some(n) = attr(&e, "Name") {
                    md.container.insert(n);
                }
            }
            _ => {}
        }
    }
    (md, None)
}

fn expand_one(t: &str, aliases: &BTreeMap<String, String>) -> String {
    match t.rsplit_once('.') {
        Some((ns, name)) => match aliases.get(ns) {
            Some(full) => format!("{full}.{name}"),
            None => t.to_string(),
        },
        None => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_types_operations_and_aliases() {
        let xml = r#"<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EnumType Name="color"><Member Name="red" Value="0"/></EnumType>
  <EntityType Name="user" BaseType="graph.entity">
    <Property Name="tags" Type="Collection(Edm.String)"/>
    <NavigationProperty Name="manager" Type="graph.user"/>
  </EntityType>
  <Action Name="assignLicense" IsBound="true"><Parameter Name="bindingParameter" Type="graph.user"/></Action>
  <Function Name="delta" IsBound="true"><Parameter Name="b" Type="Collection(graph.user)"/><ReturnType Type="Collection(graph.user)"/></Function>
  <EntityContainer Name="GraphService"><EntitySet Name="users" EntityType="graph.user"/><Singleton Name="me" Type="graph.user"/></EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>"#;
        let (md, err) = parse(xml);
        assert!(err.is_none());
        let user = &md.types["microsoft.graph.user"];
        assert_eq!(user.kind, Some(Kind::Entity));
        assert_eq!(user.base.as_deref(), Some("microsoft.graph.entity"));
        assert_eq!(user.properties["tags"], "Collection(Edm.String)");
        assert_eq!(user.navigation["manager"], "microsoft.graph.user");
        assert!(md.types["microsoft.graph.color"].members.contains("red"));
        assert!(md.operations.contains(&("microsoft.graph.user".into(), "assignLicense".into())));
        assert!(md.operations.contains(&("Collection(microsoft.graph.user)".into(), "delta".into())));
        assert_eq!(md.container.iter().cloned().collect::<Vec<_>>(), ["me", "users"]);
    }
}
