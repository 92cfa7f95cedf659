//! Endpoints from operation facts: resolved body and response types, stable operation ids,
//! and the entity container (entity sets and singletons) from the paths' first segments.

use super::operations::path_shape;
use super::{split_qualified, Resolver};
use crate::diag::{codes, Diagnostic};
use crate::extract::http::singular;
use crate::extract::{types, ExampleFacts, PageFacts};
use crate::model::*;
use heck::ToLowerCamelCase;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the pages that lost a route to another page said it takes and returns: (route →
/// (request body, response body, where)), for [`generalize_shared_routes`].
pub(super) type Variants = BTreeMap<(String, Method), Vec<(Option<TypeRef>, Option<TypeRef>, Origin)>>;

/// The pages' endpoints; `examples` holds each page's examples (taken out of its facts).
pub(super) fn build(r: &mut Resolver, pages: &[PageFacts], examples: Vec<Vec<ExampleFacts>>) -> (Vec<Endpoint>, Variants) {
    let mut by_route: BTreeMap<(String, Method), usize> = BTreeMap::new();
    let mut endpoints: Vec<Candidate> = Vec::new();
    let mut page_examples: Vec<Vec<Example>> = Vec::new();
    for (page, examples) in pages.iter().zip(examples) {
        let Some(op) = &page.operation else { continue };
        let ns = page.namespace.clone().unwrap_or_else(|| "microsoft.graph".into());
        let body = op.body.as_ref().map(|t| r.type_ref(t, &op.origin, &ns));
        let response_body = op.response_type.as_ref().map(|t| r.type_ref(t, &op.origin, &ns));
        if let (Some((written, at)), Some(resolved)) = (&op.response_annotation, &response_body) {
            check_annotation(r, written, at, resolved);
        }
        let query_params = op
            .query_params
            .iter()
            .map(|(name, ty, doc)| QueryParam {
                name: name.clone(),
                ty: ty.as_ref().map_or_else(|| odata_option_type(name), |t| r.type_ref(t, &op.origin, &ns)),
                doc: doc.clone(),
            })
            .collect::<Vec<_>>();
        let body_params: Vec<BodyParam> = op
            .body_params
            .iter()
            .map(|p| BodyParam { name: p.name.clone(), ty: p.ty.as_ref().map_or(TypeRef::Untyped, |t| r.type_ref(t, &p.origin, &ns)), doc: p.doc.clone() })
            .collect();
        let slot = page_examples.len();
        page_examples.push(examples.into_iter().map(|e| Example { name: e.name, path: e.path, request: e.request, response: e.response, status: e.status, origin: e.origin }).collect());
        // `…/$value` is the raw content (a photo, a message's MIME, a file), whatever type the
        // page names for its other paths; their JSON examples are theirs, not the raw path's.
        let is_raw = |path: &PathTemplate| matches!(path.segments.last(), Some(Segment::Literal { value }) if value == "$value");
        let has_json_paths = op.requests.iter().any(|(_, p, _)| !is_raw(p));
        for (method, path, origin) in &op.requests {
            let raw = is_raw(path);
            // Each of the page's paths has its examples.
            let examples = (!(raw && has_json_paths)).then_some(slot);
            let stream = || Some(TypeRef::Primitive(Primitive::Stream));
            let (body, response_body) = match method {
                Method::Get if raw => (body.clone(), stream()),
                Method::Put | Method::Patch if raw => (stream(), response_body.clone()),
                _ => (body.clone(), response_body.clone()),
            };
            let endpoint = Endpoint {
                operation_id: String::new(),
                kind: op.kind,
                method: *method,
                path: path.clone(),
                summary: op.title.clone(),
                doc: op.doc.clone(),
                tag: tag(path),
                query_params: query_params.clone(),
                headers: op.headers.iter().map(|(name, doc)| HeaderParam { name: name.clone(), doc: doc.clone() }).collect(),
                body,
                body_params: body_params.clone(),
                response: Response { status: op.response_status, body: response_body },
                examples: vec![],
                permissions: op.permissions.clone(),
                origin: origin.clone(),
            };
            endpoints.push(Candidate { endpoint, examples });
        }
    }
    unify_parameter_names(endpoints.iter_mut().map(|c| &mut c.endpoint));
    // Pages are in path order, so the first page documenting a route keeps it, unless it
    // gets one item of a collection that the other page lists: a `Get` page that forgot the
    // `{id}` (`GET /schedule/swapShiftsChangeRequests` on both the get and the list page).
    let mut kept: Vec<Candidate> = Vec::with_capacity(endpoints.len());
    let mut variants = Variants::new();
    for c in endpoints {
        let route = (c.endpoint.path.to_string(), c.endpoint.method);
        let Some(&i) = by_route.get(&route) else {
            by_route.insert(route, kept.len());
            kept.push(c);
            continue;
        };
        let dropped = if lists_what_the_other_gets(&c.endpoint, &kept[i].endpoint) { std::mem::replace(&mut kept[i], c) } else { c };
        let (dropped, first) = (&dropped.endpoint, &kept[i].endpoint);
        variants.entry(route.clone()).or_default().push((dropped.body.clone(), dropped.response.body.clone(), dropped.origin.clone()));
        r.diags.push(
            Diagnostic::new(codes::DUPLICATE_ENDPOINT, dropped.origin.clone(), format!("`{} {}` is also documented at {}", dropped.method.as_str(), route.0, first.origin))
                .help("document each endpoint on one page"),
        );
    }
    // A page's last endpoint takes its examples, the others copy them.
    let last: HashMap<usize, usize> = kept.iter().enumerate().filter_map(|(i, c)| Some((c.examples?, i))).collect();
    let mut endpoints: Vec<Endpoint> = Vec::with_capacity(kept.len());
    for (i, Candidate { mut endpoint, examples }) in kept.into_iter().enumerate() {
        if let Some(page) = examples {
            endpoint.examples = if last.get(&page) == Some(&i) { std::mem::take(&mut page_examples[page]) } else { page_examples[page].clone() };
        }
        endpoints.push(endpoint);
    }
    endpoints.sort_by_cached_key(|e| (e.path.to_string(), e.method));
    assign_operation_ids(&mut endpoints);
    (endpoints, variants)
}

/// What a GET returns follows from what its path addresses, where the schema knows: a path that
/// ends at a collection (an entity set, a property the docs call a collection) lists it, one
/// that ends in a key gets one item, of the path's type. A page that says otherwise (`GET
/// /me/insights/shared` "returns a sharedInsight object", `GET /chats/{id}` "a collection of
/// chats", `fileAttachment` for any attachment) is read by its path, when the type it names is
/// the path's or derives from it; kind and operation id follow.
/// (A single-valued property without a key is not trusted to make a listed collection one item:
/// navigation taken from paths may have it wrong.)
pub(super) fn responses_follow_paths(schema: &mut Schema, diags: &mut Vec<Diagnostic>) {
    let no_index = HashMap::new();
    // `t` is `of`, or derives from it short of the root of everything (a page naming
    // `sharedInsight` for a path to any `entity` says nothing of that path).
    let is_or_derives = |t: &QualifiedName, of: &TypeRef| match of {
        TypeRef::Named(q) => {
            let derived = || schema.lookup(t).and_then(TypeDef::as_structured).is_some_and(|st| schema.ancestors(st).iter().any(|a| &a.name == q));
            let rooted = schema.lookup(q).and_then(TypeDef::as_structured).is_some_and(|b| b.base.is_some());
            t == q || rooted && derived()
        }
        _ => false,
    };
    let owner = |segments: &[Segment]| super::operations::path_type(schema, &no_index, &segments[..segments.len().saturating_sub(1)]);
    let mut changes = Vec::new();
    for (i, e) in schema.endpoints.iter().enumerate() {
        if e.method != Method::Get {
            continue;
        }
        let Some(addressed) = super::operations::path_type(schema, &no_index, &e.path.segments) else { continue };
        let by_key = matches!(e.path.segments.last(), Some(Segment::Param { .. }));
        let new = match (&e.response.body, &addressed) {
            (Some(TypeRef::Named(t)), TypeRef::Collection(element)) if is_or_derives(t, element) => TypeRef::Collection(element.clone()),
            // One item by key, whatever the docs say of the property's multiplicity.
            (Some(TypeRef::Collection(inner)), TypeRef::Named(_)) if by_key && matches!(inner.as_ref(), TypeRef::Named(t) if is_or_derives(t, &addressed)) => addressed.clone(),
            // The same multiplicity, and a type derived from the path's: one of the kinds of
            // thing the path holds (`fileAttachment` among attachments) is not all it returns.
            (Some(TypeRef::Named(t)), TypeRef::Named(_)) if is_or_derives(t, &addressed) => addressed.clone(),
            (Some(TypeRef::Collection(inner)), TypeRef::Collection(element)) if matches!(inner.as_ref(), TypeRef::Named(t) if is_or_derives(t, element)) => addressed.clone(),
            // The page names the owner of the property the path ends at (`GET
            // /me/mailboxSettings/workingHours` "returns a mailboxSettings object").
            (Some(TypeRef::Named(t)), _) if matches!(e.path.segments.last(), Some(Segment::Literal { .. })) && owner(&e.path.segments) == Some(TypeRef::Named(t.clone())) => addressed.clone(),
            _ => continue,
        };
        if Some(&new) == e.response.body.as_ref() {
            continue;
        }
        changes.push((i, new, addressed));
    }
    if changes.is_empty() {
        return;
    }
    for (i, new, addressed) in changes {
        let e = &mut schema.endpoints[i];
        let old = e.response.body.as_ref().map(ToString::to_string).unwrap_or_default();
        diags.push(
            Diagnostic::new(codes::RESPONSE_FOLLOWS_PATH, e.origin.clone(), format!("`GET {}` addresses `{addressed}`, but the page says it returns `{old}`; it returns `{new}`", e.path))
                .help(if new.is_collection() { "say the response is a collection of the objects" } else { "say the response is one object, or add the key to the path" }),
        );
        e.kind = match (e.kind, new.is_collection()) {
            (OperationKind::Get, true) => OperationKind::List,
            (OperationKind::List, false) => OperationKind::Get,
            (k, _) => k,
        };
        e.response.body = Some(new);
    }
    assign_operation_ids(&mut schema.endpoints);
}

/// A page's examples go to each of its paths; one whose request went to another of the page's
/// paths, of other types, is that path's alone (`GET /me/mailboxSettings/workingHours` and its
/// response are not an example of `GET /me/mailboxSettings`). Run once the types are final.
pub(super) fn examples_follow_their_paths(schema: &mut Schema) {
    let mut by_page: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in schema.endpoints.iter().enumerate() {
        by_page.entry(e.origin.file.as_str()).or_default().push(i);
    }
    let eps = &schema.endpoints;
    let types = |j: usize| (&eps[j].body, &eps[j].response.body);
    let mut drop: Vec<(usize, usize)> = Vec::new();
    for (i, e) in eps.iter().enumerate() {
        // Most pages give all their paths one type: nothing to sort out there.
        if by_page[e.origin.file.as_str()].iter().all(|&j| types(j) == types(i)) {
            continue;
        }
        for (k, ex) in e.examples.iter().enumerate() {
            let Some(path) = ex.path.as_deref().map(crate::extract::http::path_template) else { continue };
            let elsewhere = || by_page[e.origin.file.as_str()].iter().any(|&j| j != i && addresses(&eps[j].path, &path) && types(j) != types(i));
            if !addresses(&e.path, &path) && elsewhere() {
                drop.push((i, k));
            }
        }
    }
    for (i, k) in drop.into_iter().rev() {
        schema.endpoints[i].examples.remove(k);
    }
}

/// Whether an example's request path (keys already read as parameters) is one that `template`
/// describes: the same literals, any value for a parameter.
fn addresses(template: &PathTemplate, concrete: &PathTemplate) -> bool {
    template.segments.len() == concrete.segments.len()
        && template.segments.iter().zip(&concrete.segments).all(|(t, c)| match (t, c) {
            (Segment::Param { .. }, _) => true,
            (Segment::Literal { value: a }, Segment::Literal { value: b }) => a.eq_ignore_ascii_case(b),
            (Segment::Literal { .. }, Segment::Param { .. }) => false,
        })
}

/// Intune documents one route once per derived type (`POST /deviceAppManagement/mobileApps` on
/// the androidLobApp page, the iosVppApp page, ...): the route takes and returns their common
/// base (`mobileApp`), not the first page's type. Types with no common base but the root of
/// everything (two unrelated types on one route) keep the first page's.
pub(super) fn generalize_shared_routes(schema: &mut Schema, variants: &Variants, diags: &mut Vec<Diagnostic>) {
    // `q` and its bases, nearest first.
    let chain = |q: &QualifiedName| {
        let mut out = vec![q.clone()];
        if let Some(t) = schema.lookup(q).and_then(TypeDef::as_structured) {
            out.extend(schema.ancestors(t).iter().map(|a| a.name.clone()));
        }
        out
    };
    // The nearest type that every one of `types` is or derives from, if it is one of them or has
    // a base itself.
    let common = |types: &[&QualifiedName]| -> Option<QualifiedName> {
        let chains: Vec<Vec<QualifiedName>> = types.iter().map(|q| chain(q)).collect();
        let found = chains[0].iter().find(|c| chains[1..].iter().all(|ch| ch.contains(c)))?;
        (types.contains(&found) || chain(found).len() > 1).then(|| found.clone())
    };
    // `T` or `Collection(T)`, alike across the variants, each on a page about its type (a page
    // that documents routes of many types, such as extended properties on events, messages and
    // contacts, says nothing about any one of them): the common base in the same shape.
    let generalize = |kept: (&Option<TypeRef>, &Origin), others: &mut dyn Iterator<Item = (&Option<TypeRef>, &Origin)>| -> Option<TypeRef> {
        let named = |(t, at): (&Option<TypeRef>, &Origin)| {
            let (collection, q) = match t {
                Some(TypeRef::Named(q)) => (false, q.clone()),
                Some(TypeRef::Collection(inner)) => match inner.as_ref() {
                    TypeRef::Named(q) => (true, q.clone()),
                    _ => return None,
                },
                _ => return None,
            };
            let stem = at.file.rsplit('/').next().unwrap_or(&at.file).replace('-', "").to_lowercase();
            stem.contains(&q.name.to_lowercase()).then_some((collection, q))
        };
        let (collection, first) = named(kept)?;
        let mut all = vec![first.clone()];
        for o in others {
            match named(o) {
                Some((c, q)) if c == collection => all.push(q),
                _ => return None,
            }
        }
        let refs: Vec<&QualifiedName> = all.iter().collect();
        let base = common(&refs).filter(|b| b != &first)?;
        Some(if collection { TypeRef::Collection(Box::new(TypeRef::Named(base))) } else { TypeRef::Named(base) })
    };
    let mut changes = Vec::new();
    for (i, e) in schema.endpoints.iter().enumerate() {
        let Some(others) = variants.get(&(e.path.to_string(), e.method)) else { continue };
        let body = generalize((&e.body, &e.origin), &mut others.iter().map(|(b, _, at)| (b, at)));
        let response = generalize((&e.response.body, &e.origin), &mut others.iter().map(|(_, r, at)| (r, at)));
        if body.is_some() || response.is_some() {
            changes.push((i, body, response, others.iter().map(|(_, _, at)| at.to_string()).collect::<Vec<_>>()));
        }
    }
    for (i, body, response, at) in changes {
        let e = &mut schema.endpoints[i];
        let new = response.as_ref().or(body.as_ref()).map(ToString::to_string).unwrap_or_default();
        diags.push(
            Diagnostic::new(codes::SHARED_ROUTE_BASE, e.origin.clone(), format!("`{} {}` is documented for different types here and at {}; it takes their common base `{new}`", e.method.as_str(), e.path, at.join(", ")))
                .help("document the route once, for the base type, and list the derived types it accepts"),
        );
        if let Some(b) = body {
            e.body = Some(b);
        }
        if let Some(r) = response {
            e.response.body = Some(r);
        }
    }
}

/// An endpoint before duplicates are dropped, and the page whose examples it shows (they are
/// given out once duplicates are gone, so none is copied for an endpoint that is then dropped).
struct Candidate {
    endpoint: Endpoint,
    examples: Option<usize>,
}

/// `a` lists a collection at a path that `b`, a `Get` of one item, documents without a key.
fn lists_what_the_other_gets(a: &Endpoint, b: &Endpoint) -> bool {
    let unkeyed = matches!(a.path.segments.last(), Some(Segment::Literal { .. }));
    unkeyed && a.kind == OperationKind::List && a.response.body.as_ref().is_some_and(TypeRef::is_collection) && b.kind == OperationKind::Get && b.response.body.as_ref().is_some_and(|t| !t.is_collection())
}

/// One name per parameter position: pages name the same key differently (`/chats/{chat-id}`,
/// `/chats/{chat-thread-id}`), which would make two paths that differ only in a parameter's
/// name (invalid OpenAPI) and two client methods for one resource. Each path prefix ending in a
/// parameter gets the name most pages use there (ties: the first in sorted order).
fn unify_parameter_names<'a>(endpoints: impl Iterator<Item = &'a mut Endpoint>) {
    let endpoints: Vec<&mut Endpoint> = endpoints.collect();
    // The shape of each prefix that ends in a parameter (`/users/{}/messages/{}`), by position.
    let shapes: Vec<Vec<String>> = endpoints
        .iter()
        .map(|e| {
            let mut shape = String::new();
            let mut out = Vec::with_capacity(e.path.segments.len());
            for s in &e.path.segments {
                match s {
                    Segment::Literal { value } => {
                        shape.push('/');
                        shape.push_str(value);
                        out.push(String::new());
                    }
                    Segment::Param { .. } => {
                        shape.push_str("/{}");
                        out.push(shape.clone());
                    }
                }
            }
            out
        })
        .collect();
    // Prefix shape → name → count.
    let mut used: HashMap<&str, BTreeMap<&str, usize>> = HashMap::new();
    for (e, shapes) in endpoints.iter().zip(&shapes) {
        for (s, shape) in e.path.segments.iter().zip(shapes) {
            if let Segment::Param { name, .. } = s {
                *used.entry(shape).or_default().entry(name).or_default() += 1;
            }
        }
    }
    let chosen: HashMap<&str, String> = used
        .into_iter()
        .filter_map(|(k, names)| {
            let best = names.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?.0.to_string();
            Some((k, best))
        })
        .collect();
    for (e, shapes) in endpoints.into_iter().zip(&shapes) {
        let mut taken: BTreeSet<String> = BTreeSet::new();
        for (s, shape) in e.path.segments.iter_mut().zip(shapes) {
            let Segment::Param { name, .. } = s else { continue };
            let mut canonical = chosen.get(shape.as_str()).cloned().unwrap_or_else(|| name.clone());
            // Names stay distinct within one path.
            if taken.contains(&canonical) {
                canonical = name.clone();
            }
            let mut n = 2;
            while taken.contains(&canonical) {
                canonical = format!("{name}-{n}");
                n += 1;
            }
            taken.insert(canonical.clone());
            *name = canonical;
        }
    }
}

