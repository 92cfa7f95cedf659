//! The generated async client (`client::send`, the generated crate's default `reqwest` feature)
//! against a real HTTP server on loopback: what goes on the wire, and how responses, pages,
//! OData errors and throttling come back.

use futures_util::TryStreamExt;
use graphdoc_generated::client::send::{HttpClient, StaticToken};
use graphdoc_generated::client::{Client, Error, QueryOptions};
use graphdoc_generated::models::microsoft_graph::UserAccountInformation;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn clients(server: &MockServer) -> (Client, HttpClient<StaticToken>) {
    (Client::new(server.uri()), HttpClient::new(server.uri(), StaticToken("secret-token".into())))
}

#[tokio::test]
async fn a_create_sends_method_path_auth_and_json_and_decodes_the_201() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/me/profile/account"))
        .and(header("authorization", "Bearer secret-token"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({ "countryCode": "NO", "userPrincipalName": "a@contoso.com" })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "id": "42", "countryCode": "NO", "@odata.etag": "W/\"1\"" })))
        .expect(1)
        .mount(&server)
        .await;
    let (api, http) = clients(&server);
    let body = UserAccountInformation { country_code: Some("NO".into()), user_principal_name: Some("a@contoso.com".into()), ..Default::default() };
    let created = http.send(&api.me_profile_account_create(body)).await.expect("created");
    assert_eq!(created.id.as_deref(), Some("42"));
    // The annotation the docs do not describe is kept.
    assert_eq!(created.additional_properties["@odata.etag"], json!("W/\"1\""));
}

#[tokio::test]
async fn a_list_sends_query_options_and_pages_through_next_links() {
    let server = MockServer::start().await;
    let next = format!("{}/me/profile/account?$skiptoken=page2", server.uri());
    Mock::given(method("GET"))
        .and(path("/me/profile/account"))
        .and(query_param("$top", "2"))
        .and(query_param("$select", "id,countryCode"))
        .and(query_param("$filter", "countryCode eq 'NO'"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "value": [{ "id": "1" }, { "id": "2" }], "@odata.nextLink": next })))
        .expect(2) // once as a stream, once page at a time
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/me/profile/account"))
        .and(query_param("$skiptoken", "page2"))
        .and(header("authorization", "Bearer secret-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "value": [{ "id": "3" }] })))
        .expect(2)
        .mount(&server)
        .await;
    let (api, http) = clients(&server);
    let list = api.me_profile_account_list().top(2).select(["id", "countryCode"]).filter("countryCode eq 'NO'");
    let ids: Vec<String> = http.items(&list).map_ok(|a| a.id.unwrap_or_default()).try_collect().await.expect("two pages");
    assert_eq!(ids, ["1", "2", "3"]);
    // Page at a time, too.
    let first = http.send(&list).await.expect("first page");
    let second = http.next_page(&first).await.expect("second page").expect("there is one");
    assert_eq!(second.value.len(), 1);
    assert!(http.next_page(&second).await.expect("no error").is_none());
}

#[tokio::test]
async fn an_odata_error_is_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/me/profile/account/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({ "error": { "code": "itemNotFound", "message": "No such account.", "innerError": { "request-id": "r1" } } })))
        .mount(&server)
        .await;
    let (api, http) = clients(&server);
    let err = http.send(&api.me_profile_account_update("missing", Default::default())).await.expect_err("404");
    let Error::Status { status: 404, error: Some(e) } = &err else { panic!("{err:?}") };
    assert_eq!(e.error.code, "itemNotFound");
    assert_eq!(e.error.additional_properties["innerError"]["request-id"], "r1");
    assert_eq!(err.to_string(), "HTTP 404: itemNotFound: No such account.");
}

#[tokio::test]
async fn a_429_is_retried_after_retry_after_and_reported_when_retries_run_out() {
    let server = MockServer::start().await;
    let throttled = ResponseTemplate::new(429)
        .insert_header("Retry-After", "0")
        .set_body_json(json!({ "error": { "code": "TooManyRequests", "message": "Slow down." } }));
    Mock::given(method("GET")).and(path("/me/profile/account")).respond_with(throttled.clone()).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/me/profile/account"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "value": [] })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let (api, http) = clients(&server);
    let page = http.send(&api.me_profile_account_list()).await.expect("retried once");
    assert!(page.value.is_empty());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    server.reset().await;
    Mock::given(method("GET")).and(path("/me/profile/account")).respond_with(throttled).mount(&server).await;
    let err = http.max_retries(1).send(&api.me_profile_account_list()).await.expect_err("still throttled");
    assert!(matches!(&err, Error::Status { status: 429, error: Some(e) } if e.error.code == "TooManyRequests"), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "one try and one retry");
}
