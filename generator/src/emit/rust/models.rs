//! Model structs and enums, one module per namespace (`models::microsoft_graph`,
//! `models::microsoft_graph_call_records`, ...).

use super::naming::{camel, ident, snake, unraw, Scope};
use super::{doc_line, TypeNames};
use crate::model::*;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The wire name of the annotation every struct carries as `odata_type`.
const ODATA_TYPE: &str = "@odata.type";

/// `src/models.rs` (shared items, and a module per namespace that includes its file) and
/// `src/models/<module>.rs` (the namespace's types). A namespace's types are printed one by one,
/// in parallel: the main namespace of the Graph docs is 6 MB of Rust. The module's file is
/// brought in with `include!` (resolved next to `models.rs`) rather than `mod x;`, so that a
/// build script's user can still `include!` `models.rs` from `OUT_DIR`, as with prost.
pub(super) fn emit(schema: &Schema, names: &TypeNames) -> Vec<(String, String)> {
    use rayon::prelude::*;
    let cycles = Cycles::new(schema);
    let mut files = Vec::new();
    let mut modules = Vec::new();
    for (ns_name, ns) in &schema.namespaces {
        let module = names.module(ns_name).unwrap_or("namespace");
        let file_name = format!("models/{}.rs", unraw(module));
        let items: Vec<String> = ns
            .types
            .par_iter()
            .map(|(key, t)| {
                let q = QualifiedName::new(ns_name.clone(), key.clone());
                let name = ident(names.type_name(&q).unwrap_or("Type"));
                super::print(match t {
                    TypeDef::Entity(s) | TypeDef::Complex(s) => {
                        let update = names.update_name(&q).map(|u| update_struct(schema, names, &cycles, &q, ident(u), s));
                        let any = names.any_name(&q).map(|a| polymorphic_enum(names, &q, &name, ident(a)));
                        let item = structure(schema, names, &cycles, &q, name, s);
                        quote!(#item #update #any)
                    }
                    TypeDef::Enum(e) => enumeration(name, e),
                })
            })
            .collect();
        let mut file = super::RustFile::new();
        for item in items {
            file.push_printed(item);
        }
        files.push((format!("src/{file_name}"), file.finish()));
        let module = ident(module);
        let doc = format!(" Types of the `{ns_name}` namespace.");
        modules.push(quote! {
            #[doc = #doc]
            pub mod #module {
                include!(#file_name);
            }
        });
    }
    let shared = quote! {
        /// A property of an update (`PATCH`) body: left out (the service keeps it), `null` (the
        /// service clears it), or a new value.
        #[derive(Debug, Clone, PartialEq, Default)]
        pub enum Field<T> {
            /// Not sent.
            #[default]
            Absent,
            /// Sent as `null`: clears the property.
            Null,
            /// Sent as this value.
            Value(T),
        }

        impl<T> Field<T> {
            /// Whether the field is left out of the body.
            pub fn is_absent(&self) -> bool {
                ::std::matches!(self, Field::Absent)
            }
        }

        impl<T> ::std::convert::From<T> for Field<T> {
            fn from(value: T) -> Self {
                Field::Value(value)
            }
        }

        impl<'de, T: ::serde::Deserialize<'de>> ::serde::Deserialize<'de> for Field<T> {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                // A missing field is `Absent` through the field's `default`.
                ::std::result::Result::Ok(match <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)? {
                    ::std::option::Option::Some(v) => Field::Value(v),
                    ::std::option::Option::None => Field::Null,
                })
            }
        }

        impl<T: ::serde::Serialize> ::serde::Serialize for Field<T> {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    Field::Value(v) => v.serialize(serializer),
                    // `Absent` is skipped by its field's `skip_serializing_if`.
                    Field::Null | Field::Absent => serializer.serialize_none(),
                }
            }
        }

        #(#modules)*
    };
    files.push(("src/models.rs".to_string(), super::file(shared)));
    files
}

