//! OpenAPI 3.0.3 (or 3.1.0) from the model: a [`Document`] that builds each part as
//! `serde_json::Value`s (insertion-ordered, so the output is stable) while it is serialized; the
//! caller writes it as JSON and YAML. Errors are `4XX`/`5XX` responses, never
//! `default`: client generators such as progenitor reject a typed 2xx beside `default`.

use crate::model::*;
use crate::OpenApiVersion;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const ERROR_SCHEMA: &str = "ODataErrors.ODataError";
const MAIN_ERROR_SCHEMA: &str = "ODataErrors.MainError";

/// Component keys may only use `[A-Za-z0-9._-]`; anything else in a docs name becomes `_`.
pub fn component_key(name: &str) -> String {
    let k: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' }).collect();
    if k.is_empty() { "_".into() } else { k }
}

fn schema_ref(q: &QualifiedName) -> Value {
    json!({ "$ref": format!("#/components/schemas/{}", component_key(&q.to_string())) })
}

fn primitive(p: Primitive) -> Value {
    let (ty, format) = match p {
        Primitive::String => ("string", None),
        Primitive::Boolean => ("boolean", None),
        Primitive::Byte => ("integer", Some("uint8")),
        Primitive::SByte => ("integer", Some("int8")),
        Primitive::Int16 => ("integer", Some("int16")),
        Primitive::Int32 => ("integer", Some("int32")),
        Primitive::Int64 => ("integer", Some("int64")),
        Primitive::Single => ("number", Some("float")),
        Primitive::Double => ("number", Some("double")),
        Primitive::Decimal => ("number", Some("decimal")),
        Primitive::Guid => ("string", Some("uuid")),
        Primitive::DateTimeOffset => ("string", Some("date-time")),
        Primitive::Date => ("string", Some("date")),
        Primitive::TimeOfDay => ("string", Some("time")),
        Primitive::Duration => ("string", Some("duration")),
        Primitive::Binary => ("string", Some("base64url")),
        Primitive::Stream => ("string", Some("binary")),
    };
    let mut m = Map::new();
    m.insert("type".into(), ty.into());
    if let Some(f) = format {
        m.insert("format".into(), f.into());
    }
    Value::Object(m)
}

/// The schema of a type reference.
fn type_schema(t: &TypeRef) -> Value {
    match t {
        TypeRef::Primitive(p) => primitive(*p),
        TypeRef::Named(q) => schema_ref(q),
        TypeRef::Collection(inner) => json!({ "type": "array", "items": type_schema(inner) }),
        TypeRef::Untyped => json!({}),
    }
}

/// A property's schema: nullable and read-only marked in the 3.0 way. A `$ref` cannot carry
/// siblings in 3.0, so a nullable reference is wrapped in `allOf` with an explicit `type`.
fn property_schema(schema: &Schema, ty: &TypeRef, nullable: bool, read_only: bool, doc: &str) -> Value {
    let mut s = match (ty, nullable) {
        (TypeRef::Named(q), true) => {
            let kind = match schema.lookup(q) {
                Some(TypeDef::Enum(_)) => "string",
                _ => "object",
            };
            json!({ "type": kind, "allOf": [schema_ref(q)], "nullable": true })
        }
        (TypeRef::Named(_), false) if read_only || !doc.is_empty() => json!({ "allOf": [type_schema(ty)] }),
        (TypeRef::Primitive(_), true) => {
            let mut s = type_schema(ty);
            if let Value::Object(m) = &mut s {
                m.insert("nullable".into(), true.into());
            }
            s
        }
        _ => type_schema(ty),
    };
    if let Value::Object(m) = &mut s {
        if !doc.trim().is_empty() {
            m.insert("description".into(), doc.trim().into());
        }
        if read_only {
            m.insert("readOnly".into(), true.into());
        }
    }
    s
}

