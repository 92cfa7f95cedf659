//! The docs' JSON examples as tests of the generated models: each example that fits its
//! documented type must deserialize and serialize back to the same JSON (up to `null`
//! properties, which the models omit, and integer/float spelling).

use super::naming::{snake, Scope};
use super::TypeNames;
use crate::model::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The Rust type an example body decodes to, if the example fits the schema.
fn target(schema: &Schema, names: &TypeNames, ty: &TypeRef, json: &serde_json::Value) -> Option<TokenStream> {
    match ty {
        TypeRef::Named(q) if schema.lookup(q).and_then(TypeDef::as_structured).is_some() && schema.conforms(ty, json) => Some(names.path(q)),
        TypeRef::Collection(inner) if matches!(inner.as_ref(), TypeRef::Named(_)) => {
            let items = json.get("value")?;
            schema.conforms(ty, items).then(|| {
                let t = names.rust_type(inner);
                quote!(crate::client::Collection<#t>)
            })
        }
        _ => None,
    }
}

pub(super) fn emit(schema: &Schema, names: &TypeNames) -> TokenStream {
    let mut scope = Scope::with_reserved(&["round_trip", "normalize"]);
    let mut tests = Vec::new();
    for e in &schema.endpoints {
        for ex in &e.examples {
            let cases = [("request", ex.request.as_ref(), e.body.as_ref()), ("response", ex.response.as_ref(), e.response.body.as_ref())];
            for (which, json, ty) in cases {
                let (Some(json), Some(ty)) = (json, ty) else { continue };
                let Some(rust) = target(schema, names, ty, json) else { continue };
                let name = format_ident!("{}", scope.claim(snake(&format!("{}_{}_{which}", e.operation_id.replace('.', "_"), ex.name))).trim_start_matches("r#"));
                let text = serde_json::to_string_pretty(json).unwrap_or_default();
                let doc = format!(" {} example `{}` of `{} {}` ({}).", which, ex.name, e.method.as_str(), e.path, ex.origin);
                tests.push(quote! {
                    #[doc = #doc]
                    #[test]
                    fn #name() {
                        round_trip::<#rust>(#text);
                    }
                });
            }
        }
    }
    if tests.is_empty() {
        return quote!(#![doc = " The docs' examples as round-trip tests of the models: none fit their types."]);
    }
    quote! {
        #![doc = " The docs' examples as round-trip tests of the models."]

        /// `null` properties are omitted by the models, and numbers compare by value.
        fn normalize(v: ::serde_json::Value) -> ::serde_json::Value {
            match v {
                ::serde_json::Value::Object(map) => ::serde_json::Value::Object(
                    map.into_iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k, normalize(x))).collect(),
                ),
                ::serde_json::Value::Array(items) => ::serde_json::Value::Array(items.into_iter().map(normalize).collect()),
                ::serde_json::Value::Number(n) => n.as_f64().map_or(::serde_json::Value::Number(n), ::serde_json::Value::from),
                other => other,
            }
        }

        fn round_trip<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) {
            let value: ::serde_json::Value = ::serde_json::from_str(json).expect("the example is JSON");
            let model: T = ::serde_json::from_value(value.clone()).expect("the example deserializes");
            let back = ::serde_json::to_value(&model).expect("the model serializes");
            assert_eq!(normalize(back), normalize(value));
        }

        #(#tests)*
    }
}