/// A value of `q`'s type or of any type derived from it: reads the `@odata.type` annotation and
/// decodes into that type's struct, the base's when the annotation is missing or unknown.
/// Variants are boxed: derived types may hold their base again.
fn polymorphic_enum(names: &TypeNames, q: &QualifiedName, base: &Ident, name: Ident) -> TokenStream {
    let mut scope = Scope::default();
    let base_variant = ident(&scope.claim_camel(camel(&q.name)));
    let derived: Vec<(Ident, TokenStream, String)> = names
        .derived(q)
        .iter()
        .map(|d| (ident(&scope.claim_camel(camel(&d.name))), names.path(d), d.to_string()))
        .collect();
    let variants = derived.iter().map(|(v, path, wire)| {
        let doc = format!(" `{wire}`.");
        quote!(#[doc = #doc] #v(::std::boxed::Box<#path>),)
    });
    let serialize_arms = derived.iter().map(|(v, _, _)| quote!(Self::#v(x) => ::serde::Serialize::serialize(x, serializer),));
    let deserialize_arms = derived.iter().map(|(v, path, wire)| {
        quote! {
            ::std::option::Option::Some(t) if t.eq_ignore_ascii_case(#wire) => {
                ::serde_json::from_value::<#path>(value).map(|x| Self::#v(::std::boxed::Box::new(x))).map_err(::serde::de::Error::custom)
            }
        }
    });
    let doc = format!(" A `{q}` or any type derived from it, decoded by its `@odata.type`.");
    let base_doc = format!(" `{q}` itself, or a derived type this crate does not know.");
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #[doc = #base_doc]
            #base_variant(::std::boxed::Box<#base>),
            #(#variants)*
        }
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::#base_variant(::std::boxed::Box::default())
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    Self::#base_variant(x) => ::serde::Serialize::serialize(x, serializer),
                    #(#serialize_arms)*
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let odata_type = value.get("@odata.type").and_then(::serde_json::Value::as_str).map(|t| t.trim_start_matches('#').to_string());
                match odata_type.as_deref() {
                    #(#deserialize_arms)*
                    _ => ::serde_json::from_value::<#base>(value).map(|x| Self::#base_variant(::std::boxed::Box::new(x))).map_err(::serde::de::Error::custom),
                }
            }
        }
    }
}

