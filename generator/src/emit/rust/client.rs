//! The client: one request type per endpoint that turns into an `http::Request` and parses the
//! response (sans-IO: any HTTP stack can send it), and on top, behind the generated crate's
//! default `reqwest` feature, an async client that sends them (auth by a token provider,
//! retries on 429/503 after `Retry-After`, paging through `@odata.nextLink` as a `Stream`).

use super::naming::{camel, ident, snake, Scope};
use super::navigation::StepMethod;
use super::{doc_line, RustFile, TypeNames};
use crate::model::*;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// Names the client module defines itself; request types must not take them.
const RESERVED_TYPES: &[&str] = &["Client", "Endpoint", "Error", "Collection", "ODataError", "ODataErrorDetail", "Wrapped", "Query", "QueryOptions"];
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
pub(super) enum Piece {
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

/// The path parameters of the first segments of a path (fields with their doc), and the pieces
/// that build it. A prefix gets the same field names as the whole path, so navigation types
/// and request types agree on them.
pub(super) fn path_params(segments: &[Segment]) -> (Vec<(Ident, String)>, Vec<Piece>) {
    let mut fields = Scope::with_reserved(&["body", "query"]);
    let mut params: Vec<(Ident, String)> = Vec::new();
    let mut pieces: Vec<Piece> = Vec::new();
    for s in segments {
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
    (params, pieces)
}

/// What navigation needs to know of a request type.
pub(super) struct RequestType {
    pub ty: Ident,
    pub body: Option<TokenStream>,
    pub queried: bool,
    pub params: Vec<Ident>,
    pub summary: String,
}

/// Whether an endpoint sends its body as raw bytes (`Stream`, `Binary`) rather than JSON.
fn sends_raw(e: &Endpoint) -> bool {
    matches!(e.body, Some(TypeRef::Primitive(Primitive::Stream | Primitive::Binary)))
}

/// What an endpoint's request type, its `Client` constructor and navigation share, decided once.
struct Request<'a> {
    e: &'a Endpoint,
    ty: Ident,
    params: Vec<(Ident, String)>,
    /// The path's pieces, adjacent text joined.
    pieces: Vec<Piece>,
    body_ty: Option<TokenStream>,
    output: Output,
    /// Reads take OData query options (`$select`, `$filter`, `$top`, ...), set by builder methods.
    queried: bool,
    summary: String,
    gate: Option<TokenStream>,
}

fn request<'a>(schema: &Schema, names: &TypeNames, e: &'a Endpoint, type_name: &str, gate: Option<TokenStream>) -> Request<'a> {
    let (params, pieces) = path_params(&e.path.segments);
    // Adjacent text joined into one `push_str`.
    let mut merged: Vec<Piece> = Vec::new();
    for p in pieces {
        match (merged.last_mut(), p) {
            (Some(Piece::Text(prev)), Piece::Text(t)) => prev.push_str(&t),
            (_, p) => merged.push(p),
        }
    }
    // A PATCH sends an update struct: absent, null and set fields are three different things.
    let update = match (&e.body, e.method) {
        (Some(TypeRef::Named(q)), Method::Patch) => names.update_path(q),
        _ => None,
    };
    let body_ty = e.body.as_ref().map(|b| match &update {
        _ if sends_raw(e) => quote!(::std::vec::Vec<u8>),
        Some(u) => u.clone(),
        None => names.rust_type(b),
    });
    let output = output(schema, names, e);
    let queried = e.method == Method::Get && !matches!(output, Output::Bytes);
    let title = e.summary.split_whitespace().collect::<Vec<_>>().join(" ");
    let summary = doc_line(&format!("{title}: `{} {}` (`{}`).", e.method.as_str(), e.path, e.operation_id)).unwrap_or_default();
    Request { e, ty: ident(type_name), params, pieces: merged, body_ty, output, queried, summary, gate }
}

