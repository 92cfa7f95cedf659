//! The sans-IO client: one request type per endpoint that turns into an `http::Request` and
//! parses the response; no HTTP stack is chosen for the user.

use super::naming::{camel, ident, snake, Scope};
use super::{doc_line, TypeNames};
use crate::model::*;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// Names the client module defines itself; request types must not take them.
const RESERVED_TYPES: &[&str] = &["Client", "Endpoint", "Error", "Collection", "ODataError", "ODataErrorDetail", "Wrapped"];
/// `Client`'s own methods.
const RESERVED_FNS: &[&str] = &["new", "base_url", "request"];
/// clippy's too_many_arguments threshold (it counts `self`).
const MAX_ARGS: usize = 7;

/// What an endpoint's response body decodes to.
enum Output {
    Nothing,
    Bytes,
    /// A JSON object (entity or complex type) or any JSON.
    Json(TokenStream),
    /// A primitive or enum: OData wraps it as `{"value": ...}`; a bare value is accepted too.
    Scalar(TokenStream),
    Collection(TokenStream),
}

fn output(schema: &Schema, names: &TypeNames, e: &Endpoint) -> Output {
    match e.response.body.as_ref().filter(|_| e.response.status != 204) {
        None => Output::Nothing,
        Some(TypeRef::Primitive(Primitive::Stream)) => Output::Bytes,
        Some(TypeRef::Collection(inner)) => Output::Collection(names.value_type(inner)),
        Some(t @ TypeRef::Primitive(_)) => Output::Scalar(names.rust_type(t)),
        Some(t @ TypeRef::Named(q)) if matches!(schema.lookup(q), Some(TypeDef::Enum(_))) => Output::Scalar(names.rust_type(t)),
        Some(other) => Output::Json(names.value_type(other)),
    }
}

/// A piece of a request path.
enum Piece {
    /// Fixed text, already a valid URI path fragment.
    Text(String),
    /// A value to percent-encode, held in this field.
    Param(Ident),
}

/// Characters a URI path segment may hold as they are (RFC 3986 `pchar`, minus `%`).
fn path_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b)
}

