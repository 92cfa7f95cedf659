//! Resolution: the facts of all pages → one [`Schema`]. Type references are matched to their
//! documented types (by link target first, then by name in any casing), inheritance is
//! settled, undocumented types are inferred from examples, and endpoints get stable ids.
//! Input order never matters: pages are processed sorted by path, and the model is sorted.

mod endpoints;
mod infer;
mod navigation;
mod operations;
mod values;

use crate::diag::{codes, Diagnostic};
use crate::extract::{PageFacts, PropertyFacts, TypeExpr};
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A documented type before its properties are resolved.
struct Pending {
    name: QualifiedName,
    facts: crate::extract::ResourceFacts,
}

/// A structured type before its kind is known: the type, its own key, its properties with
/// their resolved types (entity or complex, navigation or structural, is decided later).
type Draft = (StructuredType, Option<String>, Vec<(PropertyFacts, TypeRef)>);

/// Whether a type's page uses the entity template (a Relationships section).
type EntityTemplate = BTreeSet<QualifiedName>;

/// Name tables for resolving references.
pub(crate) struct Names {
    /// Lowercased qualified name → the type.
    by_qualified: HashMap<String, QualifiedName>,
    /// Lowercased simple name → types with that name, sorted.
    by_simple: HashMap<String, Vec<QualifiedName>>,
    /// Page path (lowercase) → the resource types it documents.
    by_page: HashMap<String, Vec<QualifiedName>>,
    /// Page path (lowercase) → the enums it documents.
    enums_by_page: HashMap<String, Vec<QualifiedName>>,
}

impl Names {
    fn insert(&mut self, q: &QualifiedName) {
        self.by_qualified.insert(q.to_string().to_lowercase(), q.clone());
        let v = self.by_simple.entry(q.name.to_lowercase()).or_default();
        if !v.contains(q) {
            v.push(q.clone());
            v.sort();
        }
    }
}

pub(crate) fn split_qualified(s: &str, default_ns: &str) -> QualifiedName {
    let s = s.trim().trim_start_matches('#');
    match s.rsplit_once('.') {
        Some((ns, name)) if !ns.is_empty() && !name.is_empty() => QualifiedName::new(ns, name),
        _ => QualifiedName::new(default_ns, s),
    }
}

pub(crate) struct Resolver<'a> {
    names: Names,
    pub(crate) diags: Vec<Diagnostic>,
    infer: infer::Observations<'a>,
    /// Types created by inference during resolution, built after the documented ones.
    inferred: BTreeMap<QualifiedName, Origin>,
    reported_unknown: BTreeSet<(String, Origin)>,
}

impl<'a> Resolver<'a> {
    /// Resolves a type expression written on `page` at `origin`.
    pub(crate) fn type_ref(&mut self, expr: &TypeExpr, origin: &Origin, ns: &str) -> TypeRef {
        match expr {
            TypeExpr::Primitive(p) => TypeRef::Primitive(*p),
            // `Json` cells name the docs' own `Json` type when there is one (Graph documents it).
            TypeExpr::Untyped => [format!("{ns}.json"), "microsoft.graph.json".to_string()]
                .iter()
                .find_map(|k| self.names.by_qualified.get(&k.to_lowercase()))
                .map_or(TypeRef::Untyped, |q| TypeRef::Named(q.clone())),
            TypeExpr::Collection(inner) => TypeRef::Collection(Box::new(self.type_ref(inner, origin, ns))),
            TypeExpr::Named { name, page, anchor } => match self.named(name, page.as_deref(), anchor.as_deref(), origin, ns) {
                Some(q) => TypeRef::Named(q),
                None => TypeRef::Untyped,
            },
        }
    }

    fn named(&mut self, name: &str, page: Option<&str>, anchor: Option<&str>, origin: &Origin, ns: &str) -> Option<QualifiedName> {
        // 1. The linked page documents the type (link text and file name often disagree).
        if let Some(page) = page {
            if let Some(anchor) = anchor {
                let wanted = anchor.trim_end_matches("-values").replace('-', "");
                if let Some(q) = self.names.enums_by_page.get(page).and_then(|v| v.iter().find(|q| q.name.to_lowercase() == wanted)) {
                    return Some(q.clone());
                }
            }
            if let Some([only]) = self.names.by_page.get(page).map(Vec::as_slice) {
                return Some(only.clone());
            }
        }
        // 2. By name, in any casing.
        let lower = name.trim_start_matches('#').to_lowercase();
        if let Some(q) = self.names.by_qualified.get(&lower) {
            return Some(q.clone());
        }
        let simple = lower.rsplit('.').next().unwrap_or(&lower).to_string();
        if let Some(cands) = self.names.by_simple.get(&simple) {
            let pick = cands.iter().find(|q| q.namespace.eq_ignore_ascii_case(ns)).unwrap_or(&cands[0]).clone();
            if lower.contains('.') {
                let written_ns = &name[..name.rfind('.').unwrap_or(0)];
                self.diags.push(
                    Diagnostic::new(codes::NAMESPACE_CONFLICT, origin.clone(), format!("`{name}` is documented as `{pick}`"))
                        .help(format!("write `{pick}`; the type is documented in namespace `{}`, not `{written_ns}`", pick.namespace)),
                );
            }
            return Some(pick);
        }
        // 3. Not documented: infer it from examples, or give up on typing it.
        let qualified = split_qualified(name, ns);
        if self.infer.has(&simple) {
            let q = self.infer.canonical_name(&simple).map(|s| split_qualified(&s, ns)).unwrap_or(qualified);
            self.names.insert(&q);
            self.inferred.entry(q.clone()).or_insert_with(|| origin.clone());
            self.diags.push(
                Diagnostic::new(codes::TYPE_INFERRED, origin.clone(), format!("type `{name}` is not documented; inferred from JSON examples"))
                    .help(format!("add a resource page for `{}`", q.name)),
            );
            return Some(q);
        }
        if self.reported_unknown.insert((lower, origin.clone())) {
            self.diags.push(
                Diagnostic::new(codes::TYPE_UNKNOWN, origin.clone(), format!("type `{name}` is not documented and no example shows it; kept as untyped JSON"))
                    .help(format!("add a resource page for `{name}`")),
            );
        }
        None
    }
}

