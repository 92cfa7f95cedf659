//! The sans-IO client: one request type per endpoint that turns into an `http::Request` and
//! parses the response; no HTTP stack is chosen for the user.

use super::naming::{camel, ident, snake, Scope};
use super::TypeNames;
use crate::model::*;
use proc_macro2::TokenStream;
use quote::quote;

/// What an endpoint's response body decodes to.
enum Output {
    Nothing,
    Bytes,
    Json(TokenStream),
    Collection(TokenStream),
}

fn output(names: &TypeNames, e: &Endpoint) -> Output {
    match e.response.body.as_ref().filter(|_| e.response.status != 204) {
        None => Output::Nothing,
        Some(TypeRef::Primitive(Primitive::Stream)) => Output::Bytes,
        Some(TypeRef::Collection(inner)) => Output::Collection(names.rust_type(inner)),
        Some(other) => Output::Json(names.rust_type(other)),
    }
}

fn endpoint(names: &TypeNames, e: &Endpoint, type_name: &str, fn_name: &str) -> (TokenStream, TokenStream) {
    let ty = ident(type_name);
    let method_fn = ident(fn_name);
    let mut fields = Scope::with_reserved(&["body"]);
    let params: Vec<(proc_macro2::Ident, &str, String)> = e
        .path
        .params()
        .map(|(name, alternatives)| {
            let doc = if alternatives.len() > 1 {
                format!(" `{{{name}}}`: one of {}.", alternatives.join(", "))
            } else {
                format!(" `{{{name}}}` in the path.")
            };
            (ident(&fields.claim(snake(name))), name, doc)
        })
        .collect();
    // The path as pieces: literal text, or a parameter to percent-encode.
    let pieces = e.path.segments.iter().map(|s| match s {
        Segment::Literal { value } => {
            let text = format!("/{value}");
            quote!(path.push_str(#text);)
        }
        Segment::Param { name, .. } => {
            let (field, _, _) = params.iter().find(|(_, n, _)| n == name).expect("every param has a field");
            quote! {
                path.push('/');
                path.push_str(&encode_segment(&self.#field));
            }
        }
    });
    let body_ty = e.body.as_ref().map(|b| match b {
        TypeRef::Primitive(Primitive::Stream | Primitive::Binary) => quote!(::std::vec::Vec<u8>),
        other => names.rust_type(other),
    });
    let body_field = body_ty.as_ref().map(|t| quote!(/// The request body.
        pub body: #t,));
    let body_fn = match &e.body {
        None => quote!(::std::result::Result::Ok(::std::option::Option::None)),
        Some(TypeRef::Primitive(Primitive::Stream | Primitive::Binary)) => {
            quote!(::std::result::Result::Ok(::std::option::Option::Some(self.body.clone())))
        }
        Some(_) => quote!(::serde_json::to_vec(&self.body).map(::std::option::Option::Some).map_err(Error::Json)),
    };
    let content_type = match &e.body {
        Some(TypeRef::Primitive(Primitive::Stream | Primitive::Binary)) => quote!(::std::option::Option::Some("application/octet-stream")),
        Some(_) => quote!(::std::option::Option::Some("application/json")),
        None => quote!(::std::option::Option::None),
    };
    let output = output(names, e);
    // Nothing to decode: the parameter is unused, and named so.
    let body_param = if matches!(output, Output::Nothing) { quote!(_body) } else { quote!(body) };
    let (out_ty, parse) = match output {
        Output::Nothing => (quote!(()), quote!(::std::result::Result::Ok(()))),
        Output::Bytes => (quote!(::std::vec::Vec<u8>), quote!(::std::result::Result::Ok(body.to_vec()))),
        Output::Json(t) => (t.clone(), quote!(::serde_json::from_slice::<#t>(body).map_err(Error::Json))),
        Output::Collection(t) => (quote!(Collection<#t>), quote!(::serde_json::from_slice::<Collection<#t>>(body).map_err(Error::Json))),
    };
    let method = match e.method {
        Method::Get => quote!(::http::Method::GET),
        Method::Post => quote!(::http::Method::POST),
        Method::Put => quote!(::http::Method::PUT),
        Method::Patch => quote!(::http::Method::PATCH),
        Method::Delete => quote!(::http::Method::DELETE),
    };
    let param_fields = params.iter().map(|(f, _, doc)| quote!(#[doc = #doc] pub #f: ::std::string::String,));
    let summary = format!(" {}: `{} {}` (`{}`).", e.summary.split_whitespace().collect::<Vec<_>>().join(" "), e.method.as_str(), e.path, e.operation_id);
    let doc = (!e.doc.trim().is_empty()).then(|| {
        let d = format!(" {}", e.doc.split_whitespace().collect::<Vec<_>>().join(" "));
        quote!(#[doc = ""] #[doc = #d])
    });
    let args = params.iter().map(|(f, _, _)| quote!(#f: impl ::std::convert::Into<::std::string::String>,));
    let inits = params.iter().map(|(f, _, _)| quote!(#f: #f.into(),));
    let body_arg = body_ty.as_ref().map(|t| quote!(body: #t,));
    let body_init = body_ty.as_ref().map(|_| quote!(body,));
    let status = e.response.status;
    let item = quote! {
        #[doc = #summary]
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #ty {
            #(#param_fields)*
            #body_field
        }

        impl Endpoint for #ty {
            type Output = #out_ty;
            const SUCCESS: u16 = #status;

            fn method(&self) -> ::http::Method {
                #method
            }

            fn path(&self) -> ::std::string::String {
                let mut path = ::std::string::String::new();
                #(#pieces)*
                path
            }

            fn content_type(&self) -> ::std::option::Option<&'static str> {
                #content_type
            }

            fn body(&self) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<u8>>, Error> {
                #body_fn
            }

            fn parse_body(#body_param: &[u8]) -> ::std::result::Result<Self::Output, Error> {
                #parse
            }
        }
    };
    let constructor = quote! {
        #[doc = #summary]
        pub fn #method_fn(&self, #(#args)* #body_arg) -> #ty {
            #ty { #(#inits)* #body_init }
        }
    };
    (item, constructor)
}

pub(super) fn emit(schema: &Schema, names: &TypeNames) -> TokenStream {
    let reserved = ["Client", "Endpoint", "Error", "Collection", "ODataError", "MainError"];
    let mut types = Scope::with_reserved(&reserved);
    let mut fns = Scope::with_reserved(&["new", "base_url", "request", "response"]);
    let (items, constructors): (Vec<_>, Vec<_>) = schema
        .endpoints
        .iter()
        .map(|e| {
            let type_name = types.claim_camel(camel(&e.operation_id.replace('.', "_")));
            let fn_name = fns.claim(snake(&e.operation_id.replace('.', "_")));
            endpoint(names, e, &type_name, &fn_name)
        })
        .unzip();
    quote! {
        #![doc = " A sans-IO client: each endpoint is a request value that becomes an `http::Request`,"]
        #![doc = " and whose `parse` reads the `http::Response`. Send it with any HTTP stack."]

        /// What can go wrong building a request or reading a response.
        #[derive(Debug)]
        pub enum Error {
            /// The service answered with an error status; `error` is its OData error, if readable.
            Status { status: u16, error: ::std::option::Option<ODataError> },
            /// A body could not be encoded or decoded as JSON.
            Json(::serde_json::Error),
            /// The request could not be built (an invalid base URL, for example).
            Http(::http::Error),
        }

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Error::Status { status, error: ::std::option::Option::Some(e) } => {
                        write!(f, "HTTP {}: {}: {}", status, e.error.code, e.error.message)
                    }
                    Error::Status { status, error: ::std::option::Option::None } => write!(f, "HTTP {}", status),
                    Error::Json(e) => write!(f, "JSON: {}", e),
                    Error::Http(e) => write!(f, "HTTP request: {}", e),
                }
            }
        }

        impl ::std::error::Error for Error {}

        /// The error object of an OData service.
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        pub struct ODataError {
            pub error: MainError,
        }

        /// The body of an OData error.
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        pub struct MainError {
            #[serde(default)]
            pub code: ::std::string::String,
            #[serde(default)]
            pub message: ::std::string::String,
            /// Anything else the service sends (`innerError`, `details`, ...).
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }

        /// One page of a collection, as OData sends it.
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        pub struct Collection<T> {
            #[serde(default = "::std::vec::Vec::new")]
            pub value: ::std::vec::Vec<T>,
            /// The URL of the next page, if there is one.
            #[serde(rename = "@odata.nextLink", default, skip_serializing_if = "::std::option::Option::is_none")]
            pub next_link: ::std::option::Option<::std::string::String>,
        }

        /// An endpoint: how to build its request and read its response.
        pub trait Endpoint {
            /// The decoded success body.
            type Output;
            /// The success status the docs give.
            const SUCCESS: u16;
            fn method(&self) -> ::http::Method;
            /// The path below the service root, parameters percent-encoded.
            fn path(&self) -> ::std::string::String;
            fn content_type(&self) -> ::std::option::Option<&'static str>;
            fn body(&self) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<u8>>, Error>;
            fn parse_body(body: &[u8]) -> ::std::result::Result<Self::Output, Error>;

            /// The request, against `base_url` (e.g. `https://graph.microsoft.com/v1.0`).
            fn to_request(&self, base_url: &str) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, Error> {
                let uri = format!("{}{}", base_url.trim_end_matches('/'), self.path());
                let mut builder = ::http::Request::builder().method(self.method()).uri(uri);
                if let ::std::option::Option::Some(ct) = self.content_type() {
                    builder = builder.header("Content-Type", ct);
                }
                builder.body(self.body()?.unwrap_or_default()).map_err(Error::Http)
            }

            /// Reads the response: the success body, or the service's error.
            fn parse(response: &::http::Response<::std::vec::Vec<u8>>) -> ::std::result::Result<Self::Output, Error> {
                let status = response.status().as_u16();
                if response.status().is_success() {
                    Self::parse_body(response.body())
                } else {
                    ::std::result::Result::Err(Error::Status { status, error: ::serde_json::from_slice(response.body()).ok() })
                }
            }
        }

        /// Percent-encodes a path segment: everything but unreserved ASCII.
        pub fn encode_segment(value: &str) -> ::std::string::String {
            let mut out = ::std::string::String::with_capacity(value.len());
            for b in value.bytes() {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                    out.push(b as char);
                } else {
                    out.push_str(&format!("%{:02X}", b));
                }
            }
            out
        }

        #(#items)*

        /// Makes request values; holds the service root.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Client {
            pub base_url: ::std::string::String,
        }

        impl Client {
            /// A client for a service root, e.g. `https://graph.microsoft.com/v1.0`.
            pub fn new(base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
                Client { base_url: base_url.into() }
            }

            /// The HTTP request for an endpoint.
            pub fn request<E: Endpoint>(&self, endpoint: &E) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, Error> {
                endpoint.to_request(&self.base_url)
            }

            #(#constructors)*
        }
    }
}
