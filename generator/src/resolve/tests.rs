use super::*;
use crate::read::read_page;
use crate::source::SourceFile;

fn schema(pages: &[(&str, &str)]) -> (Schema, Vec<Diagnostic>) {
    let sources: Vec<_> = pages.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect();
    let facts = sources
        .into_iter()
        .map(|s| crate::extract::extract(&read_page(s).0).0)
        .collect();
    resolve(facts)
}

/// Graph's abstract root type, keyed by `id`: most fixtures derive from it.
/// The endpoint at `path` (as the model prints it); a failure lists the paths there are.
fn endpoint<'a>(s: &'a Schema, path: &str) -> &'a Endpoint {
    s.endpoints.iter().find(|e| e.path.to_string() == path).unwrap_or_else(|| panic!("{path}: {:?}", s.endpoints.iter().map(|e| e.path.to_string()).collect::<Vec<_>>()))
}

fn entity_page() -> String {
    resource("entity", r#""keyProperty": "id", "abstract": true,"#, "|id|String|Read-only.|")
}

fn resource(name: &str, extra_annotation: &str, props: &str) -> String {
    format!(
        "---\ndoc_type: resourcePageType\n---\n# {name} resource type\n\nNamespace: microsoft.graph\n\n## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n{props}\n\n## JSON representation\n<!-- {{ \"blockType\": \"resource\", {extra_annotation} \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n```json\n{{}}\n```\n"
    )
}

#[test]
fn inheritance_kinds_and_repeated_properties() {
    let entity = resource("entity", r#""keyProperty": "id","#, "|id|String|Read-only.|");
    let facet = resource("itemFacet", r#""baseType": "microsoft.graph.entity","#, "|id|String|Inherited from [entity](entity.md).|\n|source|[personDataSource](persondatasource.md)|Where.|");
    let source = resource("personDataSource", "", "|type|String|The kind.|");
    let (s, diags) = schema(&[
        ("resources/entity.md", &entity),
        ("resources/itemfacet.md", &facet),
        ("resources/persondatasource.md", &source),
    ]);
    assert!(diags.is_empty(), "{diags:?}");
    let q = |n: &str| QualifiedName::new("microsoft.graph", n);
    let Some(TypeDef::Entity(facet)) = s.lookup(&q("itemFacet")) else { panic!("itemFacet is an entity") };
    assert_eq!(facet.base, Some(q("entity")));
    assert_eq!(facet.key, ["id"]);
    // `id` lives on the base only; `source` points at a complex type, so it is structural.
    let names: Vec<_> = facet.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["source"]);
    assert_eq!(facet.properties[0].ty, TypeRef::Named(q("personDataSource")));
    assert!(matches!(s.lookup(&q("personDataSource")), Some(TypeDef::Complex(_))));
    let Some(TypeDef::Entity(entity)) = s.lookup(&q("entity")) else { panic!() };
    assert!(!entity.properties[0].nullable, "keys are not nullable");
}

#[test]
fn undocumented_types_are_inferred_from_examples_or_untyped() {
    let page = r##"---
title: "Create thing"
doc_type: apiPageType
---
# Create thing

## HTTP request
```http
POST /things
```

## Request body
In the request body, supply a JSON representation of the [thing](../resources/thing.md) object.

## Response
If successful, this method returns a `201 Created` response code and a [gadget](../resources/gadget.md) object in the response body.

## Example
<!-- { "blockType": "request" } -->
```http
POST https://graph.microsoft.com/v1.0/things
Content-Type: application/json

{"@odata.type": "#microsoft.graph.thing", "height": "Int32", "created": "String (timestamp)", "tags": ["a"], "ok": true}
```
"##;
    let (s, diags) = schema(&[("api/thing-post.md", page)]);
    let thing = s.lookup(&QualifiedName::new("microsoft.graph", "thing")).and_then(TypeDef::as_structured).expect("inferred");
    assert_eq!(thing.provenance, Provenance::InferredFromExamples);
    let props: Vec<_> = thing.properties.iter().map(|p| format!("{}:{}", p.name, p.ty)).collect();
    assert_eq!(props, ["height:Edm.Int32", "created:Edm.DateTimeOffset", "tags:Collection(Edm.String)", "ok:Edm.Boolean"]);
    let e = &s.endpoints[0];
    assert_eq!(e.operation_id, "things.create");
    assert_eq!(e.body, Some(TypeRef::Named(thing.name.clone())));
    assert_eq!(e.response.body, Some(TypeRef::Untyped), "gadget is shown nowhere");
    let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"GD0403") && codes.contains(&"GD0404"), "{codes:?}");
}