/// Merges the facts of all pages into one schema.
pub fn resolve(mut pages: Vec<PageFacts>) -> (Schema, Vec<Diagnostic>) {
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let mut diags = Vec::new();
    leave_out_preview_pages(&mut pages, &mut diags);
    broken_links(&pages, &mut diags);
    // The examples move into the endpoints instead of being copied (they are the bulk of the
    // facts); everything below borrows the rest of the pages.
    let examples: Vec<_> = pages.iter_mut().map(|p| p.operation.as_mut().map(|o| std::mem::take(&mut o.examples)).unwrap_or_default()).collect();

    // 1. Documented names.
    let mut names = Names { by_qualified: HashMap::new(), by_simple: HashMap::new(), by_page: HashMap::new(), enums_by_page: HashMap::new() };
    let mut pending: Vec<Pending> = Vec::new();
    let mut enums: Vec<(QualifiedName, &crate::extract::EnumFacts)> = Vec::new();
    let mut seen: HashMap<String, Origin> = HashMap::new();

    // A type documented on several pages (Intune pages document their slice of `user`) is
    // merged: the page named after the type leads, the others add what it lacks.
    let mut groups: BTreeMap<String, Vec<(QualifiedName, &crate::extract::ResourceFacts, &str)>> = BTreeMap::new();
    for page in &pages {
        let ns = page.namespace.clone().unwrap_or_else(|| "microsoft.graph".into());
        for r in &page.resources {
            let q = split_qualified(&r.name, &ns);
            groups.entry(q.to_string().to_lowercase()).or_default().push((q, r, page.path.as_str()));
        }
    }
    let mut merged: Vec<Pending> = Vec::new();
    for (lower, mut group) in groups {
        let stem = |path: &str| path.rsplit('/').next().unwrap_or(path).trim_end_matches(".md").to_lowercase();
        if let Some(i) = group.iter().position(|(q, _, path)| stem(path) == q.name.to_lowercase()) {
            let lead = group.remove(i);
            group.insert(0, lead);
        }
        let (q, lead, lead_page) = group[0].clone();
        let mut facts = lead.clone();
        for (_, other, path) in &group[1..] {
            diags.push(
                Diagnostic::new(codes::DUPLICATE_TYPE, other.origin.clone(), format!("`{q}` is also documented at {}; the pages are merged", lead.origin))
                    .help(format!("properties missing from {lead_page} are taken from {path}")),
            );
            merge_into(&mut facts, other, &mut diags);
        }
        seen.insert(lower, lead.origin.clone());
        names.insert(&q);
        for (_, _, path) in &group {
            names.by_page.entry(path.to_lowercase()).or_default().push(q.clone());
        }
        merged.push(Pending { name: q, facts });
    }
    pending.extend(merged);
    for page in &pages {
        let ns = page.namespace.clone().unwrap_or_else(|| "microsoft.graph".into());
        for e in &page.enums {
            let q = split_qualified(&e.name, &ns);
            let lower = q.to_string().to_lowercase();
            if let Some(first) = seen.get(&lower) {
                diags.push(
                    Diagnostic::new(codes::DUPLICATE_TYPE, e.origin.clone(), format!("`{q}` is also documented at {first}; the first is used"))
                        .help("document each enum on one page"),
                );
                continue;
            }
            seen.insert(lower, e.origin.clone());
            names.insert(&q);
            names.enums_by_page.entry(page.path.to_lowercase()).or_default().push(q.clone());
            enums.push((q, e));
        }
    }

    let mut r = Resolver {
        names,
        diags,
        infer: infer::Observations::new(&pages),
        inferred: BTreeMap::new(),
        reported_unknown: BTreeSet::new(),
    };
    let mut schema = Schema::default();
    check_mentions(&mut r, &pages);

    // 2. Enums.
    for (q, e) in &enums {
        let mut members: Vec<EnumMember> = Vec::new();
        for (i, (name, value, doc)) in e.members.iter().enumerate() {
            if members.iter().any(|m| &m.name == name) {
                continue; // the same member listed twice adds nothing
            }
            members.push(EnumMember { name: name.clone(), value: value.unwrap_or(i as i64), doc: doc.clone() });
        }
        insert_type(&mut schema, TypeDef::Enum(EnumType { name: q.clone(), members, is_flags: false, doc: e.doc.clone(), provenance: Provenance::Documented, origin: e.origin.clone() }));
    }

    let enum_values = values::EnumIndex::new(&schema);

    // 3. Structured types: properties and bases, still without kinds.
    let mut built: Vec<Draft> = Vec::new();
    // Types that Relationships tables point at: relationships lead to entities.
    let mut relationship_targets: BTreeSet<QualifiedName> = BTreeSet::new();
    let mut entity_template: EntityTemplate = BTreeSet::new();
    let mut usage = Usage::default();
    for p in &pending {
        let f = &p.facts;
        let ns = p.name.namespace.clone();
        let base = f.base.as_ref().and_then(|b| match r.type_ref(b, &f.origin, &ns) {
            TypeRef::Named(q) if q != p.name => Some(q),
            _ => {
                if !matches!(b, TypeExpr::Named { .. }) {
                    return None;
                }
                r.diags.push(
                    Diagnostic::new(codes::BASE_TYPE_UNKNOWN, f.origin.clone(), format!("base type of `{}` is not a documented type", p.name))
                        .help("document the base type, or fix `baseType`"),
                );
                None
            }
        });
        let mut props = Vec::new();
        for prop in f.properties.iter().chain(&f.navigation) {
            let mut ty = prop.ty.as_ref().map_or(TypeRef::Untyped, |t| r.type_ref(t, &prop.origin, &ns));
            if let Some(e) = enum_values.named_by_values(&ty, &prop.name, &prop.doc) {
                r.diags.push(
                    Diagnostic::new(codes::ENUM_FROM_VALUES, prop.origin.clone(), format!("`{}` is documented as `{ty}`, but its possible values are exactly the members of `{e}`; it is typed `{e}`", prop.name))
                        .help(format!("link the type cell to the `{}` enum", e.name)),
                );
                ty = match ty {
                    TypeRef::Collection(_) => TypeRef::Collection(Box::new(TypeRef::Named(e))),
                    _ => TypeRef::Named(e),
                };
            }
            props.push((prop.clone(), ty));
        }
        if f.relationships_section {
            entity_template.insert(p.name.clone());
        }
        for prop in &f.navigation {
            if let Some((_, TypeRef::Named(q))) = props.iter().rev().find(|(p, _)| p.name == prop.name).map(|(p, t)| (p, t.element().clone())) {
                relationship_targets.insert(q);
            }
        }
        for (prop, ty) in &props {
            if let TypeRef::Named(q) = ty.element() {
                if f.properties.iter().any(|x| x.name == prop.name) && q != &p.name {
                    usage.property_targets.entry(q.clone()).or_insert_with(|| p.name.clone());
                }
            }
        }
        if !f.navigation.is_empty() {
            usage.has_relationships.insert(p.name.clone());
        }
        if let (Some(stated), Some(TypeRef::Named(prose))) = (&base, f.prose_base.as_ref().map(|b| r.type_ref(b, &f.origin, &ns))) {
            if &prose != stated && prose != p.name {
                usage.prose_bases.insert(p.name.clone(), (prose, stated.clone()));
            }
        }
        for d in &f.derived {
            if let TypeRef::Named(q) = r.type_ref(d, &f.origin, &ns) {
                if q != p.name {
                    usage.derived_from.entry(q).or_insert_with(|| (p.name.clone(), f.origin.clone()));
                }
            }
        }
        let st = StructuredType {
            name: p.name.clone(),
            base,
            is_abstract: f.is_abstract,
            open: f.open,
            key: vec![],
            properties: vec![],
            navigation: vec![],
            doc: f.doc.clone(),
            provenance: Provenance::Documented,
            origin: f.origin.clone(),
        };
        built.push((st, f.key.clone(), props));
    }
    // Endpoints resolve their types now, so the types they infer are built below.
    let (endpoints, variants) = endpoints::build(&mut r, &pages, examples);

    // Inferred types (may cascade: an inferred type's properties can infer more).
    let mut done: BTreeSet<QualifiedName> = BTreeSet::new();
    loop {
        let todo: Vec<_> = r.inferred.iter().filter(|(q, _)| !done.contains(*q)).map(|(q, o)| (q.clone(), o.clone())).collect();
        if todo.is_empty() {
            break;
        }
        for (q, origin) in todo {
            done.insert(q.clone());
            let props = infer::properties(&mut r, &q, &origin);
            let st = StructuredType {
                name: q.clone(),
                base: None,
                is_abstract: false,
                open: true,
                key: vec![],
                properties: vec![],
                navigation: vec![],
                doc: String::new(),
                provenance: Provenance::InferredFromExamples,
                origin,
            };
            built.push((st, None, props));
        }
    }

    usage.relationship_targets = relationship_targets;
    usage.addressed = endpoints::addressed_by_key(&endpoints);
    let keyed: BTreeSet<&QualifiedName> = built.iter().filter(|(_, k, _)| k.is_some()).map(|(s, _, _)| &s.name).collect();
    let stated_bases = draft_bases(&built);
    let is_entity = |q: &QualifiedName| usage.addressed.contains_key(q) || base_chain(&stated_bases, q).iter().any(|a| keyed.contains(a));
    usage.above_entities = endpoints::reached_above_entities(&endpoints, is_entity);
    // The type a request root is named after (`/education` → `educationRoot`) is a singleton's
    // or entity set's type: an entity.
    let by_lower: HashMap<String, QualifiedName> = built.iter().map(|(s, _, _)| (s.name.name.to_lowercase(), s.name.clone())).collect();
    for e in &endpoints {
        if let Some(q) = endpoints::root_type_by_name(e, false, |n| by_lower.get(n)) {
            usage.addressed.entry(q.clone()).or_insert_with(|| e.origin.clone());
        }
    }
    apply_entity_conventions(&mut built, &usage, &entity_template, &mut r.diags);

    // 4. Kinds: an entity has a key, its own or a base's.
    let bases = draft_bases(&built);
    let own_keys: HashMap<QualifiedName, String> = built.iter().filter_map(|(s, k, _)| k.clone().map(|k| (s.name.clone(), k))).collect();
    let chain = |q: &QualifiedName| base_chain(&bases, q);
    let key_of = |q: &QualifiedName| chain(q).iter().find_map(|t| own_keys.get(t).cloned());
    let entity_names: BTreeSet<QualifiedName> = built.iter().filter(|(s, _, _)| key_of(&s.name).is_some()).map(|(s, _, _)| s.name.clone()).collect();

    // Properties declared by each type itself, for removing repeats on subtypes.
    let own_prop_names: HashMap<QualifiedName, BTreeSet<String>> = built
        .iter()
        .map(|(s, _, props)| (s.name.clone(), props.iter().map(|(p, _)| p.name.clone()).collect()))
        .collect();

    for (mut st, _, props) in built {
        let ancestors = chain(&st.name);
        if ancestors.len() > 1 && ancestors[1..].contains(&st.name) || st.base.as_ref().is_some_and(|b| chain(b).contains(&st.name)) {
            r.diags.push(
                Diagnostic::new(codes::INHERITANCE_CYCLE, st.origin.clone(), format!("`{}` inherits from itself through its base types", st.name))
                    .help("fix `baseType` on one of the pages"),
            );
            st.base = None;
        }
        let inherited: BTreeSet<&String> = chain(&st.name)[1..].iter().filter_map(|a| own_prop_names.get(a)).flatten().collect();
        let key = key_of(&st.name);
        for (p, ty) in props {
            // Subtypes repeat their bases' properties ("Inherited from [entity]"): keep one copy.
            if inherited.contains(&p.name) {
                continue;
            }
            if st.properties.iter().any(|x| x.name == p.name) || st.navigation.iter().any(|x| x.name == p.name) {
                r.diags.push(
                    Diagnostic::new(codes::DUPLICATE_TYPE, p.origin.clone(), format!("property `{}` of `{}` is documented twice; the first is used", p.name, st.name))
                        .help("remove the repeated row"),
                );
                continue;
            }
            let targets_entity = matches!(ty.element(), TypeRef::Named(q) if entity_names.contains(q));
            if targets_entity {
                st.navigation.push(NavigationProperty { name: p.name, ty, contains_target: true, doc: p.doc, origin: p.origin });
            } else {
                let is_key = key.as_deref() == Some(p.name.as_str());
                st.properties.push(Property { name: p.name, ty, nullable: p.nullable && !is_key, read_only: p.read_only, doc: p.doc, origin: p.origin });
            }
        }
        if let Some(k) = key.as_ref().filter(|k| !inherited.contains(k) && !st.properties.iter().any(|p| &p.name == *k)) {
            // A key must name a property (OData tools crash otherwise); the docs forgot the row.
            r.diags.push(
                Diagnostic::new(codes::KEY_PROPERTY_MISSING, st.origin.clone(), format!("key `{k}` of `{}` is not a documented property", st.name))
                    .help(format!("add a `{k}` row to the Properties table, or set `baseType`")),
            );
            st.properties.insert(0, Property { name: k.clone(), ty: TypeRef::Primitive(Primitive::String), nullable: false, read_only: true, doc: String::new(), origin: st.origin.clone() });
        }
        if entity_names.contains(&st.name) {
            st.key = key.into_iter().collect();
            insert_type(&mut schema, TypeDef::Entity(st));
        } else {
            insert_type(&mut schema, TypeDef::Complex(st));
        }
    }

    // 5. The container, now that kinds are known.
    let (container, untyped_roots) = endpoints::container(&schema, &endpoints);
    schema.container = container;
    endpoints::add_root_types(&mut schema, untyped_roots, &mut r.diags);
    schema.endpoints = endpoints;
    endpoints::generalize_shared_routes(&mut schema, &variants, &mut r.diags);
    navigation::from_paths(&mut schema, &mut r.diags);
    navigation::containment(&mut schema);
    endpoints::responses_follow_paths(&mut schema, &mut r.diags);
    endpoints::examples_follow_their_paths(&mut schema);
    operations::build(&mut schema, &mut r.diags);
    values::drop_value_lists(&mut schema, &mut r.diags);
    check_examples(&mut r, &schema);
    check_representations(&mut r, &schema, &pending);
    let mut diags = r.diags;
    // Freeing the pages' facts takes as long as a stage; nothing waits for it.
    drop_in_background((pages, pending));
    diags.sort_by(|a, b| (&a.origin, a.code).cmp(&(&b.origin, b.code)));
    (schema, diags)
}

