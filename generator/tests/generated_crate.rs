//! How the crate generated from docs-input behaves (it is checked in as `generated/`):
//! polymorphic reads, three-state updates, and the sans-IO client's requests and responses.

use graphdoc_generated::client::{Client, Endpoint, Error};
use graphdoc_generated::models::microsoft_graph::{ItemFacetAny, UserAccountInformationUpdate};
use graphdoc_generated::models::Field;

#[test]
fn a_base_typed_value_reads_as_its_derived_type() {
    let json = r##"{"@odata.type": "#microsoft.graph.userAccountInformation", "id": "1", "countryCode": "NO", "extra": true}"##;
    let ItemFacetAny::UserAccountInformation(account) = serde_json::from_str::<ItemFacetAny>(json).expect("reads") else {
        panic!("not decoded as the derived type")
    };
    assert_eq!(account.country_code.as_deref(), Some("NO"));
    // What the docs do not describe is kept, and the value writes back unchanged.
    let back = serde_json::to_value(ItemFacetAny::UserAccountInformation(account)).unwrap();
    assert_eq!(back, serde_json::from_str::<serde_json::Value>(json).unwrap());
    // No or an unknown annotation: the base type.
    let base = serde_json::from_str::<ItemFacetAny>(r##"{"@odata.type": "#microsoft.graph.somethingNew", "id": "2"}"##).unwrap();
    assert!(matches!(base, ItemFacetAny::ItemFacet(_)), "{base:?}");
}

#[test]
fn an_update_sends_values_and_nulls_and_leaves_out_the_rest() {
    let update = UserAccountInformationUpdate { country_code: Field::Value("SE".into()), preferred_language_tag: Field::Null, ..Default::default() };
    let request = Client::new("https://graph.microsoft.com/v1.0/").me_profile_account_update("a b/c", update).to_request("https://graph.microsoft.com/v1.0/").expect("a request");
    assert_eq!(request.method(), http::Method::PATCH);
    // The key is percent-encoded into one path segment.
    assert_eq!(request.uri(), "https://graph.microsoft.com/v1.0/me/profile/account/a%20b%2Fc");
    assert_eq!(request.headers()["content-type"], "application/json");
    let body: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    assert_eq!(body, serde_json::json!({ "countryCode": "SE", "preferredLanguageTag": null }));
}

#[test]
fn responses_decode_or_become_typed_errors() {
    type List = graphdoc_generated::client::MeProfileAccountList;
    let page = br#"{"value": [{"id": "1", "countryCode": "NO"}], "@odata.nextLink": "https://next"}"#;
    let list = List::parse(200, page).expect("a page");
    assert_eq!(list.value.len(), 1);
    assert_eq!(list.next_link.as_deref(), Some("https://next"));
    let error = br#"{"error": {"code": "Request_ResourceNotFound", "message": "No such account."}}"#;
    match List::parse(404, error) {
        Err(Error::Status { status: 404, error: Some(e) }) => assert_eq!(e.error.code, "Request_ResourceNotFound"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(List::parse(429, b"slow down"), Err(Error::Status { status: 429, error: None })));
}

#[test]
fn query_options_are_builder_methods_encoded_into_the_request() {
    use graphdoc_generated::client::QueryOptions;
    let base = "https://graph.microsoft.com/v1.0";
    let list = Client::new(base).me_profile_account_list().select(["id", "countryCode"]).filter("countryCode eq 'NO'").top(5).count(true).param("$skiptoken", "a&b");
    let request = list.to_request(base).expect("a request");
    assert_eq!(
        request.uri(),
        "https://graph.microsoft.com/v1.0/me/profile/account?$select=id%2CcountryCode&$filter=countryCode%20eq%20%27NO%27&$top=5&$count=true&%24skiptoken=a%26b"
    );
    // No options, no `?`.
    assert_eq!(Client::new(base).me_profile_account_list().to_request(base).unwrap().uri(), "https://graph.microsoft.com/v1.0/me/profile/account");
}

#[test]
fn navigation_mirrors_the_paths_and_builds_the_same_requests() {
    use graphdoc_generated::client::QueryOptions;
    let base = "https://graph.microsoft.com/v1.0";
    let api = Client::new(base);
    let update = UserAccountInformationUpdate { country_code: Field::Value("SE".into()), ..Default::default() };
    let by_path = api.me().profile().account().id("a b").update(update.clone());
    assert_eq!(by_path, api.me_profile_account_update("a b", update));
    assert_eq!(by_path.to_request(base).unwrap().uri(), "https://graph.microsoft.com/v1.0/me/profile/account/a%20b");
    let list = api.users().id("u/1").profile().account().list().top(1);
    assert_eq!(list.to_request(base).unwrap().uri(), "https://graph.microsoft.com/v1.0/users/u%2F1/profile/account?$top=1");
}

#[test]
fn timestamps_are_typed_and_read_in_any_offset() {
    use graphdoc_generated::models::microsoft_graph::UserAccountInformation;
    let account: UserAccountInformation = serde_json::from_str(r#"{"createdDateTime": "2021-03-01T10:00:00.1234567+02:00"}"#).expect("reads");
    let t = account.created_date_time.expect("a timestamp");
    assert_eq!(t.to_rfc3339(), "2021-03-01T08:00:00.123456700+00:00");
    assert!(serde_json::from_str::<UserAccountInformation>(r#"{"createdDateTime": "String (timestamp)"}"#).is_err());
}