/// The request type and its `Endpoint` (and `QueryOptions`) impls.
fn request_item(r: &Request) -> TokenStream {
    let Request { e, ty, params, pieces, body_ty, queried, summary, gate, .. } = r;
    let path_body = if pieces.is_empty() {
        quote!(::std::string::String::from("/"))
    } else {
        let pushes = pieces.iter().map(|p| match p {
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
    let raw_body = sends_raw(e);
    let body_field = body_ty.as_ref().map(|t| {
        quote! {
            /// The request body.
            pub body: #t,
        }
    });
    // Shared helpers do the work, so each endpoint's impl stays a few tokens (the Graph docs
    // have thousands of endpoints, and every token is parsed, printed and compiled).
    let body_fn = match &e.body {
        None => None,
        Some(_) if raw_body => Some(quote!(::std::result::Result::Ok(::std::option::Option::Some(self.body.clone())))),
        Some(_) => Some(quote!(json_body(&self.body))),
    }
    .map(|body| {
        quote! {
            fn body(&self) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<u8>>, Error> {
                #body
            }
        }
    });
    let content_type = raw_body.then(|| {
        quote! {
            fn content_type(&self) -> &'static str {
                "application/octet-stream"
            }
        }
    });
    let (out_ty, decode) = match &r.output {
        Output::Nothing => (quote!(()), quote!(check_status(status, body))),
        Output::Bytes => (quote!(::std::vec::Vec<u8>), quote!(check_status(status, body).map(|()| body.to_vec()))),
        Output::Json(t) => (t.clone(), quote!(decode_json(status, body))),
        Output::Scalar(t) => (t.clone(), quote!(check_status(status, body)?; decode_scalar(body))),
        Output::Collection(t) => (quote!(Collection<#t>), quote!(decode_json(status, body))),
    };
    let method = match e.method {
        Method::Get => quote!(::http::Method::GET),
        Method::Post => quote!(::http::Method::POST),
        Method::Put => quote!(::http::Method::PUT),
        Method::Patch => quote!(::http::Method::PATCH),
        Method::Delete => quote!(::http::Method::DELETE),
    };
    let param_fields = params.iter().map(|(f, doc)| quote!(#[doc = #doc] pub #f: ::std::string::String,));
    let query_field = queried.then(|| {
        quote! {
            /// OData query options; set them with the [`QueryOptions`] methods.
            pub query: Query,
        }
    });
    let query_fn = queried.then(|| {
        quote! {
            fn query(&self) -> ::std::option::Option<&Query> {
                ::std::option::Option::Some(&self.query)
            }
        }
    });
    let query_impl = queried.then(|| {
        quote! {
            #gate
            impl QueryOptions for #ty {
                fn query_mut(&mut self) -> &mut Query {
                    &mut self.query
                }
            }
        }
    });
    let doc = doc_line(&e.doc).map(|d| quote!(#[doc = ""] #[doc = #d]));
    let status_doc = format!(" Success: HTTP {}.", e.response.status);
    quote! {
        #[doc = #summary]
        #doc
        #[doc = ""]
        #[doc = #status_doc]
        #[derive(Debug, Clone, PartialEq)]
        #gate
        pub struct #ty {
            #(#param_fields)*
            #body_field
            #query_field
        }

        #query_impl

        #gate
        impl Endpoint for #ty {
            type Output = #out_ty;

            fn method(&self) -> ::http::Method {
                #method
            }

            fn path(&self) -> ::std::string::String {
                #path_body
            }

            #body_fn

            #content_type

            #query_fn

            fn parse(status: u16, body: &[u8]) -> ::std::result::Result<Self::Output, Error> {
                #decode
            }
        }
    }
}

/// The request's `Client` constructor.
fn constructor(r: &Request, fn_name: &str) -> TokenStream {
    let Request { ty, params, body_ty, queried, summary, .. } = r;
    let method_fn = ident(fn_name);
    let args = params.iter().map(|(f, _)| quote!(#f: impl ::std::convert::Into<::std::string::String>,));
    let inits = params.iter().map(|(f, _)| quote!(#f: #f.into(),));
    let body_arg = body_ty.as_ref().map(|t| quote!(body: #t,));
    let body_init = body_ty.as_ref().map(|_| quote!(body,));
    let query_init = queried.then(|| quote!(query: Query::default(),));
    let arg_count = 1 + params.len() + usize::from(body_ty.is_some());
    let allow_args = (arg_count > MAX_ARGS)
        .then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one argument per path parameter")]));
    quote! {
        #[doc = #summary]
        #allow_args
        pub fn #method_fn(&self, #(#args)* #body_arg) -> #ty {
            #ty { #(#inits)* #body_init #query_init }
        }
    }
}

/// What navigation needs to know of a request type.
fn request_type(r: Request) -> RequestType {
    let Request { ty, params, body_ty, queried, summary, .. } = r;
    RequestType { ty, body: body_ty, queried, params: params.into_iter().map(|(f, _)| f).collect(), summary }
}

/// `#[cfg(feature = "group")]` for an endpoint's items, when groups are features.
pub(super) fn gate(groups: &BTreeMap<String, String>, tag: &str) -> Option<TokenStream> {
    groups.get(tag).map(|f| quote!(#[cfg(feature = #f)]))
}

/// `src/client.rs`: the shared definitions, a request type per endpoint (printed one by one),
/// `Client` with its constructors, the navigation types, and the reqwest-based sender.
pub(super) fn emit(schema: &Schema, names: &TypeNames, groups: &BTreeMap<String, String>) -> String {
    let mut file = RustFile::new();
    file.push(shared(schema, names, groups));
    let mut types = Scope::with_reserved(RESERVED_TYPES);
    let mut fns = Scope::with_reserved(RESERVED_FNS);
    let claimed: Vec<(String, String)> = schema
        .endpoints
        .iter()
        .map(|e| {
            let id = e.operation_id.replace('.', "_");
            (types.claim_camel(camel(&id)), fns.claim(snake(&id)))
        })
        .collect();
    // Navigation names are claimed here, after the constructors' (they share `Client`).
    let plan = super::navigation::plan(schema, &mut types, &mut fns);
    // Everything per endpoint, per group and per path is built and printed in parallel, each
    // part on one thread (tokens cannot cross threads, text can) and joined in order.
    use rayon::prelude::*;
    let request_of = |i: usize| request(schema, names, &schema.endpoints[i], &claimed[i].0, gate(groups, &schema.endpoints[i].tag));
    let request_items: Vec<String> = (0..schema.endpoints.len()).into_par_iter().map(|i| super::print(request_item(&request_of(i)))).collect();
    // One `impl Client` per resource group: its constructors, then the steps into its paths.
    let mut by_group: BTreeMap<Option<&str>, (Vec<usize>, Vec<&StepMethod>)> = BTreeMap::new();
    for (i, e) in schema.endpoints.iter().enumerate() {
        by_group.entry(Some(e.tag.as_str())).or_default().0.push(i);
    }
    for (tag, step) in &plan.roots {
        by_group.entry(tag.as_deref()).or_default().1.push(step);
    }
    let client_impls: Vec<String> = by_group
        .into_par_iter()
        .map(|(tag, (endpoints, steps))| {
            let gate = tag.and_then(|t| gate(groups, t));
            let constructors = endpoints.iter().map(|&i| constructor(&request(schema, names, &schema.endpoints[i], &claimed[i].0, None), &claimed[i].1));
            let steps = steps.iter().map(|s| super::navigation::step_method(&[], s));
            super::print(quote! {
                #gate
                impl Client {
                    #(#constructors)*
                    #(#steps)*
                }
            })
        })
        .collect();
    let navigation = super::navigation::print_types(&plan, groups, &|i| request_type(request_of(i)));
    for item in request_items {
        file.push_printed(item);
    }
    file.push(quote! {
        /// Makes request values; holds the service root. Its methods start requests: a
        /// constructor per endpoint, and a step into each top-level path, one `impl` block per
        /// resource group.
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
        }
    });
    for item in client_impls.into_iter().chain(navigation) {
        file.push_printed(item);
    }
    file.push(send_module());
    file.finish()
}

/// What every request type uses: the error, the `Endpoint` trait, query options, helpers.
fn shared(schema: &Schema, names: &TypeNames, groups: &BTreeMap<String, String>) -> TokenStream {
    let unused_in_some_groups = (!groups.is_empty()).then(|| quote!(#[allow(dead_code, reason = "used by the endpoints of some groups only")]));
    // Emitted only when used: an unused private helper would be a dead-code warning.
    let outputs: Vec<Output> = schema.endpoints.iter().map(|e| output(schema, names, e)).collect();
    let scalar_helpers = outputs.iter().any(|o| matches!(o, Output::Scalar(_))).then(|| {
        quote! {
            /// OData's `{"value": ...}` wrapper around a single primitive or enum.
            #[derive(::serde::Deserialize)]
            #unused_in_some_groups
            struct Wrapped<T> {
                value: T,
            }

            /// A primitive or enum response: wrapped as OData sends it, or bare.
            #unused_in_some_groups
            fn decode_scalar<T: ::serde::de::DeserializeOwned>(body: &[u8]) -> ::std::result::Result<T, Error> {
                match ::serde_json::from_slice::<Wrapped<T>>(body) {
                    ::std::result::Result::Ok(w) => ::std::result::Result::Ok(w.value),
                    ::std::result::Result::Err(_) => ::serde_json::from_slice::<T>(body).map_err(Error::Json),
                }
            }
        }
    });
    let json_helpers = outputs.iter().any(|o| matches!(o, Output::Json(_) | Output::Collection(_))).then(|| {
        quote! {
            /// A JSON success body, or the service's error.
            #unused_in_some_groups
            fn decode_json<T: ::serde::de::DeserializeOwned>(status: u16, body: &[u8]) -> ::std::result::Result<T, Error> {
                check_status(status, body)?;
                ::serde_json::from_slice(body).map_err(Error::Json)
            }
        }
    });
    let json_body = schema
        .endpoints
        .iter()
        .any(|e| e.body.is_some() && !sends_raw(e))
        .then(|| {
            quote! {
                /// A request body as JSON.
                #unused_in_some_groups
                fn json_body<T: ::serde::Serialize>(body: &T) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<u8>>, Error> {
                    ::serde_json::to_vec(body).map(::std::option::Option::Some).map_err(Error::Json)
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
            /// The request could not be sent, or no token could be had.
            Transport(::std::boxed::Box<dyn ::std::error::Error + ::std::marker::Send + ::std::marker::Sync>),
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
                    Error::Transport(e) => ::std::write!(f, "transport: {}", e),
                }
            }
        }

        impl ::std::error::Error for Error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Error::Status { .. } => ::std::option::Option::None,
                    Error::Json(e) => ::std::option::Option::Some(e),
                    Error::Http(e) => ::std::option::Option::Some(e),
                    Error::Transport(e) => ::std::option::Option::Some(e.as_ref()),
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
            fn body(&self) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<u8>>, Error> {
                ::std::result::Result::Ok(::std::option::Option::None)
            }

            /// The body's media type.
            fn content_type(&self) -> &'static str {
                "application/json"
            }

            /// The OData query options, for endpoints that take them (reads).
            fn query(&self) -> ::std::option::Option<&Query> {
                ::std::option::Option::None
            }

            /// Reads a response: the success body, or `Error::Status` with the service's error.
            fn parse(status: u16, body: &[u8]) -> ::std::result::Result<Self::Output, Error>;

            /// The request, against `base_url` (e.g. `https://graph.microsoft.com/v1.0`).
            fn to_request(&self, base_url: &str) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, Error> {
                let mut uri = ::std::format!("{}{}", base_url.trim_end_matches('/'), self.path());
                if let ::std::option::Option::Some(query) = self.query().filter(|q| !q.is_empty()) {
                    uri.push('?');
                    uri.push_str(&query.to_query_string());
                }
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

        /// OData query options. Set them with the [`QueryOptions`] builder methods:
        /// `client.users_list().select(["id", "displayName"]).top(10)`.
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct Query {
            /// `$select`: the properties to return.
            pub select: ::std::vec::Vec<::std::string::String>,
            /// `$expand`: the relationships to return inline.
            pub expand: ::std::vec::Vec<::std::string::String>,
            /// `$filter`: an OData filter expression.
            pub filter: ::std::option::Option<::std::string::String>,
            /// `$search`: a search expression.
            pub search: ::std::option::Option<::std::string::String>,
            /// `$orderby`: sort keys, e.g. `displayName desc`.
            pub orderby: ::std::vec::Vec<::std::string::String>,
            /// `$top`: the page size.
            pub top: ::std::option::Option<u32>,
            /// `$skip`: items to skip.
            pub skip: ::std::option::Option<u32>,
            /// `$count`: ask for `@odata.count`.
            pub count: ::std::option::Option<bool>,
            /// Any other query parameter, sent as given (name, value).
            pub other: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
        }

        impl Query {
            /// True when no option is set.
            pub fn is_empty(&self) -> bool {
                *self == Query::default()
            }

            /// `$select=id,displayName&$top=10`: options in a fixed order, values percent-encoded.
            pub fn to_query_string(&self) -> ::std::string::String {
                let mut pairs: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec::Vec::new();
                let list = |items: &[::std::string::String]| items.join(",");
                if !self.select.is_empty() {
                    pairs.push(("$select", list(&self.select)));
                }
                if !self.expand.is_empty() {
                    pairs.push(("$expand", list(&self.expand)));
                }
                if let ::std::option::Option::Some(f) = &self.filter {
                    pairs.push(("$filter", f.clone()));
                }
                if let ::std::option::Option::Some(s) = &self.search {
                    pairs.push(("$search", s.clone()));
                }
                if !self.orderby.is_empty() {
                    pairs.push(("$orderby", list(&self.orderby)));
                }
                if let ::std::option::Option::Some(n) = self.top {
                    pairs.push(("$top", n.to_string()));
                }
                if let ::std::option::Option::Some(n) = self.skip {
                    pairs.push(("$skip", n.to_string()));
                }
                if let ::std::option::Option::Some(c) = self.count {
                    pairs.push(("$count", c.to_string()));
                }
                let mut out: ::std::vec::Vec<::std::string::String> =
                    pairs.into_iter().map(|(k, v)| ::std::format!("{}={}", k, encode_segment(&v))).collect();
                out.extend(self.other.iter().map(|(k, v)| ::std::format!("{}={}", encode_segment(k), encode_segment(v))));
                out.join("&")
            }
        }

        /// Builder methods for the OData query options of a request.
        pub trait QueryOptions: ::std::marker::Sized {
            /// The request's options.
            fn query_mut(&mut self) -> &mut Query;

            /// `$select`.
            fn select<I: ::std::iter::IntoIterator<Item = S>, S: ::std::convert::Into<::std::string::String>>(mut self, fields: I) -> Self {
                self.query_mut().select.extend(fields.into_iter().map(::std::convert::Into::into));
                self
            }

            /// `$expand`.
            fn expand<I: ::std::iter::IntoIterator<Item = S>, S: ::std::convert::Into<::std::string::String>>(mut self, relationships: I) -> Self {
                self.query_mut().expand.extend(relationships.into_iter().map(::std::convert::Into::into));
                self
            }

            /// `$filter`.
            fn filter(mut self, expression: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.query_mut().filter = ::std::option::Option::Some(expression.into());
                self
            }

            /// `$search`.
            fn search(mut self, expression: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.query_mut().search = ::std::option::Option::Some(expression.into());
                self
            }

            /// `$orderby`.
            fn orderby<I: ::std::iter::IntoIterator<Item = S>, S: ::std::convert::Into<::std::string::String>>(mut self, keys: I) -> Self {
                self.query_mut().orderby.extend(keys.into_iter().map(::std::convert::Into::into));
                self
            }

            /// `$top`.
            fn top(mut self, n: u32) -> Self {
                self.query_mut().top = ::std::option::Option::Some(n);
                self
            }

            /// `$skip`.
            fn skip(mut self, n: u32) -> Self {
                self.query_mut().skip = ::std::option::Option::Some(n);
                self
            }

            /// `$count`.
            fn count(mut self, count: bool) -> Self {
                self.query_mut().count = ::std::option::Option::Some(count);
                self
            }

            /// Any other query parameter.
            fn param(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.query_mut().other.push((name.into(), value.into()));
                self
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

        #json_helpers

        #json_body

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
    }
}

/// The async client over reqwest (the generated crate's default `reqwest` feature).
fn send_module() -> TokenStream {
    quote! {
        /// Sending requests with reqwest: authentication by a [`send::TokenProvider`], retries on
        /// 429 and 503 after `Retry-After`, and paging through `@odata.nextLink`.
        #[cfg(feature = "reqwest")]
        pub mod send {
            use super::{Collection, Endpoint, Error};

            /// An error from a token provider or the transport.
            pub type BoxError = ::std::boxed::Box<dyn ::std::error::Error + ::std::marker::Send + ::std::marker::Sync>;

            /// Where access tokens come from (MSAL, azure_identity, a cache): called before each request.
            pub trait TokenProvider: ::std::marker::Send + ::std::marker::Sync {
                /// A bearer token for the next request.
                fn token(&self) -> impl ::std::future::Future<Output = ::std::result::Result<::std::string::String, BoxError>> + ::std::marker::Send;
            }

            /// A token that never changes (tests, scripts, tokens managed elsewhere).
            #[derive(Debug, Clone, PartialEq, Eq)]
            pub struct StaticToken(pub ::std::string::String);

            impl TokenProvider for StaticToken {
                async fn token(&self) -> ::std::result::Result<::std::string::String, BoxError> {
                    ::std::result::Result::Ok(self.0.clone())
                }
            }

            /// Sends endpoint requests to a service root (`https://graph.microsoft.com/v1.0`,
            /// a national cloud, or `/beta`).
            #[derive(Debug, Clone)]
            pub struct HttpClient<T> {
                http: ::reqwest::Client,
                base_url: ::std::string::String,
                tokens: T,
                max_retries: u32,
            }

            impl<T: TokenProvider> HttpClient<T> {
                /// A client for `base_url` that authenticates with `tokens`; retries throttled
                /// requests up to 3 times.
                pub fn new(base_url: impl ::std::convert::Into<::std::string::String>, tokens: T) -> Self {
                    HttpClient { http: ::reqwest::Client::new(), base_url: base_url.into(), tokens, max_retries: 3 }
                }

                /// Use this reqwest client (proxies, timeouts, TLS settings).
                pub fn with_http(mut self, http: ::reqwest::Client) -> Self {
                    self.http = http;
                    self
                }

                /// How often a 429 or 503 response is retried (after its `Retry-After`, at most 60 s).
                pub fn max_retries(mut self, retries: u32) -> Self {
                    self.max_retries = retries;
                    self
                }

                /// The service root.
                pub fn base_url(&self) -> &str {
                    &self.base_url
                }

                /// Sends the endpoint's request and decodes the response.
                pub async fn send<E: Endpoint>(&self, endpoint: &E) -> ::std::result::Result<E::Output, Error> {
                    let (status, body) = self.execute(endpoint.to_request(&self.base_url)?).await?;
                    E::parse(status, &body)
                }

                /// The page after `page`, if it has an `@odata.nextLink`.
                pub async fn next_page<I: ::serde::de::DeserializeOwned>(&self, page: &Collection<I>) -> ::std::result::Result<::std::option::Option<Collection<I>>, Error> {
                    match &page.next_link {
                        ::std::option::Option::Some(link) => self.page_at(link).await.map(::std::option::Option::Some),
                        ::std::option::Option::None => ::std::result::Result::Ok(::std::option::Option::None),
                    }
                }

                /// Every page of a collection, following `@odata.nextLink`; ends after an error.
                pub fn pages<'a, E, I>(&'a self, endpoint: &'a E) -> impl ::futures_util::Stream<Item = ::std::result::Result<Collection<I>, Error>> + 'a
                where
                    E: Endpoint<Output = Collection<I>>,
                    I: ::serde::de::DeserializeOwned + 'a,
                {
                    enum Next<'a, E> {
                        First(&'a E),
                        Link(::std::string::String),
                        Done,
                    }
                    ::futures_util::stream::unfold(Next::First(endpoint), move |next| async move {
                        let page = match next {
                            Next::First(e) => self.send(e).await,
                            Next::Link(link) => self.page_at(&link).await,
                            Next::Done => return ::std::option::Option::None,
                        };
                        ::std::option::Option::Some(match page {
                            ::std::result::Result::Ok(p) => {
                                let next = p.next_link.clone().map_or(Next::Done, Next::Link);
                                (::std::result::Result::Ok(p), next)
                            }
                            ::std::result::Result::Err(e) => (::std::result::Result::Err(e), Next::Done),
                        })
                    })
                }

                /// Every item of a collection, page after page.
                pub fn items<'a, E, I>(&'a self, endpoint: &'a E) -> impl ::futures_util::Stream<Item = ::std::result::Result<I, Error>> + 'a
                where
                    E: Endpoint<Output = Collection<I>>,
                    I: ::serde::de::DeserializeOwned + 'a,
                {
                    use ::futures_util::StreamExt;
                    self.pages(endpoint).flat_map(|page| {
                        let items: ::std::vec::Vec<::std::result::Result<I, Error>> = match page {
                            ::std::result::Result::Ok(p) => p.value.into_iter().map(::std::result::Result::Ok).collect(),
                            ::std::result::Result::Err(e) => ::std::vec![::std::result::Result::Err(e)],
                        };
                        ::futures_util::stream::iter(items)
                    })
                }

                async fn page_at<I: ::serde::de::DeserializeOwned>(&self, link: &str) -> ::std::result::Result<Collection<I>, Error> {
                    let request = ::http::Request::builder().method(::http::Method::GET).uri(link).body(::std::vec::Vec::new()).map_err(Error::Http)?;
                    let (status, body) = self.execute(request).await?;
                    super::check_status(status, &body)?;
                    ::serde_json::from_slice(&body).map_err(Error::Json)
                }

                /// Sends with a fresh token; waits and retries on 429/503.
                async fn execute(&self, request: ::http::Request<::std::vec::Vec<u8>>) -> ::std::result::Result<(u16, ::std::vec::Vec<u8>), Error> {
                    let (parts, body) = request.into_parts();
                    let transport = |e: ::reqwest::Error| Error::Transport(::std::boxed::Box::new(e));
                    let mut attempt = 0u32;
                    loop {
                        let token = self.tokens.token().await.map_err(Error::Transport)?;
                        let response = self
                            .http
                            .request(parts.method.clone(), parts.uri.to_string())
                            .headers(parts.headers.clone())
                            .bearer_auth(token)
                            .header(::http::header::ACCEPT, "application/json")
                            .body(body.clone())
                            .send()
                            .await
                            .map_err(transport)?;
                        let status = response.status().as_u16();
                        if (status == 429 || status == 503) && attempt < self.max_retries {
                            let retry_after = response
                                .headers()
                                .get(::http::header::RETRY_AFTER)
                                .and_then(|v| v.to_str().ok())
                                .and_then(|v| v.trim().parse::<u64>().ok());
                            let wait = retry_after.unwrap_or(1u64 << attempt.min(5)).min(60);
                            ::tokio::time::sleep(::std::time::Duration::from_secs(wait)).await;
                            attempt += 1;
                            continue;
                        }
                        let bytes = response.bytes().await.map_err(transport)?;
                        return ::std::result::Result::Ok((status, bytes.to_vec()));
                    }
                }
            }
        }
    }
}