/// Drops `value` on another thread: large trees of small allocations take milliseconds to free.
fn drop_in_background<T: Send + 'static>(value: T) {
    // Where no thread can be had, `spawn` drops the value here: only slower.
    let _ = std::thread::Builder::new().name("graphdoc-drop".into()).spawn(move || drop(value));
}

/// A page carrying the beta disclaimer among pages that mostly do not (v1.0 docs keep a few
/// beta pages) documents what this version of the service does not have. Where most pages
/// carry it, the input is the beta docs, and every page counts.
fn leave_out_preview_pages(pages: &mut [PageFacts], diags: &mut Vec<Diagnostic>) {
    let documenting = |p: &PageFacts| !p.resources.is_empty() || !p.enums.is_empty() || p.operation.is_some();
    let total = pages.iter().filter(|p| documenting(p)).count();
    let preview = pages.iter().filter(|p| documenting(p) && p.preview.is_some()).count();
    if preview == 0 || preview * 2 >= total {
        return;
    }
    for p in pages.iter_mut().filter(|p| documenting(p)) {
        let Some(at) = p.preview.clone() else { continue };
        diags.push(
            Diagnostic::new(codes::PREVIEW_PAGE, at, format!("{} documents a /beta API, unlike most pages here; its types and endpoints are left out", p.path))
                .help("move the page to the beta docs, or remove the disclaimer if the API is in this version"),
        );
        p.resources.clear();
        p.enums.clear();
        p.operation = None;
    }
}

