//! The widget API, generated at build time from `docs/` by graphdoc (see `build.rs`).
//! The generated files use `crate::models` and `crate::client` paths: mount them at the root.

/// The API's types.
pub mod models {
    include!(concat!(env!("OUT_DIR"), "/src/models.rs"));
}

/// A sans-IO client: build requests, parse responses.
pub mod client {
    include!(concat!(env!("OUT_DIR"), "/src/client.rs"));
}

#[cfg(test)]
mod tests {
    use crate::client::{Client, Endpoint};

    #[test]
    fn the_generated_client_builds_requests_and_reads_responses() {
        let client = Client::new("https://api.example.com/v1");
        let request = client.widgets_get("w 1").to_request("https://api.example.com/v1").expect("a request");
        assert_eq!(request.uri(), "https://api.example.com/v1/widgets/w%201");
        let widget = crate::client::WidgetsGet::parse(200, br#"{"id": "w 1", "name": "Gear", "size": 3}"#).expect("a widget");
        assert_eq!(widget.name.as_deref(), Some("Gear"));
        assert_eq!(widget.size, Some(3));
    }
}
