//! Navigation that mirrors the paths: `client.me().profile().account().id("x").update(body)`.
//! Every documented path prefix is a small value type holding the path parameters met so far;
//! its methods step to the next segment or build the request types of the endpoints there.

use super::client::{path_params, RequestType};
use super::naming::{camel, ident, snake, Scope};
use crate::model::{Method, PathTemplate, Schema, Segment};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// Method names clippy expects to implement a std trait.
const TRAIT_METHODS: &[&str] = &["add", "as_mut", "as_ref", "bitand", "bitor", "bitxor", "borrow", "borrow_mut", "clone", "cmp", "default", "deref", "deref_mut", "div", "drop", "eq", "from_iter", "from_str", "hash", "index", "index_mut", "into_iter", "mul", "neg", "next", "not", "rem", "shl", "shr", "sub"];

/// A segment as navigation sees it: literals by text; every parameter at a position is one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Literal(String),
    Param,
}

fn step(s: &Segment) -> Step {
    match s {
        Segment::Literal { value } => Step::Literal(value.clone()),
        Segment::Param { .. } => Step::Param,
    }
}

#[derive(Default)]
struct Node {
    /// The segments of the first path that reaches this node (for field names and docs).
    segments: Vec<Segment>,
    /// Endpoints here: (index into the request types, method).
    endpoints: Vec<(usize, Method, bool)>,
    /// Every endpoint at or below this node.
    endpoints_below: Vec<usize>,
    children: Vec<Vec<Step>>,
}

/// The words a literal segment contributes to names: `microsoft.graph.delta()` → `delta`,
/// `getByPath(path='{path}')` → `getByPath`.
fn word(literal: &str) -> String {
    let head = literal.split(['(', '=']).next().unwrap_or(literal);
    let word = head.rsplit('.').next().unwrap_or(head);
    if word.trim().is_empty() {
        "segment".into()
    } else {
        word.to_string()
    }
}

/// One step down a path: the method that takes it and the navigation type it returns.
pub(super) struct StepMethod {
    name: String,
    ty: String,
    /// The segments of the path the step reaches.
    segments: Vec<Segment>,
    doc: String,
}

/// A navigation type to emit: its name, path, the endpoints there and the steps below.
struct Planned {
    ty: String,
    segments: Vec<Segment>,
    /// The tag of the resource group the path is in (a cargo feature, when groups are features).
    tag: Option<String>,
    /// (request index, method name).
    endpoints: Vec<(usize, String)>,
    steps: Vec<StepMethod>,
    /// A method name clippy would read as a convention or a std trait method.
    unconventional: bool,
}

/// Navigation, decided on one thread (names are claimed in order) and built on many: the
/// decisions hold only names and indices, which can cross threads; tokens cannot.
pub(super) struct Plan {
    types: Vec<Planned>,
    /// `Client` methods that start navigation, with their group's tag.
    pub roots: Vec<(Option<String>, StepMethod)>,
}

/// Decides every navigation type and method name. `types` and `root_fns` hold the names already
/// taken by request types and `Client` constructors.
pub(super) fn plan(schema: &Schema, types: &mut Scope, root_fns: &mut Scope) -> Plan {
    let mut nodes: BTreeMap<Vec<Step>, Node> = BTreeMap::new();
    for (i, e) in schema.endpoints.iter().enumerate() {
        let steps: Vec<Step> = e.path.segments.iter().map(step).collect();
        for k in 0..=steps.len() {
            let node = nodes.entry(steps[..k].to_vec()).or_default();
            node.endpoints_below.push(i);
            if node.segments.is_empty() && k > 0 {
                node.segments = e.path.segments[..k].to_vec();
            }
            if k < steps.len() {
                let child = steps[..=k].to_vec();
                if !node.children.contains(&child) {
                    node.children.push(child);
                }
            } else {
                let collection = e.response.body.as_ref().is_some_and(|b| matches!(b, crate::model::TypeRef::Collection(_)));
                node.endpoints.push((i, e.method, collection));
            }
        }
    }
    // Type names, decided before any reference to them.
    let mut type_names: BTreeMap<Vec<Step>, String> = BTreeMap::new();
    for (key, node) in nodes.iter().filter(|(k, _)| !k.is_empty()) {
        let mut name = String::new();
        for s in &node.segments {
            match s {
                Segment::Literal { value } => name.push_str(&camel(&word(value))),
                Segment::Param { name: p, .. } => name.push_str(&format!("By{}", camel(p))),
            }
        }
        type_names.insert(key.clone(), types.claim_camel(format!("{name}Path")));
    }
    // A node belongs to the group of its first segment (the endpoints below share it).
    let tag = |k: &[Step]| nodes.get(&k[..1.min(k.len())]).and_then(|n| n.endpoints_below.first()).map(|&i| schema.endpoints[i].tag.clone());

    let mut planned = Vec::new();
    let mut roots = Vec::new();
    for (key, node) in &nodes {
        // Method names: endpoints first (their names are the API's verbs), then children.
        let mut fns = Scope::default();
        let mut endpoints = Vec::new();
        for &(i, method, collection) in &node.endpoints {
            let verb = match method {
                Method::Get if collection => "list",
                Method::Get => "get",
                Method::Post if schema.endpoints[i].kind == crate::model::OperationKind::Create => "create",
                Method::Post => "post",
                Method::Patch => "update",
                Method::Put => "put",
                Method::Delete => "delete",
            };
            endpoints.push((i, fns.claim(verb.to_string())));
        }
        let mut steps = Vec::new();
        for child in &node.children {
            let Some(child_ty) = type_names.get(child) else { continue };
            let segments = nodes[child].segments.clone();
            let (name, doc) = match segments.last() {
                Some(Segment::Literal { value }) => (snake(&word(value)), format!(" `/{value}`.")),
                Some(Segment::Param { name, .. }) => ("id".to_string(), format!(" `/{{{name}}}`: one item, by key.")),
                None => continue,
            };
            // The root's children are methods of `Client`, beside the request constructors.
            if key.is_empty() {
                roots.push((tag(child), StepMethod { name: root_fns.claim(name), ty: child_ty.clone(), segments, doc }));
            } else {
                steps.push(StepMethod { name: fns.claim(name), ty: child_ty.clone(), segments, doc });
            }
        }
        let Some(ty) = type_names.get(key) else { continue };
        // Method names are the API's path segments, whatever Rust conventions they break.
        let unconventional = fns.names().any(|n| ["as_", "from_", "into_", "is_", "to_"].iter().any(|p| n.starts_with(p)) || TRAIT_METHODS.contains(&n));
        planned.push(Planned { ty: ty.clone(), segments: node.segments.clone(), tag: tag(key), endpoints, steps, unconventional });
    }
    Plan { types: planned, roots }
}