/// OData's system query options have fixed types; other untyped parameters are strings.
fn odata_option_type(name: &str) -> TypeRef {
    TypeRef::Primitive(match name {
        "$top" | "$skip" => Primitive::Int32,
        "$count" => Primitive::Boolean,
        _ => Primitive::String,
    })
}

/// The response annotation should name the type the page returns, exactly.
fn check_annotation(r: &mut Resolver, written: &str, at: &Origin, resolved: &TypeRef) {
    let TypeRef::Named(q) = resolved.element() else { return };
    let Some(expr) = types::parse_type_name(written) else { return };
    let written_name = match &expr {
        crate::extract::TypeExpr::Collection(inner) => match inner.as_ref() {
            crate::extract::TypeExpr::Named { name, .. } => name.clone(),
            _ => return,
        },
        crate::extract::TypeExpr::Named { name, .. } => name.clone(),
        _ => return,
    };
    let w = split_qualified(&written_name, &q.namespace);
    if &w != q {
        r.diags.push(
            Diagnostic::new(codes::RESPONSE_TYPE_DISAGREES, at.clone(), format!("the response annotation says `{w}`, the page returns `{q}`"))
                .len(4)
                .help(format!("write `\"@odata.type\": \"{q}\"`")),
        );
    }
}

fn words(path: &PathTemplate) -> Vec<String> {
    path.segments.iter().filter_map(word).collect()
}