/// The body of a `PATCH` of this type: every structural property as a [`Field`], so a caller
/// can leave it out, clear it, or set it.
fn update_struct(schema: &Schema, names: &TypeNames, cycles: &Cycles, q: &QualifiedName, name: Ident, t: &StructuredType) -> TokenStream {
    let mut scope = Scope::with_reserved(&["additional_properties"]);
    let mut seen = BTreeSet::from([ODATA_TYPE]);
    let fields: Vec<TokenStream> = schema
        .all_properties(t)
        .into_iter()
        .filter(|p| seen.insert(p.name.as_str()) && !p.read_only)
        .map(|p| {
            let field = scope.claim(snake(&p.name));
            let field_ident = ident(&field);
            let mut ty_tokens = names.rust_type(&p.ty);
            if let TypeRef::Named(target) = &p.ty {
                if cycles.same_cycle(q, target) {
                    ty_tokens = quote!(::std::boxed::Box<#ty_tokens>);
                }
            }
            let wire = p.name.as_str();
            let rename = (unraw(&field) != wire).then(|| quote!(rename = #wire,));
            let doc = doc_text(&p.doc, false).map(|d| quote!(#[doc = #d]));
            quote! {
                #doc
                #[serde(#rename default, skip_serializing_if = "crate::models::Field::is_absent")]
                pub #field_ident: crate::models::Field<#ty_tokens>,
            }
        })
        .collect();
    let doc = format!(" An update (`PATCH`) of `{}`: fields left `Absent` are not sent; `Null` clears one. Read-only properties are left out.", t.name);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            /// Other properties to send as they are.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }
    }
}

/// A doc comment from docs text, noting read-only properties.
fn doc_text(doc: &str, read_only: bool) -> Option<String> {
    let mut d = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    if read_only && !d.to_lowercase().contains("read-only") {
        d = format!("{d} Read-only.").trim().to_string();
    }
    doc_line(&d)
}

/// One struct member before naming: the wire name, its type, doc, and whether read-only.
struct Member<'a> {
    wire: &'a str,
    ty: &'a TypeRef,
    doc: &'a str,
    read_only: bool,
}

/// Inherited then own properties, then navigation, each wire name once: a derived type that
/// redeclares a base property would otherwise give serde two fields for one key.
fn members<'a>(schema: &'a Schema, t: &'a StructuredType) -> Vec<Member<'a>> {
    let props = schema
        .all_properties(t)
        .into_iter()
        .map(|p| Member { wire: &p.name, ty: &p.ty, doc: &p.doc, read_only: p.read_only });
    let navs = schema
        .all_navigation(t)
        .into_iter()
        .map(|n| Member { wire: &n.name, ty: &n.ty, doc: &n.doc, read_only: false });
    let mut seen = BTreeSet::from([ODATA_TYPE]);
    props.chain(navs).filter(|m| seen.insert(m.wire)).collect()
}

fn structure(schema: &Schema, names: &TypeNames, cycles: &Cycles, q: &QualifiedName, name: Ident, t: &StructuredType) -> TokenStream {
    let mut scope = Scope::with_reserved(&["odata_type", "additional_properties"]);
    let fields: Vec<TokenStream> = members(schema, t)
        .into_iter()
        .map(|m| {
            let field = scope.claim(snake(m.wire));
            let field_ident = ident(&field);
            let mut ty_tokens = names.value_type(m.ty);
            if let TypeRef::Named(target) = m.ty {
                // A polymorphic enum boxes its variants already.
                if cycles.same_cycle(q, target) && names.any_name(target).is_none() {
                    // The struct would contain itself: infinite size without indirection.
                    ty_tokens = quote!(::std::boxed::Box<#ty_tokens>);
                }
            }
            let wire = m.wire;
            let rename = (unraw(&field) != wire).then(|| quote!(rename = #wire,));
            let doc = doc_text(m.doc, m.read_only).map(|d| quote!(#[doc = #d]));
            quote! {
                #doc
                #[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")]
                pub #field_ident: ::std::option::Option<#ty_tokens>,
            }
        })
        .collect();
    let doc = doc_text(&t.doc, false).map(|d| quote!(#[doc = #d] #[doc = ""]));
    let kind = if t.key.is_empty() { "complex" } else { "entity" };
    let abstract_note = if t.is_abstract { ", abstract: the service sends one of its derived types" } else { "" };
    let origin = format!(" `{}` ({kind} type{abstract_note}).", t.name);
    quote! {
        #doc
        #[doc = #origin]
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            /// The `@odata.type` annotation: the value's actual type, when the service says.
            #[serde(rename = "@odata.type", default, skip_serializing_if = "::std::option::Option::is_none")]
            pub odata_type: ::std::option::Option<::std::string::String>,
            #(#fields)*
            /// Properties the docs do not describe, and instance annotations: kept so that a
            /// read-modify-write round trip loses nothing.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }
    }
}

/// Strongly connected components of the "holds one of" graph (single-valued structural and
/// navigation properties; collections are `Vec`s and so already indirect). A field of type
/// `B` in struct `A` can reach back to `A` exactly when `A` and `B` share a cyclic component,
/// because `A` → `B` is an edge.
struct Cycles {
    component: BTreeMap<QualifiedName, usize>,
    /// Components with more than one type or a self-edge: the cyclic ones.
    cyclic: BTreeSet<usize>,
}

impl Cycles {
    fn new(schema: &Schema) -> Self {
        let mut edges: BTreeMap<QualifiedName, Vec<QualifiedName>> = BTreeMap::new();
        for (ns_name, ns) in &schema.namespaces {
            for (key, t) in &ns.types {
                let Some(s) = t.as_structured() else { continue };
                let out = edges.entry(QualifiedName::new(ns_name.clone(), key.clone())).or_default();
                for m in members(schema, s) {
                    if let TypeRef::Named(to) = m.ty {
                        out.push(to.clone());
                    }
                }
            }
        }
        let component = tarjan(&edges);
        let mut size: BTreeMap<usize, usize> = BTreeMap::new();
        for c in component.values() {
            *size.entry(*c).or_default() += 1;
        }
        let mut cyclic: BTreeSet<usize> = size.into_iter().filter(|(_, n)| *n > 1).map(|(c, _)| c).collect();
        for (from, tos) in &edges {
            if tos.contains(from) {
                if let Some(c) = component.get(from) {
                    cyclic.insert(*c);
                }
            }
        }
        Cycles { component, cyclic }
    }

    fn same_cycle(&self, a: &QualifiedName, b: &QualifiedName) -> bool {
        match (self.component.get(a), self.component.get(b)) {
            (Some(x), Some(y)) => x == y && self.cyclic.contains(x),
            _ => false,
        }
    }
}

/// Tarjan's algorithm, iterative so that a long chain of types cannot overflow the stack.
/// Returns each node's component number.
fn tarjan(edges: &BTreeMap<QualifiedName, Vec<QualifiedName>>) -> BTreeMap<QualifiedName, usize> {
    // Number the nodes (every source and target) for array-based bookkeeping.
    let mut ids: BTreeMap<&QualifiedName, usize> = BTreeMap::new();
    for (from, tos) in edges {
        for q in std::iter::once(from).chain(tos) {
            let n = ids.len();
            ids.entry(q).or_insert(n);
        }
    }
    let mut numbered: Vec<(usize, &QualifiedName)> = ids.iter().map(|(q, i)| (*i, *q)).collect();
    numbered.sort();
    let nodes: Vec<&QualifiedName> = numbered.into_iter().map(|(_, q)| q).collect();
    let adj: Vec<Vec<usize>> = nodes
        .iter()
        .map(|q| edges.get(*q).map(|tos| tos.iter().filter_map(|t| ids.get(t).copied()).collect()).unwrap_or_default())
        .collect();

    const UNSEEN: usize = usize::MAX;
    let n = nodes.len();
    let (mut index, mut low, mut comp) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_index, mut next_comp) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0usize)];
        while let Some(top) = work.last_mut() {
            let (v, e) = *top;
            if e == 0 && index[v] == UNSEEN {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = adj[v].get(e) {
                top.1 += 1;
                if index[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    nodes.into_iter().zip(comp).map(|(q, c)| (q.clone(), c)).collect()
}

/// Whether clippy's `enum_variant_names` could fire: a variant starting or ending with the
/// enum's name, or all variants sharing a first or last word. Docs choose these names, so the
/// lint is allowed on exactly those enums (over-approximated: an unneeded allow is harmless).
fn variant_names_lint(enum_name: &str, variants: &[String]) -> bool {
    let words = |s: &str| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in s.chars() {
            match out.last_mut() {
                Some(w) if !c.is_ascii_uppercase() => w.push(c),
                _ => out.push(c.to_string()),
            }
        }
        out
    };
    let name = enum_name.trim_end_matches('_');
    let mentions = variants.iter().any(|v| v.starts_with(name) || v.ends_with(name));
    let split: Vec<Vec<String>> = variants.iter().map(|v| words(v)).collect();
    let shared = |pick: fn(&Vec<String>) -> Option<&String>| {
        let first = split.first().and_then(pick);
        split.len() >= 3 && first.is_some() && split.iter().all(|w| pick(w) == first)
    };
    mentions || shared(|w| w.first()) || shared(|w| w.last())
}

fn enumeration(name: Ident, e: &EnumType) -> TokenStream {
    let mut scope = Scope::with_reserved(&["Other"]);
    let mut seen = BTreeSet::new();
    // One variant per wire value: a duplicate member would be an unreachable match arm.
    let variants: Vec<(Ident, &EnumMember)> = e
        .members
        .iter()
        .filter(|m| seen.insert(m.name.as_str()))
        .map(|m| (ident(&scope.claim_camel(camel(&m.name))), m))
        .collect();
    let mut all_names: Vec<String> = variants.iter().map(|(v, _)| v.to_string()).collect();
    all_names.push("Other".into());
    let allow = variant_names_lint(&name.to_string(), &all_names)
        .then(|| quote!(#[allow(clippy::enum_variant_names, reason = "variant names are the documented values")]));
    let decls = variants.iter().enumerate().map(|(i, (v, m))| {
        let doc = doc_text(&m.doc, false).unwrap_or_else(|| format!(" `{}`", m.name));
        let default = (i == 0).then(|| quote!(#[default]));
        quote!(#[doc = #doc] #default #v,)
    });
    let to_str = variants.iter().map(|(v, m)| {
        let wire = &m.name;
        quote!(Self::#v => #wire,)
    });
    let from_str = variants.iter().map(|(v, m)| {
        let wire = &m.name;
        quote!(#wire => Self::#v,)
    });
    let unknown = quote!(Self::Other(::std::string::ToString::to_string(value)));
    // A match with only the catch-all arm would trip clippy's match_single_binding.
    let from_body = if variants.is_empty() {
        unknown
    } else {
        quote! {
            match value {
                #(#from_str)*
                _ => #unknown,
            }
        }
    };
    // The first member is the default; with no members, an empty unknown value is.
    let (derive_default, manual_default) = if variants.is_empty() {
        let default = quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self::Other(::std::string::String::new())
                }
            }
        };
        (None, Some(default))
    } else {
        (Some(quote!(Default,)), None)
    };
    let doc = doc_text(&e.doc, false).map(|d| quote!(#[doc = #d] #[doc = ""]));
    let flags = e.is_flags.then(|| {
        quote! {
            #[doc = ""]
            #[doc = " A flags enum: a combination arrives comma-separated (`a,b`) and is kept as `Other`."]
        }
    });
    let wire = format!(" `{}` (enum type).", e.name);
    quote! {
        #doc
        #[doc = #wire]
        #flags
        #allow
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, #derive_default)]
        pub enum #name {
            #(#decls)*
            /// A value this crate does not know (the service adds members over time); kept
            /// verbatim so it serializes back unchanged.
            Other(::std::string::String),
        }

        impl #name {
            /// The value as the service spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Other(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                #from_body
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #manual_default

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
    }
}
