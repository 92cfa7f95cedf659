//! CSDL 4.0 (EDMX) from the model, written with quick-xml so every name and description is
//! escaped: text in the docs cannot close an element or add an attribute.

use crate::model::*;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use quick_xml::Writer;
use std::collections::BTreeMap;

const EDMX_NS: &str = "http://docs.oasis-open.org/odata/ns/edmx";
const EDM_NS: &str = "http://docs.oasis-open.org/odata/ns/edm";
const CONTAINER_NAME: &str = "GraphService";
/// CSDL 4.0 has no `Edm.Untyped`; untyped values get an open complex type of their own.
const UNTYPED_NAMESPACE: &str = "graphdoc";
const UNTYPED_NAME: &str = "Json";

/// The CSDL spelling of a type reference.
fn csdl_type(t: &TypeRef) -> String {
    match t {
        TypeRef::Untyped => format!("{UNTYPED_NAMESPACE}.{UNTYPED_NAME}"),
        TypeRef::Collection(inner) => format!("Collection({})", csdl_type(inner)),
        other => other.to_string(),
    }
}

fn uses_untyped(schema: &Schema) -> bool {
    let in_types = schema.types().filter_map(TypeDef::as_structured).any(|t| t.properties.iter().any(|p| matches!(p.ty.element(), TypeRef::Untyped)));
    let in_operations = schema.namespaces.values().flat_map(|n| &n.operations).any(|o| {
        o.is_function && o.return_type.as_ref().is_none_or(|t| matches!(t.element(), TypeRef::Untyped))
            || o.return_type.as_ref().is_some_and(|t| matches!(t.element(), TypeRef::Untyped))
    });
    in_types || in_operations
}

/// Writing into a `Vec<u8>` cannot fail; the `Result`s are io-shaped only.
struct Xml(Writer<Vec<u8>>);

impl Xml {
    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut e = BytesStart::new(name);
        for (k, v) in attrs {
            e.push_attribute((*k, *v));
        }
        let _ = self.0.write_event(Event::Start(e));
    }
    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let mut e = BytesStart::new(name);
        for (k, v) in attrs {
            e.push_attribute((*k, *v));
        }
        let _ = self.0.write_event(Event::Empty(e));
    }
    fn close(&mut self, name: &str) {
        let _ = self.0.write_event(Event::End(BytesEnd::new(name)));
    }
    /// A description annotation, when there is one.
    fn description(&mut self, doc: &str) {
        if !doc.trim().is_empty() {
            self.empty("Annotation", &[("Term", "Core.Description"), ("String", doc.trim())]);
        }
    }
}

const CORE_VOCABULARY: &str = "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml";

/// Each namespace's alias: its last segment (`microsoft.graph` → `graph`,
/// `microsoft.graph.callRecords` → `callRecords`), where that is unique and not itself a
/// namespace or a reserved or taken alias. References keep full names; aliases are for readers
/// and tools that expect Graph's.
fn aliases(schema: &Schema) -> BTreeMap<String, String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for ns in schema.namespaces.keys() {
        *count.entry(ns.rsplit('.').next().unwrap_or(ns)).or_default() += 1;
    }
    let reserved = ["Edm", "odata", "System", "Transient", "Core", UNTYPED_NAMESPACE];
    schema
        .namespaces
        .keys()
        .filter_map(|ns| {
            let last = ns.rsplit('.').next().unwrap_or(ns);
            let ok = last != ns && count[last] == 1 && !reserved.contains(&last) && !schema.namespaces.contains_key(last);
            ok.then(|| (ns.clone(), last.to_string()))
        })
        .collect()
}

