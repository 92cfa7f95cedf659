use super::*;
use crate::read::read_page;
use crate::source::SourceFile;

fn facts(path: &str, text: &str) -> (PageFacts, Vec<Diagnostic>) {
    let (page, mut diags) = read_page(SourceFile::new(path, text));
    let (f, d) = extract(&page);
    diags.extend(d);
    (f, diags)
}

const RESOURCE: &str = r#"---
title: "itemFacet resource type"
doc_type: resourcePageType
---
# userAccountInformation resource type

Namespace: microsoft.graph

Represents an account.

Inherits from [itemFacet](itemfacet.md).

## Properties
|Property|Type|Description|
|:---|:---|:---|
|id|String|Inherited from [entity](entity.md). Read-only.|
|ageGroup|String|The age group.|
|preferredLanguageTag|[localeInfo](localeinfo.md)|The language.|
|tags|String collection|Not nullable.|
|broken||No type.|

## Relationships
|Relationship|Type|Description|
|:---|:---|:---|
|photos|[profilePhoto](profilephoto.md) collection|Photos.|

### accountStatus values
|Member|Value|Description|
|:---|:---|:---|
|active|0|Active.|
|blocked|1|Blocked.|

## JSON representation
<!-- {
  "blockType": "resource",
  "keyProperty": "id",
  "baseType": null,
  "@odata.type": "microsoft.graph.userAccountInformation"
} -->
```json
{"id": "String"}
```
"#;

#[test]
fn resource_page_facts() {
    let (f, diags) = facts("resources/useraccountinformation.md", RESOURCE);
    assert_eq!(f.namespace.as_deref(), Some("microsoft.graph"));
    let r = &f.resources[0];
    assert_eq!(r.name, "microsoft.graph.userAccountInformation");
    assert_eq!(r.key.as_deref(), Some("id"));
    assert_eq!(r.doc, "Represents an account.");
    // `baseType: null` is absent; the prose gives the base.
    assert!(matches!(&r.base, Some(TypeExpr::Named { name, page: Some(p), .. }) if name == "itemFacet" && p == "resources/itemfacet.md"));
    let names: Vec<_> = r.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["id", "ageGroup", "preferredLanguageTag", "tags", "broken"]);
    assert!(r.properties[0].read_only && r.properties[0].inherited_from.is_some());
    assert!(!r.properties[3].nullable);
    assert!(r.properties[4].ty.is_none());
    assert_eq!(r.navigation[0].name, "photos");
    assert!(matches!(r.navigation[0].ty, Some(TypeExpr::Collection(_))));
    assert_eq!(f.enums[0].name, "accountStatus");
    assert_eq!(f.enums[0].members[1], ("blocked".into(), Some(1), "Blocked.".into()));
    assert!(diags.iter().any(|d| d.code == "GD0108" && d.origin.line == 20), "{diags:?}");
}

const OPERATION: &str = r#"---
title: "List accounts"
doc_type: apiPageType
---
# List accounts

Namespace: microsoft.graph

Get the accounts.

## HTTP request
<!-- { "blockType": "ignored" } -->
```http
GET /me/profile/account
GET /users/{id | userPrincipalName}/profile/account
```

## Optional query parameters
This method supports the `$select` and `$top` OData query parameters.

## Response
If successful, this method returns a `200 OK` response code and a collection of [userAccountInformation](../resources/useraccountinformation.md) objects in the response body.

## Example
<!-- { "blockType": "request", "name": "list_accounts" } -->
```http
GET https://graph.microsoft.com/v1.0/me/profile/account
```

<!-- { "blockType": "response", "@odata.type": "microsoft.graph.userAccountInformation", "isCollection": true } -->
```http
HTTP/1.1 200 OK
Content-Type: application/json

{"value": [{"id": "1", "countryCode": "NO",}]}
```
"#;