/// Examples that do not fit their documented type cannot be tests of the models: say so.
fn check_examples(r: &mut Resolver, schema: &Schema) {
    use rayon::prelude::*;
    // A page's examples belong to each of its paths (`/me/x`, `/users/{id}/x`): report once.
    let mut seen = BTreeSet::new();
    let mut checks = Vec::new();
    for e in &schema.endpoints {
        for ex in &e.examples {
            for (which, json, ty) in [("request", &ex.request, &e.body), ("response", &ex.response, &e.response.body)] {
                let (Some(json), Some(ty)) = (json, ty) else { continue };
                if seen.insert((&ex.origin, which, ty)) {
                    checks.push((e, ex, which, json, ty));
                }
            }
        }
    }
    // The checks walk every example against its types: in parallel, reported in order.
    let found: Vec<Vec<Diagnostic>> = checks.into_par_iter().map(|(e, ex, which, json, ty)| check_example(schema, e, ex, which, json, ty)).collect();
    r.diags.extend(found.into_iter().flatten());
}

/// One example against its type: whether it fits (GD0205), and which properties the type lacks
/// (GD0206).
fn check_example(schema: &Schema, e: &Endpoint, ex: &Example, which: &str, json: &serde_json::Value, ty: &TypeRef) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if !schema.body_conforms(ty, json) {
        diags.push(
            Diagnostic::new(codes::EXAMPLE_MISMATCH, ex.origin.clone(), format!("the {which} example of `{} {}` does not fit `{ty}`; it is not used as a test", e.method.as_str(), e.path))
                .help("make the example's values match the documented property types"),
        );
    }
    const SHOWN: usize = 5;
    // A collection envelope where the docs give the item type: check the items.
    let has_value_property = |q: &QualifiedName| {
        schema.lookup(q).and_then(TypeDef::as_structured).is_some_and(|t| schema.all_properties(t).iter().any(|p| p.name == "value"))
    };
    let item_collection;
    let (ty, json, root) = match (ty, json.get("value")) {
        (TypeRef::Named(q), Some(items @ serde_json::Value::Array(_))) if !has_value_property(q) => {
            item_collection = TypeRef::Collection(Box::new(ty.clone()));
            (&item_collection, items, "$.value")
        }
        (TypeRef::Collection(_), Some(items)) => (ty, items, "$.value"),
        _ => (ty, json, "$"),
    };
    // An action's body is its parameters (the Request body table), not the binding type.
    let by_params = which == "request" && e.kind == OperationKind::Action && !e.body_params.is_empty();
    let unknown = if by_params {
        let mut out = Vec::new();
        for (key, value) in json.as_object().into_iter().flatten().filter(|(k, _)| !k.contains('@')) {
            match e.body_params.iter().find(|p| &p.name == key) {
                Some(p) => out.extend(schema.unknown_properties(&p.ty, value, &format!("$.{key}"), SHOWN + 1)),
                None => out.push(format!("$.{key}")),
            }
        }
        out
    } else {
        schema.unknown_properties(ty, json, root, SHOWN + 1)
    };
    let ty: &dyn std::fmt::Display = if by_params { &"the Request body table" } else { ty };
    if !unknown.is_empty() {
        let mut list = unknown.iter().take(SHOWN).map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
        if unknown.len() > SHOWN {
            list += ", …";
        }
        diags.push(
            Diagnostic::new(codes::EXAMPLE_UNKNOWN_PROPERTY, ex.origin.clone(), format!("the {which} example of `{} {}` uses properties that `{ty}` does not define: {list}", e.method.as_str(), e.path))
                .help("document the properties on the resource page, or correct the example"),
        );
    }
    diags
}