pub fn render(schema: &Schema) -> String {
    let mut x = Xml(Writer::new_with_indent(Vec::new(), b' ', 2));
    let _ = x.0.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
    x.open("edmx:Edmx", &[("Version", "4.0"), ("xmlns:edmx", EDMX_NS)]);
    // Descriptions use the OASIS Core vocabulary, referenced under its usual alias.
    x.open("edmx:Reference", &[("Uri", CORE_VOCABULARY)]);
    x.empty("edmx:Include", &[("Namespace", "Org.OData.Core.V1"), ("Alias", "Core")]);
    x.close("edmx:Reference");
    x.open("edmx:DataServices", &[]);
    let aliases = aliases(schema);
    let container_ns = if schema.namespaces.contains_key("microsoft.graph") {
        Some("microsoft.graph".to_string())
    } else {
        schema.namespaces.keys().next().cloned()
    };
    for ns in schema.namespaces.values() {
        let mut attrs = vec![("Namespace", ns.name.as_str())];
        if let Some(a) = aliases.get(&ns.name) {
            attrs.push(("Alias", a));
        }
        attrs.push(("xmlns", EDM_NS));
        x.open("Schema", &attrs);
        for t in ns.types.values() {
            match t {
                TypeDef::Enum(e) => enum_type(&mut x, e),
                TypeDef::Entity(s) => structured(&mut x, schema, s, true),
                TypeDef::Complex(s) => structured(&mut x, schema, s, false),
            }
        }
        for op in &ns.operations {
            operation(&mut x, op);
        }
        if container_ns.as_deref() == Some(ns.name.as_str()) {
            container(&mut x, &schema.container);
        }
        x.close("Schema");
    }
    if uses_untyped(schema) && !schema.namespaces.contains_key(UNTYPED_NAMESPACE) {
        x.open("Schema", &[("Namespace", UNTYPED_NAMESPACE), ("xmlns", EDM_NS)]);
        x.open("ComplexType", &[("Name", UNTYPED_NAME), ("OpenType", "true")]);
        x.description("Any JSON value: the docs give no type.");
        x.close("ComplexType");
        x.close("Schema");
    }
    x.close("edmx:DataServices");
    x.close("edmx:Edmx");
    let mut out = String::from_utf8(x.0.into_inner()).unwrap_or_default();
    out.push('\n');
    out
}

fn enum_type(x: &mut Xml, e: &EnumType) {
    let mut attrs = vec![("Name", e.name.name.as_str())];
    if e.is_flags {
        attrs.push(("IsFlags", "true"));
    }
    x.open("EnumType", &attrs);
    for m in &e.members {
        let value = m.value.to_string();
        if m.doc.trim().is_empty() {
            x.empty("Member", &[("Name", &m.name), ("Value", &value)]);
        } else {
            x.open("Member", &[("Name", &m.name), ("Value", &value)]);
            x.description(&m.doc);
            x.close("Member");
        }
    }
    x.description(&e.doc);
    x.close("EnumType");
}

fn structured(x: &mut Xml, schema: &Schema, t: &StructuredType, entity: bool) {
    let element = if entity { "EntityType" } else { "ComplexType" };
    let base = t.base.as_ref().map(ToString::to_string);
    let mut attrs = vec![("Name", t.name.name.as_str())];
    if let Some(b) = &base {
        attrs.push(("BaseType", b));
    }
    if t.is_abstract {
        attrs.push(("Abstract", "true"));
    }
    if t.open {
        attrs.push(("OpenType", "true"));
    }
    x.open(element, &attrs);
    // The key is declared once, on the root-most type that has it; subtypes inherit it.
    let base_has_key = schema.ancestors(t).iter().any(|a| !a.key.is_empty());
    if entity && !t.key.is_empty() && !base_has_key {
        x.open("Key", &[]);
        for k in &t.key {
            x.empty("PropertyRef", &[("Name", k)]);
        }
        x.close("Key");
    }
    for p in &t.properties {
        let ty = csdl_type(&p.ty);
        let mut attrs = vec![("Name", p.name.as_str()), ("Type", ty.as_str())];
        if !p.nullable {
            attrs.push(("Nullable", "false"));
        }
        let doc = property_doc(&p.doc, p.read_only);
        if doc.is_empty() {
            x.empty("Property", &attrs);
        } else {
            x.open("Property", &attrs);
            x.description(&doc);
            x.close("Property");
        }
    }
    for n in &t.navigation {
        let ty = n.ty.to_string();
        let mut attrs = vec![("Name", n.name.as_str()), ("Type", ty.as_str())];
        if n.contains_target {
            attrs.push(("ContainsTarget", "true"));
        }
        if n.doc.trim().is_empty() {
            x.empty("NavigationProperty", &attrs);
        } else {
            x.open("NavigationProperty", &attrs);
            x.description(&n.doc);
            x.close("NavigationProperty");
        }
    }
    x.description(&t.doc);
    x.close(element);
}