#[test]
fn operation_page_facts() {
    let (f, diags) = facts("api/profile-list-accounts.md", OPERATION);
    let op = f.operation.expect("operation");
    assert_eq!(op.kind, crate::model::OperationKind::List);
    let paths: Vec<_> = op.requests.iter().map(|(m, p, o)| format!("{} {} @{}", m.as_str(), p, o.line)).collect();
    assert_eq!(paths, ["GET /me/profile/account @14", "GET /users/{user-id}/profile/account @15"]);
    assert_eq!(op.response_status, 200);
    assert!(matches!(&op.response_type, Some(TypeExpr::Collection(inner)) if matches!(inner.as_ref(), TypeExpr::Named { name, .. } if name == "userAccountInformation")));
    let q: Vec<_> = op.query_params.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(q, ["$select", "$top"]);
    assert_eq!(op.examples.len(), 1);
    assert_eq!(op.examples[0].name, "list_accounts");
    assert_eq!(op.examples[0].status, Some(200));
    assert_eq!(op.examples[0].response.as_ref().unwrap()["value"][0]["countryCode"], "NO");
    assert_eq!(op.doc, "Get the accounts.");
    assert!(diags.iter().any(|d| d.code == "GD0201" && d.origin.line == 35), "{diags:?}");
}

#[test]
fn kinds_from_titles() {
    use crate::model::{Method, OperationKind as K};
    use operation::kind_of;
    assert_eq!(kind_of("Create profilePhoto", Method::Post), K::Create);
    assert_eq!(kind_of("user: assignLicense", Method::Post), K::Action);
    assert_eq!(kind_of("reportRoot: getEmailActivityCounts", Method::Get), K::Function);
    assert_eq!(kind_of("assignLicense", Method::Post), K::Action);
    assert_eq!(kind_of("Remove member", Method::Delete), K::Delete);
    assert_eq!(kind_of("Upsert x", Method::Patch), K::Update);
    assert_eq!(kind_of("Something else", Method::Patch), K::Update);
}

#[test]
fn value_tables_of_string_properties_are_not_enums() {
    let page = "---\ndoc_type: resourcePageType\n---\n# application resource type\n\n## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n|signInAudience|String|Who.|\n|state|[appState](#appstate-values)|State.|\n\n### signInAudience values\n|Member|Description|\n|:--|:--|\n|AzureADMyOrg|Mine.|\n\n### appState values\n|Member|Description|\n|:--|:--|\n|on|On.|\n\n### Prefer header values\n|Member|Description|\n|:--|:--|\n|x|X.|\n\n## JSON representation\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.application\" } -->\n```json\n{}\n```\n";
    let (facts, diags) = crate::extract::extract(&crate::read::read_page(crate::source::SourceFile::new("resources/application.md", page)).0);
    let enums: Vec<_> = facts.enums.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(enums, ["appState"]);
    assert_eq!(diags.iter().filter(|d| d.code == "GD0110").count(), 2, "{diags:?}");
}

#[test]
fn instance_annotations_in_property_tables_are_not_properties() {
    let page = "---\ndoc_type: resourcePageType\n---\n# resourceData resource type\n\n## Properties\n|Property|Type|Description|\n|:--|:--|:--|\n|@odata.type|String|The type.|\n|id|String|Id.|\n\n## JSON representation\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.resourceData\" } -->\n```json\n{}\n```\n";
    let (facts, diags) = crate::extract::extract(&crate::read::read_page(crate::source::SourceFile::new("resources/resourcedata.md", page)).0);
    let names: Vec<_> = facts.resources[0].properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["id"]);
    assert!(diags.iter().any(|d| d.code == "GD0113" && d.origin.line == 9), "{diags:?}");
}