/// A literal segment as a word of an operation id: `microsoft.graph.delta()` → `delta`.
fn word(s: &Segment) -> Option<String> {
    let Segment::Literal { value } = s else { return None };
    let v = value.split('(').next().unwrap_or(value);
    let v = v.rsplit('.').next().unwrap_or(v).trim_start_matches('$');
    // Most segments are lowerCamelCase already, which heck would give back unchanged; skipping
    // it for them is 7% of resolve on the corpus.
    let w = if is_lower_camel(v) { v.to_string() } else { v.to_lower_camel_case() };
    (!w.is_empty()).then_some(w)
}

/// ASCII letters and digits, starting lowercase, each capital after a lowercase letter and not
/// before another capital: `mailFolders`, `v1beta`; not `getIPAddress`, `a1B`, `ID`.
fn is_lower_camel(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(u8::is_ascii_lowercase)
        && b.iter().enumerate().all(|(i, c)| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || (c.is_ascii_uppercase() && b[i - 1].is_ascii_lowercase() && !b.get(i + 1).is_some_and(u8::is_ascii_uppercase))
        })
}

fn tag(path: &PathTemplate) -> String {
    path.segments.iter().find_map(word).unwrap_or_else(|| "root".into())
}

/// `users.profile.account.create`: the path's words and the kind. Actions and functions end in
/// their own name already. Clashes (rare) get the method, then a number; the order is the
/// sorted endpoint order, so ids do not depend on unrelated pages.
fn assign_operation_ids(endpoints: &mut [Endpoint]) {
    let mut used: BTreeSet<String> = BTreeSet::new();
    for e in endpoints.iter_mut() {
        let mut w = words(&e.path);
        let ends_in_param = matches!(e.path.segments.last(), Some(Segment::Param { .. }));
        let verb = match e.kind {
            OperationKind::Action | OperationKind::Function => None,
            OperationKind::Get if !ends_in_param => Some("get"),
            OperationKind::Create => Some("create"),
            OperationKind::List => Some("list"),
            OperationKind::Get => Some("get"),
            OperationKind::Update => Some("update"),
            OperationKind::Delete => Some("delete"),
        };
        if let Some(v) = verb {
            w.push(v.to_string());
        }
        if w.is_empty() {
            w.push(e.method.as_str().to_lowercase());
        }
        let base = w.join(".");
        let mut id = base.clone();
        if used.contains(&id) {
            id = format!("{base}.{}", e.method.as_str().to_lowercase());
        }
        let mut n = 2;
        while used.contains(&id) {
            id = format!("{base}{n}");
            n += 1;
        }
        used.insert(id.clone());
        e.operation_id = id;
    }
}

