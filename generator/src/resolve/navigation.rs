//! Navigation properties that only request paths document. Resource pages often leave a
//! relationship out of their Relationships table while an operation page documents
//! `GET /users/{id}/joinedTeams` returning `team` collection: the path says `user` has a
//! `joinedTeams` navigation to `team`, collection-valued. Paths are taken shortest first, so
//! a navigation found here can carry the walk of a longer path.

use super::operations::{documented_paths, member, path_type};
use crate::diag::{codes, Diagnostic};
use crate::extract::types::camel_preference;
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub(super) fn from_paths(schema: &mut Schema, diags: &mut Vec<Diagnostic>) {
    let mut order: Vec<usize> = (0..schema.endpoints.len()).collect();
    order.sort_by_key(|&i| (schema.endpoints[i].path.segments.len(), i));
    // What endpoints document for their own paths, and the type hierarchy: adding navigation
    // changes neither.
    let index = documented_paths(schema);
    let derived = schema.derived_index();
    // Names some page documents as an action or function (a call `delta()`, or a title
    // `nameditem: range`): a plain `GET` of one elsewhere calls the function, it does not reach
    // a navigation property.
    let operations: BTreeSet<String> = schema
        .endpoints
        .iter()
        .filter_map(|e| match e.path.segments.last() {
            Some(Segment::Literal { value }) if value.contains('(') || e.summary.contains(':') || !e.summary.trim().contains(' ') => {
                Some(value.split('(').next().unwrap_or(value).to_lowercase())
            }
            _ => None,
        })
        .collect();
    through_named_types(schema, &order, &index, &operations, &derived, diags);
    for i in order {
        let e = &schema.endpoints[i];
        if matches!(e.kind, OperationKind::Action | OperationKind::Function) {
            continue;
        }
        let segments = &e.path.segments;
        // `/owner/nav` or `/owner/nav/{key}`.
        let (at, keyed) = match segments.last() {
            Some(Segment::Param { .. }) => (segments.len().saturating_sub(2), true),
            _ => (segments.len().saturating_sub(1), false),
        };
        let Some(Segment::Literal { value: name }) = segments.get(at) else { continue };
        if at == 0 || operations.contains(&name.to_lowercase()) || name.starts_with('$') || name.contains(['(', '.', '=']) || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let Some(TypeRef::Named(owner)) = path_type(schema, &index, &segments[..at]) else { continue };
        if !matches!(schema.lookup(&owner), Some(TypeDef::Entity(_))) {
            continue;
        }
        if on_subtype(schema, &derived, &owner, name) {
            continue;
        }
        if member(schema, &owner, name).is_some() {
            let (name, origin) = (name.clone(), e.origin.clone());
            respell(schema, &owner, &name, &origin, diags);
            continue;
        }
        let body = match e.method {
            Method::Patch | Method::Put => e.response.body.as_ref().or(e.body.as_ref()),
            _ => e.response.body.as_ref(),
        };
        let Some(TypeRef::Named(target)) = body.map(TypeRef::element) else { continue };
        if !matches!(schema.lookup(target), Some(TypeDef::Entity(_))) {
            continue;
        }
        let many = keyed || body.is_some_and(TypeRef::is_collection) || e.kind == OperationKind::List || e.kind == OperationKind::Create && e.method == Method::Post;
        let target = TypeRef::Named(target.clone());
        let ty = if many { TypeRef::Collection(Box::new(target)) } else { target };
        diags.push(
            Diagnostic::new(codes::NAVIGATION_FROM_PATHS, e.origin.clone(), format!("`{owner}` has no relationship `{name}`, but `{} {}` addresses it; added as `{ty}`", e.method.as_str(), e.path))
                .help(format!("add `{name}` to the Relationships table of `{}`", owner.name)),
        );
        let nav = NavigationProperty { name: name.clone(), ty, contains_target: true, doc: String::new(), origin: e.origin.clone() };
        add(schema, &owner, nav);
    }
}

