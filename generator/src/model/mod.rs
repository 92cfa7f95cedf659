//! The intermediate schema model: what the docs say the API is, with every Graph-specific
//! spelling already normalised. Emitters read only this. Every collection is kept in a
//! deterministic order (sorted by qualified name / path), so output never depends on thread timing.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Where a fact came from: a page (path relative to the input folder, `/`-separated) and a
/// 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Origin {
    pub file: String,
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// `namespace.Name`, e.g. `microsoft.graph.profilePhoto`. Both parts keep the docs' casing of
/// the type's defining page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct QualifiedName {
    pub namespace: String,
    pub name: String,
}

impl QualifiedName {
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        QualifiedName { namespace: namespace.into(), name: name.into() }
    }
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.namespace, self.name)
    }
}

/// The whole API: types grouped by namespace, the entity container, and the HTTP endpoints.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Schema {
    /// Keyed by namespace name.
    pub namespaces: BTreeMap<String, Namespace>,
    /// Entity sets and singletons: the roots of the request paths.
    pub container: Container,
    /// Sorted by (path, method).
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Namespace {
    pub name: String,
    /// Keyed by the type's simple name.
    pub types: BTreeMap<String, TypeDef>,
    /// Bound actions and functions, sorted by name and binding type.
    #[serde(default)]
    pub operations: Vec<Operation>,
}

/// A bound action (POST, side effects) or function (GET, no side effects).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    pub name: String,
    pub is_function: bool,
    /// The type the operation is bound to: what the path before its segment addresses.
    pub binding: TypeRef,
    /// Function parameters from the path (`getActivityCounts(period='{v}')`).
    pub parameters: Vec<(String, TypeRef)>,
    pub return_type: Option<TypeRef>,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeDef {
    Entity(StructuredType),
    Complex(StructuredType),
    Enum(EnumType),
}

impl TypeDef {
    pub fn name(&self) -> &QualifiedName {
        match self {
            TypeDef::Entity(t) | TypeDef::Complex(t) => &t.name,
            TypeDef::Enum(e) => &e.name,
        }
    }
    pub fn as_structured(&self) -> Option<&StructuredType> {
        match self {
            TypeDef::Entity(t) | TypeDef::Complex(t) => Some(t),
            TypeDef::Enum(_) => None,
        }
    }
}

/// How the model learned about a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// A resource page documents it.
    #[default]
    Documented,
    /// Only JSON examples show it; properties inferred from their values.
    InferredFromExamples,
    /// Referenced but never described: no properties known.
    Placeholder,
    /// The root of documented request paths (`/appCatalogs/teamsApps`) whose type no page
    /// names: an entity named after the root, holding what the paths address.
    InferredFromPaths,
}

/// An entity type (has a key, addressable) or a complex type (a value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StructuredType {
    pub name: QualifiedName,
    pub base: Option<QualifiedName>,
    pub is_abstract: bool,
    /// Open types accept properties beyond the declared ones.
    pub open: bool,
    /// Key property names (own or inherited); empty for complex types.
    pub key: Vec<String>,
    /// Own structural properties only: inherited ones live on the base type.
    pub properties: Vec<Property>,
    /// Own navigation properties (relationships).
    pub navigation: Vec<NavigationProperty>,
    /// Plain-text description (markdown links flattened).
    pub doc: String,
    pub provenance: Provenance,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Property {
    /// Wire name, exactly as documented.
    pub name: String,
    pub ty: TypeRef,
    pub nullable: bool,
    pub read_only: bool,
    pub doc: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NavigationProperty {
    pub name: String,
    /// `Named` or `Collection(Named)`.
    pub ty: TypeRef,
    /// Contained unless the API has an entity set of the target's type (or a base type) that
    /// reaches the targets otherwise; the docs do not say it outright.
    pub contains_target: bool,
    pub doc: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumType {
    pub name: QualifiedName,
    pub members: Vec<EnumMember>,
    pub is_flags: bool,
    pub doc: String,
    pub provenance: Provenance,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumMember {
    /// Wire name, e.g. `unknownFutureValue`.
    pub name: String,
    pub value: i64,
    pub doc: String,
}

/// A reference to a type, resolved.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    Primitive(Primitive),
    /// A type defined in `Schema::namespaces` (always present there after resolve).
    Named(QualifiedName),
    Collection(Box<TypeRef>),
    /// Nothing usable is known: any JSON value.
    Untyped,
}

impl TypeRef {
    pub fn is_collection(&self) -> bool {
        matches!(self, TypeRef::Collection(_))
    }
    /// The element type of a collection, or the type itself.
    pub fn element(&self) -> &TypeRef {
        match self {
            TypeRef::Collection(inner) => inner.element(),
            other => other,
        }
    }
}

impl fmt::Display for TypeRef {
    /// The CSDL spelling: `Edm.String`, `microsoft.graph.user`, `Collection(Edm.String)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeRef::Primitive(p) => write!(f, "Edm.{}", p.edm_name()),
            TypeRef::Named(q) => write!(f, "{q}"),
            TypeRef::Collection(inner) => write!(f, "Collection({inner})"),
            TypeRef::Untyped => f.write_str("Edm.Untyped"),
        }
    }
}