fn structured_schema(schema: &Schema, t: &StructuredType, derived: &[QualifiedName]) -> Value {
    let mut props = Map::new();
    if t.base.is_none() {
        props.insert("@odata.type".into(), json!({ "type": "string" }));
    }
    for p in &t.properties {
        props.insert(p.name.clone(), property_schema(schema, &p.ty, p.nullable, p.read_only, &p.doc));
    }
    for n in &t.navigation {
        props.insert(n.name.clone(), property_schema(schema, &n.ty, !n.ty.is_collection(), false, &n.doc));
    }
    let mut own = Map::new();
    own.insert("type".into(), "object".into());
    own.insert("properties".into(), Value::Object(props));
    let mut out = Map::new();
    out.insert("title".into(), t.name.name.clone().into());
    match &t.base {
        Some(b) => {
            out.insert("allOf".into(), json!([schema_ref(b), Value::Object(own)]));
        }
        None => {
            out.extend(own);
        }
    }
    if !t.doc.trim().is_empty() {
        out.insert("description".into(), t.doc.trim().into());
    }
    // Polymorphism: a value of this type may be any derived type, told apart by `@odata.type`.
    if !derived.is_empty() {
        let mapping: Map<String, Value> = derived
            .iter()
            .map(|d| (format!("#{d}"), Value::from(format!("#/components/schemas/{}", component_key(&d.to_string())))))
            .collect();
        out.insert("discriminator".into(), json!({ "propertyName": "@odata.type", "mapping": mapping }));
    }
    Value::Object(out)
}

fn enum_schema(e: &EnumType) -> Value {
    let mut out = Map::new();
    out.insert("title".into(), e.name.name.clone().into());
    out.insert("type".into(), "string".into());
    out.insert("enum".into(), e.members.iter().map(|m| Value::from(m.name.clone())).collect());
    if !e.doc.trim().is_empty() {
        out.insert("description".into(), e.doc.trim().into());
    }
    Value::Object(out)
}

/// The OData envelope of a collection: `{ "value": [...], "@odata.nextLink": "..." }`.
fn collection_envelope(items: Value) -> Value {
    json!({
        "type": "object",
        "properties": {
            "@odata.context": { "type": "string" },
            "@odata.count": { "type": "integer", "format": "int64" },
            "value": { "type": "array", "items": items },
            "@odata.nextLink": { "type": "string", "nullable": true }
        }
    })
}

fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        _ => "Success",
    }
}