/// A resource's JSON representation shows only properties its tables (or its bases') define.
fn check_representations(r: &mut Resolver, schema: &Schema, pending: &[Pending]) {
    for p in pending {
        let Some(t) = schema.lookup(&p.name).and_then(TypeDef::as_structured) else { continue };
        if t.open {
            continue;
        }
        let props = schema.all_properties(t);
        let navs = schema.all_navigation(t);
        for (key, origin) in &p.facts.representation {
            if key.contains('@') || props.iter().any(|x| &x.name == key) || navs.iter().any(|x| &x.name == key) {
                continue;
            }
            r.diags.push(
                Diagnostic::new(codes::REPRESENTATION_DISAGREES, origin.clone(), format!("the JSON representation of `{}` shows `{key}`, which its Properties and Relationships tables do not define", p.name))
                    .len(key.len() + 2)
                    .help("add a row for it, or remove it from the representation"),
            );
        }
    }
}

/// Qualified type names in examples and their annotations must name the documented namespace.
fn check_mentions(r: &mut Resolver, pages: &[PageFacts]) {
    for page in pages {
        let observed = page.observed.iter().map(|(t, _, o)| (t, o));
        for (name, origin) in page.mentions.iter().map(|(t, o)| (t, o)).chain(observed) {
            let Some(crate::extract::TypeExpr::Named { name, .. }) = crate::extract::types::parse_type_name(name).map(|e| match e {
                crate::extract::TypeExpr::Collection(inner) => *inner,
                other => other,
            }) else {
                continue;
            };
            let lower = name.to_lowercase();
            let simple = lower.rsplit('.').next().unwrap_or(&lower);
            if lower.contains('.') && !r.names.by_qualified.contains_key(&lower) && r.names.by_simple.contains_key(simple) {
                let ns = page.namespace.as_deref().unwrap_or("microsoft.graph");
                r.named(&name, None, None, origin, ns);
            }
        }
    }
}

