//! Bound actions and functions: an endpoint whose last segment is an operation (its title says
//! `type: name`, or the segment is a call `name(...)`) and not a property of what the path
//! before it addresses. The binding type is found by walking the path from the container
//! through navigation and structural properties.

use crate::diag::{codes, Diagnostic};
use crate::model::*;
use std::collections::{BTreeSet, HashMap};

/// Types that endpoints document for their own paths: `GET /communications/calls/{id}`
/// returning a `call` says what `/communications/calls/{}` addresses, even when no resource page
/// describes `communications`.
pub(super) fn documented_paths(schema: &Schema) -> HashMap<String, TypeRef> {
    let mut index = HashMap::new();
    for e in &schema.endpoints {
        let ty = match (e.kind, e.response.body.as_ref().or(e.body.as_ref())) {
            (OperationKind::Action | OperationKind::Function, _) | (_, None) => continue,
            (_, Some(t)) => t,
        };
        let TypeRef::Named(q) = ty.element() else { continue };
        let path = shape(&e.path.segments);
        let named = TypeRef::Named(q.clone());
        // A list, or a POST that creates, addresses a collection; `PUT` creates a single value.
        let collection = e.kind == OperationKind::List || e.kind == OperationKind::Create && e.method == Method::Post;
        if collection && !path.ends_with("{}") {
            index.entry(format!("{path}/{{}}")).or_insert_with(|| named.clone());
            index.entry(path).or_insert_with(|| TypeRef::Collection(Box::new(named)));
        } else if !collection && !ty.is_collection() {
            index.entry(path).or_insert(named);
        }
    }
    index
}

/// A path with its parameters blanked, literals lowercased: `/users/{}/manager`.
fn shape(segments: &[Segment]) -> String {
    path_shape(segments, true)
}

/// A path with its parameters blanked (`/users/{}/manager`); `fold_case` lowercases literals.
pub(super) fn path_shape(segments: &[Segment], fold_case: bool) -> String {
    segments
        .iter()
        .map(|s| match s {
            Segment::Literal { value } if fold_case => format!("/{}", value.to_lowercase()),
            Segment::Literal { value } => format!("/{value}"),
            Segment::Param { .. } => "/{}".to_string(),
        })
        .collect()
}

/// The type a path addresses, or `None` where the docs do not say enough to know: walked from
/// the container through properties, and where that fails, taken from the endpoints' own paths.
pub(super) fn path_type(schema: &Schema, index: &HashMap<String, TypeRef>, segments: &[Segment]) -> Option<TypeRef> {
    let mut current: Option<TypeRef> = None;
    for (i, seg) in segments.iter().enumerate() {
        let walked = step(schema, i, seg, current.take());
        current = walked.or_else(|| index.get(&shape(&segments[..=i])).cloned());
    }
    current
}

fn step(schema: &Schema, i: usize, seg: &Segment, current: Option<TypeRef>) -> Option<TypeRef> {
    match (seg, current) {
        (Segment::Literal { value }, None) if i == 0 => {
            let c = &schema.container;
            if let Some(set) = c.entity_sets.iter().find(|s| &s.name == value) {
                Some(TypeRef::Collection(Box::new(TypeRef::Named(set.ty.clone()))))
            } else {
                Some(TypeRef::Named(c.singletons.iter().find(|s| &s.name == value)?.ty.clone()))
            }
        }
        (Segment::Param { .. }, Some(TypeRef::Collection(inner))) => Some(*inner),
        (Segment::Literal { value }, Some(cur)) if value.contains('.') && !value.contains('(') => {
            // A type cast: `/microsoft.graph.user`, keeping collection-ness.
            let target = cast_target(schema, value)?;
            Some(match cur {
                TypeRef::Collection(_) => TypeRef::Collection(Box::new(TypeRef::Named(target))),
                _ => TypeRef::Named(target),
            })
        }
        (Segment::Literal { value }, Some(TypeRef::Named(q))) => member(schema, &q, value),
        _ => None,
    }
}

/// The first type whose qualified name is `value` in any casing (types in schema order).
fn cast_target(schema: &Schema, value: &str) -> Option<QualifiedName> {
    schema.namespaces.iter().find_map(|(ns, types)| {
        let name = value.get(..ns.len()).filter(|head| head.eq_ignore_ascii_case(ns))?;
        let name = value[name.len()..].strip_prefix('.')?;
        types.types.values().map(TypeDef::name).find(|q| q.name.eq_ignore_ascii_case(name)).cloned()
    })
}

/// The type of a property or navigation property, by name in any casing: structural first,
/// base-most first, as [`Schema::all_properties`] and [`Schema::all_navigation`] list them.
pub(super) fn member(schema: &Schema, owner: &QualifiedName, name: &str) -> Option<TypeRef> {
    let t = schema.lookup(owner)?.as_structured()?;
    let chain = schema.ancestors(t);
    let levels = || chain.iter().rev().copied().chain(std::iter::once(t));
    let props = levels().flat_map(|l| l.properties.iter().map(|p| (&p.name, &p.ty)));
    let navs = levels().flat_map(|l| l.navigation.iter().map(|n| (&n.name, &n.ty)));
    props.chain(navs).find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, ty)| ty.clone())
}

/// `getActivityCounts(period='{period_value}',x=1)` → [`period`, `x`].
fn call_parameters(segment: &str) -> Vec<String> {
    let Some(args) = segment.split_once('(').map(|(_, a)| a.trim_end_matches(')')) else { return vec![] };
    args.split(',').filter_map(|a| a.split_once('=').map(|(k, _)| k.trim().to_string())).filter(|k| !k.is_empty()).collect()
}

