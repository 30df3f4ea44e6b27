//! Prints the JSON Schema of every type a host sees: the requests it builds, the answers it
//! reads, the order workflow's actions and results, the issuance and Global DNS publication
//! workflows' actions, results and errors, key algorithms, and the one error type. The other
//! languages' types are generated from it (`scripts/generate-types.py`), so that each type is
//! described once, here, by the Rust types themselves.
//!
//! ```text
//! cargo run -p ncpcert --example export-schema --features schema > schema/ncpcert.schema.json
//! ```

use ncpcert::globaldns::{DnsError, Published, TxtRecord};
use ncpcert::host::{
    CertificateListAnswer, DriverAction, HostError, IssuanceAction, KeySources,
    PublicationDriverAction,
};
use ncpcert::inventory::{Expiry, InventoryRow};
use ncpcert::issuance::{IssuanceError, Issued};
use ncpcert::keys::KeyAlgorithm;
use ncpcert::order::PlacedOrder;
use ncpcert::renewal::RenewalDecision;
use ncpcert::{
    CertificateChain, CsrReport, DcvStatuses, ErrorCode, IssuanceResponse, OrderDetails, OrderList,
    OrganizationList, Outcome, PreparedRequest, Report,
};
use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

fn main() {
    // What hosts receive: the shapes the types serialise to.
    let mut generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    // Each root type by name; the types they refer to come along in `$defs`.
    let mut roots = Map::new();
    macro_rules! roots {
        ($($t:ty),* $(,)?) => {$(
            let reference = generator.subschema_for::<$t>();
            roots.insert(stringify!($t).to_owned(), reference.to_value());
        )*};
    }
    roots!(
        PreparedRequest,
        Report,
        CsrReport,
        IssuanceResponse,
        CertificateListAnswer,
        DcvStatuses,
        CertificateChain,
        OrganizationList,
        OrderList,
        OrderDetails,
        Expiry,
        InventoryRow,
        RenewalDecision,
        KeySources,
        DriverAction,
        PlacedOrder,
        IssuanceAction,
        Issued,
        IssuanceError,
        PublicationDriverAction,
        Published,
        TxtRecord,
        DnsError,
        KeyAlgorithm,
        HostError,
        ErrorCode,
        Outcome,
    );
    let definitions = generator.take_definitions(true);
    let document = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ncpcert",
        "description": "Every type an ncpcert host sees, generated from the Rust types of the ncpcert crate. Do not edit: run scripts/generate-types.py.",
        "x-roots": Value::Object(roots),
        "$defs": Value::Object(definitions),
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&document).expect("a JSON value serialises")
    );
}
