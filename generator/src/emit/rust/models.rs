//! Model structs and enums, one module per namespace.

use super::naming::{camel, ident, snake, unraw, Scope};
use super::TypeNames;
use crate::model::*;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn emit(schema: &Schema, names: &TypeNames) -> TokenStream {
    let edges = single_valued_edges(schema);
    let modules = schema.namespaces.values().map(|ns| {
        let module = ident(names.module(&ns.name).unwrap_or("models"));
        let doc = format!(" Types of the `{}` namespace.", ns.name);
        let items = ns.types.values().map(|t| match t {
            TypeDef::Entity(s) | TypeDef::Complex(s) => structure(schema, names, &edges, s),
            TypeDef::Enum(e) => enumeration(names, e),
        });
        quote! {
            #[doc = #doc]
            pub mod #module {
                #(#items)*
            }
        }
    });
    quote! {
        #![doc = " The API's types: one module per namespace, one struct per entity or complex type,"]
        #![doc = " one enum per enum type."]
        #(#modules)*
    }
}

/// A one-paragraph doc comment (rustdoc and clippy want no stray blank lines).
fn doc_text(doc: &str, read_only: bool) -> Option<String> {
    let mut d = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    if read_only && !d.to_lowercase().contains("read-only") {
        d = format!("{d} Read-only.").trim().to_string();
    }
    (!d.is_empty()).then(|| format!(" {d}"))
}

fn structure(schema: &Schema, names: &TypeNames, edges: &Edges, t: &StructuredType) -> TokenStream {
    let name = ident(names.type_name(&t.name).unwrap_or("Type"));
    let cyclic = reaching(edges, &t.name);
    let mut scope = Scope::with_reserved(&["odata_type", "additional_properties"]);
    let mut fields = Vec::new();
    let props = schema.all_properties(t);
    let navs = schema.all_navigation(t);
    // One field per wire name: serde rejects two fields for one key, and a subtype may redeclare
    // what its base has. The first (the base's, then properties before navigation) wins.
    let mut wires = BTreeSet::from(["@odata.type"]);
    let members = props
        .iter()
        .map(|p| (&p.name, &p.ty, &p.doc, p.read_only))
        .chain(navs.iter().map(|n| (&n.name, &n.ty, &n.doc, false)))
        .filter(|(wire, ..)| wires.insert(wire.as_str()));
    for (wire, ty, doc, read_only) in members {
        let field = scope.claim(snake(wire));
        let field_ident = ident(&field);
        let mut ty_tokens = names.rust_type(ty);
        if let TypeRef::Named(q) = ty {
            if q == &t.name || cyclic.contains(q) {
                ty_tokens = quote!(::std::boxed::Box<#ty_tokens>);
            }
        }
        let rename = (unraw(&field) != wire.as_str()).then(|| quote!(rename = #wire,));
        let doc = doc_text(doc, read_only).map(|d| quote!(#[doc = #d]));
        fields.push(quote! {
            #doc
            #[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")]
            pub #field_ident: ::std::option::Option<#ty_tokens>,
        });
    }
    let doc = doc_text(&t.doc, false).map(|d| quote!(#[doc = #d] #[doc = ""]));
    let wire = t.name.to_string();
    let kind = if t.key.is_empty() { "complex" } else { "entity" };
    let origin = format!(" `{wire}` ({kind} type).");
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

/// For each type, the structured types with a single-valued (not collection) property of it.
type Edges = BTreeMap<QualifiedName, Vec<QualifiedName>>;

fn single_valued_edges(schema: &Schema) -> Edges {
    let mut held_by: Edges = BTreeMap::new();
    for t in schema.types().filter_map(TypeDef::as_structured) {
        let props = schema.all_properties(t).into_iter().map(|p| &p.ty);
        let navs = schema.all_navigation(t).into_iter().map(|n| &n.ty);
        for ty in props.chain(navs) {
            if let TypeRef::Named(q) = ty {
                held_by.entry(q.clone()).or_default().push(t.name.clone());
            }
        }
    }
    held_by
}

/// The types from which `target` can be reached through single-valued properties: a field of
/// `target` holding one of them must be boxed, or the struct would have infinite size.
fn reaching(edges: &Edges, target: &QualifiedName) -> BTreeSet<QualifiedName> {
    let mut found = BTreeSet::new();
    let mut frontier = vec![target];
    while let Some(q) = frontier.pop() {
        for holder in edges.get(q).into_iter().flatten() {
            if found.insert(holder.clone()) {
                frontier.push(holder);
            }
        }
    }
    found
}

fn enumeration(names: &TypeNames, e: &EnumType) -> TokenStream {
    let name = ident(names.type_name(&e.name).unwrap_or("Enum"));
    let mut scope = Scope::with_reserved(&["Other"]);
    let variants: Vec<(proc_macro2::Ident, &EnumMember)> = e.members.iter().map(|m| (ident(&scope.claim_camel(camel(&m.name))), m)).collect();
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
    // The first member is the default; with no members, an empty unknown value is.
    let (derive_default, manual_default) = if variants.is_empty() {
        (
            None,
            Some(quote! {
                impl ::std::default::Default for #name {
                    fn default() -> Self {
                        Self::Other(::std::string::String::new())
                    }
                }
            }),
        )
    } else {
        (Some(quote!(Default,)), None)
    };
    let doc = doc_text(&e.doc, false).map(|d| quote!(#[doc = #d] #[doc = ""]));
    let wire = format!(" `{}` (enum type).", e.name);
    quote! {
        #doc
        #[doc = #wire]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, #derive_default)]
        pub enum #name {
            #(#decls)*
            /// A value this crate does not know yet (the service adds members over time).
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

        #manual_default

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(match value.as_str() {
                    #(#from_str)*
                    _ => Self::Other(value),
                })
            }
        }
    }
}