pub(super) fn build(schema: &mut Schema, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut found: Vec<(String, Operation)> = Vec::new();
    let index = documented_paths(schema);
    for e in &schema.endpoints {
        let Some((Segment::Literal { value: last }, prefix)) = e.path.segments.split_last() else { continue };
        let name = last.split('(').next().unwrap_or(last).trim();
        // Operation names are lowerCamelCase; where the path capitalises one
        // (`GetNotebookFromWebUrl`), a title that spells it in lowerCamelCase is right.
        let titled_name = e
            .summary
            .rsplit_once(':')
            .map(|(_, n)| n.trim())
            .filter(|n| n.eq_ignore_ascii_case(name) && name.starts_with(char::is_uppercase) && n.starts_with(char::is_lowercase));
        let name = titled_name.unwrap_or(name);
        if name.is_empty() || name.starts_with('$') || name.contains('.') || prefix.is_empty() {
            continue;
        }
        let Some(binding) = path_type(schema, &index, prefix) else { continue };
        let is_call = last.contains('(');
        let titled = matches!(e.kind, OperationKind::Action | OperationKind::Function);
        let is_member = match binding.element() {
            TypeRef::Named(q) if !binding.is_collection() => member(schema, q, name).is_some(),
            _ => false,
        };
        if is_member || !(titled || is_call) {
            continue;
        }
        if !seen.insert((binding.to_string(), name.to_string())) {
            continue;
        }
        let namespace = match binding.element() {
            TypeRef::Named(q) => q.namespace.clone(),
            _ => "microsoft.graph".to_string(),
        };
        found.push((
            namespace,
            Operation {
                name: name.to_string(),
                is_function: e.method == Method::Get,
                parameters: call_parameters(last)
                    .into_iter()
                    .map(|p| (p, TypeRef::Primitive(Primitive::String)))
                    .chain(e.body_params.iter().filter(|_| e.method != Method::Get).map(|p| (p.name.clone(), p.ty.clone())))
                    .collect(),
                binding,
                return_type: e.response.body.clone(),
                origin: e.origin.clone(),
            },
        ));
    }
    bind_to_common_base(schema, &mut found);
    let mut unique: BTreeSet<(String, String)> = BTreeSet::new();
    found.retain(|(_, op)| unique.insert((op.binding.to_string(), op.name.clone())));
    // Bound operations are inherited: one bound to a base type already applies to its subtypes.
    let bound: BTreeSet<(String, String)> = unique;
    found.retain(|(_, op)| !inherited_binding(schema, op, &bound));
    for (ns, op) in found {
        let Some(n) = schema.namespaces.get_mut(&ns) else { continue };
        // CSDL: schema children have unique names, except overloads of one kind.
        let clash = n.types.contains_key(&op.name) || n.operations.iter().any(|o| o.name == op.name && o.is_function != op.is_function);
        if clash {
            diags.push(
                Diagnostic::new(codes::OPERATION_NAME_CLASH, op.origin.clone(), format!("operation `{}` bound to `{}` clashes with another child of `{ns}` of that name", op.name, op.binding))
                    .help("the endpoint is still generated; only metadata.xml leaves the operation out"),
            );
            continue;
        }
        n.operations.push(op);
    }
    for n in schema.namespaces.values_mut() {
        n.operations.sort_by_cached_key(|o| (o.name.clone(), o.binding.to_string()));
    }
}

/// Whether an operation of the same name is bound to a base type of `op`'s binding type.
fn inherited_binding(schema: &Schema, op: &Operation, bound: &BTreeSet<(String, String)>) -> bool {
    let TypeRef::Named(q) = op.binding.element() else { return false };
    let Some(t) = schema.lookup(q).and_then(TypeDef::as_structured) else { return false };
    schema.ancestors(t).iter().any(|a| {
        let base = TypeRef::Named(a.name.clone());
        let binding = if op.binding.is_collection() { TypeRef::Collection(Box::new(base)) } else { base };
        bound.contains(&(binding.to_string(), op.name.clone()))
    })
}

/// One page documenting one operation on a base type and on its subtypes
/// (`/directoryObjects/{id}/checkMemberGroups` and `/users/{id}/checkMemberGroups`) documents
/// one operation of the base type, reached through the subtypes.
fn bind_to_common_base(schema: &Schema, found: &mut [(String, Operation)]) {
    let mut groups: std::collections::BTreeMap<(String, String), Vec<usize>> = Default::default();
    for (i, (_, op)) in found.iter().enumerate() {
        groups.entry((op.name.clone(), op.origin.file.clone())).or_default().push(i);
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        let chains: Option<Vec<Vec<QualifiedName>>> = members
            .iter()
            .map(|&i| match &found[i].1.binding {
                TypeRef::Named(q) => {
                    let t = schema.lookup(q)?.as_structured()?;
                    Some(std::iter::once(q.clone()).chain(schema.ancestors(t).iter().map(|a| a.name.clone())).collect())
                }
                _ => None,
            })
            .collect();
        let Some(chains) = chains else { continue };
        let distinct: BTreeSet<&QualifiedName> = chains.iter().map(|c| &c[0]).collect();
        if distinct.len() < 2 {
            continue;
        }
        let Some(common) = distinct.iter().find(|q| chains.iter().all(|c| c.contains(q))).map(|q| (*q).clone()) else { continue };
        for &i in members {
            found[i].0 = common.namespace.clone();
            found[i].1.binding = TypeRef::Named(common.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::call_parameters;

    #[test]
    fn parameters_of_calls() {
        assert_eq!(call_parameters("getEmailActivityCounts(period='{period_value}')"), ["period"]);
        assert_eq!(call_parameters("range(address='A1',x=2)"), ["address", "x"]);
        assert!(call_parameters("delta()").is_empty());
        assert!(call_parameters("assignLicense").is_empty());
    }
}
