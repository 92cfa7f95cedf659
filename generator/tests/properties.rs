//! Property tests of the readers (issue 7): they never panic on any text, and what is read
//! from a generated valid page (or JSON) equals what generated it.

use graphdoc::extract::{self, TypeExpr};
use graphdoc::model::Primitive;
use graphdoc::source::SourceFile;
use proptest::prelude::*;

const PRIMITIVES: &[Primitive] = &[
    Primitive::String,
    Primitive::Boolean,
    Primitive::Int32,
    Primitive::Int64,
    Primitive::Double,
    Primitive::Guid,
    Primitive::DateTimeOffset,
    Primitive::Date,
    Primitive::Duration,
    Primitive::Binary,
];

/// Markdown-ish text: the characters page structure is made of, plus anything.
fn markdownish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("\n".to_string()),
            Just("|".to_string()),
            Just("---\n".to_string()),
            Just("```".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            Just("{\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.x\"}".to_string()),
            Just("## Properties\n| Property | Type | Description |\n|:--|:--|:--|\n".to_string()),
            Just("## HTTP request\n```http\nGET /x/{id}\n```\n".to_string()),
            Just("[x](x.md)".to_string()),
            "\\PC{0,12}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn reading_any_page_never_panics(text in markdownish()) {
        let (schema, diags) = graphdoc::schema_from_sources(&[SourceFile::new("api/p.md", text)]);
        prop_assert!(diags.iter().all(|d| !d.message.is_empty()));
        let _ = graphdoc::emit::render(&schema, &graphdoc::Emit::default(), "p", "docs");
    }

    #[test]
    fn lenient_json_reads_valid_json_as_is_and_repairs_trailing_commas(
        pairs in prop::collection::btree_map("[a-zA-Z][a-zA-Z0-9]{0,8}", prop_oneof![any::<i32>().prop_map(serde_json::Value::from), "[ -~]{0,10}".prop_map(serde_json::Value::from), any::<bool>().prop_map(serde_json::Value::from)], 1..8)
    ) {
        let value = serde_json::Value::Object(pairs.into_iter().collect());
        let text = serde_json::to_string_pretty(&value).unwrap();
        let strict = graphdoc::read::json::parse_lenient(&text).unwrap();
        prop_assert!(strict.repairs.is_empty());
        prop_assert_eq!(&strict.value, &value);
        // A trailing comma after the last member, as hand-written examples have.
        let sloppy = format!("{},\n}}", text.trim_end().trim_end_matches('}').trim_end());
        let repaired = graphdoc::read::json::parse_lenient(&sloppy).unwrap();
        prop_assert!(!repaired.repairs.is_empty());
        prop_assert_eq!(repaired.value, value);
    }

    #[test]
    fn a_generated_resource_page_reads_back_as_generated(
        name in "[a-z][a-zA-Z]{2,12}",
        props in prop::collection::btree_map("[a-z][a-zA-Z0-9]{1,12}", (0..PRIMITIVES.len(), any::<bool>(), "[A-Za-z ,.]{0,40}"), 1..12),
    ) {
        let mut page = format!("---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n# {name} resource type\n\nNamespace: microsoft.graph\n\nA {name}.\n\n## Properties\n\n| Property | Type | Description |\n|:---|:---|:---|\n");
        for (p, (ty, collection, doc)) in &props {
            let edm = PRIMITIVES[*ty].edm_name();
            let cell = if *collection { format!("{edm} collection") } else { edm.to_string() };
            page.push_str(&format!("| {p} | {cell} | {doc} |\n"));
        }
        page.push_str(&format!("\n## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n```json\n{{}}\n```\n"));
        let (read, _) = graphdoc::read::read_page(SourceFile::new(format!("resources/{}.md", name.to_lowercase()), page));
        let (facts, _) = extract::extract(&read);
        prop_assert_eq!(facts.resources.len(), 1);
        let r = &facts.resources[0];
        prop_assert_eq!(&r.name, &format!("microsoft.graph.{name}"));
        let got: Vec<(String, Option<TypeExpr>, String)> = r.properties.iter().map(|p| (p.name.clone(), p.ty.clone(), p.doc.clone())).collect();
        let want: Vec<(String, Option<TypeExpr>, String)> = props
            .iter()
            .map(|(p, (ty, collection, doc))| {
                let t = TypeExpr::Primitive(PRIMITIVES[*ty]);
                (p.clone(), Some(if *collection { TypeExpr::Collection(Box::new(t)) } else { t }), doc.split_whitespace().collect::<Vec<_>>().join(" "))
            })
            .collect();
        prop_assert_eq!(got, want);
    }
}