/// Types that request paths address by key: the response of `GET /x/{id}` (or the body of
/// `PATCH /x/{id}`), and the items of a `List` on a collection. Complex values have no key, so
/// only entities are addressed this way.
pub(super) fn addressed_by_key(endpoints: &[Endpoint]) -> BTreeMap<QualifiedName, Origin> {
    let mut out = BTreeMap::new();
    for e in endpoints {
        let keyed = matches!(e.path.segments.last(), Some(Segment::Param { .. })) && e.path.segments.len() > 1;
        let ty = match (e.kind, e.method) {
            (OperationKind::Get, _) if keyed => e.response.body.as_ref(),
            (OperationKind::Update, Method::Patch) if keyed => e.body.as_ref().or(e.response.body.as_ref()),
            (OperationKind::List, Method::Get) => e.response.body.as_ref().filter(|t| t.is_collection()),
            _ => None,
        };
        if let Some(TypeRef::Named(q)) = ty.map(TypeRef::element) {
            out.entry(q.clone()).or_insert_with(|| e.origin.clone());
        }
    }
    out
}

/// Types reached by a plain path (`GET /me/drive/items/{id}/workbook/application`) below which the
/// docs bind an action or function (`POST …/workbook/application/calculate`) or reach another
/// entity (`GET /users/{id}/settings/shiftPreferences`): Graph binds operations to entities and
/// navigates from entities, so the type is one even when no path gives it a key.
/// `is_entity` says which types are entities by their own pages.
pub(super) fn reached_above_entities(endpoints: &[Endpoint], is_entity: impl Fn(&QualifiedName) -> bool) -> BTreeMap<QualifiedName, Origin> {
    fn single(e: &Endpoint) -> Option<&QualifiedName> {
        match (e.kind, e.method, e.response.body.as_ref()) {
        (OperationKind::Get, Method::Get, Some(TypeRef::Named(q))) if matches!(e.path.segments.last(), Some(Segment::Literal { .. })) => Some(q),
            _ => None,
        }
    }
    // Parent path shape → what is found below it.
    let mut below: BTreeMap<String, Vec<Option<&QualifiedName>>> = BTreeMap::new();
    for e in endpoints {
        let Some((_, parent)) = e.path.segments.split_last() else { continue };
        let found = match e.kind {
            OperationKind::Action | OperationKind::Function => None,
            _ => match single(e) {
                Some(q) if is_entity(q) => Some(q),
                _ => continue,
            },
        };
        below.entry(path_shape(parent, false)).or_default().push(found);
    }
    let mut out = BTreeMap::new();
    for e in endpoints {
        let Some(q) = single(e).filter(|_| e.path.segments.len() > 1) else { continue };
        let Some(found) = below.get(&path_shape(&e.path.segments, false)) else { continue };
        if found.iter().any(|f| f.is_none_or(|u| u != q)) {
            out.entry(q.clone()).or_insert_with(|| e.origin.clone());
        }
    }
    out
}