/// Percent-encodes what the docs wrote literally (e.g. a space) so the URI always parses.
fn encode_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if path_safe(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Splits a literal segment on `{placeholder}`s: function parameters the docs leave inside a
/// literal (`getYammerActivityCounts(period='{period_value}')`) become fields too. Returns
/// `(is_placeholder, text)` pieces.
fn split_placeholders(value: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open + 1..].find(['{', '}']) else { break };
        let close = open + 1 + len;
        if len == 0 || rest.as_bytes()[close] == b'{' {
            // `{}` or `{a{`: no placeholder opens here; keep the text up to the next brace.
            out.push((false, &rest[..close]));
            rest = &rest[close..];
            continue;
        }
        out.push((false, &rest[..open]));
        out.push((true, &rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    out.push((false, rest));
    out.retain(|(is_param, s)| *is_param || !s.is_empty());
    out
}

/// One endpoint's request type and `Endpoint` impl, and its `Client` constructor.
fn endpoint(schema: &Schema, names: &TypeNames, e: &Endpoint, type_name: &str, fn_name: &str) -> (TokenStream, TokenStream) {
    let ty = ident(type_name);
    let method_fn = ident(fn_name);
    let mut fields = Scope::with_reserved(&["body"]);
    let mut params: Vec<(Ident, String)> = Vec::new();
    let mut pieces: Vec<Piece> = Vec::new();
    for s in &e.path.segments {
        pieces.push(Piece::Text("/".into()));
        match s {
            Segment::Literal { value } => {
                for (is_param, text) in split_placeholders(value) {
                    if is_param {
                        let field = ident(&fields.claim(snake(text)));
                        params.push((field.clone(), format!(" `{{{text}}}` in `{value}`.")));
                        pieces.push(Piece::Param(field));
                    } else {
                        pieces.push(Piece::Text(encode_literal(text)));
                    }
                }
            }
            Segment::Param { name, alternatives } => {
                let field = ident(&fields.claim(snake(name)));
                let doc = if alternatives.len() > 1 {
                    format!(" `{{{name}}}` in the path: one of {}.", alternatives.join(", "))
                } else {
                    format!(" `{{{name}}}` in the path.")
                };
                params.push((field.clone(), doc));
                pieces.push(Piece::Param(field));
            }
        }
    }
    // Adjacent text joined into one `push_str`.
    let mut merged: Vec<Piece> = Vec::new();
    for p in pieces {
        match (merged.last_mut(), p) {
            (Some(Piece::Text(prev)), Piece::Text(t)) => prev.push_str(&t),
            (_, p) => merged.push(p),
        }
    }
    let path_body = if merged.is_empty() {
        quote!(::std::string::String::from("/"))
    } else {
        let pushes = merged.iter().map(|p| match p {
            Piece::Text(t) => match t.as_bytes() {
                // clippy prefers `push` for one character.
                [c] => {
                    let c = char::from(*c);
                    quote!(path.push(#c);)
                }
                _ => quote!(path.push_str(#t);),
            },
            Piece::Param(f) => quote!(path.push_str(&encode_segment(&self.#f));),
        });
        quote! {
            let mut path = ::std::string::String::new();
            #(#pushes)*
            path
        }
    };

    let raw_body = matches!(e.body, Some(TypeRef::Primitive(Primitive::Stream | Primitive::Binary)));
    // A PATCH sends an update struct: absent, null and set fields are three different things.
    let update = match (&e.body, e.method) {
        (Some(TypeRef::Named(q)), Method::Patch) => names.update_path(q),
        _ => None,
    };
    let body_ty = e.body.as_ref().map(|b| match &update {
        _ if raw_body => quote!(::std::vec::Vec<u8>),
        Some(u) => u.clone(),
        None => names.rust_type(b),
    });
    let body_field = body_ty.as_ref().map(|t| {
        quote! {
            /// The request body.
            pub body: #t,
        }
    });
    let body_fn = match &e.body {
        None => quote!(::std::result::Result::Ok(::std::option::Option::None)),
        Some(_) if raw_body => quote!(::std::result::Result::Ok(::std::option::Option::Some(self.body.clone()))),
        Some(_) => quote!(::serde_json::to_vec(&self.body).map(::std::option::Option::Some).map_err(Error::Json)),
    };
    let content_type = raw_body.then(|| {
        quote! {
            fn content_type(&self) -> &'static str {
                "application/octet-stream"
            }
        }
    });
    let (out_ty, decode) = match output(schema, names, e) {
        Output::Nothing => (quote!(()), quote!(::std::result::Result::Ok(()))),
        Output::Bytes => (quote!(::std::vec::Vec<u8>), quote!(::std::result::Result::Ok(body.to_vec()))),
        Output::Json(t) => (t.clone(), quote!(::serde_json::from_slice::<#t>(body).map_err(Error::Json))),
        Output::Scalar(t) => (t.clone(), quote!(decode_scalar::<#t>(body))),
        Output::Collection(t) => (quote!(Collection<#t>), quote!(::serde_json::from_slice::<Collection<#t>>(body).map_err(Error::Json))),
    };
    let method = match e.method {
        Method::Get => quote!(::http::Method::GET),
        Method::Post => quote!(::http::Method::POST),
        Method::Put => quote!(::http::Method::PUT),
        Method::Patch => quote!(::http::Method::PATCH),
        Method::Delete => quote!(::http::Method::DELETE),
    };
    let param_fields = params.iter().map(|(f, doc)| quote!(#[doc = #doc] pub #f: ::std::string::String,));
    let title = e.summary.split_whitespace().collect::<Vec<_>>().join(" ");
    let summary = doc_line(&format!("{title}: `{} {}` (`{}`).", e.method.as_str(), e.path, e.operation_id)).unwrap_or_default();
    let doc = doc_line(&e.doc).map(|d| quote!(#[doc = ""] #[doc = #d]));
    let status_doc = format!(" Success: HTTP {}.", e.response.status);
    let args = params.iter().map(|(f, _)| quote!(#f: impl ::std::convert::Into<::std::string::String>,));
    let inits = params.iter().map(|(f, _)| quote!(#f: #f.into(),));
    let body_arg = body_ty.as_ref().map(|t| quote!(body: #t,));
    let body_init = body_ty.as_ref().map(|_| quote!(body,));
    let arg_count = 1 + params.len() + usize::from(body_ty.is_some());
    let allow_args = (arg_count > MAX_ARGS)
        .then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one argument per path parameter")]));
    let item = quote! {
        #[doc = #summary]
        #doc
        #[doc = ""]
        #[doc = #status_doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #ty {
            #(#param_fields)*
            #body_field
        }

        impl Endpoint for #ty {
            type Output = #out_ty;

            fn method(&self) -> ::http::Method {
                #method
            }

            fn path(&self) -> ::std::string::String {
                #path_body
            }

            fn body(&self) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<u8>>, Error> {
                #body_fn
            }

            #content_type

            fn parse(status: u16, body: &[u8]) -> ::std::result::Result<Self::Output, Error> {
                check_status(status, body)?;
                #decode
            }
        }
    };
    let constructor = quote! {
        #[doc = #summary]
        #allow_args
        pub fn #method_fn(&self, #(#args)* #body_arg) -> #ty {
            #ty { #(#inits)* #body_init }
        }
    };
    (item, constructor)
}

pub(super) fn emit(schema: &Schema, names: &TypeNames) -> TokenStream {
    let mut types = Scope::with_reserved(RESERVED_TYPES);
    let mut fns = Scope::with_reserved(RESERVED_FNS);
    let (items, constructors): (Vec<_>, Vec<_>) = schema
        .endpoints
        .iter()
        .map(|e| {
            let id = e.operation_id.replace('.', "_");
            let type_name = types.claim_camel(camel(&id));
            let fn_name = fns.claim(snake(&id));
            endpoint(schema, names, e, &type_name, &fn_name)
        })
        .unzip();
    // Emitted only when used: an unused private helper would be a dead-code warning.
    let scalar_helpers = schema.endpoints.iter().any(|e| matches!(output(schema, names, e), Output::Scalar(_))).then(|| {
        quote! {
            /// OData's `{"value": ...}` wrapper around a single primitive or enum.
            #[derive(::serde::Deserialize)]
            struct Wrapped<T> {
                value: T,
            }

            /// A primitive or enum response: wrapped as OData sends it, or bare.
            fn decode_scalar<T: ::serde::de::DeserializeOwned>(body: &[u8]) -> ::std::result::Result<T, Error> {
                match ::serde_json::from_slice::<Wrapped<T>>(body) {
                    ::std::result::Result::Ok(w) => ::std::result::Result::Ok(w.value),
                    ::std::result::Result::Err(_) => ::serde_json::from_slice::<T>(body).map_err(Error::Json),
                }
            }
        }
    });
    quote! {
        /// What can go wrong building a request or reading a response.
        #[derive(Debug)]
        pub enum Error {
            /// The service answered with an error status; `error` is its OData error, if readable.
            Status {
                status: u16,
                error: ::std::option::Option<ODataError>,
            },
            /// A body could not be encoded or decoded as JSON.
            Json(::serde_json::Error),
            /// The request could not be built (an invalid base URL, for example).
            Http(::http::Error),
        }

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Error::Status { status, error: ::std::option::Option::Some(e) } => {
                        ::std::write!(f, "HTTP {}: {}: {}", status, e.error.code, e.error.message)
                    }
                    Error::Status { status, error: ::std::option::Option::None } => ::std::write!(f, "HTTP {}", status),
                    Error::Json(e) => ::std::write!(f, "JSON: {}", e),
                    Error::Http(e) => ::std::write!(f, "HTTP request: {}", e),
                }
            }
        }

        impl ::std::error::Error for Error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Error::Status { .. } => ::std::option::Option::None,
                    Error::Json(e) => ::std::option::Option::Some(e),
                    Error::Http(e) => ::std::option::Option::Some(e),
                }
            }
        }

        /// The error object of an OData service: `{"error": {"code": ..., "message": ...}}`.
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        pub struct ODataError {
            pub error: ODataErrorDetail,
        }

        /// The body of an OData error.
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        pub struct ODataErrorDetail {
            #[serde(default)]
            pub code: ::std::string::String,
            #[serde(default)]
            pub message: ::std::string::String,
            /// Anything else the service sends (`innerError`, `details`, `target`, ...).
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
            /// The URL for changes since this page, at the end of a delta query.
            #[serde(rename = "@odata.deltaLink", default, skip_serializing_if = "::std::option::Option::is_none")]
            pub delta_link: ::std::option::Option<::std::string::String>,
            /// The total number of items, when `$count=true` was asked.
            #[serde(rename = "@odata.count", default, skip_serializing_if = "::std::option::Option::is_none")]
            pub count: ::std::option::Option<i64>,
            /// Other annotations (`@odata.context`, ...).
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }

        /// An endpoint: how to build its request and read its response.
        pub trait Endpoint {
            /// The decoded success body.
            type Output;

            fn method(&self) -> ::http::Method;

            /// The path below the service root, parameters percent-encoded.
            fn path(&self) -> ::std::string::String;

            /// The encoded request body, if the endpoint takes one.
            fn body(&self) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<u8>>, Error>;

            /// The body's media type.
            fn content_type(&self) -> &'static str {
                "application/json"
            }

            /// Reads a response: the success body, or `Error::Status` with the service's error.
            fn parse(status: u16, body: &[u8]) -> ::std::result::Result<Self::Output, Error>;

            /// The request, against `base_url` (e.g. `https://graph.microsoft.com/v1.0`).
            fn to_request(&self, base_url: &str) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, Error> {
                let uri = ::std::format!("{}{}", base_url.trim_end_matches('/'), self.path());
                let mut builder = ::http::Request::builder().method(self.method()).uri(uri);
                let body = self.body()?;
                if body.is_some() {
                    builder = builder.header(::http::header::CONTENT_TYPE, self.content_type());
                }
                builder.body(body.unwrap_or_default()).map_err(Error::Http)
            }

            /// [`Endpoint::parse`] on an `http::Response`.
            fn parse_response(response: &::http::Response<::std::vec::Vec<u8>>) -> ::std::result::Result<Self::Output, Error> {
                Self::parse(response.status().as_u16(), response.body())
            }
        }

        /// `Ok` for a 2xx status; otherwise the service's error, parsed when it is an OData one.
        pub fn check_status(status: u16, body: &[u8]) -> ::std::result::Result<(), Error> {
            if (200..300).contains(&status) {
                ::std::result::Result::Ok(())
            } else {
                ::std::result::Result::Err(Error::Status { status, error: ::serde_json::from_slice(body).ok() })
            }
        }

        #scalar_helpers

        /// Percent-encodes a path segment value: everything but unreserved ASCII.
        pub fn encode_segment(value: &str) -> ::std::string::String {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            let mut out = ::std::string::String::with_capacity(value.len());
            for b in value.bytes() {
                if b.is_ascii_alphanumeric() || ::std::matches!(b, b'-' | b'.' | b'_' | b'~') {
                    out.push(::std::primitive::char::from(b));
                } else {
                    out.push('%');
                    out.push(::std::primitive::char::from(HEX[usize::from(b >> 4)]));
                    out.push(::std::primitive::char::from(HEX[usize::from(b & 0x0F)]));
                }
            }
            out
        }

        #(#items)*

        /// Makes request values; holds the service root.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Client {
            base_url: ::std::string::String,
        }

        impl Client {
            /// A client for a service root, e.g. `https://graph.microsoft.com/v1.0`.
            pub fn new(base_url: impl ::std::convert::Into<::std::string::String>) -> Self {
                Client { base_url: base_url.into() }
            }

            /// The service root requests go to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            /// The HTTP request for an endpoint, against this client's service root.
            pub fn request<E: Endpoint>(&self, endpoint: &E) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, Error> {
                endpoint.to_request(&self.base_url)
            }

            #(#constructors)*
        }
    }
}