/// Adds what `other` says and `facts` does not: properties and relationships by name, and the
/// base, key and flags when `facts` lacks them.
fn merge_into(facts: &mut crate::extract::ResourceFacts, other: &crate::extract::ResourceFacts, diags: &mut Vec<Diagnostic>) {
    // What a type cell means, ignoring how it is spelled (qualified or not, linked or not).
    fn shape(t: &TypeExpr) -> String {
        match t {
            TypeExpr::Named { name, .. } => name.rsplit('.').next().unwrap_or(name).to_lowercase(),
            TypeExpr::Collection(inner) => format!("Collection({})", shape(inner)),
            other => format!("{other:?}"),
        }
    }
    let conflict = |what: String, here: &TypeExpr, there: &TypeExpr, at: &Origin, lead: &Origin| {
        Diagnostic::new(codes::DEFINITION_CONFLICT, at.clone(), format!("{what} is `{}` here but `{}` at {lead}; {lead} wins", shape(there), shape(here)))
            .help("make the pages agree")
    };
    for p in &other.properties {
        match facts.properties.iter().find(|x| x.name == p.name) {
            None => facts.properties.push(p.clone()),
            Some(lead) => {
                if let (Some(a), Some(b)) = (&lead.ty, &p.ty) {
                    if shape(a) != shape(b) {
                        diags.push(conflict(format!("property `{}` of `{}`", p.name, facts.name), a, b, &p.origin, &lead.origin));
                    }
                }
            }
        }
    }
    if let (Some(a), Some(b)) = (&facts.base, &other.base) {
        if shape(a) != shape(b) {
            diags.push(conflict(format!("the base type of `{}`", facts.name), a, b, &other.origin, &facts.origin));
        }
    }
    for n in &other.navigation {
        if !facts.navigation.iter().any(|x| x.name == n.name) {
            facts.navigation.push(n.clone());
        }
    }
    if facts.base.is_none() {
        facts.base = other.base.clone();
    }
    if facts.prose_base.is_none() {
        facts.prose_base = other.prose_base.clone();
    }
    if facts.key.is_none() {
        facts.key = other.key.clone();
    }
    facts.is_abstract |= other.is_abstract;
    facts.open |= other.open;
    if facts.doc.is_empty() {
        facts.doc = other.doc.clone();
    }
}

/// How the docs use each type, beyond its own page.
#[derive(Default)]
struct Usage {
    /// Types some Properties table uses as a value type → one type using it.
    property_targets: BTreeMap<QualifiedName, QualifiedName>,
    /// Types some Relationships table points at.
    relationship_targets: BTreeSet<QualifiedName>,
    /// Types whose own page has a Relationships table with rows.
    has_relationships: BTreeSet<QualifiedName>,
    /// Types addressed by key in request paths (`/users/{id}`) → where.
    addressed: BTreeMap<QualifiedName, Origin>,
    /// Types at a path below which actions are bound or entities reached → where.
    above_entities: BTreeMap<QualifiedName, Origin>,
    /// Derived type → the base page that lists it ("## Derived types") and where.
    derived_from: BTreeMap<QualifiedName, (QualifiedName, Origin)>,
    /// Types whose prose names a base other than their `baseType`: (prose, annotation).
    prose_bases: BTreeMap<QualifiedName, (QualifiedName, QualifiedName)>,
}

