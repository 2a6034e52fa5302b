//! The e-invoices Rundt writes are valid UBL 2.1: each is checked against
//! the published OASIS UBL 2.1 schema (vendored in `tests/ubl-2.1/`) with
//! xmllint from libxml2-utils. Without xmllint these tests fail; they never
//! pass without having validated.
//!
//! Set `RUNDT_EINVOICE_DUMP_DIR` to keep the written files for a look (or
//! for running a national schematron by hand).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use rundt_export::{
    EInvoice, EInvoiceLine, EInvoiceParty, EInvoiceProfile, einvoice_file_name, einvoice_xml,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn party(
    name: &str,
    registration: &str,
    scheme: &str,
    endpoint: &str,
    (street, postal, city, country): (&str, &str, &str, &str),
) -> EInvoiceParty {
    EInvoiceParty {
        name: name.to_owned(),
        registration_number: registration.to_owned(),
        endpoint_scheme: scheme.to_owned(),
        endpoint_id: endpoint.to_owned(),
        street: street.to_owned(),
        postal_code: postal.to_owned(),
        city: city.to_owned(),
        country_code: country.to_owned(),
    }
}

fn line(id: &str, text: &str, quantity: i64, unit: &str, price: i64) -> EInvoiceLine {
    EInvoiceLine {
        id: id.to_owned(),
        description: text.to_owned(),
        quantity,
        unit_code: unit.to_owned(),
        unit_price_minor: price,
        amount_minor: quantity * price,
    }
}

/// Aarhus buys two MST places in Copenhagen's team for the first quarter.
fn danish_invoice() -> EInvoice {
    EInvoice {
        profile: EInvoiceProfile::Oioubl,
        id: "2026-0042".to_owned(),
        issue_date: day(2026, 4, 2),
        due_date: day(2026, 5, 2),
        currency: "DKK".to_owned(),
        buyer_reference: "MST-4711".to_owned(),
        period_start: day(2026, 1, 1),
        period_end: day(2026, 3, 31),
        seller: party(
            "Københavns Kommune, Børne- & Ungdomsforvaltningen",
            "64942212",
            "0088",
            "5798000123458",
            ("Gyldenløvesgade 15", "1600", "København V", "DK"),
        ),
        buyer: party(
            "Aarhus Kommune <Socialforvaltningen>",
            "55133018",
            "0088",
            "5798000987654",
            ("Rådhuspladsen 2", "8000", "Aarhus C", "DK"),
        ),
        bank_account: "2200 0123456789".to_owned(),
        note: "MST-pladser 1. kvartal 2026 \"familie A & B\"".to_owned(),
        lines: vec![
            line(
                "1",
                "MST-behandling, familie A (uger)",
                13,
                "WEE",
                1_150_000,
            ),
            line("2", "MST-behandling, familie B (dage)", 45, "DAY", 164_350),
        ],
    }
}

/// Bergen buys an MST place in Oslo's team for March.
fn norwegian_invoice() -> EInvoice {
    EInvoice {
        profile: EInvoiceProfile::PeppolBis3,
        id: "F-2026-17".to_owned(),
        issue_date: day(2026, 4, 1),
        due_date: day(2026, 4, 30),
        currency: "NOK".to_owned(),
        buyer_reference: "Barnevern & MST".to_owned(),
        period_start: day(2026, 3, 1),
        period_end: day(2026, 3, 31),
        seller: party(
            "Oslo kommune",
            "958935420",
            "0192",
            "958935420",
            ("Rådhusplassen 1", "0037", "Oslo", "NO"),
        ),
        buyer: party(
            "Bergen kommune",
            "964338531",
            "0192",
            "964338531",
            ("Rådhusgaten 10", "5014", "Bergen", "NO"),
        ),
        bank_account: "1234.56.78903".to_owned(),
        note: String::new(),
        lines: vec![line("1", "MST-plass, mars 2026", 1, "MON", 8_750_000)],
    }
}

fn schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ubl-2.1/xsd/maindoc/UBL-Invoice-2.1.xsd")
}

/// xmllint's verdict on `xml` against the UBL 2.1 Invoice schema:
/// `Ok(())` when valid, otherwise its messages.
fn validate(name: &str, xml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, xml).unwrap();
    if let Ok(keep) = std::env::var("RUNDT_EINVOICE_DUMP_DIR") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(Path::new(&keep).join(name), xml).unwrap();
    }
    let out = match Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema())
        .arg(&file)
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "xmllint is not installed, so the e-invoices cannot be checked against the UBL 2.1 \
             schema: install libxml2-utils (apt-get install -y libxml2-utils)"
        ),
        Err(e) => panic!("could not run xmllint: {e}"),
    };
    let messages = String::from_utf8_lossy(&out.stderr).into_owned();
    if out.status.success() {
        assert!(messages.contains("validates"), "{messages}");
        Ok(())
    } else {
        Err(messages)
    }
}

#[test]
fn the_danish_oioubl_invoice_is_valid_ubl_2_1() {
    let invoice = danish_invoice();
    let xml = einvoice_xml(&invoice).unwrap();
    assert!(xml.contains("<cbc:CustomizationID>OIOUBL-2.1</cbc:CustomizationID>"));
    validate(&einvoice_file_name(&invoice), &xml).unwrap();
}

#[test]
fn the_norwegian_ehf_invoice_is_valid_ubl_2_1() {
    let invoice = norwegian_invoice();
    let xml = einvoice_xml(&invoice).unwrap();
    assert!(xml.contains("poacc:billing:3.0</cbc:CustomizationID>"));
    validate(&einvoice_file_name(&invoice), &xml).unwrap();
}

#[test]
fn a_danish_municipality_invoicing_in_peppol_bis_3_is_valid_ubl_2_1() {
    let mut invoice = danish_invoice();
    invoice.profile = EInvoiceProfile::PeppolBis3;
    let xml = einvoice_xml(&invoice).unwrap();
    assert!(xml.contains(r#"<cbc:EndpointID schemeID="0088">5798000987654</cbc:EndpointID>"#));
    validate("peppol-dk.xml", &xml).unwrap();
}

#[test]
fn the_schema_check_rejects_an_invoice_with_its_elements_out_of_order() {
    // The validator must really check: an invoice whose issue date comes
    // before its number breaks the schema's sequence.
    let xml = einvoice_xml(&norwegian_invoice()).unwrap();
    let id = "  <cbc:ID>F-2026-17</cbc:ID>\n";
    let broken =
        xml.replacen(id, "", 1)
            .replacen("  <cbc:DueDate>", &format!("{id}  <cbc:DueDate>"), 1);
    assert_ne!(broken, xml);
    let messages = validate("broken.xml", &broken).unwrap_err();
    assert!(messages.contains("ID"), "{messages}");
}
