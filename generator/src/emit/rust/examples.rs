//! The docs' JSON examples as tests of the generated models: each example that fits its
//! documented type must deserialize and serialize back to the same JSON (up to `null`
//! properties, which the models omit, and integer/float spelling).

use super::naming::{snake, unraw, Scope};
use super::{RustFile, TypeNames};
use crate::model::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Whether an example body can be a test: its type is a structured type or a collection of one
/// (in its `value` envelope), and the body fits it.
fn fits(schema: &Schema, ty: &TypeRef, json: &serde_json::Value) -> bool {
    let testable = match ty {
        TypeRef::Named(q) => schema.lookup(q).and_then(TypeDef::as_structured).is_some(),
        TypeRef::Collection(inner) => matches!(inner.as_ref(), TypeRef::Named(_)),
        _ => false,
    };
    testable && schema.body_conforms(ty, json)
}

/// The Rust type a fitting example body decodes to: as the client reads it (polymorphic types
/// as their `…Any` enum, collections in their envelope).
fn target(names: &TypeNames, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Collection(inner) => {
            let t = names.value_type(inner);
            quote!(crate::client::Collection<#t>)
        }
        _ => names.value_type(ty),
    }
}

/// One example that becomes a test.
struct Case<'a> {
    endpoint: &'a Endpoint,
    example: &'a Example,
    which: &'static str,
    json: &'a serde_json::Value,
    ty: &'a TypeRef,
    name: String,
}

/// `src/examples.rs`: the round-trip helpers, then one test per example. Tests are named in
/// order first, then built and printed in parallel (only text crosses threads).
pub(super) fn emit(schema: &Schema, names: &TypeNames) -> String {
    use rayon::prelude::*;
    let mut file = RustFile::new();
    let mut scope = Scope::with_reserved(&["round_trip", "round_trip_exact", "normalize", "numbers"]);
    let mut cases = Vec::new();
    for endpoint in &schema.endpoints {
        for example in &endpoint.examples {
            let bodies = [("request", example.request.as_ref(), endpoint.body.as_ref()), ("response", example.response.as_ref(), endpoint.response.body.as_ref())];
            for (which, json, ty) in bodies {
                let (Some(json), Some(ty)) = (json, ty) else { continue };
                if !fits(schema, ty, json) {
                    continue;
                }
                let name = scope.claim(snake(&format!("{}_{}_{which}", endpoint.operation_id.replace('.', "_"), example.name)));
                cases.push(Case { endpoint, example, which, json, ty, name });
            }
        }
    }
    let tests: Vec<String> = cases.par_iter().map(|c| super::print(test(names, c))).collect();
    if tests.is_empty() {
        return file.finish();
    }
    file.push(quote! {

        /// `null` properties are omitted by the models; numbers, timestamps and GUIDs compare
        /// by value.
        fn normalize(v: ::serde_json::Value) -> ::serde_json::Value {
            match v {
                ::serde_json::Value::Object(map) => ::serde_json::Value::Object(
                    map.into_iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k, normalize(x))).collect(),
                ),
                ::serde_json::Value::Array(items) => ::serde_json::Value::Array(items.into_iter().map(normalize).collect()),
                other => numbers(other),
            }
        }

        /// Numbers, timestamps (to UTC, as `chrono` writes them) and GUIDs (lowercase) compare by
        /// value; nothing else changes.
        fn numbers(v: ::serde_json::Value) -> ::serde_json::Value {
            match v {
                ::serde_json::Value::Object(map) => ::serde_json::Value::Object(map.into_iter().map(|(k, x)| (k, numbers(x))).collect()),
                ::serde_json::Value::Array(items) => ::serde_json::Value::Array(items.into_iter().map(numbers).collect()),
                ::serde_json::Value::Number(n) => n.as_f64().map_or(::serde_json::Value::Number(n), ::serde_json::Value::from),
                ::serde_json::Value::String(s) => {
                    if let ::std::result::Result::Ok(t) = s.parse::<::chrono::DateTime<::chrono::FixedOffset>>() {
                        ::serde_json::json!(t.with_timezone(&::chrono::Utc))
                    } else if let ::std::result::Result::Ok(g) = ::uuid::Uuid::parse_str(&s) {
                        ::serde_json::json!(g)
                    } else {
                        ::serde_json::Value::String(s)
                    }
                }
                other => other,
            }
        }

        /// For update bodies: the properties set to `null` (cleared) survive the round trip, as
        /// do absent and set ones. Inside a value a PATCH replaces it whole, so nested `null`s
        /// mean the same as absent ones there.
        #[allow(dead_code, reason = "only docs with PATCH examples use it")]
        fn round_trip_exact<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) {
            fn update_view(v: ::serde_json::Value) -> ::serde_json::Value {
                match v {
                    ::serde_json::Value::Object(map) => ::serde_json::Value::Object(
                        map.into_iter().map(|(k, x)| (k, if x.is_null() { x } else { normalize(x) })).collect(),
                    ),
                    other => normalize(other),
                }
            }
            let value: ::serde_json::Value = ::serde_json::from_str(json).expect("the example is JSON");
            let model: T = ::serde_json::from_value(value.clone()).expect("the example deserializes");
            let back = ::serde_json::to_value(&model).expect("the model serializes");
            assert_eq!(update_view(back), update_view(value));
        }

        fn round_trip<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) {
            let value: ::serde_json::Value = ::serde_json::from_str(json).expect("the example is JSON");
            let model: T = ::serde_json::from_value(value.clone()).expect("the example deserializes");
            let back = ::serde_json::to_value(&model).expect("the model serializes");
            assert_eq!(normalize(back), normalize(value));
        }
    });
    for test in tests {
        file.push_printed(test);
    }
    file.finish()
}

/// A test: the example decodes to its type and encodes back to the same JSON.
fn test(names: &TypeNames, c: &Case) -> TokenStream {
    let e = c.endpoint;
    // A PATCH body decodes to its update struct, where `null` is kept: exactly.
    let update = match (c.which, e.method, c.ty) {
        ("request", Method::Patch, TypeRef::Named(q)) => names.update_path(q),
        _ => None,
    };
    let (rust, check) = match update {
        Some(u) => (u, quote!(round_trip_exact)),
        None => (target(names, c.ty), quote!(round_trip)),
    };
    let name = format_ident!("{}", unraw(&c.name));
    let text = serde_json::to_string_pretty(c.json).unwrap_or_default();
    let doc = format!(" {} example `{}` of `{} {}` ({}).", c.which, c.example.name, e.method.as_str(), e.path, c.example.origin);
    quote! {
        #[doc = #doc]
        #[test]
        fn #name() {
            #check::<#rust>(#text);
        }
    }
}