/// The type a request root is named after, by lowercased simple name: `/users` → `user`,
/// `/me` → `user`, `/policies` → `policyRoot`, `/identity` → `identityContainer`,
/// `/search` → `searchEntity` (Graph's names for root types).
/// With `plain: false`, only the `…Root`/`…Container` forms: a plain name (`/identity`) may
/// be a complex type of the same name, not the root's.
pub(super) fn root_type_by_name<'a, T>(e: &Endpoint, plain: bool, lookup: impl Fn(&str) -> Option<&'a T>) -> Option<&'a T> {
    let Some(Segment::Literal { value: root }) = e.path.segments.first() else { return None };
    if root.contains(['(', '$', '.']) {
        return None;
    }
    let lower = root.to_lowercase();
    let stems = [singular(&lower), lower];
    let suffixed = || stems.iter().find_map(|stem| ["root", "container", "entity"].iter().find_map(|s| lookup(&format!("{stem}{s}"))));
    if !plain {
        return suffixed();
    }
    if stems[1] == "me" {
        return lookup("user");
    }
    stems.iter().find_map(|s| lookup(s)).or_else(suffixed)
}

/// `cloudCommunications: getPresencesByUserId` on `POST /communications/getPresencesByUserId`:
/// the title names the type of the path before the operation.
fn titled_binding(e: &Endpoint) -> Option<String> {
    let (Some(Segment::Literal { value: op }), 2) = (e.path.segments.get(1), e.path.segments.len()) else { return None };
    let (ty, name) = e.summary.split_once(':')?;
    let (ty, name) = (ty.trim(), name.trim());
    let op = op.split('(').next().unwrap_or(op);
    (name.eq_ignore_ascii_case(op) && !ty.is_empty() && ty.chars().all(|c| c.is_ascii_alphanumeric())).then(|| ty.to_string())
}

