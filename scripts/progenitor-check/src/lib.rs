//! The client progenitor generates from graphdoc's OpenAPI for docs-input (see `build.rs`).
//! That it compiles is the check; a test below touches its surface.
#![allow(clippy::all, unused, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/client.rs"));

#[cfg(test)]
mod tests {
    use progenitor_client::ClientInfo;

    #[test]
    fn the_client_has_the_documented_operations() {
        let client = super::Client::new("https://graph.microsoft.com/v1.0");
        assert_eq!(client.baseurl(), "https://graph.microsoft.com/v1.0");
        // One method per operationId (named after it).
        let _ = super::Client::me_profile_account_list;
        let _ = super::Client::users_profile_account_create;
        let _ = super::Client::security_user_security_profiles_create;
    }
}