fn operation(x: &mut Xml, op: &Operation) {
    let element = if op.is_function { "Function" } else { "Action" };
    x.open(element, &[("Name", &op.name), ("IsBound", "true")]);
    x.empty("Parameter", &[("Name", "bindingParameter"), ("Type", &csdl_type(&op.binding))]);
    let mut names = vec!["bindingParameter"];
    for (name, ty) in &op.parameters {
        if !names.contains(&name.as_str()) {
            names.push(name);
            x.empty("Parameter", &[("Name", name), ("Type", &csdl_type(ty)), ("Nullable", "false")]);
        }
    }
    // A function always returns something; when the docs do not say what, any JSON.
    match (&op.return_type, op.is_function) {
        (Some(t), _) => x.empty("ReturnType", &[("Type", &csdl_type(t))]),
        (None, true) => x.empty("ReturnType", &[("Type", &csdl_type(&TypeRef::Untyped))]),
        (None, false) => {}
    }
    x.close(element);
}

fn property_doc(doc: &str, read_only: bool) -> String {
    if read_only && !doc.to_lowercase().contains("read-only") {
        format!("{} Read-only.", doc.trim()).trim().to_string()
    } else {
        doc.trim().to_string()
    }
}

fn container(x: &mut Xml, c: &Container) {
    x.open("EntityContainer", &[("Name", CONTAINER_NAME)]);
    for s in &c.entity_sets {
        x.empty("EntitySet", &[("Name", &s.name), ("EntityType", &s.ty.to_string())]);
    }
    for s in &c.singletons {
        x.empty("Singleton", &[("Name", &s.name), ("Type", &s.ty.to_string())]);
    }
    x.close("EntityContainer");
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;
    use quick_xml::Reader;
    use std::collections::BTreeMap;

    fn st(name: &str, base: Option<&str>, key: &[&str], props: Vec<Property>) -> StructuredType {
        StructuredType {
            name: QualifiedName::new("microsoft.graph", name),
            base: base.map(|b| QualifiedName::new("microsoft.graph", b)),
            is_abstract: false,
            open: false,
            key: key.iter().map(|k| k.to_string()).collect(),
            properties: props,
            navigation: vec![],
            doc: "A \"quoted\" </Schema><x a=\" & doc".into(),
            provenance: Provenance::Documented,
            origin: Origin::default(),
        }
    }

    fn prop(name: &str, ty: TypeRef) -> Property {
        Property { name: name.into(), ty, nullable: false, read_only: true, doc: String::new(), origin: Origin::default() }
    }

    /// Elements and their attributes, in document order.
    fn elements(xml: &str) -> Vec<(String, BTreeMap<String, String>)> {
        let mut r = Reader::from_str(xml);
        let mut out = Vec::new();
        loop {
            match r.read_event().expect("well-formed XML") {
                Event::Start(e) | Event::Empty(e) => {
                    let attrs = e
                        .attributes()
                        .map(|a| {
                            let a = a.expect("attribute");
                            (String::from_utf8_lossy(a.key.as_ref()).into_owned(), a.unescape_value().expect("escaped").into_owned())
                        })
                        .collect();
                    out.push((String::from_utf8_lossy(e.name().as_ref()).into_owned(), attrs));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    #[test]
    fn types_keys_and_container() {
        let mut ns = Namespace { name: "microsoft.graph".into(), types: BTreeMap::new(), operations: vec![] };
        let entity = st("entity", None, &["id"], vec![prop("id", TypeRef::Primitive(Primitive::String))]);
        let user = st("user", Some("entity"), &["id"], vec![prop("tags", TypeRef::Collection(Box::new(TypeRef::Primitive(Primitive::String))))]);
        ns.types.insert("entity".into(), TypeDef::Entity(entity));
        ns.types.insert("user".into(), TypeDef::Entity(user));
        ns.types.insert(
            "color".into(),
            TypeDef::Enum(EnumType {
                name: QualifiedName::new("microsoft.graph", "color"),
                members: vec![EnumMember { name: "red".into(), value: 0, doc: String::new() }],
                is_flags: false,
                doc: String::new(),
                provenance: Provenance::Documented,
                origin: Origin::default(),
            }),
        );
        let mut schema = Schema::default();
        schema.namespaces.insert("microsoft.graph".into(), ns);
        schema.container.entity_sets.push(ContainerItem { name: "users".into(), ty: QualifiedName::new("microsoft.graph", "user") });
        let xml = render(&schema);
        let els = elements(&xml);
        let names: Vec<_> = els.iter().map(|(n, _)| n.as_str()).collect();
        // The key only on the root type; the hostile description stays one attribute value.
        assert_eq!(names.iter().filter(|n| **n == "Key").count(), 1, "{xml}");
        assert_eq!(names.iter().filter(|n| **n == "Schema").count(), 1, "{xml}");
        let schema_el = els.iter().find(|(n, _)| n == "Schema").expect("schema");
        assert_eq!(schema_el.1["Alias"], "graph");
        assert!(els.iter().any(|(n, a)| n == "edmx:Include" && a["Alias"] == "Core" && a["Namespace"] == "Org.OData.Core.V1"));
        let user = els.iter().find(|(n, a)| n == "EntityType" && a["Name"] == "user").expect("user");
        assert_eq!(user.1["BaseType"], "microsoft.graph.entity");
        let tags = els.iter().find(|(n, a)| n == "Property" && a["Name"] == "tags").expect("tags");
        assert_eq!(tags.1["Type"], "Collection(Edm.String)");
        assert_eq!(tags.1["Nullable"], "false");
        let hostile = "A \"quoted\" </Schema><x a=\" & doc";
        assert!(els.iter().any(|(n, a)| n == "Annotation" && a["String"] == hostile), "{xml}");
        let set = els.iter().find(|(n, _)| n == "EntitySet").expect("set");
        assert_eq!(set.1["EntityType"], "microsoft.graph.user");
        assert!(names.contains(&"EnumType") && names.contains(&"Member"));
    }

    #[test]
    fn untyped_values_get_an_open_complex_type() {
        let mut ns = Namespace { name: "microsoft.graph".into(), types: BTreeMap::new(), operations: vec![] };
        let bag = st("bag", None, &[], vec![prop("any", TypeRef::Collection(Box::new(TypeRef::Untyped)))]);
        ns.types.insert("bag".into(), TypeDef::Complex(bag));
        let mut schema = Schema::default();
        schema.namespaces.insert("microsoft.graph".into(), ns);
        let els = elements(&render(&schema));
        assert!(els.iter().any(|(n, a)| n == "Property" && a["Type"] == "Collection(graphdoc.Json)"));
        assert!(els.iter().any(|(n, a)| n == "Schema" && a["Namespace"] == "graphdoc"));
        assert!(els.iter().any(|(n, a)| n == "ComplexType" && a["Name"] == "Json" && a["OpenType"] == "true"));
    }

    #[test]
    fn empty_schema_is_valid_xml() {
        let xml = render(&Schema::default());
        let names: Vec<_> = elements(&xml).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["edmx:Edmx", "edmx:Reference", "edmx:Include", "edmx:DataServices"]);
    }
}