#[test]
fn operation_ids_are_unique_and_container_is_derived() {
    let entity = resource("user", r#""keyProperty": "id","#, "|id|String|Id.|");
    let op = |title: &str, lines: &str| format!("---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n# {title}\n\n## HTTP request\n```http\n{lines}\n```\n\n## Response\nIf successful, this method returns a `200 OK` response code and a [user](../resources/user.md) object in the response body.\n");
    let get = op("Get user", "GET /users/{id | userPrincipalName}\nGET /me");
    let list = op("List users", "GET /users");
    let again = op("Get user", "GET /me");
    let (s, diags) = schema(&[("resources/user.md", &entity), ("api/user-get.md", &get), ("api/user-list.md", &list), ("api/zz-user-get.md", &again)]);
    let ids: Vec<_> = s.endpoints.iter().map(|e| format!("{} {}", e.operation_id, e.path)).collect();
    assert_eq!(ids, ["me.get /me", "users.list /users", "users.get /users/{user-id}"]);
    assert!(diags.iter().any(|d| d.code == "GD0407" && d.origin.file == "api/zz-user-get.md"), "{diags:?}");
    let sets: Vec<_> = s.container.entity_sets.iter().map(|c| format!("{}:{}", c.name, c.ty)).collect();
    let singletons: Vec<_> = s.container.singletons.iter().map(|c| format!("{}:{}", c.name, c.ty)).collect();
    assert_eq!(sets, ["users:microsoft.graph.user"]);
    assert_eq!(singletons, ["me:microsoft.graph.user"]);
}

#[test]
fn a_key_without_its_property_is_added_and_reported() {
    let page = resource("policy", r#""keyProperty": "id","#, "|displayName|String|Name.|");
    let (s, diags) = schema(&[("resources/policy.md", &page)]);
    let Some(TypeDef::Entity(t)) = s.lookup(&QualifiedName::new("microsoft.graph", "policy")) else { panic!("entity") };
    assert_eq!(t.properties[0].name, "id");
    assert!(!t.properties[0].nullable);
    assert!(diags.iter().any(|d| d.code == "GD0409"), "{diags:?}");
}

#[test]
fn entity_conventions_when_pages_are_silent() {
    let entity = entity_page();
    let agreement = format!(
        "{}\n## Relationships\n|Relationship|Type|Description|\n|:--|:--|:--|\n|acceptances|[agreementAcceptance](agreementacceptance.md) collection|Acceptances.|\n",
        resource("agreement", r#""keyProperty": "id","#, "|id|String|Id.|\n|displayName|String|Name.|")
    );
    // No key, no base: but a relationship points at it and it has an `id`.
    let acceptance = resource("agreementAcceptance", "", "|id|String|Id.|\n|state|String|State.|");
    let (s, _) = schema(&[
        ("resources/entity.md", &entity),
        ("resources/agreement.md", &agreement),
        ("resources/agreementacceptance.md", &acceptance),
    ]);
    let q = |n: &str| QualifiedName::new("microsoft.graph", n);
    let Some(TypeDef::Entity(a)) = s.lookup(&q("agreement")) else { panic!("agreement is an entity") };
    assert_eq!(a.base, Some(q("entity")), "keyed types derive from the abstract key root");
    assert_eq!(a.properties.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["displayName"]);
    assert_eq!(a.navigation[0].name, "acceptances");
    let Some(TypeDef::Entity(acc)) = s.lookup(&q("agreementAcceptance")) else { panic!("relationship targets are entities") };
    assert_eq!(acc.base, Some(q("entity")));
    assert_eq!(acc.key, ["id"]);
}

#[test]
fn bound_operations_get_their_binding_type_from_the_path() {
    let user = resource("user", r#""keyProperty": "id","#, "|id|String|Id.|\n|manager|[user](user.md)|Manager.|");
    let page = |title: &str, line: &str| format!("---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n# {title}\n\n## HTTP request\n```http\n{line}\n```\n");
    let assign = page("user: assignLicense", "POST /users/{id}/assignLicense");
    let delta = page("user: delta", "GET /users/delta()");
    let counts = page("Get counts", "GET /users/{id}/manager/getCounts(period='{v}')");
    let nav = page("Get manager", "GET /users/{id}/manager");
    let (s, _) = schema(&[("resources/user.md", &user), ("api/a.md", &assign), ("api/d.md", &delta), ("api/c.md", &counts), ("api/m.md", &nav)]);
    let ops: Vec<String> = s.namespaces["microsoft.graph"]
        .operations
        .iter()
        .map(|o| format!("{}{}({}){}", if o.is_function { "fn " } else { "action " }, o.name, o.binding, o.parameters.iter().map(|p| format!(" {}", p.0)).collect::<String>()))
        .collect();
    assert_eq!(
        ops,
        [
            "action assignLicense(microsoft.graph.user)",
            "fn delta(Collection(microsoft.graph.user))",
            "fn getCounts(microsoft.graph.user) period",
        ]
    );
}

#[test]
fn a_type_documented_on_several_pages_is_merged() {
    let slice = resource("user", r#""keyProperty": "id","#, "|id|String|Id.|\n|deviceEnrollmentLimit|Int32|Intune's slice.|");
    let main = resource("user", r#""keyProperty": "id","#, "|id|String|Id.|\n|displayName|String|Name.|");
    let (s, diags) = schema(&[("resources/intune-devices-user.md", &slice), ("resources/user.md", &main)]);
    let t = s.lookup(&QualifiedName::new("microsoft.graph", "user")).and_then(TypeDef::as_structured).expect("user");
    // The page named after the type leads; the other adds what it lacks.
    let names: Vec<_> = t.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["id", "displayName", "deviceEnrollmentLimit"]);
    assert_eq!(t.origin.file, "resources/user.md");
    assert!(diags.iter().any(|d| d.code == "GD0405" && d.origin.file == "resources/intune-devices-user.md"), "{diags:?}");
}

fn api(title: &str, line: &str, returns: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n# {title}\n\n## HTTP request\n```http\n{line}\n```\n\n## Response\nIf successful, this method returns a `200 OK` response code and {returns} in the response body.\n")
}

#[test]
fn usage_decides_kinds_where_annotations_mislead() {
    let entity = entity_page();
    let message = resource("chatMessage", r#""keyProperty": "id","#, "|id|String|Id.|\n|attachments|[chatMessageAttachment](chatmessageattachment.md) collection|Files.|");
    // A copied `keyProperty` on a type only ever used as a property value.
    let attachment = resource("chatMessageAttachment", r#""keyProperty": "id","#, "|id|String|Id.|\n|name|String|Name.|");
    // No key and no id row, but `GET /shifts/{id}` addresses it by key.
    let shift = resource("openShift", "", "|schedulingGroupId|String|Group.|");
    let get = api("Get openShift", "GET /shifts/{id}", "an [openShift](../resources/openshift.md) object");
    let (s, diags) = schema(&[
        ("resources/entity.md", &entity),
        ("resources/chatmessage.md", &message),
        ("resources/chatmessageattachment.md", &attachment),
        ("resources/openshift.md", &shift),
        ("api/openshift-get.md", &get),
    ]);
    let q = |n: &str| QualifiedName::new("microsoft.graph", n);
    assert!(matches!(s.lookup(&q("chatMessageAttachment")), Some(TypeDef::Complex(_))), "used only as a value: complex");
    assert!(diags.iter().any(|d| d.code == "GD0412" && d.origin.file == "resources/chatmessageattachment.md"), "{diags:?}");
    let Some(TypeDef::Entity(m)) = s.lookup(&q("chatMessage")) else { panic!("chatMessage is an entity") };
    assert_eq!(m.properties.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["attachments"], "a complex collection stays structural");
    let Some(TypeDef::Entity(o)) = s.lookup(&q("openShift")) else { panic!("addressed by key: an entity") };
    assert_eq!(o.base, Some(q("entity")));
    assert!(diags.iter().any(|d| d.code == "GD0413" && d.origin.file == "api/openshift-get.md"), "{diags:?}");
}

#[test]
fn bases_from_a_base_pages_list_of_derived_types() {
    let base = format!(
        "{}\n## Derived types\n|Type|Description|\n|:--|:--|\n|[acceptJoinResponse](./acceptjoinresponse.md)|Accept.|\n",
        resource("participantJoiningResponse", "", "")
    );
    let prose = resource("educationOutcome", r#""keyProperty": "id","#, "|id|String|Id.|").replace(
        "Namespace: microsoft.graph\n",
        "Namespace: microsoft.graph\n\nThis is a base class; the derived types are [educationPointsOutcome](educationpointsoutcome.md) and more.\n",
    );
    let accept = resource("acceptJoinResponse", "", "");
    let points = resource("educationPointsOutcome", "", "|points|Int32|Points.|");
    let (s, diags) = schema(&[
        ("resources/participantjoiningresponse.md", &base),
        ("resources/educationoutcome.md", &prose),
        ("resources/acceptjoinresponse.md", &accept),
        ("resources/educationpointsoutcome.md", &points),
    ]);
    let q = |n: &str| QualifiedName::new("microsoft.graph", n);
    assert_eq!(s.lookup(&q("acceptJoinResponse")).and_then(TypeDef::as_structured).and_then(|t| t.base.clone()), Some(q("participantJoiningResponse")));
    let Some(TypeDef::Entity(p)) = s.lookup(&q("educationPointsOutcome")) else { panic!("derives from an entity") };
    assert_eq!(p.base, Some(q("educationOutcome")));
    assert_eq!(diags.iter().filter(|d| d.code == "GD0411").count(), 2, "{diags:?}");
}

#[test]
fn navigation_and_roots_from_request_paths() {
    let entity = entity_page();
    let user = resource("user", r#""keyProperty": "id","#, "|id|String|Id.|");
    let team = resource("team", r#""keyProperty": "id","#, "|id|String|Id.|");
    let policy = resource("tokenLifetimePolicy", r#""keyProperty": "id","#, "|id|String|Id.|");
    let joined = api("List joinedTeams", "GET /users/{id}/joinedTeams", "a collection of [team](../resources/team.md) objects");
    let users = api("Get user", "GET /users/{id}", "a [user](../resources/user.md) object");
    let policies = api("List tokenLifetimePolicies", "GET /policies/tokenLifetimePolicies", "a collection of [tokenLifetimePolicy](../resources/tokenlifetimepolicy.md) objects");
    let (s, diags) = schema(&[
        ("resources/entity.md", &entity),
        ("resources/user.md", &user),
        ("resources/team.md", &team),
        ("resources/tokenlifetimepolicy.md", &policy),
        ("api/user-list-joinedteams.md", &joined),
        ("api/user-get.md", &users),
        ("api/policies-list.md", &policies),
        ("api/presences.md", &api("cloudCommunications: getPresencesByUserId", "POST /communications/getPresencesByUserId", "a [user](../resources/user.md) object")),
        ("api/team-get.md", &api("Get team", "GET /teams/{id}", "a [team](../resources/team.md) object")),
    ]);
    let q = |n: &str| QualifiedName::new("microsoft.graph", n);
    let Some(TypeDef::Entity(u)) = s.lookup(&q("user")) else { panic!() };
    assert_eq!(u.navigation.iter().map(|n| format!("{}:{}", n.name, n.ty)).collect::<Vec<_>>(), ["joinedTeams:Collection(microsoft.graph.team)"]);
    assert!(diags.iter().any(|d| d.code == "GD0414"), "{diags:?}");
    // Teams have their own entity set, so `joinedTeams` does not contain them...
    assert!(!u.navigation[0].contains_target);
    // ...while nothing but `/policies` reaches the policies.
    let Some(TypeDef::Entity(root)) = s.lookup(&q("policies")) else { panic!("root type") };
    assert!(root.navigation[0].contains_target);
    // `/policies` is typed by no page: it gets its own entity, not the type of what it holds.
    let singletons: Vec<_> = s.container.singletons.iter().map(|c| format!("{}:{}", c.name, c.ty)).collect();
    // The operation page's title names the root's type.
    assert_eq!(singletons, ["communications:microsoft.graph.cloudCommunications", "policies:microsoft.graph.policies"]);
    let Some(TypeDef::Entity(root)) = s.lookup(&q("policies")) else { panic!("root type") };
    assert_eq!(root.navigation.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(), ["tokenLifetimePolicies"]);
    assert!(diags.iter().any(|d| d.code == "GD0415"), "{diags:?}");
}

#[test]
fn a_type_repeating_a_general_types_rows_derives_from_it() {
    let entity = entity_page();
    let rows = "|id|String|Id.|\n|clientContext|String|Context.|\n|status|String|Status.|";
    let general = resource("commsOperation", r#""keyProperty": "id","#, rows);
    let mute = resource("muteParticipantOperation", r#""keyProperty": "id","#, &format!("{rows}\n|extra|Int32|More.|"));
    // Same rows, but not named like the general type: no inference.
    let other = resource("statusReport", r#""keyProperty": "id","#, rows);
    // Named like it but lacking a row: no inference.
    let partial = resource("playPromptOperation", r#""keyProperty": "id","#, "|id|String|Id.|\n|status|String|Status.|");
    let (s, diags) = schema(&[
        ("resources/entity.md", &entity),
        ("resources/commsoperation.md", &general),
        ("resources/muteparticipantoperation.md", &mute),
        ("resources/statusreport.md", &other),
        ("resources/playpromptoperation.md", &partial),
    ]);
    let q = |n: &str| QualifiedName::new("microsoft.graph", n);
    let base = |n: &str| s.lookup(&q(n)).and_then(TypeDef::as_structured).and_then(|t| t.base.clone());
    assert_eq!(base("muteParticipantOperation"), Some(q("commsOperation")));
    assert_eq!(base("statusReport"), Some(q("entity")));
    assert_eq!(base("playPromptOperation"), Some(q("entity")));
    let Some(TypeDef::Entity(mute)) = s.lookup(&q("muteParticipantOperation")) else { panic!() };
    assert_eq!(mute.properties.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["extra"], "repeated rows live on the base");
    assert!(diags.iter().any(|d| d.code == "GD0411" && d.origin.file == "resources/muteparticipantoperation.md"), "{diags:?}");
}

#[test]
fn tables_with_tabs_and_h3_properties_are_read() {
    let page = "---\ndoc_type: resourcePageType\n---\n# settingValue resource type\n\n### Properties\n\n| Property \t\t| Type |Description|\n| --- \t\t|---|---|\n|name\t|String|Name.|\n\n### JSON representation\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.settingValue\" } -->\n```json\n{}\n```\n";
    let (s, _) = schema(&[("resources/settingvalue.md", page)]);
    let t = s.lookup(&QualifiedName::new("microsoft.graph", "settingValue")).and_then(TypeDef::as_structured).expect("documented");
    assert_eq!(t.properties.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["name"]);
}

#[test]
fn a_relationship_spelled_in_lowercase_takes_the_paths_camel_case() {
    let entity = entity_page();
    let schedule = format!(
        "{}\n## Relationships\n|Relationship|Type|Description|\n|:--|:--|:--|\n|openshifts|[openShift](openshift.md) collection|Open shifts.|\n",
        resource("schedule", r#""keyProperty": "id","#, "|id|String|Id.|")
    );
    let shift = resource("openShift", r#""keyProperty": "id","#, "|id|String|Id.|");
    let list = api("List openShifts", "GET /schedules/{id}/openShifts", "a collection of [openShift](../resources/openshift.md) objects");
    let get = api("Get schedule", "GET /schedules/{id}", "a [schedule](../resources/schedule.md) object");
    let (s, diags) = schema(&[
        ("resources/entity.md", &entity),
        ("resources/schedule.md", &schedule),
        ("resources/openshift.md", &shift),
        ("api/openshift-list.md", &list),
        ("api/schedule-get.md", &get),
    ]);
    let Some(TypeDef::Entity(t)) = s.lookup(&QualifiedName::new("microsoft.graph", "schedule")) else { panic!() };
    assert_eq!(t.navigation.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(), ["openShifts"]);
    assert!(diags.iter().any(|d| d.code == "GD0112"), "{diags:?}");
}

#[test]
fn a_string_listing_an_enums_members_has_the_enum_type() {
    let op = resource("commsOperation", "", "|status|String|Possible values are: `notStarted`, `running`, `completed`, `failed`. Read-only.|\n|note|String|Possible values are: `a`, `b`.|");
    let en = "---\ndoc_type: enumPageType\n---\n# operationStatus enum type\n\nNamespace: microsoft.graph\n\n## Members\n|Member|Value|Description|\n|:--|:--|:--|\n|NotStarted|0|Not yet.|\n|Running|1|Now.|\n|Completed|2|Done.|\n|Failed|3|No.|\n|unknownFutureValue|4|Sentinel.|\n";
    let (s, diags) = schema(&[("resources/commsoperation.md", &op), ("resources/operationstatus.md", en)]);
    let t = s.lookup(&QualifiedName::new("microsoft.graph", "commsOperation")).and_then(TypeDef::as_structured).expect("documented");
    let ty = |n: &str| t.properties.iter().find(|p| p.name == n).map(|p| p.ty.to_string());
    assert_eq!(ty("status").as_deref(), Some("microsoft.graph.operationStatus"));
    assert_eq!(ty("note").as_deref(), Some("Edm.String"), "values of no enum stay strings");
    assert!(diags.iter().any(|d| d.code == "GD0416"), "{diags:?}");
}

#[test]
fn an_unused_enum_named_like_a_string_property_is_a_value_list() {
    let app = resource("application", "", "|signInAudience|String|Who may sign in.|\n|state|[appState](enums.md#appstate-values)|State.|");
    let enums = "---\ndoc_type: enumPageType\n---\n# Enums\n\nNamespace: microsoft.graph\n\n### signInAudience values\n|Member|\n|:--|\n|AzureADMyOrg|\n|AzureADMultipleOrgs|\n\n### appState values\n|Member|\n|:--|\n|on|\n|off|\n\n### unusedThing values\n|Member|\n|:--|\n|a|\n|b|\n";
    let (s, diags) = schema(&[("resources/application.md", &app), ("resources/enums.md", enums)]);
    let ns = &s.namespaces["microsoft.graph"];
    assert!(!ns.types.contains_key("signInAudience"), "a value list of a string property");
    assert!(ns.types.contains_key("appState"), "used by a property");
    assert!(ns.types.contains_key("unusedThing"), "unused, but named like no property: still documented");
    assert!(diags.iter().any(|d| d.code == "GD0110" && d.message.contains("signInAudience")), "{diags:?}");
}

#[test]
fn parameters_at_one_position_get_one_name() {
    let chat = resource("chat", r#""keyProperty": "id","#, "|id|String|Id.|");
    let get = api("Get chat", "GET /chats/{chat-id}", "a [chat](../resources/chat.md) object");
    let list = api("List messages", "GET /chats/{chat-id}/messages", "a collection of [chat](../resources/chat.md) objects");
    let update = api("Update chat", "PATCH /chats/{chat-thread-id}", "a [chat](../resources/chat.md) object");
    // Same route under another parameter name: one endpoint, the other reported.
    let again = api("Get chat again", "GET /chats/{chat-thread-id}", "a [chat](../resources/chat.md) object");
    let (s, diags) = schema(&[
        ("resources/chat.md", &chat),
        ("api/chat-get.md", &get),
        ("api/chat-list-messages.md", &list),
        ("api/chat-update.md", &update),
        ("api/zz-chat-get.md", &again),
    ]);
    let routes: Vec<String> = s.endpoints.iter().map(|e| format!("{} {}", e.method.as_str(), e.path)).collect();
    assert_eq!(routes, ["GET /chats/{chat-id}", "PATCH /chats/{chat-id}", "GET /chats/{chat-id}/messages"]);
    assert!(diags.iter().any(|d| d.code == "GD0407" && d.origin.file == "api/zz-chat-get.md"), "{diags:?}");
}

#[test]
fn an_actions_request_body_table_gives_its_parameters() {
    let user = resource("user", r#""keyProperty": "id","#, "|id|String|Id.|");
    let page = "---\ntitle: \"user: assignLicense\"\ndoc_type: apiPageType\n---\n# user: assignLicense\n\n## HTTP request\n```http\nPOST /users/{id}/assignLicense\n```\n\n## Request body\n|Parameter|Type|Description|\n|:--|:--|:--|\n|removeLicenses|Guid collection|Skus to remove.|\n|note|String|A note.|\n\n## Response\nIf successful, this method returns `200 OK` response code and a [user](../resources/user.md) object in the response body.\n";
    let (s, _) = schema(&[("resources/user.md", &user), ("api/user-assignlicense.md", page)]);
    let op = s.namespaces["microsoft.graph"].operations.iter().find(|o| o.name == "assignLicense").expect("bound action");
    let params: Vec<String> = op.parameters.iter().map(|(n, t)| format!("{n}:{t}")).collect();
    assert_eq!(params, ["removeLicenses:Collection(Edm.Guid)", "note:Edm.String"]);
    let files = crate::emit::render(&s, &crate::Emit::default(), "x", "docs");
    let doc: serde_json::Value = serde_json::from_slice(&files["openapi.json"]).unwrap();
    let body = &doc["paths"]["/users/{user-id}/assignLicense"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(body["properties"]["removeLicenses"]["type"], "array", "{body}");
}

#[test]
fn paths_make_entities_of_what_they_bind_operations_below_and_step_through_named_types() {
    let entity = entity_page();
    let user = resource("user", r#""keyProperty": "id","#, "|id|String|Id.|");
    let workbook = resource("workbook", r#""keyProperty": "id","#, "|id|String|Id.|");
    // Neither page gives a key, an id row or relationships: only the paths tell.
    let application = resource("workbookApplication", "", "|calculationMode|String|Mode.|");
    let settings = resource("mailboxSettings", "", "|timeZone|String|Zone.|");
    let teamwork = format!(
        "{}\n## Relationships\n|Relationship|Type|Description|\n|:--|:--|:--|\n|installedApps|[app](app.md) collection|Apps.|\n",
        resource("userTeamwork", r#""keyProperty": "id","#, "|id|String|Id.|")
    );
    let app = resource("app", r#""keyProperty": "id","#, "|id|String|Id.|");
    let (s, diags) = schema(&[
        ("resources/entity.md", &entity),
        ("resources/user.md", &user),
        ("resources/workbook.md", &workbook),
        ("resources/workbookapplication.md", &application),
        ("resources/mailboxsettings.md", &settings),
        ("resources/userteamwork.md", &teamwork),
        ("resources/app.md", &app),
        ("api/user-get.md", &api("Get user", "GET /users/{id}", "a [user](../resources/user.md) object")),
        ("api/workbook-get.md", &api("Get workbook", "GET /workbooks/{id}", "a [workbook](../resources/workbook.md) object")),
        ("api/app-get.md", &api("Get workbookApplication", "GET /workbooks/{id}/application", "a [workbookApplication](../resources/workbookapplication.md) object")),
        ("api/app-calculate.md", &api("workbookApplication: calculate", "POST /workbooks/{id}/application/calculate", "no content")),
        // Property access below a complex value is no operation: it stays complex.
        ("api/settings-get.md", &api("Get mailboxSettings", "GET /users/{id}/mailboxSettings", "a [mailboxSettings](../resources/mailboxsettings.md) object")),
        ("api/zone-get.md", &api("Get timeZone", "GET /users/{id}/mailboxSettings/timeZone", "a [mailboxSettings](../resources/mailboxsettings.md) object")),
        ("api/apps-list.md", &api("List installedApps", "GET /users/{id}/teamwork/installedApps", "a collection of [app](../resources/app.md) objects")),
    ]);
    let q = |n: &str| QualifiedName::new("microsoft.graph", n);
    let Some(TypeDef::Entity(a)) = s.lookup(&q("workbookApplication")) else { panic!("an action is bound below it: an entity") };
    assert_eq!(a.base, Some(q("entity")));
    assert!(diags.iter().any(|d| d.code == "GD0413" && d.origin.file == "api/app-get.md"), "{diags:?}");
    let Some(TypeDef::Entity(w)) = s.lookup(&q("workbook")) else { panic!() };
    assert_eq!(w.navigation.iter().map(|n| format!("{}:{}", n.name, n.ty)).collect::<Vec<_>>(), ["application:microsoft.graph.workbookApplication"]);
    assert!(matches!(s.lookup(&q("mailboxSettings")), Some(TypeDef::Complex(_))), "{diags:?}");
    // `/users/{id}/teamwork/installedApps`: `user` + `teamwork` names the type that has `installedApps`.
    let Some(TypeDef::Entity(u)) = s.lookup(&q("user")) else { panic!() };
    assert!(u.navigation.iter().any(|n| n.name == "teamwork" && n.ty == TypeRef::Named(q("userTeamwork"))), "{:?}", u.navigation);
    assert!(diags.iter().any(|d| d.code == "GD0414" && d.message.contains("steps through it")), "{diags:?}");
}

#[test]
fn literal_keys_raw_values_and_a_later_response_statement() {
    let entity = entity_page();
    let photo = resource("profilePhoto", r#""keyProperty": "id","#, "|id|String|Id.|\n|height|Int32|Pixels.|");
    let class = resource("educationClass", r#""keyProperty": "id","#, "|id|String|Id.|");
    // The first statement is about the binary photo; the second names the metadata's type.
    let get = "---\ntitle: \"Get photo\"\ndoc_type: apiPageType\n---\n# Get photo\n\n## HTTP request\n```http\nGET /me/photo/$value\nGET /me/photo\n```\n\n## Response\nIf successful, this method returns a `200 OK` response code and binary data.\n\nIf successful, this method returns a `200 OK` response code and a [profilePhoto](../resources/profilephoto.md) object.\n\n## Example\n<!-- { \"blockType\": \"request\" } -->\n```http\nGET /me/photo\n```\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"id\": \"48x48\", \"height\": 48}\n```\n";
    let (s, _) = schema(&[
        ("resources/entity.md", &entity),
        ("resources/profilephoto.md", &photo),
        ("resources/educationclass.md", &class),
        ("api/profilephoto-get.md", get),
        ("api/class-get.md", &api("Get class", "GET /education/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793", "an [educationClass](../resources/educationclass.md) object")),
    ]);
    let e = |p: &str| endpoint(&s, p);
    let q = |n: &str| QualifiedName::new("microsoft.graph", n);
    assert_eq!(e("/me/photo").response.body, Some(TypeRef::Named(q("profilePhoto"))));
    assert!(e("/me/photo").examples.iter().any(|x| x.response.is_some()));
    // `$value` is the raw photo, and the JSON example is the metadata path's alone.
    assert_eq!(e("/me/photo/$value").response.body, Some(TypeRef::Primitive(Primitive::Stream)));
    assert!(e("/me/photo/$value").examples.is_empty());
    assert_eq!(e("/education/classes/{class-id}").response.body, Some(TypeRef::Named(q("educationClass"))));
}

#[test]
fn a_list_naming_one_object_lists_it_and_wins_over_a_get_without_its_key() {
    let entity = entity_page();
    let request = resource("swapRequest", r#""keyProperty": "id","#, "|id|String|Id.|");
    let one = "the requested [swapRequest](../resources/swaprequest.md) object";
    // Both pages document the collection's path; the get page forgot `{id}`.
    let (s, diags) = schema(&[
        ("resources/entity.md", &entity),
        ("resources/swaprequest.md", &request),
        ("api/swaprequest-get.md", &api("Get swapRequest", "GET /swapRequests", one)),
        ("api/swaprequest-list.md", &api("List swapRequests", "GET /swapRequests", one)),
    ]);
    let [e] = s.endpoints.as_slice() else { panic!("{:?}", s.endpoints) };
    assert_eq!((e.kind, e.origin.file.as_str()), (OperationKind::List, "api/swaprequest-list.md"));
    assert_eq!(e.response.body, Some(TypeRef::Collection(Box::new(TypeRef::Named(QualifiedName::new("microsoft.graph", "swapRequest"))))));
    assert!(diags.iter().any(|d| d.code == "GD0407" && d.origin.file == "api/swaprequest-get.md"), "{diags:?}");
}

#[test]
fn a_route_documented_once_per_derived_type_takes_their_base() {
    let entity = entity_page();
    let app = resource("mobileApp", r#""keyProperty": "id", "baseType": "microsoft.graph.entity","#, "|displayName|String|Name.|");
    let derived = |name: &str| resource(name, r#""baseType": "microsoft.graph.mobileApp","#, "|size|Int64|Bytes.|");
    let (android, ios, note) = (derived("androidLobApp"), derived("iosLobApp"), resource("note", r#""keyProperty": "id","#, "|text|String|Text.|"));
    let get = |name: &str| api(&format!("Get {name}"), "GET /deviceAppManagement/mobileApps/{id}", &format!("a [{name}](../resources/{}.md) object", name.to_lowercase()));
    // The types' pages, then the API pages that document the route.
    let with = |apis: &[(&str, String)]| {
        let mut all: Vec<(&str, &str)> = vec![
            ("resources/entity.md", &entity),
            ("resources/mobileapp.md", &app),
            ("resources/androidlobapp.md", &android),
            ("resources/ioslobapp.md", &ios),
            ("resources/note.md", &note),
        ];
        all.extend(apis.iter().map(|(p, t)| (*p, t.as_str())));
        schema(&all)
    };
    let q = |n: &str| QualifiedName::new("microsoft.graph", n);
    let (android_get, ios_get) = (("api/intune-apps-androidlobapp-get.md", get("androidLobApp")), ("api/intune-apps-ioslobapp-get.md", get("iosLobApp")));
    // Each page about its own derived type: the route returns the base.
    let (s, diags) = with(&[android_get.clone(), ios_get.clone()]);
    let [e] = s.endpoints.as_slice() else { panic!("{:?}", s.endpoints) };
    assert_eq!(e.response.body, Some(TypeRef::Named(q("mobileApp"))));
    assert_eq!(diags.iter().filter(|d| d.code == "GD0419").count(), 1, "{diags:?}");
    // A page that is not about the type it names (one documenting many routes) decides nothing.
    let (s, diags) = with(&[android_get.clone(), ios_get, ("api/zz-third-page.md", get("iosLobApp"))]);
    assert_eq!(s.endpoints[0].response.body, Some(TypeRef::Named(q("androidLobApp"))));
    assert!(!diags.iter().any(|d| d.code == "GD0419"), "{diags:?}");
    // Nor do unrelated types, whose only common base is the root of everything.
    let (s, _) = with(&[android_get, ("api/note-get.md", get("note"))]);
    assert_eq!(s.endpoints[0].response.body, Some(TypeRef::Named(q("androidLobApp"))));
}

#[test]
fn a_gets_response_follows_what_its_path_addresses() {
    let entity = entity_page();
    let widget = format!(
        "{}\n## Relationships\n|Relationship|Type|Description|\n|:--|:--|:--|\n|shared|[part](part.md) collection|Parts shared.|\n",
        resource("widget", r#""keyProperty": "id","#, "|id|String|Id.|")
    );
    let part = resource("part", r#""keyProperty": "id", "baseType": "microsoft.graph.entity","#, "|id|String|Id.|");
    let bolt = resource("bolt", r#""baseType": "microsoft.graph.part","#, "|size|Int32|Size.|\n|thread|[threadSpec](threadspec.md)|Thread.|");
    let spec = resource("threadSpec", "", "|pitch|Double|Pitch.|");
    let (s, diags) = schema(&[
        ("resources/entity.md", &entity),
        ("resources/widget.md", &widget),
        ("resources/part.md", &part),
        ("api/widget-list.md", &api("List widgets", "GET /widgets", "a collection of [widget](../resources/widget.md) objects")),
        // One item by key, said to be a collection; a collection property, said to be one item.
        ("api/widget-get.md", &api("Get widget", "GET /widgets/{id}", "a collection of [widget](../resources/widget.md) objects")),
        ("api/widget-get-shared.md", &api("Get shared", "GET /widgets/{id}/shared", "a [part](../resources/part.md) object")),
        // One kind of part, by key: the path holds any part.
        ("resources/bolt.md", &bolt),
        ("api/bolt-get.md", &api("Get bolt", "GET /widgets/{id}/shared/{id}", "a [bolt](../resources/bolt.md) object")),
        // A property of a bolt, said to return the bolt.
        ("resources/threadspec.md", &spec),
        ("api/bolt-get-thread.md", &api("Get thread", "GET /bolts/{id}/thread", "a [bolt](../resources/bolt.md) object")),
        ("api/bolt-list.md", &api("List bolts", "GET /bolts", "a collection of [bolt](../resources/bolt.md) objects")),
    ]);
    let q = |n: &str| TypeRef::Named(QualifiedName::new("microsoft.graph", n));
    let by_path = |p: &str| endpoint(&s, p);
    let get = by_path("/widgets/{widget-id}");
    assert_eq!((get.response.body.clone(), get.kind, get.operation_id.as_str()), (Some(q("widget")), OperationKind::Get, "widgets.get"));
    let parts = by_path("/widgets/{widget-id}/shared");
    assert_eq!((parts.response.body.clone(), parts.kind), (Some(TypeRef::Collection(Box::new(q("part")))), OperationKind::List));
    assert_eq!(by_path("/widgets/{widget-id}/shared/{shared-id}").response.body, Some(q("part")));
    assert_eq!(by_path("/bolts/{bolt-id}/thread").response.body, Some(q("threadSpec")));
    assert_eq!(diags.iter().filter(|d| d.code == "GD0420").count(), 4, "{diags:?}");
}

#[test]
fn an_example_belongs_to_the_path_its_request_went_to() {
    let entity = entity_page();
    let bolt = resource("bolt", r#""keyProperty": "id","#, "|id|String|Id.|\n|thread|[threadSpec](threadspec.md)|Thread.|");
    let spec = resource("threadSpec", "", "|pitch|Double|Pitch.|");
    // One page, two paths; it says both return a bolt, and shows one example for each.
    let page = "---\ntitle: \"Get bolt\"\ndoc_type: apiPageType\n---\n# Get bolt\n\n## HTTP request\n```http\nGET /bolts/{id}\nGET /bolts/{id}/thread\n```\n\n## Response\nIf successful, this method returns a `200 OK` response code and a [bolt](../resources/bolt.md) object in the response body.\n\n## Examples\n<!-- { \"blockType\": \"request\", \"name\": \"get_bolt\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/bolts/b1\n```\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\n\n{\"id\": \"b1\"}\n```\n<!-- { \"blockType\": \"request\", \"name\": \"get_thread\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/bolts/b1/thread\n```\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\n\n{\"pitch\": 1.5}\n```\n";
    let (s, diags) = schema(&[
        ("resources/entity.md", &entity),
        ("resources/bolt.md", &bolt),
        ("resources/threadspec.md", &spec),
        ("api/bolt-list.md", &api("List bolts", "GET /bolts", "a collection of [bolt](../resources/bolt.md) objects")),
        ("api/bolt-get.md", page),
    ]);
    let names = |p: &str| endpoint(&s, p).examples.iter().map(|x| x.name.clone()).collect::<Vec<_>>();
    // (The HTTP request section's block counts as a bodiless example of the first path.)
    assert_eq!(names("/bolts/{bolt-id}"), ["example1", "get_bolt"]);
    assert_eq!(names("/bolts/{bolt-id}/thread"), ["get_thread"]);
    assert!(!diags.iter().any(|d| d.code == "GD0205" || d.code == "GD0206"), "{diags:?}");
}