/// OData (Edm) primitive types that Graph uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Primitive {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    Guid,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Binary,
    Stream,
}

impl Primitive {
    pub const ALL: [Primitive; 17] = [
        Primitive::String,
        Primitive::Boolean,
        Primitive::Byte,
        Primitive::SByte,
        Primitive::Int16,
        Primitive::Int32,
        Primitive::Int64,
        Primitive::Single,
        Primitive::Double,
        Primitive::Decimal,
        Primitive::Guid,
        Primitive::DateTimeOffset,
        Primitive::Date,
        Primitive::TimeOfDay,
        Primitive::Duration,
        Primitive::Binary,
        Primitive::Stream,
    ];

    /// The name after `Edm.`.
    pub fn edm_name(self) -> &'static str {
        match self {
            Primitive::String => "String",
            Primitive::Boolean => "Boolean",
            Primitive::Byte => "Byte",
            Primitive::SByte => "SByte",
            Primitive::Int16 => "Int16",
            Primitive::Int32 => "Int32",
            Primitive::Int64 => "Int64",
            Primitive::Single => "Single",
            Primitive::Double => "Double",
            Primitive::Decimal => "Decimal",
            Primitive::Guid => "Guid",
            Primitive::DateTimeOffset => "DateTimeOffset",
            Primitive::Date => "Date",
            Primitive::TimeOfDay => "TimeOfDay",
            Primitive::Duration => "Duration",
            Primitive::Binary => "Binary",
            Primitive::Stream => "Stream",
        }
    }
}

/// Entity sets and singletons, named after the first segment of request paths.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Container {
    pub entity_sets: Vec<ContainerItem>,
    pub singletons: Vec<ContainerItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContainerItem {
    pub name: String,
    /// Always an entity type.
    pub ty: QualifiedName,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    Create,
    List,
    Get,
    Update,
    Delete,
    Action,
    Function,
}

/// One HTTP endpoint: a method on a path template, from one operation page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Endpoint {
    /// Stable, unique, readable: dot-separated path words plus the operation kind,
    /// e.g. `users.profile.account.create`.
    pub operation_id: String,
    pub kind: OperationKind,
    pub method: Method,
    pub path: PathTemplate,
    /// The page title, e.g. "Create account".
    pub summary: String,
    /// The page's first paragraph, links flattened.
    pub doc: String,
    /// Tag for grouping: the first path segment.
    pub tag: String,
    /// OData query options and other query parameters the page documents.
    pub query_params: Vec<QueryParam>,
    /// Request headers the docs' table names, beyond `Authorization` and `Content-Type`
    /// (`ConsistencyLevel`, `Prefer`, `If-Match`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderParam>,
    /// The request body type, if the operation takes one.
    pub body: Option<TypeRef>,
    /// The Request body table's rows: an action's parameters (the members of its JSON body).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body_params: Vec<BodyParam>,
    pub response: Response,
    pub examples: Vec<Example>,
    /// The page's Permissions table, least privileged first.
    #[serde(default, skip_serializing_if = "Permissions::is_empty")]
    pub permissions: Permissions,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyParam {
    pub name: String,
    pub ty: TypeRef,
    pub doc: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeaderParam {
    pub name: String,
    pub doc: String,
}

/// Permissions from least to most privileged, per kind of caller.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    /// Delegated, work or school account.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delegated_work: Vec<String>,
    /// Delegated, personal Microsoft account.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delegated_personal: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub application: Vec<String>,
}