/// Content for a body: JSON, or raw bytes for streams.
fn content(t: &TypeRef, collection_refs: &mut BTreeMap<String, Value>) -> Value {
    match t {
        TypeRef::Primitive(Primitive::Stream | Primitive::Binary) => {
            json!({ "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } })
        }
        TypeRef::Collection(inner) => {
            let items = type_schema(inner);
            let s = match inner.as_ref() {
                TypeRef::Named(q) => {
                    let key = component_key(&format!("{q}CollectionResponse"));
                    collection_refs.insert(key.clone(), collection_envelope(items));
                    json!({ "$ref": format!("#/components/schemas/{key}") })
                }
                _ => collection_envelope(items),
            };
            json!({ "application/json": { "schema": s } })
        }
        other => json!({ "application/json": { "schema": type_schema(other) } }),
    }
}

/// Names of `{placeholders}` inside literal segments (function parameters such as
/// `getByIds(ids={ids})`), which OpenAPI also reads as path parameters.
fn literal_placeholders(path: &PathTemplate) -> Vec<String> {
    let mut out = Vec::new();
    for s in &path.segments {
        if let Segment::Literal { value } = s {
            let mut rest = value.as_str();
            while let Some(start) = rest.find('{') {
                let Some(len) = rest[start..].find('}') else { break };
                let name = &rest[start + 1..start + len];
                if !name.is_empty() && !out.iter().any(|n| n == name) {
                    out.push(name.to_string());
                }
                rest = &rest[start + len + 1..];
            }
        }
    }
    out
}

/// The docs' examples for a JSON body, under their names. Examples that do not fit the type are
/// left out (each is already reported as GD0205): a spec must not contradict itself.
fn attach_examples<'a>(schema: &Schema, content: &mut Value, ty: &TypeRef, examples: impl Iterator<Item = (&'a String, &'a Value)>) {
    let Some(Value::Object(media)) = content.get_mut("application/json") else { return };
    let mut named = Map::new();
    for (name, json) in examples {
        let fits = match ty {
            TypeRef::Collection(_) => json.get("value").is_some_and(|items| closed_fit(schema, ty, items)),
            _ => closed_fit(schema, ty, json),
        };
        if fits {
            let key = component_key(if name.is_empty() { "example" } else { name });
            named.entry(key).or_insert_with(|| json!({ "value": json }));
        }
    }
    if !named.is_empty() {
        media.insert("examples".into(), Value::Object(named));
    }
}

/// Stricter than [`Schema::conforms`], as validators read examples: every key is a property
/// of the type (or an `@` annotation), and `null` only where the property is nullable.
fn closed_fit(schema: &Schema, ty: &TypeRef, v: &Value) -> bool {
    match (ty, v) {
        (TypeRef::Collection(inner), Value::Array(items)) => items.iter().all(|i| closed_fit(schema, inner, i)),
        (TypeRef::Named(q), Value::Object(map)) => match schema.lookup(q) {
            Some(TypeDef::Entity(t)) | Some(TypeDef::Complex(t)) => {
                let props = schema.all_properties(t);
                let navs = schema.all_navigation(t);
                map.iter().all(|(k, x)| {
                    if k.starts_with('@') || k.contains("@odata.") {
                        return x.is_string() || x.is_number() || x.is_boolean();
                    }
                    if let Some(p) = props.iter().find(|p| &p.name == k) {
                        return if x.is_null() { p.nullable } else { closed_fit(schema, &p.ty, x) };
                    }
                    navs.iter().find(|n| &n.name == k).is_some_and(|n| if x.is_null() { !n.ty.is_collection() } else { closed_fit(schema, &n.ty, x) })
                })
            }
            _ => schema.conforms(ty, v),
        },
        _ => !v.is_null() && schema.conforms(ty, v),
    }
}

/// An action whose JSON body is an object of its documented parameters, not a named type.
fn body_is_parameters(e: &Endpoint) -> bool {
    matches!(e.body, Some(TypeRef::Untyped)) && !e.body_params.is_empty()
}

fn operation(schema: &Schema, e: &Endpoint, collection_refs: &mut BTreeMap<String, Value>) -> Value {
    let mut op = Map::new();
    op.insert("tags".into(), json!([e.tag]));
    op.insert("summary".into(), e.summary.clone().into());
    if !e.doc.trim().is_empty() {
        op.insert("description".into(), e.doc.trim().into());
    }
    op.insert("operationId".into(), e.operation_id.clone().into());
    let mut params = Vec::new();
    for (name, alternatives) in e.path.params() {
        let mut description = format!("The key of the {}.", name.trim_end_matches("-id"));
        if alternatives.len() > 1 {
            description = format!("{} One of: {}.", description, alternatives.join(", "));
        }
        params.push(json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": "string" } }));
    }
    for name in literal_placeholders(&e.path) {
        params.push(json!({ "name": name, "in": "path", "required": true, "description": "A function parameter.", "schema": { "type": "string" } }));
    }
    for q in &e.query_params {
        let mut p = Map::new();
        p.insert("name".into(), q.name.clone().into());
        p.insert("in".into(), "query".into());
        if !q.doc.trim().is_empty() {
            p.insert("description".into(), q.doc.trim().into());
        }
        p.insert("schema".into(), type_schema(&q.ty));
        params.push(Value::Object(p));
    }
    for h in &e.headers {
        let mut p = Map::new();
        p.insert("name".into(), h.name.clone().into());
        p.insert("in".into(), "header".into());
        if !h.doc.trim().is_empty() {
            p.insert("description".into(), h.doc.trim().into());
        }
        p.insert("schema".into(), json!({ "type": "string" }));
        params.push(Value::Object(p));
    }
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
    let p = &e.permissions;
    if !p.is_empty() {
        // "One of the following permissions": each is an alternative, least privileged first.
        let delegated = p.delegated_work.iter().chain(p.delegated_personal.iter().filter(|s| !p.delegated_work.contains(s)));
        let alternatives: Vec<Value> = delegated
            .map(|s| json!({ DELEGATED: [s] }))
            .chain(p.application.iter().map(|s| json!({ APPLICATION: [s] })))
            .collect();
        op.insert("security".into(), Value::Array(alternatives));
        op.insert("x-ms-permissions".into(), serde_json::to_value(p).unwrap_or_default());
    }
    if let Some(body) = &e.body {
        let mut c = if body_is_parameters(e) {
            // An action's JSON body: an object of its documented parameters.
            let props: Map<String, Value> = e.body_params.iter().map(|p| (p.name.clone(), property_schema(schema, &p.ty, true, false, &p.doc))).collect();
            json!({ "application/json": { "schema": { "type": "object", "properties": props } } })
        } else {
            content(body, collection_refs)
        };
        attach_examples(schema, &mut c, body, e.examples.iter().filter_map(|x| Some((&x.name, x.request.as_ref()?))));
        op.insert("requestBody".into(), json!({ "required": true, "content": c }));
    }
    let mut responses = Map::new();
    let mut ok = Map::new();
    ok.insert("description".into(), status_text(e.response.status).into());
    if let Some(body) = e.response.body.as_ref().filter(|_| e.response.status != 204) {
        let mut c = content(body, collection_refs);
        attach_examples(schema, &mut c, body, e.examples.iter().filter_map(|x| Some((&x.name, x.response.as_ref()?))));
        ok.insert("content".into(), c);
    }
    responses.insert(e.response.status.to_string(), Value::Object(ok));
    responses.insert("4XX".into(), json!({ "$ref": "#/components/responses/error" }));
    responses.insert("5XX".into(), json!({ "$ref": "#/components/responses/error" }));
    op.insert("responses".into(), Value::Object(responses));
    Value::Object(op)
}

/// Security scheme names: OAuth2 with the Microsoft identity platform, delegated (a signed-in
/// user; authorization code flow) and application (client credentials).
const DELEGATED: &str = "delegated";
const APPLICATION: &str = "application";
const AUTHORIZE_URL: &str = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize";
const TOKEN_URL: &str = "https://login.microsoftonline.com/common/oauth2/v2.0/token";

/// The two OAuth2 schemes, each declaring every scope the operations use.
fn security_schemes(schema: &Schema) -> Value {
    let mut delegated: BTreeMap<&str, Value> = BTreeMap::new();
    let mut application: BTreeMap<&str, Value> = BTreeMap::new();
    for e in &schema.endpoints {
        let p = &e.permissions;
        for s in p.delegated_work.iter().chain(&p.delegated_personal) {
            delegated.insert(s, format!("Delegated permission {s}.").into());
        }
        for s in &p.application {
            application.insert(s, format!("Application permission {s}.").into());
        }
    }
    json!({
        "bearerAuth": { "type": "http", "scheme": "bearer", "bearerFormat": "JWT" },
        DELEGATED: {
            "type": "oauth2",
            "description": "A signed-in user's token (Microsoft identity platform).",
            "flows": { "authorizationCode": { "authorizationUrl": AUTHORIZE_URL, "tokenUrl": TOKEN_URL, "scopes": delegated } }
        },
        APPLICATION: {
            "type": "oauth2",
            "description": "An app's own token (Microsoft identity platform); permissions are granted to the app.",
            "flows": { "clientCredentials": { "tokenUrl": TOKEN_URL, "scopes": application } }
        }
    })
}

/// The same document as OpenAPI 3.1.0 (JSON Schema 2020-12): `nullable` becomes a `null`
/// type, and a nullable reference `anyOf` the reference and `null`.
pub fn to_3_1(mut doc: Value) -> Value {
    nullable_to_3_1(&mut doc);
    doc["openapi"] = "3.1.0".into();
    doc
}

/// [`to_3_1`] on one schema (or any part of the document), in place.
fn nullable_to_3_1(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for x in m.values_mut() {
                nullable_to_3_1(x);
            }
            if m.remove("nullable") != Some(Value::Bool(true)) {
                return;
            }
            match (m.remove("allOf"), m.get("type").cloned()) {
                (Some(Value::Array(mut parts)), _) if parts.len() == 1 => {
                    m.remove("type");
                    m.insert("anyOf".into(), json!([parts.remove(0), { "type": "null" }]));
                }
                (other, Some(Value::String(t))) => {
                    if let Some(o) = other {
                        m.insert("allOf".into(), o);
                    }
                    m.insert("type".into(), json!([t, "null"]));
                }
                (other, _) => {
                    if let Some(o) = other {
                        m.insert("allOf".into(), o);
                    }
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(nullable_to_3_1),
        _ => {}
    }
}

/// The whole document, as a tree (for tests and callers that want to inspect it).
pub fn document(schema: &Schema, title: &str, version: &str) -> Value {
    serde_json::to_value(Document::new(schema, title, version, OpenApiVersion::V3_0)).unwrap_or_default()
}

/// The document, built part by part as it is serialized: each path item and each component
/// schema exists only while it is written, so the whole tree (several times the size of the
/// text) is never in memory. Decisions that span parts (which collection envelopes exist, the
/// order of keys) are made up front, from names only.
pub struct Document<'a> {
    schema: &'a Schema,
    title: &'a str,
    version: &'a str,
    openapi: OpenApiVersion,
    /// Path → method → endpoint index; later entries replace earlier ones in place.
    paths: indexmap::IndexMap<String, indexmap::IndexMap<String, usize>>,
    /// Component schema keys, in order, and what each holds.
    schemas: indexmap::IndexMap<String, Component>,
    collection_refs: BTreeMap<String, Value>,
    derived: BTreeMap<QualifiedName, Vec<QualifiedName>>,
    types: Vec<&'a TypeDef>,
}

#[derive(Clone, Copy)]
enum Component {
    Type(usize),
    Collection,
    Error,
    MainError,
}

impl<'a> Document<'a> {
    pub fn new(schema: &'a Schema, title: &'a str, version: &'a str, openapi: OpenApiVersion) -> Self {
        let mut collection_refs = BTreeMap::new();
        let mut paths: indexmap::IndexMap<String, indexmap::IndexMap<String, usize>> = indexmap::IndexMap::new();
        for (i, e) in schema.endpoints.iter().enumerate() {
            paths.entry(e.path.to_string()).or_default().insert(e.method.as_str().to_lowercase(), i);
            // The envelopes the operations refer to (the same calls `operation` makes).
            if let Some(body) = &e.body {
                if !body_is_parameters(e) {
                    content(body, &mut collection_refs);
                }
            }
            if let Some(body) = e.response.body.as_ref().filter(|_| e.response.status != 204) {
                content(body, &mut collection_refs);
            }
        }
        let types: Vec<&TypeDef> = schema.types().collect();
        let mut schemas = indexmap::IndexMap::new();
        for (i, t) in types.iter().enumerate() {
            schemas.insert(component_key(&t.name().to_string()), Component::Type(i));
        }
        for k in collection_refs.keys() {
            schemas.entry(k.clone()).or_insert(Component::Collection);
        }
        schemas.insert(ERROR_SCHEMA.into(), Component::Error);
        schemas.insert(MAIN_ERROR_SCHEMA.into(), Component::MainError);
        Document { schema, title, version, openapi, paths, schemas, collection_refs, derived: schema.derived_index(), types }
    }

    /// `openapi.json` and `openapi.yaml`. The JSON is written part by part; the YAML is the JSON
    /// re-encoded as it is read. Neither needs the document as a tree.
    pub fn to_json_and_yaml(&self) -> (String, String) {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        let mut yaml = Vec::new();
        let _ = serde_transcode::transcode(&mut serde_json::Deserializer::from_str(&json), &mut serde_yaml_ng::Serializer::new(&mut yaml));
        json.push('\n');
        (json, String::from_utf8(yaml).unwrap_or_default())
    }

    /// A part of the document as this version writes it.
    fn part(&self, mut v: Value) -> Value {
        if self.openapi == OpenApiVersion::V3_1 {
            nullable_to_3_1(&mut v);
        }
        v
    }

    fn path_item(&self, methods: &indexmap::IndexMap<String, usize>) -> Value {
        let mut item = Map::new();
        for (method, &i) in methods {
            item.insert(method.clone(), operation(self.schema, &self.schema.endpoints[i], &mut BTreeMap::new()));
        }
        self.part(Value::Object(item))
    }

    fn component(&self, key: &str, c: Component) -> Value {
        let v = match c {
            Component::Type(i) => match self.types.get(i) {
                Some(TypeDef::Entity(s) | TypeDef::Complex(s)) => structured_schema(self.schema, s, self.derived.get(&s.name).map_or(&[], Vec::as_slice)),
                Some(TypeDef::Enum(e)) => enum_schema(e),
                None => json!({}),
            },
            Component::Collection => self.collection_refs.get(key).cloned().unwrap_or_default(),
            Component::Error => json!({
                "type": "object",
                "required": ["error"],
                "properties": { "error": { "$ref": format!("#/components/schemas/{MAIN_ERROR_SCHEMA}") } }
            }),
            Component::MainError => json!({
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": { "type": "string" },
                    "message": { "type": "string" },
                    "target": { "type": "string", "nullable": true },
                    "innerError": { "type": "object", "additionalProperties": true }
                }
            }),
        };
        self.part(v)
    }
}

/// A map whose values are made while it is serialized.
struct LazyMap<'d, K, F>(&'d [K], F);