/// Roots of the paths: `/users/{id}` → entity set `users`; `/me` → singleton `me`. The type is
/// what a read of the root returns, else the entity type named like the root
/// ([`root_type_by_name`]). Also returns the roots no type was found for, with the type an
/// operation title names, if any.
pub(super) fn container(schema: &Schema, endpoints: &[Endpoint]) -> (Container, Vec<(String, Origin, Option<String>)>) {
    let entity_by_lower: BTreeMap<String, &QualifiedName> = schema
        .types()
        .filter_map(|t| match t {
            TypeDef::Entity(s) => Some((s.name.name.to_lowercase(), &s.name)),
            _ => None,
        })
        .collect();
    let mut sets: BTreeMap<String, QualifiedName> = BTreeMap::new();
    let mut singletons: BTreeMap<String, QualifiedName> = BTreeMap::new();
    let mut untyped_roots: BTreeMap<String, (Origin, Option<String>)> = BTreeMap::new();
    for e in endpoints {
        let Some(Segment::Literal { value: root }) = e.path.segments.first() else { continue };
        if root.contains(['(', '$', '.']) {
            continue;
        }
        let is_set = matches!(e.path.segments.get(1), Some(Segment::Param { .. }))
            || e.path.segments.len() == 1 && matches!(e.kind, OperationKind::List | OperationKind::Create);
        let by_name = root_type_by_name(e, true, |n| entity_by_lower.get(n));
        // Only `/root` and `/root/{id}` return what the root itself holds.
        let addresses_root = e.path.segments.len() == 1 || e.path.segments.len() == 2 && is_set;
        // Reads say what the root holds; creates and actions may answer with something else
        // (`POST /teams` returns a `teamsAsyncOperation`).
        let read = match e.kind {
            OperationKind::Get | OperationKind::List => e.response.body.as_ref(),
            OperationKind::Update => e.body.as_ref().or(e.response.body.as_ref()),
            _ => None,
        };
        let from_endpoint = addresses_root
            .then_some(read)
            .flatten()
            .and_then(|t| match t.element() {
                TypeRef::Named(q) => entity_by_lower.get(&q.name.to_lowercase()).filter(|n| **n == q),
                _ => None,
            });
        // What an endpoint on the root itself returns beats a type named like the root
        // (`/contacts/{id}` returns `orgContact`, not Outlook's `contact`).
        let Some(ty) = from_endpoint.or(by_name).copied() else {
            if !is_set && e.path.segments.len() > 1 && root.chars().all(|c| c.is_ascii_alphanumeric()) {
                let entry = untyped_roots.entry(root.clone()).or_insert_with(|| (e.origin.clone(), None));
                if entry.1.is_none() {
                    entry.1 = titled_binding(e);
                }
            }
            continue;
        };
        let target = if is_set { &mut sets } else { &mut singletons };
        target.entry(root.clone()).or_insert_with(|| ty.clone());
    }
    // A name is one or the other; an entity set wins.
    singletons.retain(|k, _| !sets.contains_key(k));
    untyped_roots.retain(|k, _| !sets.contains_key(k) && !singletons.contains_key(k));
    let roots = untyped_roots.into_iter().map(|(root, (origin, titled))| (root, origin, titled)).collect();
    let container = Container {
        entity_sets: sets.into_iter().map(|(name, ty)| ContainerItem { name, ty }).collect(),
        singletons: singletons.into_iter().map(|(name, ty)| ContainerItem { name, ty }).collect(),
    };
    (container, roots)
}