/// The method that takes a step from a value holding `fields`.
pub(super) fn step_method(fields: &[Ident], s: &StepMethod) -> TokenStream {
    let (child_fields, _) = path_params(&s.segments);
    let new_fields: Vec<&Ident> = child_fields[fields.len().min(child_fields.len())..].iter().map(|(f, _)| f).collect();
    let (name, doc, child_ty) = (ident(&s.name), &s.doc, ident(&s.ty));
    let kept = fields.iter().map(|f| quote!(#f: self.#f.clone(),));
    let args = new_fields.iter().map(|f| quote!(#f: impl ::std::convert::Into<::std::string::String>,));
    let set = new_fields.iter().map(|f| quote!(#f: #f.into(),));
    quote! {
        #[doc = #doc]
        pub fn #name(&self, #(#args)*) -> #child_ty {
            #child_ty { #(#kept)* #(#set)* }
        }
    }
}

/// The navigation types, printed in parallel and returned in plan order. `request` gives what
/// a navigation method needs of the request type of endpoint `i`.
pub(super) fn print_types(plan: &Plan, groups: &BTreeMap<String, String>, request: &(dyn Fn(usize) -> RequestType + Sync)) -> Vec<String> {
    use rayon::prelude::*;
    plan.types.par_iter().map(|p| super::print(navigation_type(p, groups, request))).collect()
}

fn navigation_type(p: &Planned, groups: &BTreeMap<String, String>, request: &dyn Fn(usize) -> RequestType) -> TokenStream {
    let gate = p.tag.as_deref().and_then(|t| super::client::gate(groups, t));
    let (documented, _) = path_params(&p.segments);
    let fields: Vec<Ident> = documented.iter().map(|(f, _)| f.clone()).collect();
    let mut methods = Vec::new();
    for (i, name) in &p.endpoints {
        let r = request(*i);
        let name = ident(name);
        let ty = &r.ty;
        let doc = &r.summary;
        let inits = r.params.iter().zip(&fields).map(|(p, f)| quote!(#p: self.#f.clone(),));
        let body_arg = r.body.as_ref().map(|t| quote!(body: #t));
        let body_init = r.body.as_ref().map(|_| quote!(body,));
        let query_init = r.queried.then(|| quote!(query: Query::default(),));
        methods.push(quote! {
            #[doc = #doc]
            pub fn #name(&self, #body_arg) -> #ty {
                #ty { #(#inits)* #body_init #query_init }
            }
        });
    }
    methods.extend(p.steps.iter().map(|s| step_method(&fields, s)));
    let ty = ident(&p.ty);
    let path = PathTemplate { segments: p.segments.clone() };
    let doc = format!(" `{path}`: its endpoints, and the paths below it.");
    let field_docs = documented.iter().map(|(f, d)| quote!(#[doc = #d] pub #f: ::std::string::String,));
    let allow = p.unconventional.then(|| quote!(#[allow(clippy::wrong_self_convention, clippy::should_implement_trait)]));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq)]
        #gate
        pub struct #ty {
            #(#field_docs)*
        }

        #allow
        #gate
        impl #ty {
            #(#methods)*
        }
    }
}