impl Permissions {
    pub fn is_empty(&self) -> bool {
        self.delegated_work.is_empty() && self.delegated_personal.is_empty() && self.application.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryParam {
    pub name: String,
    pub ty: TypeRef,
    pub doc: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// Success status, e.g. 200, 201, 204.
    pub status: u16,
    /// The body type; `None` for no content.
    pub body: Option<TypeRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    pub name: String,
    /// The path the example's request went to (`/me/mailboxSettings/workingHours`), if it said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The request body, when it was JSON (after repairs).
    pub request: Option<serde_json::Value>,
    /// The response body, when it was JSON (after repairs and `{"value": {...}}` unwrapping).
    pub response: Option<serde_json::Value>,
    pub status: Option<u16>,
    pub origin: Origin,
}

/// A path such as `/users/{user-id}/profile/account`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PathTemplate {
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Segment {
    /// A fixed segment, e.g. `users`, `$value`, `microsoft.graph.user`.
    Literal { value: String },
    /// A path parameter, e.g. `{user-id}`; `alternatives` keeps what the docs allowed
    /// (`id`, `userPrincipalName`).
    Param { name: String, alternatives: Vec<String> },
}

impl PathTemplate {
    pub fn params(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Param { name, alternatives } => Some((name.as_str(), alternatives.as_slice())),
            Segment::Literal { .. } => None,
        })
    }
}

impl fmt::Display for PathTemplate {
    /// The OpenAPI spelling: `/users/{user-id}/profile`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.segments.is_empty() {
            return f.write_str("/");
        }
        for s in &self.segments {
            match s {
                Segment::Literal { value } => write!(f, "/{value}")?,
                Segment::Param { name, .. } => write!(f, "/{{{name}}}")?,
            }
        }
        Ok(())
    }
}

impl Schema {
    pub fn lookup(&self, name: &QualifiedName) -> Option<&TypeDef> {
        self.namespaces.get(&name.namespace)?.types.get(&name.name)
    }

    /// Every type in order: by namespace, then name.
    pub fn types(&self) -> impl Iterator<Item = &TypeDef> {
        self.namespaces.values().flat_map(|ns| ns.types.values())
    }

    /// The chain of base types, nearest first (cycles cut).
    pub fn ancestors(&self, ty: &StructuredType) -> Vec<&StructuredType> {
        let mut out: Vec<&StructuredType> = Vec::new();
        let mut next = ty.base.as_ref();
        while let Some(base) = next {
            match self.lookup(base).and_then(TypeDef::as_structured) {
                Some(b) if b.name != ty.name && !out.iter().any(|o| o.name == b.name) => {
                    out.push(b);
                    next = b.base.as_ref();
                }
                _ => break,
            }
        }
        out
    }

    /// Own and inherited structural properties, base-most first.
    pub fn all_properties<'a>(&'a self, ty: &'a StructuredType) -> Vec<&'a Property> {
        let mut chain = self.ancestors(ty);
        chain.reverse();
        chain.push(ty);
        chain.iter().flat_map(|t| t.properties.iter()).collect()
    }

    /// Own and inherited navigation properties, base-most first.
    pub fn all_navigation<'a>(&'a self, ty: &'a StructuredType) -> Vec<&'a NavigationProperty> {
        let mut chain = self.ancestors(ty);
        chain.reverse();
        chain.push(ty);
        chain.iter().flat_map(|t| t.navigation.iter()).collect()
    }

    /// For every type with derived types, those types (directly or not), sorted: the answers of
    /// [`Schema::derived_types`] for all types at once, in one pass over the schema.
    pub fn derived_index(&self) -> BTreeMap<QualifiedName, Vec<QualifiedName>> {
        let mut index: BTreeMap<QualifiedName, Vec<QualifiedName>> = BTreeMap::new();
        for t in self.types().filter_map(TypeDef::as_structured) {
            for a in self.ancestors(t) {
                index.entry(a.name.clone()).or_default().push(t.name.clone());
            }
        }
        index
    }

    /// Types that derive (directly or not) from `name`, sorted.
    pub fn derived_types(&self, name: &QualifiedName) -> Vec<&StructuredType> {
        self.types()
            .filter_map(TypeDef::as_structured)
            .filter(|t| self.ancestors(t).iter().any(|a| &a.name == name))
            .collect()
    }
}