/// `GET /me/authentication/methods` steps through `authentication`, which no page lists on
/// `user`, to `methods`. A documented entity named after the step (`authentication`), or after
/// the owner and the step (`userTeamwork` for `/users/{id}/teamwork`), that has the next step as a
/// member is what the step reaches: a single-valued navigation.
fn through_named_types(
    schema: &mut Schema,
    order: &[usize],
    index: &HashMap<String, TypeRef>,
    operations: &BTreeSet<String>,
    derived: &BTreeMap<QualifiedName, Vec<QualifiedName>>,
    diags: &mut Vec<Diagnostic>,
) {
    let entities: HashMap<String, QualifiedName> =
        schema.types().filter(|t| matches!(t, TypeDef::Entity(_))).map(|t| (t.name().to_string().to_lowercase(), t.name().clone())).collect();
    for &i in order {
        for at in 1..schema.endpoints[i].path.segments.len().saturating_sub(1) {
            let e = &schema.endpoints[i];
            let (Segment::Literal { value: step }, Segment::Literal { value: next }) = (&e.path.segments[at], &e.path.segments[at + 1]) else { continue };
            if operations.contains(&step.to_lowercase()) || !step.chars().all(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            let Some(TypeRef::Named(owner)) = path_type(schema, index, &e.path.segments[..at]) else { continue };
            if !matches!(schema.lookup(&owner), Some(TypeDef::Entity(_))) || member(schema, &owner, step).is_some() || on_subtype(schema, derived, &owner, step) {
                continue;
            }
            let next = next.split('(').next().unwrap_or(next);
            let named = |n: String| entities.get(&format!("{}.{n}", owner.namespace).to_lowercase());
            let Some(target) = [named(step.clone()), named(format!("{}{step}", owner.name))].into_iter().flatten().find(|t| member(schema, t, next).is_some()).cloned() else { continue };
            let ty = TypeRef::Named(target.clone());
            diags.push(
                Diagnostic::new(codes::NAVIGATION_FROM_PATHS, e.origin.clone(), format!("`{owner}` has no relationship `{step}`, but `{} {}` steps through it to `{next}` of `{target}`; added as `{ty}`", e.method.as_str(), e.path))
                    .help(format!("add `{step}` to the Relationships table of `{}`", owner.name)),
            );
            let nav = NavigationProperty { name: step.clone(), ty, contains_target: true, doc: String::new(), origin: e.origin.clone() };
            add(schema, &owner, nav);
        }
    }
}

/// A subtype declaring the name already would clash with a navigation on its base.
fn on_subtype(schema: &Schema, derived: &BTreeMap<QualifiedName, Vec<QualifiedName>>, owner: &QualifiedName, name: &str) -> bool {
    derived.get(owner).into_iter().flatten().filter_map(|d| schema.lookup(d).and_then(TypeDef::as_structured)).any(|d| {
        d.properties.iter().map(|p| &p.name).chain(d.navigation.iter().map(|n| &n.name)).any(|n| n.eq_ignore_ascii_case(name))
    })
}

fn add(schema: &mut Schema, owner: &QualifiedName, nav: NavigationProperty) {
    if let Some(TypeDef::Entity(t)) = schema.namespaces.get_mut(&owner.namespace).and_then(|ns| ns.types.get_mut(&owner.name)) {
        t.navigation.push(nav);
    }
}

/// A relationship the page spells `openshifts` and the paths `openShifts`: Graph names are
/// lowerCamelCase, so the spelling that starts lowercase and keeps its inner capitals wins.
fn respell(schema: &mut Schema, owner: &QualifiedName, in_path: &str, at: &Origin, diags: &mut Vec<Diagnostic>) {
    let Some(TypeDef::Entity(t)) = schema.namespaces.get_mut(&owner.namespace).and_then(|ns| ns.types.get_mut(&owner.name)) else { return };
    let names = t.properties.iter_mut().map(|p| &mut p.name).chain(t.navigation.iter_mut().map(|n| &mut n.name));
    for name in names {
        if name != in_path && name.eq_ignore_ascii_case(in_path) && camel_preference(in_path) > camel_preference(name) {
            diags.push(
                Diagnostic::new(codes::NAME_CASING, at.clone(), format!("`{owner}` documents `{name}`, this path spells it `{in_path}`; `{in_path}` is used"))
                    .help(format!("write `{in_path}` in the resource page of `{}`", owner.name)),
            );
            *name = in_path.to_string();
        }
    }
}

/// Containment, as OData means it: a navigation's targets are contained when the API has no
/// entity set of their type (or a base type) to reach them by other means. `user.messages`
/// is contained; `user.manager`, a `directoryObject` with its own `/directoryObjects`, is not.
pub(super) fn containment(schema: &mut Schema) {
    let sets: std::collections::BTreeSet<QualifiedName> = schema.container.entity_sets.iter().map(|s| s.ty.clone()).collect();
    let has_set = |schema: &Schema, q: &QualifiedName| {
        sets.contains(q) || schema.lookup(q).and_then(TypeDef::as_structured).is_some_and(|t| schema.ancestors(t).iter().any(|a| sets.contains(&a.name)))
    };
    let mut decided: Vec<(QualifiedName, usize, bool)> = Vec::new();
    for t in schema.types().filter_map(TypeDef::as_structured) {
        for (i, n) in t.navigation.iter().enumerate() {
            if let TypeRef::Named(target) = n.ty.element() {
                decided.push((t.name.clone(), i, !has_set(schema, target)));
            }
        }
    }
    for (owner, i, contained) in decided {
        if let Some(TypeDef::Entity(t) | TypeDef::Complex(t)) = schema.namespaces.get_mut(&owner.namespace).and_then(|ns| ns.types.get_mut(&owner.name)) {
            if let Some(n) = t.navigation.get_mut(i) {
                n.contains_target = contained;
            }
        }
    }
}