#[test]
fn permissions_and_request_headers_are_read() {
    let page = "---\ntitle: \"List users\"\ndoc_type: apiPageType\n---\n# List users\n\n## Permissions\n|Permission type|Permissions (from least to most privileged)|\n|:--|:--|\n|Delegated (work or school account)|User.ReadBasic.All, User.Read.All|\n|Delegated (personal Microsoft account)|Not supported.|\n|Application|User.Read.All, Directory.Read.All|\n\n## HTTP request\n```http\nGET /users\n```\n\n## Request headers\n|Header|Value|\n|:--|:--|\n|Authorization|Bearer {token}. Required.|\n|ConsistencyLevel|eventual.|\n";
    let (facts, _) = crate::extract::extract(&crate::read::read_page(crate::source::SourceFile::new("api/user-list.md", page)).0);
    let op = facts.operation.expect("an operation");
    assert_eq!(op.permissions.delegated_work, ["User.ReadBasic.All", "User.Read.All"]);
    assert!(op.permissions.delegated_personal.is_empty());
    assert_eq!(op.permissions.application, ["User.Read.All", "Directory.Read.All"]);
    assert_eq!(op.headers, [("ConsistencyLevel".to_string(), "eventual.".to_string())]);
    // A table that says "from most to least privileged" is read least first.
    let reversed = page.replace("(from least to most privileged)", "(from most to least privileged)");
    let (facts, _) = crate::extract::extract(&crate::read::read_page(crate::source::SourceFile::new("api/user-list.md", reversed)).0);
    assert_eq!(facts.operation.expect("an operation").permissions.delegated_work, ["User.Read.All", "User.ReadBasic.All"]);
}

#[test]
fn a_literal_key_in_the_request_section_is_reported_and_read_as_a_parameter() {
    let page = "---\ntitle: \"Get class\"\ndoc_type: apiPageType\n---\n# Get class\n\n## HTTP request\n```http\nGET /education/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793\n```\n";
    let (f, diags) = facts("api/class-get.md", page);
    let (_, path, _) = &f.operation.expect("an operation").requests[0];
    assert_eq!(path.to_string(), "/education/classes/{class-id}");
    let d: Vec<_> = diags.iter().filter(|d| d.code == "GD0308").collect();
    assert_eq!(d.len(), 1, "{diags:?}");
    assert_eq!((d[0].origin.line, d[0].origin.col), (9, 1));
}

#[test]
fn an_angle_bracket_placeholder_is_reported_and_read_as_a_parameter() {
    let page = "---\ntitle: \"Get Range\"\ndoc_type: apiPageType\n---\n# Get Range\n\n## HTTP request\n```http\nGET /me/drive/items/{id}/workbook/worksheets/{id|name}/range(address='<address>')\nGET /me/drive/items/{id}/workbook/worksheets/{id|name}/usedRange\n```\n";
    let (f, diags) = facts("api/range-get.md", page);
    let requests = f.operation.expect("an operation").requests;
    assert_eq!(requests[0].1.to_string(), "/me/drive/items/{item-id}/workbook/worksheets/{worksheet-id}/range(address='{address}')");
    let d: Vec<_> = diags.iter().filter(|d| d.code == "GD0310").collect();
    assert_eq!(d.len(), 1, "only the line with angle brackets: {diags:?}");
    assert_eq!((d[0].origin.line, d[0].origin.col), (9, 1));
    assert!(d[0].message.contains("`<address>`"), "{}", d[0].message);
}

#[test]
fn a_list_whose_response_names_one_object_returns_a_collection() {
    let page = |title: &str, line: &str| format!("---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n# {title}\n\n## HTTP request\n```http\n{line}\n```\n\n## Response\nIf successful, this method returns a `200 OK` response code and the requested [openShift](../resources/openshift.md) object.\n");
    let (f, diags) = facts("api/openshift-list.md", &page("List openShifts", "GET /teams/{id}/schedule/openShifts"));
    assert!(matches!(f.operation.expect("an operation").response_type, Some(TypeExpr::Collection(_))));
    assert_eq!(diags.iter().filter(|d| d.code == "GD0309").count(), 1, "{diags:?}");
    // `manager` is no plural: a "list" of it may well be one object.
    let (f, diags) = facts("api/user-list-manager.md", &page("List manager", "GET /users/{id}/manager"));
    assert!(matches!(f.operation.expect("an operation").response_type, Some(TypeExpr::Named { .. })));
    assert!(!diags.iter().any(|d| d.code == "GD0309"), "{diags:?}");
}