impl Schema {
    /// Properties a JSON value uses that its type does not define, as JSON paths from `root`
    /// (`$.value[0].x`), at most `limit`. An object's `@odata.type`, when it names a documented
    /// type, says which type to check it against (a derived type, or a sibling where the docs'
    /// declared type is too narrow); annotations (`@odata.etag`, `x@odata.nextLink`) and
    /// values of open or untyped types are not checked.
    pub fn unknown_properties(&self, ty: &TypeRef, v: &serde_json::Value, root: &str, limit: usize) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_unknown(ty, v, root.into(), limit, &mut out);
        out
    }

    fn collect_unknown(&self, ty: &TypeRef, v: &serde_json::Value, path: String, limit: usize, out: &mut Vec<String>) {
        use serde_json::Value;
        if out.len() >= limit {
            return;
        }
        match (ty, v) {
            (TypeRef::Collection(inner), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.collect_unknown(inner, item, format!("{path}[{i}]"), limit, out);
                }
            }
            (TypeRef::Named(q), Value::Object(map)) => {
                let Some(declared) = self.lookup(q).and_then(TypeDef::as_structured) else { return };
                // A derived type named by the value itself (polymorphic examples).
                let named = map.get("@odata.type").and_then(Value::as_str).map(|t| t.trim_start_matches('#'));
                let actual = named
                    .and_then(|t| t.rsplit_once('.'))
                    .and_then(|(ns, n)| {
                        // Exactly as documented first; other casings need a scan.
                        self.lookup(&QualifiedName::new(ns, n)).and_then(TypeDef::as_structured).or_else(|| {
                            self.types().filter_map(TypeDef::as_structured).find(|s| s.name.namespace.eq_ignore_ascii_case(ns) && s.name.name.eq_ignore_ascii_case(n))
                        })
                    })
                    .unwrap_or(declared);
                if actual.open || self.ancestors(actual).iter().any(|a| a.open) {
                    return;
                }
                let props = self.all_properties(actual);
                let navs = self.all_navigation(actual);
                for (key, value) in map {
                    if key.contains('@') {
                        continue;
                    }
                    let here = format!("{path}.{key}");
                    if let Some(p) = props.iter().find(|p| &p.name == key) {
                        self.collect_unknown(&p.ty, value, here, limit, out);
                    } else if let Some(n) = navs.iter().find(|n| &n.name == key) {
                        self.collect_unknown(&n.ty, value, here, limit, out);
                    } else if out.len() < limit {
                        out.push(here);
                    }
                }
            }
            _ => {}
        }
    }

    /// Whether a request or response body fits its type: a collection as OData sends it, in a
    /// `{"value": [...]}` envelope, anything else as [`Schema::conforms`] says.
    pub fn body_conforms(&self, ty: &TypeRef, body: &serde_json::Value) -> bool {
        match ty {
            TypeRef::Collection(_) => body.get("value").is_some_and(|items| self.conforms(ty, items)),
            _ => self.conforms(ty, body),
        }
    }

    /// Whether a JSON value fits a type: the check that decides if a docs example can be
    /// deserialized into the generated model (and so become a test). `null` fits any property.
    pub fn conforms(&self, ty: &TypeRef, v: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (ty, v) {
            (TypeRef::Untyped, _) => true,
            (TypeRef::Collection(inner), Value::Array(items)) => items.iter().all(|i| self.conforms(inner, i)),
            (TypeRef::Collection(_), _) => false,
            (TypeRef::Primitive(p), v) => match p {
                Primitive::Boolean => v.is_boolean(),
                Primitive::Byte | Primitive::SByte | Primitive::Int16 | Primitive::Int32 => {
                    let (lo, hi) = match p {
                        Primitive::Byte => (0, 255),
                        Primitive::SByte => (-128, 127),
                        Primitive::Int16 => (i16::MIN as i64, i16::MAX as i64),
                        _ => (i32::MIN as i64, i32::MAX as i64),
                    };
                    v.as_i64().is_some_and(|n| (lo..=hi).contains(&n))
                }
                Primitive::Int64 => v.as_i64().is_some(),
                Primitive::Single | Primitive::Double | Primitive::Decimal => v.is_number(),
                // What the generated models decode these with (chrono, uuid) must accept them.
                Primitive::DateTimeOffset => v.as_str().is_some_and(|s| s.parse::<chrono::DateTime<chrono::FixedOffset>>().is_ok()),
                Primitive::Date => v.as_str().is_some_and(|s| s.parse::<chrono::NaiveDate>().is_ok()),
                Primitive::Guid => v.as_str().is_some_and(|s| uuid::Uuid::parse_str(s).is_ok()),
                _ => v.is_string(),
            },
            (TypeRef::Named(q), v) => match self.lookup(q) {
                Some(TypeDef::Enum(_)) => v.is_string(),
                Some(TypeDef::Entity(t)) | Some(TypeDef::Complex(t)) => {
                    let Value::Object(map) = v else { return false };
                    let props = self.all_properties(t).into_iter().map(|p| (&p.name, &p.ty));
                    let navs = self.all_navigation(t).into_iter().map(|n| (&n.name, &n.ty));
                    props.chain(navs).all(|(name, ty)| match map.get(name) {
                        None | Some(Value::Null) => true,
                        Some(x) => self.conforms(ty, x),
                    }) && map.get("@odata.type").is_none_or(Value::is_string)
                }
                None => true,
            },
        }
    }
}
