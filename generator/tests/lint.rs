//! The docs linter's checks beyond parsing, each on a small page set that has exactly the defect.

use graphdoc::source::SourceFile;

const WIDGET: &str = r#"---
title: "widget resource type"
---
# widget resource type

Namespace: microsoft.graph

A widget.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| id | String | The id. |
| size | Int32 | How big. |

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.widget", "keyProperty": "id" } -->
```json
{
  "id": "String",
  "size": 1024,
  "colour": "String"
}
```
"#;

const BIG_WIDGET: &str = r#"---
title: "bigWidget resource type"
---
# bigWidget resource type

Namespace: microsoft.graph

Inherits from [widget](widget.md).

## Properties

| Property | Type | Description |
|:---|:---|:---|
| weight | Double | How heavy. |

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.bigWidget", "baseType": "microsoft.graph.widget" } -->
```json
{ "weight": 1.5 }
```
"#;

/// The same type on a second page, with `size` typed differently.
const WIDGET_AGAIN: &str = r#"---
title: "widget resource type (devices)"
---
# widget resource type

Namespace: microsoft.graph

## Properties

| Property | Type | Description |
|:---|:---|:---|
| size | String | How big, in words. |

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.widget" } -->
```json
{ "size": "String" }
```
"#;

const GET_WIDGET: &str = r##"---
title: "Get widget"
doc_type: apiPageType
---
# Get widget

Namespace: microsoft.graph

Read a widget.

## HTTP request

```http
GET /widgets/{id}
```

## Response

If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.

## Example

### Request

<!-- { "blockType": "request", "name": "get_widget" } -->
```http
GET https://graph.microsoft.com/v1.0/widgets/1
```

### Response

<!-- { "blockType": "response", "@odata.type": "microsoft.graph.widget" } -->
```http
HTTP/1.1 200 OK
Content-type: application/json

{
  "id": "1",
  "size": 3,
  "colr": "red"
}
```

### Request

<!-- { "blockType": "request", "name": "get_big_widget" } -->
```http
GET https://graph.microsoft.com/v1.0/widgets/2
```

### Response

<!-- { "blockType": "response", "@odata.type": "microsoft.graph.widget" } -->
```http
HTTP/1.1 200 OK
Content-type: application/json

{
  "@odata.type": "#microsoft.graph.bigWidget",
  "@odata.etag": "W/\"1\"",
  "id": "2",
  "size": 300,
  "weight": 7.5
}
```
"##;

fn lint(pages: &[(&str, &str)]) -> Vec<graphdoc::diag::Diagnostic> {
    let sources: Vec<SourceFile> = pages.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect();
    graphdoc::schema_from_sources(&sources).1
}

#[test]
fn example_properties_the_type_does_not_define_are_reported_with_their_json_path() {
    let diags = lint(&[("resources/widget.md", WIDGET), ("resources/bigwidget.md", BIG_WIDGET), ("api/widget-get.md", GET_WIDGET)]);
    let unknown: Vec<_> = diags.iter().filter(|d| d.code == "GD0206").collect();
    // `colr` is reported; the derived type's `weight` (by `@odata.type`) and annotations are not.
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    assert!(unknown[0].message.contains("`$.colr`"), "{}", unknown[0].message);
    assert_eq!(unknown[0].origin.file, "api/widget-get.md");
}

#[test]
fn a_representation_property_missing_from_the_tables_is_reported_at_its_line() {
    let diags = lint(&[("resources/widget.md", WIDGET), ("resources/bigwidget.md", BIG_WIDGET)]);
    let found: Vec<_> = diags.iter().filter(|d| d.code == "GD0417").collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("`colour`"));
    assert_eq!((found[0].origin.line, found[0].origin.col), (24, 3));
}

#[test]
fn conflicting_definitions_across_pages_are_reported() {
    let diags = lint(&[("resources/widget.md", WIDGET), ("resources/widget-devices.md", WIDGET_AGAIN)]);
    let conflicts: Vec<_> = diags.iter().filter(|d| d.code == "GD0418").collect();
    assert_eq!(conflicts.len(), 1, "{conflicts:#?}");
    assert!(conflicts[0].message.contains("property `size`") && conflicts[0].message.contains("resources/widget.md"), "{}", conflicts[0].message);
    assert_eq!(conflicts[0].origin.file, "resources/widget-devices.md");
}

#[test]
fn placeholder_timestamps_and_guids_do_not_fit_their_types() {
    let widget = WIDGET.replace("| size | Int32 | How big. |", "| size | Int32 | How big. |\n| madeAt | DateTimeOffset | When. |\n| serial | Guid | Which. |");
    let page = |made: &str, serial: &str| {
        GET_WIDGET
            .replace("\"size\": 3,\n  \"colr\": \"red\"", &format!("\"size\": 3,\n  \"madeAt\": \"{made}\",\n  \"serial\": \"{serial}\""))
    };
    let mismatches = |made: &str, serial: &str| {
        let diags = lint(&[("resources/widget.md", &widget), ("resources/bigwidget.md", BIG_WIDGET), ("api/widget-get.md", &page(made, serial))]);
        diags.iter().filter(|d| d.code == "GD0205").count()
    };
    assert_eq!(mismatches("2021-01-01T10:00:00.1234567+02:00", "6E4B0E7A-1C3D-4E5F-8A9B-0C1D2E3F4A5B"), 0);
    assert_eq!(mismatches("String (timestamp)", "6e4b0e7a-1c3d-4e5f-8a9b-0c1d2e3f4a5b"), 1);
    assert_eq!(mismatches("2021-01-01T10:00:00Z", "Guid"), 1);
}

#[test]
fn links_are_checked_in_folders_that_hold_pages_at_any_depth() {
    let page = WIDGET.replace(
        "# widget resource type",
        "# widget resource type\n\nSee [big](bigwidget.md), [gone](../resources/gone.md) and [a snippet](../includes/snippet.md).",
    );
    assert_ne!(page, WIDGET, "the heading to extend is in the page");
    let diags = lint(&[("v1/resources/widget.md", &page), ("v1/resources/bigwidget.md", BIG_WIDGET)]);
    let broken: Vec<_> = diags.iter().filter(|d| d.code == "GD0106").map(|d| d.message.as_str()).collect();
    // `v1/resources/` holds pages, so its missing page is reported; `v1/includes/` holds none.
    assert_eq!(broken, ["link to `../resources/gone.md`: no such page"]);
}