impl<K: AsRef<str>, F: Fn(&K) -> Value> serde::Serialize for LazyMap<'_, K, F> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for k in self.0 {
            m.serialize_entry(k.as_ref(), &(self.1)(k))?;
        }
        m.end()
    }
}

impl serde::Serialize for Document<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut tags: Vec<&str> = self.schema.endpoints.iter().map(|e| e.tag.as_str()).collect();
        tags.sort_unstable();
        tags.dedup();
        let version = match self.openapi {
            OpenApiVersion::V3_0 => "3.0.3",
            OpenApiVersion::V3_1 => "3.1.0",
        };
        let paths: Vec<&String> = self.paths.keys().collect();
        let schemas: Vec<&String> = self.schemas.keys().collect();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("openapi", version)?;
        m.serialize_entry(
            "info",
            &json!({
                "title": self.title,
                "version": self.version,
                "description": "Generated by graphdoc from the API reference documentation."
            }),
        )?;
        m.serialize_entry("servers", &json!([{ "url": "https://graph.microsoft.com/v1.0" }]))?;
        // The docs' "Authorization: Bearer {token}" header, on every operation.
        m.serialize_entry("security", &json!([{ "bearerAuth": [] }]))?;
        let tags: Vec<Value> = tags.iter().map(|t| json!({ "name": t, "description": format!("Operations on `/{t}` and the paths under it.") })).collect();
        m.serialize_entry("tags", &tags)?;
        m.serialize_entry("paths", &LazyMap(&paths, |p: &&String| self.path_item(&self.paths[p.as_str()])))?;
        let schemas = LazyMap(&schemas, |k: &&String| self.component(k, self.schemas[k.as_str()]));
        m.serialize_entry("components", &Components { security_schemes: self.part(security_schemes(self.schema)), schemas })?;
        m.end()
    }
}