impl Usage {
    /// Entity evidence beyond a `keyProperty`: a Relationships table of its own, being a
    /// relationship's target, being addressed by key.
    fn entity_evidence(&self, q: &QualifiedName) -> bool {
        self.relationship_targets.contains(q) || self.has_relationships.contains(q) || self.addressed.contains_key(q) || self.above_entities.contains_key(q)
    }
    /// Used only as a property value, with no entity evidence: a complex type.
    fn only_a_value(&self, q: &QualifiedName) -> Option<&QualifiedName> {
        self.property_targets.get(q).filter(|_| !self.entity_evidence(q))
    }
}

/// Graph's conventions for entities, applied where a page is silent:
/// - a type used only as a property value (never a relationship target, never addressed by
///   key, no relationships of its own) is complex, whatever its `keyProperty` says;
/// - a relationship target, a type documented with the entity template (a Relationships
///   section), or one addressed by key in request paths, with no key, is keyed by `id`;
/// - a type with no base that a base type's page lists among its derived types derives from it;
/// - a keyed type with no base derives from the documented root type that declares only that
///   key (Graph's `entity`): that is where the key is declared, so subtypes inherit it.
fn apply_entity_conventions(built: &mut [Draft], usage: &Usage, entity_template: &EntityTemplate, diags: &mut Vec<Diagnostic>) {
    for (st, key, props) in built.iter_mut() {
        if let (Some(k), Some(user)) = (key.as_ref(), usage.only_a_value(&st.name)) {
            if st.base.is_none() {
                diags.push(
                    Diagnostic::new(codes::KEY_IGNORED, st.origin.clone(), format!("`keyProperty` `{k}` of `{}` is ignored: the type is only used as a property value (e.g. by `{user}`)", st.name))
                        .help("remove `keyProperty`, or document the relationship that makes this an entity"),
                );
                *key = None;
            }
            continue;
        }
        let has_id = props.iter().any(|(p, _)| p.name == "id");
        let entity_like = usage.relationship_targets.contains(&st.name) || entity_template.contains(&st.name) && usage.only_a_value(&st.name).is_none();
        if key.is_none() && st.base.is_none() && entity_like && has_id {
            *key = Some("id".to_string());
        } else if key.is_none() && st.base.is_none() {
            let evidence = match (usage.addressed.get(&st.name), usage.above_entities.get(&st.name)) {
                (Some(at), _) => Some((at, "is addressed by key here")),
                (None, Some(at)) => Some((at, "is reached here, and the docs bind operations or reach entities below it")),
                (None, None) => None,
            };
            if let Some((at, why)) = evidence {
                diags.push(
                    Diagnostic::new(codes::ENTITY_FROM_PATHS, at.clone(), format!("`{}` {why}, so it is an entity keyed by `id`", st.name))
                        .help(format!("add `\"keyProperty\": \"id\"` to the resource annotation of `{}`", st.name.name)),
                );
                *key = Some("id".to_string());
            }
        }
    }
    // `baseType: entity` beside "Inherits from [teamsAppInstallation]", itself an entity: the
    // annotation names the root, the prose the real base.
    let bases = draft_bases(built);
    for (st, _, _) in built.iter_mut() {
        let Some((prose, stated)) = usage.prose_bases.get(&st.name) else { continue };
        if base_chain(&bases, prose)[1..].contains(stated) {
            diags.push(
                Diagnostic::new(codes::BASE_TYPE_INFERRED, st.origin.clone(), format!("`baseType` of `{}` is `{stated}`, its prose says `{prose}`, which derives from it; `{prose}` is used", st.name))
                    .help(format!("set `baseType` to `{prose}`")),
            );
            st.base = Some(prose.clone());
        }
    }
    for (st, _, _) in built.iter_mut() {
        if let (None, Some((base, at))) = (&st.base, usage.derived_from.get(&st.name)) {
            diags.push(
                Diagnostic::new(codes::BASE_TYPE_INFERRED, st.origin.clone(), format!("`{}` states no base type; `{base}` lists it as derived ({at})", st.name))
                    .help(format!("add \"Inherits from [{}]({}.md).\" to the page", base.name, base.name.to_lowercase())),
            );
            st.base = Some(base.clone());
        }
    }
    bases_from_repeated_properties(built, diags);

    // Root key types: abstract, no base, a key, and no property but the key.
    let mut roots: BTreeMap<String, Vec<QualifiedName>> = BTreeMap::new();
    for (st, key, props) in built.iter() {
        if let Some(k) = key {
            if st.is_abstract && st.base.is_none() && props.iter().all(|(p, _)| &p.name == k) {
                roots.entry(k.clone()).or_default().push(st.name.clone());
            }
        }
    }
    for (st, key, _) in built.iter_mut() {
        let Some(k) = key else { continue };
        if let Some([root]) = roots.get(k).map(Vec::as_slice) {
            if st.base.is_none() && root != &st.name {
                st.base = Some(root.clone());
            }
        }
    }
}