/// Paths under a root no page types (`/appCatalogs/teamsApps`) still say the root exists: it
/// becomes a singleton of an entity type named after it, reported so the docs can name it.
pub(super) fn add_root_types(schema: &mut Schema, roots: Vec<(String, Origin, Option<String>)>, diags: &mut Vec<Diagnostic>) {
    let ns = "microsoft.graph";
    // Graph's key root (`entity`): abstract, no base, nothing but its key.
    let key_roots: Vec<QualifiedName> = schema
        .types()
        .filter_map(|t| match t {
            TypeDef::Entity(s) if s.is_abstract && s.base.is_none() && s.properties.iter().all(|p| s.key.contains(&p.name)) => Some(s.name.clone()),
            _ => None,
        })
        .collect();
    for (root, origin, titled) in roots {
        // Named as an operation page's title names it, else after the root.
        // A documented type of the root's name is not the root's (`/identity` is no `identity`
        // value): then `{root}Root`.
        let candidates = [titled.unwrap_or_else(|| root.clone()), format!("{root}Root")];
        let Some(q) = candidates.into_iter().map(|n| QualifiedName::new(ns, n)).find(|q| schema.lookup(q).is_none()) else { continue };
        let (base, key, properties) = match key_roots.as_slice() {
            [only] => (Some(only.clone()), vec![], vec![]),
            _ => (
                None,
                vec!["id".to_string()],
                vec![Property { name: "id".into(), ty: TypeRef::Primitive(Primitive::String), nullable: false, read_only: true, doc: String::new(), origin: origin.clone() }],
            ),
        };
        diags.push(
            Diagnostic::new(codes::ROOT_TYPE_INFERRED, origin.clone(), format!("no page documents the type of `/{root}`; it is typed `{q}`"))
                .help(format!("document the resource type of `/{root}` on a resource page")),
        );
        let t = StructuredType { name: q.clone(), base, is_abstract: false, open: false, key, properties, navigation: vec![], doc: String::new(), provenance: Provenance::InferredFromPaths, origin };
        super::insert_type(schema, TypeDef::Entity(t));
        schema.container.singletons.push(ContainerItem { name: root, ty: q });
    }
    schema.container.singletons.sort_by(|a, b| a.name.cmp(&b.name));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut in `word` may only skip heck where heck changes nothing: checked on every
    /// string of up to five characters over letters of both cases, digits and a separator.
    #[test]
    fn lower_camel_words_are_what_heck_gives_back() {
        let alphabet = ['a', 'b', 'B', 'C', '1', '_'];
        let mut strings = vec![String::new()];
        let mut shortcut = 0;
        for _ in 0..5 {
            strings = strings.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            for s in &strings {
                if is_lower_camel(s) {
                    shortcut += 1;
                    assert_eq!(s.to_lower_camel_case(), *s, "{s}");
                }
            }
        }
        assert!(shortcut > 500, "{shortcut}");
        for s in ["mailFolders", "v1beta", "calendarView"] {
            assert!(is_lower_camel(s), "{s}");
        }
        for s in ["getIPAddress", "a1B", "windows10General", "office365Groups", "ID", "Users", "", "x-y"] {
            assert!(!is_lower_camel(s), "{s}");
        }
    }
}