struct Components<'d, F> {
    security_schemes: Value,
    schemas: LazyMap<'d, &'d String, F>,
}

impl<F: Fn(&&String) -> Value> serde::Serialize for Components<'_, F> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("securitySchemes", &self.security_schemes)?;
        m.serialize_entry("schemas", &self.schemas)?;
        m.serialize_entry(
            "responses",
            &json!({
                "error": {
                    "description": "An OData error.",
                    "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{ERROR_SCHEMA}") } } }
                }
            }),
        )?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if k == "$ref" {
                        out.extend(x.as_str().map(str::to_string));
                    }
                    refs(x, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }

    fn sample() -> Schema {
        let q = |n: &str| QualifiedName::new("microsoft.graph", n);
        let mut ns = Namespace { name: "microsoft.graph".into(), types: Default::default(), operations: vec![] };
        let account = StructuredType {
            name: q("account"),
            base: None,
            is_abstract: false,
            open: false,
            key: vec!["id".into()],
            properties: vec![Property { name: "id".into(), ty: TypeRef::Primitive(Primitive::String), nullable: false, read_only: true, doc: "Id.".into(), origin: Origin::default() }],
            navigation: vec![],
            doc: "An account.".into(),
            provenance: Provenance::Documented,
            origin: Origin::default(),
        };
        let entity = StructuredType { name: q("entity"), key: vec![], properties: vec![], doc: String::new(), ..account.clone() };
        let account = StructuredType { base: Some(q("entity")), ..account };
        ns.types.insert("entity".into(), TypeDef::Entity(entity));
        ns.types.insert("account".into(), TypeDef::Entity(account));
        let path = crate::extract::http::path_template("/users/{id|userPrincipalName}/accounts/getByIds(ids={ids})");
        let list = crate::extract::http::path_template("/users/{id|userPrincipalName}/accounts");
        let endpoint = |path: PathTemplate, method, kind, id: &str, body: Option<TypeRef>| Endpoint {
            operation_id: id.into(),
            kind,
            method,
            path,
            summary: "S".into(),
            doc: String::new(),
            tag: "users".into(),
            query_params: vec![QueryParam { name: "$top".into(), ty: TypeRef::Primitive(Primitive::Int32), doc: String::new() }],
            headers: vec![HeaderParam { name: "ConsistencyLevel".into(), doc: "eventual".into() }],
            body: body.clone(),
            body_params: vec![],
            response: Response { status: 200, body },
            examples: vec![],
            permissions: Permissions { delegated_work: vec!["User.Read".into(), "User.ReadWrite".into()], delegated_personal: vec![], application: vec!["User.Read.All".into()] },
            origin: Origin::default(),
        };
        let coll = TypeRef::Collection(Box::new(TypeRef::Named(q("account"))));
        let mut s = Schema::default();
        s.namespaces.insert("microsoft.graph".into(), ns);
        s.endpoints = vec![
            endpoint(list.clone(), Method::Get, OperationKind::List, "users.accounts.list", Some(coll)),
            {
                let mut create = endpoint(list, Method::Post, OperationKind::Create, "users.accounts.create", Some(TypeRef::Named(q("account"))));
                let example = |name: &str, response: serde_json::Value| Example { name: name.into(), path: None, request: None, response: Some(response), status: Some(200), origin: Origin::default() };
                create.examples = vec![example("fits", json!({ "id": "1" })), example("misfit", json!({ "id": 7 }))];
                create
            },
            endpoint(path, Method::Get, OperationKind::Function, "users.accounts.getByIds", None),
        ];
        s
    }

    #[test]
    fn paths_operations_and_refs_resolve() {
        let doc = document(&sample(), "t", "1");
        let item = &doc["paths"]["/users/{user-id}/accounts"];
        assert_eq!(item["get"]["operationId"], "users.accounts.list");
        assert_eq!(item["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/microsoft.graph.account");
        assert_eq!(item["get"]["parameters"][0]["name"], "user-id");
        assert!(item["get"]["parameters"][0]["description"].as_str().unwrap().contains("id, userPrincipalName"));
        let func = &doc["paths"]["/users/{user-id}/accounts/getByIds(ids={ids})"]["get"];
        let names: Vec<_> = func["parameters"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["user-id", "ids", "$top", "ConsistencyLevel"]);
        assert_eq!(func["parameters"][3]["in"], "header");
        // Each permission is an alternative, least privileged first; every scope is declared.
        assert_eq!(func["security"], json!([{ "delegated": ["User.Read"] }, { "delegated": ["User.ReadWrite"] }, { "application": ["User.Read.All"] }]));
        assert_eq!(func["x-ms-permissions"]["application"], json!(["User.Read.All"]));
        assert_eq!(func["x-ms-permissions"]["delegatedWork"], json!(["User.Read", "User.ReadWrite"]));
        let schemes = &doc["components"]["securitySchemes"];
        assert!(schemes["delegated"]["flows"]["authorizationCode"]["scopes"]["User.ReadWrite"].is_string());
        assert!(schemes["application"]["flows"]["clientCredentials"]["scopes"]["User.Read.All"].is_string());
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(!all.is_empty());
        for r in all {
            let ptr = r.trim_start_matches('#');
            assert!(doc.pointer(ptr).is_some(), "dangling {r}");
        }
        let text = doc.to_string();
        assert!(!text.contains("\"default\""), "no default responses");
        // The base type maps each derived type by `@odata.type`.
        let entity = &doc["components"]["schemas"]["microsoft.graph.entity"];
        assert_eq!(entity["discriminator"]["propertyName"], "@odata.type");
        assert_eq!(entity["discriminator"]["mapping"]["#microsoft.graph.account"], "#/components/schemas/microsoft.graph.account");
        // Examples that fit are attached under their names; others are not.
        let examples = &item["post"]["responses"]["200"]["content"]["application/json"]["examples"];
        assert_eq!(examples["fits"]["value"]["id"], "1");
        assert!(examples.get("misfit").is_none(), "{examples}");
        assert_eq!(doc["components"]["schemas"]["microsoft.graph.account"]["allOf"][1]["properties"]["id"]["readOnly"], true);
    }

    #[test]
    fn openapi_3_1_has_null_types_instead_of_nullable() {
        let doc = to_3_1(document(&sample(), "t", "1"));
        assert_eq!(doc["openapi"], "3.1.0");
        let text = doc.to_string();
        assert!(!text.contains("nullable"), "{text}");
        let envelope = &doc["components"]["schemas"]["microsoft.graph.accountCollectionResponse"];
        assert_eq!(envelope["properties"]["@odata.nextLink"]["type"], json!(["string", "null"]));
        let r = to_3_1(json!({ "type": "object", "allOf": [{ "$ref": "#/x" }], "nullable": true, "description": "d" }));
        assert_eq!(r, json!({ "anyOf": [{ "$ref": "#/x" }, { "type": "null" }], "description": "d", "openapi": "3.1.0" }));
    }

    #[test]
    fn written_part_by_part_it_is_the_same_document_as_the_tree() {
        let schema = sample();
        for (version, tree) in [(OpenApiVersion::V3_0, document(&schema, "t", "1")), (OpenApiVersion::V3_1, to_3_1(document(&schema, "t", "1")))] {
            let (json, yaml) = Document::new(&schema, "t", "1", version).to_json_and_yaml();
            assert_eq!(json, serde_json::to_string_pretty(&tree).unwrap() + "\n");
            assert_eq!(yaml, serde_yaml_ng::to_string(&tree).unwrap());
        }
    }

    #[test]
    fn hostile_names_become_valid_component_keys() {
        assert_eq!(component_key("a b/<c>"), "a_b__c_");
        assert_eq!(component_key(""), "_");
        let doc = document(&Schema::default(), "t", "1");
        assert_eq!(doc["openapi"], "3.0.3");
    }
}