/// Docs often copy a base type's rows instead of saying "Inherits from": a type with no stated
/// base that repeats every property of a general type (same names and types, at least three,
/// counting that type's own bases) whose name is the type's last word with at most one
/// qualifier (`commsOperation` for `muteParticipantOperation`)
/// derives from it. The candidate with the most properties wins; a tie decides nothing.
fn bases_from_repeated_properties(built: &mut [Draft], diags: &mut Vec<Diagnostic>) {
    // Chains and name words depend on nothing this function changes before its end: once each.
    let index: HashMap<QualifiedName, usize> = built.iter().enumerate().map(|(i, (s, _, _))| (s.name.clone(), i)).collect();
    let bases = draft_bases(built);
    let chains: Vec<Vec<usize>> = built.iter().map(|(s, _, _)| base_chain(&bases, &s.name).iter().filter_map(|q| index.get(q).copied()).collect()).collect();
    let words: Vec<Vec<String>> = built
        .iter()
        .map(|(s, _, _)| {
            let mut out: Vec<String> = Vec::new();
            for c in s.name.name.chars() {
                match out.last_mut() {
                    Some(w) if !c.is_ascii_uppercase() => w.push(c),
                    _ => out.push(c.to_ascii_lowercase().to_string()),
                }
            }
            out
        })
        .collect();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (i, (st, _, props)) in built.iter().enumerate() {
        if st.base.is_some() || st.provenance != Provenance::Documented {
            continue;
        }
        let own: HashMap<&str, &TypeRef> = props.iter().map(|(p, t)| (p.name.as_str(), t)).collect();
        let t_words = &words[i];
        let mut best: Vec<(usize, usize)> = Vec::new();
        for (j, (cand, _, _)) in built.iter().enumerate() {
            let c_words = &words[j];
            let general = c_words.len() <= 2 && t_words.len() > c_words.len() && c_words.last() == t_words.last();
            if i == j || !general || cand.provenance != Provenance::Documented || chains[j].contains(&i) {
                continue;
            }
            let theirs: BTreeMap<&str, &TypeRef> = chains[j].iter().flat_map(|&k| built[k].2.iter().map(|(p, t)| (p.name.as_str(), t))).collect();
            if theirs.len() >= 3 && theirs.iter().all(|(n, t)| own.get(n).is_some_and(|o| o == t)) {
                best.push((theirs.len(), j));
            }
        }
        best.sort();
        match best.as_slice() {
            [.., (a, _), (b, _)] if a == b => {}
            [.., (_, j)] => found.push((i, *j)),
            [] => {}
        }
    }
    for (i, j) in found {
        let base = built[j].0.name.clone();
        diags.push(
            Diagnostic::new(codes::BASE_TYPE_INFERRED, built[i].0.origin.clone(), format!("`{}` states no base type but repeats every property of `{base}`; it derives from it", built[i].0.name))
                .help(format!("add \"Inherits from [{}]({}.md).\" to the page", base.name, base.name.to_lowercase())),
        );
        built[i].0.base = Some(base);
    }
}

/// Each draft's stated base, for walking chains before the schema exists.
fn draft_bases(built: &[Draft]) -> HashMap<QualifiedName, Option<QualifiedName>> {
    built.iter().map(|(s, _, _)| (s.name.clone(), s.base.clone())).collect()
}

/// `q` and its bases, nearest first; a cycle stops at the first repeat.
fn base_chain(bases: &HashMap<QualifiedName, Option<QualifiedName>>, q: &QualifiedName) -> Vec<QualifiedName> {
    let mut out = vec![q.clone()];
    let mut cur = bases.get(q).cloned().flatten();
    while let Some(b) = cur {
        if out.contains(&b) {
            break;
        }
        out.push(b.clone());
        cur = bases.get(&b).cloned().flatten();
    }
    out
}

fn insert_type(schema: &mut Schema, t: TypeDef) {
    let q = t.name().clone();
    let ns = schema.namespaces.entry(q.namespace.clone()).or_insert_with(|| Namespace { name: q.namespace.clone(), types: BTreeMap::new(), operations: vec![] });
    ns.types.entry(q.name).or_insert(t);
}

/// Relative links to pages that are not in the input (only where the input has that folder,
/// so links out of a partial checkout are not reported).
fn broken_links(pages: &[PageFacts], diags: &mut Vec<Diagnostic>) {
    use rayon::prelude::*;
    let paths: BTreeSet<String> = pages.iter().map(|p| p.path.to_lowercase()).collect();
    // Only links into folders that hold pages are checked: others (`includes/`, images) point
    // at files that are not pages.
    fn folder(path: &str) -> &str {
        path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
    let folders: BTreeSet<&str> = paths.iter().map(|p| folder(p)).collect();
    let broken = |page: &PageFacts| -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (target, origin) in &page.links {
            let (Some(resolved), _) = crate::extract::types::resolve_link(&page.path, target) else { continue };
            if folders.contains(&folder(&resolved)) && !paths.contains(&resolved) {
                out.push(
                    Diagnostic::new(codes::BROKEN_LINK, origin.clone(), format!("link to `{target}`: no such page"))
                        .len(target.len())
                        .help(if target.contains('\\') { "write the path with `/`: `\\` is not a separator in links" } else { "fix the link target" }),
                );
            }
        }
        out
    };
    let found: Vec<Vec<Diagnostic>> = pages.par_iter().map(broken).collect();
    diags.extend(found.into_iter().flatten());
}

#[cfg(test)]
mod tests;
