//! The e-invoice a public buyer receives for MST places it bought in another
//! municipality's team: a UBL 2.1 `Invoice`, as OIOUBL for Denmark and as
//! EHF / Peppol BIS Billing 3.0 for Norway. Rundt writes the file; sending
//! it (NemHandel, Peppol access point) is someone else's job.
//!
//! # Identifiers
//!
//! - Peppol BIS Billing 3.0 (EHF in Norway) [verified]: `CustomizationID`
//!   `urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0`,
//!   `ProfileID` `urn:fdc:peppol.eu:2017:poacc:billing:01:1.0` (checked
//!   against OpenPEPPOL's `peppol-bis-invoice-3` rules, PEPPOL-EN16931-R001,
//!   R004 and R007).
//! - OIOUBL [verified against the OIOUBL schematron]: the OIOUBL version
//!   that is based on UBL 2.1 is OIOUBL 2.1 (`UBLVersionID` 2.1,
//!   `CustomizationID` `OIOUBL-2.1`; the schematron's rule F-LIB001/F-LIB006
//!   accepts it, and its read-me requires the document to validate against
//!   the UBL 2.1 XSD). `ProfileID` is NES profile 5, billing only:
//!   `urn:www.nesubl.eu:profiles:profile5:ver2.0` with `schemeAgencyID`
//!   320 and `schemeID` `urn:oioubl:id:profileid-1.2`. OIOUBL 3.0, the
//!   coming Danish profile built on Peppol BIS 3, is not written here
//!   [unverified whether buyers accept it yet].
//!
//! # VAT: a social service is exempt
//!
//! MST is treatment of families paid for by municipalities under social
//! law, so no VAT is charged: Danish momsloven § 13, stk. 1, nr. 2 (social
//! welfare, the Danish form of article 132(1)(g) of Council Directive
//! 2006/112/EC) and Norwegian merverdiavgiftsloven § 3-4 (social services
//! are "unntatt").
//!
//! - Peppol BIS 3: tax category `E` ("Exempt from VAT"), rate 0, tax 0, with
//!   a VAT exemption reason text on the VAT breakdown (BR-E-10) and, for a
//!   seller in the EU, the reason code `VATEX-EU-132-1G` from the VATEX code
//!   list ("welfare and social security work ... by bodies governed by
//!   public law") [verified in the rules' VATEX code list]. VATEX codes are
//!   EU codes, so a Norwegian seller gives the text only. BR-E-02 wants a
//!   seller tax identifier beside an exempt line: the seller's registration
//!   number is given as its tax registration identifier (BT-32,
//!   `PartyTaxScheme` with scheme `TAX`), since an exempt seller need not
//!   have a VAT number. (Norwegian rule NO-R-002, a warning, expects the
//!   word "Foretaksregisteret" there; it applies to companies, and a
//!   municipality is not in Foretaksregisteret.)
//! - OIOUBL 2.1: its tax category list (`urn:oioubl:id:taxcategoryid-1.1`)
//!   has no exempt category, only StandardRated, ZeroRated, ReverseCharge and
//!   excise codes [verified in the OIOUBL schematron's code lists]; an
//!   exempt supply is written as `ZeroRated` with rate 0 in the VAT scheme
//!   `63` ("Moms", `urn:oioubl:id:taxschemeid-1.5`), which is also how
//!   Invopop's OIOUBL 2.1 converter maps an exempt VAT key. The exemption
//!   reason goes in `TaxExemptionReason`. OIOUBL's `TaxExclusiveAmount` is
//!   the invoice's total tax (rule F-INV127), not the net total as in
//!   EN 16931, so it is 0.00 here.
//!   The seller is identified by its CVR number (`PartyLegalEntity`,
//!   `PartyIdentification`); no VAT registration (SE number) is written,
//!   as the input does not carry one and the schematron does not require
//!   it [verified with schematron 1.12.2; unverified for later versions].
//!
//! # Amounts
//!
//! Every amount is whole øre (i64) and written with two decimals by integer
//! arithmetic. A line's amount must be its quantity times its unit price;
//! the invoice total is the sum of the lines, so the line sum, the VAT
//! breakdown and the monetary totals agree exactly (BR-CO-10, BR-CO-13,
//! BR-CO-14, BR-CO-15, BR-CO-16, PEPPOL-EN16931-R120; OIOUBL F-INV126 to
//! F-INV133).
//!
//! # Parties and payment
//!
//! Endpoint schemes are ISO 6523 codes: `0088` GLN (EAN location number,
//! what Danish public buyers receive on), `0184` Danish CVR, `0192`
//! Norwegian organisation number. OIOUBL writes them in its own symbolic
//! form (`GLN`, `DK:CVR` with a `DK` prefix, `NO:ORGNR`). A Danish seller is
//! paid by bank transfer to a Danish account given as registration number
//! and account number ("1234 0001234567"): OIOUBL payment means 42 with
//! channel `DK:BANK`, and in Peppol the same code 42 (the Danish rules
//! DK-R-005/DK-R-006 allow it and want both numbers). A Norwegian seller is
//! paid by credit transfer (code 30) to its account number.

use chrono::NaiveDate;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use sha2::{Digest, Sha256};

use crate::error::ExportError;
use crate::names::slug;
use crate::num::minor_units;

/// Which national form of UBL 2.1 the invoice is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EInvoiceProfile {
    /// OIOUBL 2.1, for Danish public buyers (NemHandel).
    Oioubl,
    /// Peppol BIS Billing 3.0, which is EHF for Norwegian public buyers.
    PeppolBis3,
}

/// The seller or the buyer: a municipality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EInvoiceParty {
    pub name: String,
    /// CVR number (8 digits) in Denmark, organisation number (9 digits) in
    /// Norway.
    pub registration_number: String,
    /// ISO 6523 scheme of the electronic address: "0088" (GLN/EAN),
    /// "0184" (Danish CVR) or "0192" (Norwegian organisation number).
    pub endpoint_scheme: String,
    pub endpoint_id: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// "DK" or "NO".
    pub country_code: String,
}

/// One invoiced item, e.g. a family's MST weeks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EInvoiceLine {
    pub id: String,
    pub description: String,
    /// Whole units.
    pub quantity: i64,
    /// UN/ECE recommendation 20 unit: "C62" one, "WEE" week, "DAY" day,
    /// "MON" month.
    pub unit_code: String,
    /// Price of one unit in minor units (øre).
    pub unit_price_minor: i64,
    /// The line's net amount in minor units: quantity × unit price.
    pub amount_minor: i64,
}

/// An invoice for MST places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EInvoice {
    pub profile: EInvoiceProfile,
    /// The invoice number.
    pub id: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    /// "DKK" or "NOK".
    pub currency: String,
    /// The buyer's reference (Danish "personreference"/order reference,
    /// Norwegian "Deres ref."), which routes the invoice inside the buyer.
    pub buyer_reference: String,
    /// The period the places are invoiced for, both days included.
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub seller: EInvoiceParty,
    pub buyer: EInvoiceParty,
    /// The seller's account: Danish "registration number + account number"
    /// (e.g. "1234 0001234567"), Norwegian 11-digit account number.
    pub bank_account: String,
    /// Free text for the buyer; left out when empty.
    pub note: String,
    pub lines: Vec<EInvoiceLine>,
}

const NS_INVOICE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const NS_CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const NS_CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";

const PEPPOL_CUSTOMIZATION: &str =
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
const PEPPOL_PROFILE: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

const OIOUBL_CUSTOMIZATION: &str = "OIOUBL-2.1";
const OIOUBL_PROFILE: &str = "urn:www.nesubl.eu:profiles:profile5:ver2.0";
const OIOUBL_PROFILE_SCHEME: &str = "urn:oioubl:id:profileid-1.2";
/// The Danish Agency for Digital Government's agency code on OIOUBL lists.
const OIOUBL_AGENCY: &str = "320";

/// Commercial invoice (UNCL 1001).
const INVOICE_TYPE: &str = "380";

/// Why no VAT is charged, in the seller's language.
fn exemption_reason(seller_country: &str) -> &'static str {
    if seller_country == "NO" {
        "Unntatt merverdiavgift, jf. merverdiavgiftsloven § 3-4 (sosiale tjenester)"
    } else {
        "Momsfritaget social ydelse, jf. momslovens § 13, stk. 1, nr. 2"
    }
}

/// The invoice as UBL 2.1 XML in its profile, UTF-8, indented.
///
/// Refuses (with [`ExportError::EInvoice`]) what would give an invalid or
/// inconsistent invoice: no lines, a line whose amount is not quantity ×
/// unit price, a negative total, empty required text, an unknown endpoint
/// scheme or an identifier in the wrong form, a due date before the issue
/// date or a period that ends before it starts, a bank account that does
/// not fit the seller's country.
pub fn einvoice_xml(invoice: &EInvoice) -> Result<String, ExportError> {
    let total = check(invoice)?;
    let mut x = Xml::new();
    x.decl()?;
    let mut root = BytesStart::new("Invoice");
    root.push_attribute(("xmlns", NS_INVOICE));
    root.push_attribute(("xmlns:cac", NS_CAC));
    root.push_attribute(("xmlns:cbc", NS_CBC));
    x.w.write_event(Event::Start(root)).map_err(xml_error)?;

    match invoice.profile {
        EInvoiceProfile::Oioubl => oioubl_body(&mut x, invoice, total)?,
        EInvoiceProfile::PeppolBis3 => peppol_body(&mut x, invoice, total)?,
    }

    x.end("Invoice")?;
    String::from_utf8(x.w.into_inner()).map_err(|e| ExportError::EInvoice(e.to_string()))
}

/// A download name for the invoice, e.g. `oioubl-invoice-2026-0042.xml` or
/// `ehf-invoice-2026-0042.xml`.
pub fn einvoice_file_name(invoice: &EInvoice) -> String {
    let prefix = match invoice.profile {
        EInvoiceProfile::Oioubl => "oioubl",
        EInvoiceProfile::PeppolBis3 => "ehf",
    };
    format!("{prefix}-invoice-{}.xml", slug(&invoice.id))
}

fn peppol_body(x: &mut Xml, inv: &EInvoice, total: i64) -> Result<(), ExportError> {
    let cur = inv.currency.as_str();
    x.leaf("cbc:CustomizationID", &[], PEPPOL_CUSTOMIZATION)?;
    x.leaf("cbc:ProfileID", &[], PEPPOL_PROFILE)?;
    x.leaf("cbc:ID", &[], &inv.id)?;
    x.leaf("cbc:IssueDate", &[], &date(inv.issue_date))?;
    x.leaf("cbc:DueDate", &[], &date(inv.due_date))?;
    x.leaf("cbc:InvoiceTypeCode", &[], INVOICE_TYPE)?;
    if !inv.note.trim().is_empty() {
        x.leaf("cbc:Note", &[], &inv.note)?;
    }
    x.leaf("cbc:DocumentCurrencyCode", &[], cur)?;
    x.leaf("cbc:BuyerReference", &[], &inv.buyer_reference)?;
    period(x, inv)?;

    for (tag, party, seller) in [
        ("cac:AccountingSupplierParty", &inv.seller, true),
        ("cac:AccountingCustomerParty", &inv.buyer, false),
    ] {
        x.start(tag)?;
        x.start("cac:Party")?;
        x.leaf(
            "cbc:EndpointID",
            &[("schemeID", &party.endpoint_scheme)],
            &party.endpoint_id,
        )?;
        x.start("cac:PartyName")?;
        x.leaf("cbc:Name", &[], &party.name)?;
        x.end("cac:PartyName")?;
        address(x, party, false)?;
        if seller {
            // BT-32, the seller's tax registration identifier (BR-E-02).
            x.start("cac:PartyTaxScheme")?;
            x.leaf("cbc:CompanyID", &[], &party.registration_number)?;
            x.start("cac:TaxScheme")?;
            x.leaf("cbc:ID", &[], "TAX")?;
            x.end("cac:TaxScheme")?;
            x.end("cac:PartyTaxScheme")?;
        }
        x.start("cac:PartyLegalEntity")?;
        x.leaf("cbc:RegistrationName", &[], &party.name)?;
        x.leaf(
            "cbc:CompanyID",
            &[("schemeID", registration_scheme(party))],
            &party.registration_number,
        )?;
        x.end("cac:PartyLegalEntity")?;
        x.end("cac:Party")?;
        x.end(tag)?;
    }

    x.start("cac:PaymentMeans")?;
    match danish_account(inv)? {
        Some((reg, account)) => {
            // Domestic Danish transfer (DK-R-005, DK-R-006).
            x.leaf("cbc:PaymentMeansCode", &[], "42")?;
            x.leaf("cbc:PaymentID", &[], &inv.id)?;
            x.start("cac:PayeeFinancialAccount")?;
            x.leaf("cbc:ID", &[], account)?;
            x.start("cac:FinancialInstitutionBranch")?;
            x.leaf("cbc:ID", &[], reg)?;
            x.end("cac:FinancialInstitutionBranch")?;
            x.end("cac:PayeeFinancialAccount")?;
        }
        None => {
            x.leaf("cbc:PaymentMeansCode", &[], "30")?;
            x.leaf("cbc:PaymentID", &[], &inv.id)?;
            x.start("cac:PayeeFinancialAccount")?;
            x.leaf("cbc:ID", &[], &compact(&inv.bank_account))?;
            x.end("cac:PayeeFinancialAccount")?;
        }
    }
    x.end("cac:PaymentMeans")?;

    x.start("cac:TaxTotal")?;
    x.amount("cbc:TaxAmount", cur, 0)?;
    x.start("cac:TaxSubtotal")?;
    x.amount("cbc:TaxableAmount", cur, total)?;
    x.amount("cbc:TaxAmount", cur, 0)?;
    x.start("cac:TaxCategory")?;
    x.leaf("cbc:ID", &[], "E")?;
    x.leaf("cbc:Percent", &[], "0")?;
    if inv.seller.country_code != "NO" {
        x.leaf("cbc:TaxExemptionReasonCode", &[], "VATEX-EU-132-1G")?;
    }
    x.leaf(
        "cbc:TaxExemptionReason",
        &[],
        exemption_reason(&inv.seller.country_code),
    )?;
    vat_scheme(x)?;
    x.end("cac:TaxCategory")?;
    x.end("cac:TaxSubtotal")?;
    x.end("cac:TaxTotal")?;

    x.start("cac:LegalMonetaryTotal")?;
    x.amount("cbc:LineExtensionAmount", cur, total)?;
    x.amount("cbc:TaxExclusiveAmount", cur, total)?;
    x.amount("cbc:TaxInclusiveAmount", cur, total)?;
    x.amount("cbc:PayableAmount", cur, total)?;
    x.end("cac:LegalMonetaryTotal")?;

    for line in &inv.lines {
        x.start("cac:InvoiceLine")?;
        x.leaf("cbc:ID", &[], &line.id)?;
        x.leaf(
            "cbc:InvoicedQuantity",
            &[("unitCode", &line.unit_code)],
            &line.quantity.to_string(),
        )?;
        x.amount("cbc:LineExtensionAmount", cur, line.amount_minor)?;
        x.start("cac:Item")?;
        x.leaf("cbc:Name", &[], &line.description)?;
        x.start("cac:ClassifiedTaxCategory")?;
        x.leaf("cbc:ID", &[], "E")?;
        x.leaf("cbc:Percent", &[], "0")?;
        vat_scheme(x)?;
        x.end("cac:ClassifiedTaxCategory")?;
        x.end("cac:Item")?;
        x.start("cac:Price")?;
        x.amount("cbc:PriceAmount", cur, line.unit_price_minor)?;
        x.end("cac:Price")?;
        x.end("cac:InvoiceLine")?;
    }
    Ok(())
}

fn vat_scheme(x: &mut Xml) -> Result<(), ExportError> {
    x.start("cac:TaxScheme")?;
    x.leaf("cbc:ID", &[], "VAT")?;
    x.end("cac:TaxScheme")
}

fn oioubl_body(x: &mut Xml, inv: &EInvoice, total: i64) -> Result<(), ExportError> {
    let cur = inv.currency.as_str();
    x.leaf("cbc:UBLVersionID", &[], "2.1")?;
    x.leaf("cbc:CustomizationID", &[], OIOUBL_CUSTOMIZATION)?;
    x.leaf(
        "cbc:ProfileID",
        &[
            ("schemeAgencyID", OIOUBL_AGENCY),
            ("schemeID", OIOUBL_PROFILE_SCHEME),
        ],
        OIOUBL_PROFILE,
    )?;
    x.leaf("cbc:ID", &[], &inv.id)?;
    x.leaf("cbc:CopyIndicator", &[], "false")?;
    x.leaf("cbc:UUID", &[], &document_uuid(inv))?;
    x.leaf("cbc:IssueDate", &[], &date(inv.issue_date))?;
    x.leaf(
        "cbc:InvoiceTypeCode",
        &[
            ("listAgencyID", OIOUBL_AGENCY),
            ("listID", "urn:oioubl:codelist:invoicetypecode-1.1"),
        ],
        INVOICE_TYPE,
    )?;
    if !inv.note.trim().is_empty() {
        x.leaf("cbc:Note", &[], &inv.note)?;
    }
    x.leaf("cbc:DocumentCurrencyCode", &[], cur)?;
    period(x, inv)?;

    for (tag, party, seller) in [
        ("cac:AccountingSupplierParty", &inv.seller, true),
        ("cac:AccountingCustomerParty", &inv.buyer, false),
    ] {
        let (endpoint_scheme, endpoint_id) = oioubl_endpoint(party);
        let (legal_scheme, legal_id) = oioubl_legal_id(party);
        x.start(tag)?;
        x.start("cac:Party")?;
        x.leaf(
            "cbc:EndpointID",
            &[("schemeID", endpoint_scheme)],
            &endpoint_id,
        )?;
        x.start("cac:PartyIdentification")?;
        x.leaf("cbc:ID", &[("schemeID", legal_scheme)], &legal_id)?;
        x.end("cac:PartyIdentification")?;
        x.start("cac:PartyName")?;
        x.leaf("cbc:Name", &[], &party.name)?;
        x.end("cac:PartyName")?;
        address(x, party, true)?;
        x.start("cac:PartyLegalEntity")?;
        x.leaf("cbc:RegistrationName", &[], &party.name)?;
        x.leaf("cbc:CompanyID", &[("schemeID", legal_scheme)], &legal_id)?;
        x.end("cac:PartyLegalEntity")?;
        if !seller {
            // The buyer's "personreference", which routes the invoice
            // inside the municipality.
            x.start("cac:Contact")?;
            x.leaf("cbc:ID", &[], &inv.buyer_reference)?;
            x.end("cac:Contact")?;
        }
        x.end("cac:Party")?;
        x.end(tag)?;
    }

    let Some((reg, account)) = danish_account(inv)? else {
        return Err(invalid(
            "an OIOUBL invoice is paid to a Danish account: registration number and account number",
        ));
    };
    x.start("cac:PaymentMeans")?;
    x.leaf("cbc:PaymentMeansCode", &[], "42")?;
    x.leaf("cbc:PaymentDueDate", &[], &date(inv.due_date))?;
    x.leaf(
        "cbc:PaymentChannelCode",
        &[
            ("listAgencyID", OIOUBL_AGENCY),
            ("listID", "urn:oioubl:codelist:paymentchannelcode-1.1"),
        ],
        "DK:BANK",
    )?;
    x.start("cac:PayeeFinancialAccount")?;
    x.leaf("cbc:ID", &[], account)?;
    x.start("cac:FinancialInstitutionBranch")?;
    x.leaf("cbc:ID", &[], reg)?;
    x.end("cac:FinancialInstitutionBranch")?;
    x.end("cac:PayeeFinancialAccount")?;
    x.end("cac:PaymentMeans")?;

    x.start("cac:TaxTotal")?;
    x.amount("cbc:TaxAmount", cur, 0)?;
    oioubl_tax_subtotal(x, cur, total, &inv.seller.country_code)?;
    x.end("cac:TaxTotal")?;

    x.start("cac:LegalMonetaryTotal")?;
    x.amount("cbc:LineExtensionAmount", cur, total)?;
    // In OIOUBL this is the total tax (F-INV127), which is nil.
    x.amount("cbc:TaxExclusiveAmount", cur, 0)?;
    x.amount("cbc:TaxInclusiveAmount", cur, total)?;
    x.amount("cbc:PayableAmount", cur, total)?;
    x.end("cac:LegalMonetaryTotal")?;

    for line in &inv.lines {
        x.start("cac:InvoiceLine")?;
        x.leaf("cbc:ID", &[], &line.id)?;
        x.leaf(
            "cbc:InvoicedQuantity",
            &[("unitCode", &line.unit_code)],
            &line.quantity.to_string(),
        )?;
        x.amount("cbc:LineExtensionAmount", cur, line.amount_minor)?;
        x.start("cac:TaxTotal")?;
        x.amount("cbc:TaxAmount", cur, 0)?;
        oioubl_tax_subtotal(x, cur, line.amount_minor, &inv.seller.country_code)?;
        x.end("cac:TaxTotal")?;
        x.start("cac:Item")?;
        x.leaf("cbc:Description", &[], &line.description)?;
        x.leaf("cbc:Name", &[], &line.description)?;
        x.start("cac:SellersItemIdentification")?;
        x.leaf("cbc:ID", &[], &line.id)?;
        x.end("cac:SellersItemIdentification")?;
        x.start("cac:ClassifiedTaxCategory")?;
        oioubl_zero_rated(x)?;
        x.end("cac:ClassifiedTaxCategory")?;
        x.end("cac:Item")?;
        x.start("cac:Price")?;
        x.amount("cbc:PriceAmount", cur, line.unit_price_minor)?;
        x.leaf("cbc:BaseQuantity", &[("unitCode", &line.unit_code)], "1")?;
        x.end("cac:Price")?;
        x.end("cac:InvoiceLine")?;
    }
    Ok(())
}

fn oioubl_tax_subtotal(
    x: &mut Xml,
    cur: &str,
    taxable: i64,
    seller_country: &str,
) -> Result<(), ExportError> {
    x.start("cac:TaxSubtotal")?;
    x.amount("cbc:TaxableAmount", cur, taxable)?;
    x.amount("cbc:TaxAmount", cur, 0)?;
    x.start("cac:TaxCategory")?;
    x.leaf(
        "cbc:ID",
        &[
            ("schemeAgencyID", OIOUBL_AGENCY),
            ("schemeID", "urn:oioubl:id:taxcategoryid-1.1"),
        ],
        "ZeroRated",
    )?;
    x.leaf("cbc:Percent", &[], "0")?;
    x.leaf(
        "cbc:TaxExemptionReason",
        &[],
        exemption_reason(seller_country),
    )?;
    oioubl_vat_scheme(x)?;
    x.end("cac:TaxCategory")?;
    x.end("cac:TaxSubtotal")
}

fn oioubl_zero_rated(x: &mut Xml) -> Result<(), ExportError> {
    x.leaf(
        "cbc:ID",
        &[
            ("schemeAgencyID", OIOUBL_AGENCY),
            ("schemeID", "urn:oioubl:id:taxcategoryid-1.1"),
        ],
        "ZeroRated",
    )?;
    x.leaf("cbc:Percent", &[], "0")?;
    oioubl_vat_scheme(x)
}

fn oioubl_vat_scheme(x: &mut Xml) -> Result<(), ExportError> {
    x.start("cac:TaxScheme")?;
    x.leaf(
        "cbc:ID",
        &[
            ("schemeAgencyID", OIOUBL_AGENCY),
            ("schemeID", "urn:oioubl:id:taxschemeid-1.5"),
        ],
        "63",
    )?;
    x.leaf("cbc:Name", &[], "Moms")?;
    x.end("cac:TaxScheme")
}

/// The endpoint in OIOUBL's symbolic schemes.
fn oioubl_endpoint(party: &EInvoiceParty) -> (&'static str, String) {
    match party.endpoint_scheme.as_str() {
        "0184" => ("DK:CVR", format!("DK{}", party.endpoint_id)),
        "0192" => ("NO:ORGNR", party.endpoint_id.clone()),
        _ => ("GLN", party.endpoint_id.clone()),
    }
}

/// The legal registration in OIOUBL's symbolic schemes: a Danish CVR
/// number with its `DK` prefix, anything else as "other" (`ZZZ`).
fn oioubl_legal_id(party: &EInvoiceParty) -> (&'static str, String) {
    if party.country_code == "DK" {
        ("DK:CVR", format!("DK{}", party.registration_number))
    } else {
        ("ZZZ", party.registration_number.clone())
    }
}

/// ISO 6523 scheme of a party's registration number.
fn registration_scheme(party: &EInvoiceParty) -> &'static str {
    if party.country_code == "NO" {
        "0192"
    } else {
        "0184"
    }
}

fn address(x: &mut Xml, party: &EInvoiceParty, oioubl: bool) -> Result<(), ExportError> {
    x.start("cac:PostalAddress")?;
    if oioubl {
        x.leaf(
            "cbc:AddressFormatCode",
            &[
                ("listAgencyID", OIOUBL_AGENCY),
                ("listID", "urn:oioubl:codelist:addressformatcode-1.1"),
            ],
            "StructuredLax",
        )?;
    }
    x.leaf("cbc:StreetName", &[], &party.street)?;
    x.leaf("cbc:CityName", &[], &party.city)?;
    x.leaf("cbc:PostalZone", &[], &party.postal_code)?;
    x.start("cac:Country")?;
    x.leaf("cbc:IdentificationCode", &[], &party.country_code)?;
    x.end("cac:Country")?;
    x.end("cac:PostalAddress")
}

fn period(x: &mut Xml, inv: &EInvoice) -> Result<(), ExportError> {
    x.start("cac:InvoicePeriod")?;
    x.leaf("cbc:StartDate", &[], &date(inv.period_start))?;
    x.leaf("cbc:EndDate", &[], &date(inv.period_end))?;
    x.end("cac:InvoicePeriod")
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A stable document UUID (OIOUBL wants one): the same invoice from the
/// same seller always gets the same one, so a file written twice is
/// recognised as one document. Built from a SHA-256 of the
/// seller's registration number and the invoice number, shaped as an
/// RFC 9562 version 8 UUID, in upper case as OIOUBL's examples write it.
fn document_uuid(inv: &EInvoice) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"rundt-einvoice\0");
    hasher.update(inv.seller.registration_number.as_bytes());
    hasher.update([0]);
    hasher.update(inv.id.as_bytes());
    let digest = hasher.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0F) | 0x80; // version 8
    b[8] = (b[8] & 0x3F) | 0x80; // RFC variant
    let hex: String = b.iter().map(|byte| format!("{byte:02X}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Spaces, dots and dashes taken out of an account number.
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.'))
        .collect()
}

/// A Danish seller's account as (registration number, account number):
/// 4 digits, then up to 10 digits, separated by a space or a dash, or 14
/// digits run together. `None` for a seller outside Denmark.
fn danish_account(inv: &EInvoice) -> Result<Option<(&str, &str)>, ExportError> {
    if inv.seller.country_code != "DK" {
        return Ok(None);
    }
    let s = inv.bank_account.trim();
    let split = s
        .split_once([' ', '-'])
        .map(|(reg, acc)| (reg.trim(), acc.trim()))
        .or_else(|| (s.len() == 14).then(|| s.split_at(4)))
        .filter(|(reg, acc)| {
            reg.len() == 4 && digits(reg) && (1..=10).contains(&acc.len()) && digits(acc)
        });
    match split {
        Some(pair) => Ok(Some(pair)),
        None => Err(invalid(
            "a Danish bank account is a 4-digit registration number and an account number of up to 10 digits",
        )),
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// GS1 check digit of a 13-digit GLN.
fn gln_ok(s: &str) -> bool {
    if s.len() != 13 || !digits(s) {
        return false;
    }
    let d: Vec<u32> = s.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = d[..12]
        .iter()
        .enumerate()
        .map(|(i, v)| if i % 2 == 0 { *v } else { v * 3 })
        .sum();
    (10 - sum % 10) % 10 == d[12]
}

/// Modulus 11 check of a Norwegian organisation number.
fn orgnr_ok(s: &str) -> bool {
    if s.len() != 9 || !digits(s) {
        return false;
    }
    const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];
    let d: Vec<u32> = s.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = d.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == d[8]
}

fn invalid(msg: &str) -> ExportError {
    ExportError::EInvoice(msg.to_owned())
}

/// Checks the invoice and returns its total in minor units.
fn check(inv: &EInvoice) -> Result<i64, ExportError> {
    let required = [
        ("invoice number", &inv.id),
        ("buyer reference", &inv.buyer_reference),
        ("bank account", &inv.bank_account),
    ];
    for (what, value) in required {
        if value.trim().is_empty() {
            return Err(invalid(&format!("the {what} is empty")));
        }
    }
    if inv.currency.len() != 3 || !inv.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(invalid("the currency is not an ISO 4217 code"));
    }
    if inv.due_date < inv.issue_date {
        return Err(invalid("the due date is before the issue date"));
    }
    if inv.period_end < inv.period_start {
        return Err(invalid("the invoice period ends before it starts"));
    }
    for (role, party) in [("seller", &inv.seller), ("buyer", &inv.buyer)] {
        check_party(role, party)?;
    }
    if inv.profile == EInvoiceProfile::Oioubl && inv.seller.country_code != "DK" {
        return Err(invalid("an OIOUBL invoice is issued by a Danish seller"));
    }
    if inv.lines.is_empty() {
        return Err(invalid("an invoice needs at least one line"));
    }
    let mut total: i64 = 0;
    for line in &inv.lines {
        if line.id.trim().is_empty() || line.description.trim().is_empty() {
            return Err(invalid("a line has no number or no description"));
        }
        if line.unit_code.is_empty()
            || line.unit_code.len() > 3
            || !line.unit_code.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            return Err(invalid(
                "a line's unit is not a UN/ECE recommendation 20 code",
            ));
        }
        if line.unit_price_minor < 0 {
            return Err(invalid("a line has a negative unit price"));
        }
        if line.quantity.checked_mul(line.unit_price_minor) != Some(line.amount_minor) {
            return Err(invalid(&format!(
                "line {}: the amount is not quantity × unit price",
                line.id
            )));
        }
        total = total
            .checked_add(line.amount_minor)
            .ok_or_else(|| invalid("the invoice total is too large"))?;
    }
    if total < 0 {
        return Err(invalid(
            "the invoice total is negative; that is a credit note",
        ));
    }
    Ok(total)
}

fn check_party(role: &str, p: &EInvoiceParty) -> Result<(), ExportError> {
    let fields = [
        ("name", &p.name),
        ("street", &p.street),
        ("postal code", &p.postal_code),
        ("city", &p.city),
    ];
    for (what, value) in fields {
        if value.trim().is_empty() {
            return Err(invalid(&format!("the {role}'s {what} is empty")));
        }
    }
    let registration_ok = match p.country_code.as_str() {
        "DK" => p.registration_number.len() == 8 && digits(&p.registration_number),
        "NO" => orgnr_ok(&p.registration_number),
        _ => return Err(invalid(&format!("the {role}'s country is not DK or NO"))),
    };
    if !registration_ok {
        return Err(invalid(&format!(
            "the {role}'s registration number is not a CVR number (8 digits) or a Norwegian organisation number (9 digits)"
        )));
    }
    let endpoint_ok = match p.endpoint_scheme.as_str() {
        "0088" => gln_ok(&p.endpoint_id),
        "0184" => p.endpoint_id.len() == 8 && digits(&p.endpoint_id),
        "0192" => orgnr_ok(&p.endpoint_id),
        _ => {
            return Err(invalid(&format!(
                "the {role}'s endpoint scheme is not 0088, 0184 or 0192"
            )));
        }
    };
    if !endpoint_ok {
        return Err(invalid(&format!(
            "the {role}'s endpoint {} is not a valid {} identifier",
            p.endpoint_id, p.endpoint_scheme
        )));
    }
    Ok(())
}

fn xml_error(e: std::io::Error) -> ExportError {
    ExportError::EInvoice(format!("could not write the XML: {e}"))
}

/// A thin layer over quick-xml's writer: it escapes text and attribute
/// values; this adds elements with text, amounts, and error mapping.
struct Xml {
    w: Writer<Vec<u8>>,
}

impl Xml {
    fn new() -> Self {
        Self {
            w: Writer::new_with_indent(Vec::new(), b' ', 2),
        }
    }

    fn decl(&mut self) -> Result<(), ExportError> {
        self.w
            .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .map_err(xml_error)
    }

    fn start(&mut self, name: &str) -> Result<(), ExportError> {
        self.w
            .write_event(Event::Start(BytesStart::new(name)))
            .map_err(xml_error)
    }

    fn end(&mut self, name: &str) -> Result<(), ExportError> {
        self.w
            .write_event(Event::End(BytesEnd::new(name)))
            .map_err(xml_error)
    }

    /// `<name attrs…>text</name>`, text and attributes escaped.
    fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> Result<(), ExportError> {
        let mut start = BytesStart::new(name);
        for (key, value) in attrs {
            start.push_attribute((*key, *value));
        }
        self.w.write_event(Event::Start(start)).map_err(xml_error)?;
        self.w
            .write_event(Event::Text(BytesText::new(text)))
            .map_err(xml_error)?;
        self.end(name)
    }

    /// An amount in minor units, with two decimals and its currency.
    fn amount(&mut self, name: &str, currency: &str, minor: i64) -> Result<(), ExportError> {
        self.leaf(name, &[("currencyID", currency)], &minor_units(minor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::Reader;

    /// One element of a written invoice: its path from the root (e.g.
    /// `Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount`), its attributes
    /// and its text, all unescaped.
    #[derive(Debug)]
    struct Node {
        path: String,
        attrs: Vec<(String, String)>,
        text: String,
    }

    fn parse(xml: &str) -> Vec<Node> {
        let mut reader = Reader::from_str(xml);
        let mut stack: Vec<String> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut nodes: Vec<Node> = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => {
                    stack.push(e.name().as_ref().to_owned());
                    let attrs = e
                        .attributes()
                        .map(|a| {
                            let a = a.unwrap();
                            (
                                a.key.as_ref().to_owned(),
                                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .unwrap()
                                    .into_owned(),
                            )
                        })
                        .collect();
                    open.push(nodes.len());
                    nodes.push(Node {
                        path: stack.join("/"),
                        attrs,
                        text: String::new(),
                    });
                }
                Event::End(_) => {
                    stack.pop();
                    open.pop();
                }
                Event::Text(t) => {
                    if let Some(&i) = open.last() {
                        nodes[i].text.push_str(&t);
                    }
                }
                Event::GeneralRef(r) => {
                    let c = match &*r {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        _ => r.resolve_char_ref().unwrap().unwrap(),
                    };
                    if let Some(&i) = open.last() {
                        nodes[i].text.push(c);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        for n in &mut nodes {
            n.text = n.text.trim().to_owned();
        }
        nodes
    }

    fn all<'a>(nodes: &'a [Node], path: &str) -> Vec<&'a Node> {
        nodes.iter().filter(|n| n.path == path).collect()
    }

    fn one<'a>(nodes: &'a [Node], path: &str) -> &'a Node {
        let found = all(nodes, path);
        assert_eq!(found.len(), 1, "{path}: {found:?}");
        found[0]
    }

    fn attr<'a>(node: &'a Node, key: &str) -> &'a str {
        node.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{} has no {key}", node.path))
    }

    /// "1234.50" back to øre, by integer arithmetic; panics unless it has
    /// exactly two decimals.
    fn ore(text: &str) -> i64 {
        let (kr, decimals) = text.split_once('.').expect("two decimals");
        assert_eq!(decimals.len(), 2, "{text}");
        let negative = kr.starts_with('-');
        let value = kr.trim_start_matches('-').parse::<i64>().unwrap() * 100
            + decimals.parse::<i64>().unwrap();
        if negative { -value } else { value }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn dk_party(name: &str, cvr: &str, gln: &str) -> EInvoiceParty {
        EInvoiceParty {
            name: name.to_owned(),
            registration_number: cvr.to_owned(),
            endpoint_scheme: "0088".to_owned(),
            endpoint_id: gln.to_owned(),
            street: "Rådhuspladsen 1".to_owned(),
            postal_code: "1550".to_owned(),
            city: "København V".to_owned(),
            country_code: "DK".to_owned(),
        }
    }

    fn no_party(name: &str, orgnr: &str) -> EInvoiceParty {
        EInvoiceParty {
            name: name.to_owned(),
            registration_number: orgnr.to_owned(),
            endpoint_scheme: "0192".to_owned(),
            endpoint_id: orgnr.to_owned(),
            street: "Rådhusplassen 1".to_owned(),
            postal_code: "0037".to_owned(),
            city: "Oslo".to_owned(),
            country_code: "NO".to_owned(),
        }
    }

    fn line(id: &str, quantity: i64, unit: &str, price: i64) -> EInvoiceLine {
        EInvoiceLine {
            id: id.to_owned(),
            description: format!("MST-behandling, linje {id}"),
            quantity,
            unit_code: unit.to_owned(),
            unit_price_minor: price,
            amount_minor: quantity * price,
        }
    }

    /// Three lines: 13 weeks at 11 500,00, 45 days at 1 643,50 and one
    /// month at 0,05 — 149 500,00 + 73 957,50 + 0,05 = 223 457,55 kr.
    fn danish(profile: EInvoiceProfile) -> EInvoice {
        EInvoice {
            profile,
            id: "2026-0042".to_owned(),
            issue_date: day(2026, 4, 2),
            due_date: day(2026, 5, 2),
            currency: "DKK".to_owned(),
            buyer_reference: "MST-4711".to_owned(),
            period_start: day(2026, 1, 1),
            period_end: day(2026, 3, 31),
            seller: dk_party("Københavns Kommune", "64942212", "5798000123458"),
            buyer: dk_party("Aarhus Kommune", "55133018", "5798000987654"),
            bank_account: "2200 0123456789".to_owned(),
            note: String::new(),
            lines: vec![
                line("1", 13, "WEE", 1_150_000),
                line("2", 45, "DAY", 164_350),
                line("3", 1, "MON", 5),
            ],
        }
    }

    fn norwegian() -> EInvoice {
        EInvoice {
            profile: EInvoiceProfile::PeppolBis3,
            id: "F-2026-17".to_owned(),
            issue_date: day(2026, 4, 1),
            due_date: day(2026, 4, 30),
            currency: "NOK".to_owned(),
            buyer_reference: "Barnevern".to_owned(),
            period_start: day(2026, 3, 1),
            period_end: day(2026, 3, 31),
            seller: no_party("Oslo kommune", "958935420"),
            buyer: no_party("Bergen kommune", "964338531"),
            bank_account: "1234 56 78903".to_owned(),
            note: String::new(),
            lines: vec![line("1", 1, "MON", 8_750_000)],
        }
    }

    const TOTAL: i64 = 22_345_755;

    fn written(inv: &EInvoice) -> Vec<Node> {
        parse(&einvoice_xml(inv).unwrap())
    }

    #[test]
    fn amounts_are_written_in_kroner_with_two_decimals() {
        let mut inv = norwegian();
        inv.lines = vec![line("1", 1, "C62", 123_450)];
        let nodes = written(&inv);
        assert_eq!(
            one(&nodes, "Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount").text,
            "1234.50"
        );
        assert_eq!(
            one(&nodes, "Invoice/cac:InvoiceLine/cac:Price/cbc:PriceAmount").text,
            "1234.50"
        );
        let payable = one(&nodes, "Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount");
        assert_eq!(attr(payable, "currencyID"), "NOK");
    }

    #[test]
    fn the_peppol_totals_reconcile_with_the_lines_to_the_ore() {
        let nodes = written(&danish(EInvoiceProfile::PeppolBis3));
        let lines: i64 = all(&nodes, "Invoice/cac:InvoiceLine/cbc:LineExtensionAmount")
            .iter()
            .map(|n| ore(&n.text))
            .sum();
        assert_eq!(lines, TOTAL);
        let total = |name: &str| {
            ore(&one(
                &nodes,
                &format!("Invoice/cac:LegalMonetaryTotal/cbc:{name}"),
            )
            .text)
        };
        // BR-CO-10: sum of line net amounts.
        assert_eq!(total("LineExtensionAmount"), lines);
        // BR-CO-13: without allowances or charges, net total = line sum.
        assert_eq!(total("TaxExclusiveAmount"), lines);
        let tax = ore(&one(&nodes, "Invoice/cac:TaxTotal/cbc:TaxAmount").text);
        assert_eq!(tax, 0);
        // BR-CO-15 and BR-CO-16: with VAT = without VAT + VAT = payable.
        assert_eq!(
            total("TaxInclusiveAmount"),
            total("TaxExclusiveAmount") + tax
        );
        assert_eq!(total("PayableAmount"), total("TaxInclusiveAmount"));
        // BR-CO-14 and BR-E-08: the exempt breakdown carries the whole base.
        let sub = "Invoice/cac:TaxTotal/cac:TaxSubtotal";
        assert_eq!(
            ore(&one(&nodes, &format!("{sub}/cbc:TaxableAmount")).text),
            TOTAL
        );
        assert_eq!(ore(&one(&nodes, &format!("{sub}/cbc:TaxAmount")).text), 0);
    }

    #[test]
    fn each_peppol_line_is_its_quantity_times_its_price() {
        // PEPPOL-EN16931-R120.
        let nodes = written(&danish(EInvoiceProfile::PeppolBis3));
        let quantities = all(&nodes, "Invoice/cac:InvoiceLine/cbc:InvoicedQuantity");
        let prices = all(&nodes, "Invoice/cac:InvoiceLine/cac:Price/cbc:PriceAmount");
        let amounts = all(&nodes, "Invoice/cac:InvoiceLine/cbc:LineExtensionAmount");
        assert_eq!(quantities.len(), 3);
        for ((q, p), a) in quantities.iter().zip(&prices).zip(&amounts) {
            let q: i64 = q.text.parse().unwrap();
            assert_eq!(q * ore(&p.text), ore(&a.text));
        }
        assert_eq!(attr(quantities[0], "unitCode"), "WEE");
        assert_eq!(attr(quantities[1], "unitCode"), "DAY");
    }

    #[test]
    fn peppol_marks_the_service_exempt_with_a_reason() {
        let nodes = written(&danish(EInvoiceProfile::PeppolBis3));
        let cat = "Invoice/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory";
        assert_eq!(one(&nodes, &format!("{cat}/cbc:ID")).text, "E");
        assert_eq!(one(&nodes, &format!("{cat}/cbc:Percent")).text, "0");
        // BR-E-10: a reason; a Danish seller also gives the VATEX code.
        assert_eq!(
            one(&nodes, &format!("{cat}/cbc:TaxExemptionReasonCode")).text,
            "VATEX-EU-132-1G"
        );
        assert!(
            one(&nodes, &format!("{cat}/cbc:TaxExemptionReason"))
                .text
                .contains("momslovens § 13")
        );
        assert_eq!(
            one(&nodes, &format!("{cat}/cac:TaxScheme/cbc:ID")).text,
            "VAT"
        );
        // BR-E-05: every line exempt at rate 0.
        let line_cat = "Invoice/cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory";
        assert!(
            all(&nodes, &format!("{line_cat}/cbc:ID"))
                .iter()
                .all(|n| n.text == "E")
        );
        assert!(
            all(&nodes, &format!("{line_cat}/cbc:Percent"))
                .iter()
                .all(|n| n.text == "0")
        );
        // BR-E-02: the seller states a tax identifier.
        assert_eq!(
            one(
                &nodes,
                "Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID"
            )
            .text,
            "64942212"
        );
    }

    #[test]
    fn a_norwegian_seller_gives_the_reason_in_norwegian_and_no_eu_code() {
        let nodes = written(&norwegian());
        let cat = "Invoice/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory";
        assert!(all(&nodes, &format!("{cat}/cbc:TaxExemptionReasonCode")).is_empty());
        assert!(
            one(&nodes, &format!("{cat}/cbc:TaxExemptionReason"))
                .text
                .contains("merverdiavgiftsloven § 3-4")
        );
    }

    #[test]
    fn peppol_carries_the_bis_3_identifiers_and_the_buyer_reference() {
        let nodes = written(&norwegian());
        assert_eq!(
            one(&nodes, "Invoice/cbc:CustomizationID").text,
            "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
        );
        assert_eq!(
            one(&nodes, "Invoice/cbc:ProfileID").text,
            "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
        );
        // PEPPOL-EN16931-R003 and BR-CO-25.
        assert_eq!(one(&nodes, "Invoice/cbc:BuyerReference").text, "Barnevern");
        assert_eq!(one(&nodes, "Invoice/cbc:DueDate").text, "2026-04-30");
        assert_eq!(
            one(&nodes, "Invoice/cac:InvoicePeriod/cbc:StartDate").text,
            "2026-03-01"
        );
        assert_eq!(
            one(&nodes, "Invoice/cac:InvoicePeriod/cbc:EndDate").text,
            "2026-03-31"
        );
    }

    #[test]
    fn norwegian_parties_use_their_organisation_number_with_scheme_0192() {
        let nodes = written(&norwegian());
        for role in ["AccountingSupplierParty", "AccountingCustomerParty"] {
            let endpoint = one(
                &nodes,
                &format!("Invoice/cac:{role}/cac:Party/cbc:EndpointID"),
            );
            assert_eq!(attr(endpoint, "schemeID"), "0192");
            let legal = one(
                &nodes,
                &format!("Invoice/cac:{role}/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"),
            );
            assert_eq!(attr(legal, "schemeID"), "0192");
        }
        let seller = "Invoice/cac:AccountingSupplierParty/cac:Party";
        assert_eq!(
            one(&nodes, &format!("{seller}/cbc:EndpointID")).text,
            "958935420"
        );
        // A Norwegian account by credit transfer, without its separators.
        assert_eq!(
            one(&nodes, "Invoice/cac:PaymentMeans/cbc:PaymentMeansCode").text,
            "30"
        );
        assert_eq!(
            one(
                &nodes,
                "Invoice/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID"
            )
            .text,
            "12345678903"
        );
    }

    #[test]
    fn danish_parties_in_peppol_use_gln_endpoints_and_cvr_with_scheme_0184() {
        let nodes = written(&danish(EInvoiceProfile::PeppolBis3));
        let buyer = "Invoice/cac:AccountingCustomerParty/cac:Party";
        let endpoint = one(&nodes, &format!("{buyer}/cbc:EndpointID"));
        assert_eq!(
            (attr(endpoint, "schemeID"), endpoint.text.as_str()),
            ("0088", "5798000987654")
        );
        // DK-R-014.
        let legal = one(
            &nodes,
            "Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID",
        );
        assert_eq!(
            (attr(legal, "schemeID"), legal.text.as_str()),
            ("0184", "64942212")
        );
        // DK-R-005/DK-R-006: domestic transfer with registration number.
        let pay = "Invoice/cac:PaymentMeans";
        assert_eq!(
            one(&nodes, &format!("{pay}/cbc:PaymentMeansCode")).text,
            "42"
        );
        assert_eq!(
            one(&nodes, &format!("{pay}/cac:PayeeFinancialAccount/cbc:ID")).text,
            "0123456789"
        );
        assert_eq!(
            one(
                &nodes,
                &format!("{pay}/cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID")
            )
            .text,
            "2200"
        );
    }

    #[test]
    fn oioubl_writes_its_own_identifiers_and_symbolic_schemes() {
        let mut inv = danish(EInvoiceProfile::Oioubl);
        inv.buyer.endpoint_scheme = "0184".to_owned();
        inv.buyer.endpoint_id = "55133018".to_owned();
        let nodes = written(&inv);
        assert_eq!(one(&nodes, "Invoice/cbc:UBLVersionID").text, "2.1");
        assert_eq!(
            one(&nodes, "Invoice/cbc:CustomizationID").text,
            "OIOUBL-2.1"
        );
        let profile = one(&nodes, "Invoice/cbc:ProfileID");
        assert_eq!(profile.text, "urn:www.nesubl.eu:profiles:profile5:ver2.0");
        assert_eq!(attr(profile, "schemeAgencyID"), "320");
        let seller = "Invoice/cac:AccountingSupplierParty/cac:Party";
        let endpoint = one(&nodes, &format!("{seller}/cbc:EndpointID"));
        assert_eq!(
            (attr(endpoint, "schemeID"), endpoint.text.as_str()),
            ("GLN", "5798000123458")
        );
        // F-LIB180: a CVR endpoint carries the DK prefix.
        let buyer = "Invoice/cac:AccountingCustomerParty/cac:Party";
        let endpoint = one(&nodes, &format!("{buyer}/cbc:EndpointID"));
        assert_eq!(
            (attr(endpoint, "schemeID"), endpoint.text.as_str()),
            ("DK:CVR", "DK55133018")
        );
        assert_eq!(
            one(&nodes, &format!("{buyer}/cac:Contact/cbc:ID")).text,
            "MST-4711"
        );
        // F-LIB097: a UUID in upper-case 8-4-4-4-12 form, the same each time.
        let uuid = one(&nodes, "Invoice/cbc:UUID").text.clone();
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{uuid}");
        assert!(
            uuid.chars()
                .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        assert_eq!(one(&written(&inv), "Invoice/cbc:UUID").text, uuid);
    }

    #[test]
    fn oioubl_is_zero_rated_and_its_tax_exclusive_amount_is_the_tax() {
        let nodes = written(&danish(EInvoiceProfile::Oioubl));
        let cat = "Invoice/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory";
        let id = one(&nodes, &format!("{cat}/cbc:ID"));
        assert_eq!(id.text, "ZeroRated");
        assert_eq!(attr(id, "schemeID"), "urn:oioubl:id:taxcategoryid-1.1");
        assert_eq!(
            one(&nodes, &format!("{cat}/cac:TaxScheme/cbc:ID")).text,
            "63"
        );
        assert_eq!(
            one(&nodes, &format!("{cat}/cac:TaxScheme/cbc:Name")).text,
            "Moms"
        );
        let total = |name: &str| {
            ore(&one(
                &nodes,
                &format!("Invoice/cac:LegalMonetaryTotal/cbc:{name}"),
            )
            .text)
        };
        // F-INV126: line sum; F-INV127: TaxExclusiveAmount = Σ tax = 0.
        assert_eq!(total("LineExtensionAmount"), TOTAL);
        assert_eq!(total("TaxExclusiveAmount"), 0);
        assert_eq!(total("TaxInclusiveAmount"), TOTAL);
        assert_eq!(total("PayableAmount"), TOTAL);
        // Every line has its own nil tax total over its own amount.
        let line_taxable: i64 = all(
            &nodes,
            "Invoice/cac:InvoiceLine/cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount",
        )
        .iter()
        .map(|n| ore(&n.text))
        .sum();
        assert_eq!(line_taxable, TOTAL);
        let pay = "Invoice/cac:PaymentMeans";
        assert_eq!(
            one(&nodes, &format!("{pay}/cbc:PaymentChannelCode")).text,
            "DK:BANK"
        );
        assert_eq!(
            one(&nodes, &format!("{pay}/cbc:PaymentDueDate")).text,
            "2026-05-02"
        );
    }

    #[test]
    fn ampersands_and_angle_brackets_in_names_are_escaped() {
        let mut inv = danish(EInvoiceProfile::PeppolBis3);
        inv.seller.name = "Børne- & Ungeforvaltningen <MST>".to_owned();
        inv.note = "a \"quoted\" note & more".to_owned();
        inv.buyer_reference = "x<y>&z".to_owned();
        let xml = einvoice_xml(&inv).unwrap();
        assert!(
            xml.contains("Børne- &amp; Ungeforvaltningen &lt;MST&gt;"),
            "{xml}"
        );
        assert!(!xml.contains("<MST>"));
        let nodes = parse(&xml);
        assert_eq!(
            one(
                &nodes,
                "Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name"
            )
            .text,
            "Børne- & Ungeforvaltningen <MST>"
        );
        assert_eq!(one(&nodes, "Invoice/cbc:BuyerReference").text, "x<y>&z");
        assert_eq!(
            one(&nodes, "Invoice/cbc:Note").text,
            "a \"quoted\" note & more"
        );
    }

    #[test]
    fn the_file_name_says_the_profile_and_the_invoice_number() {
        assert_eq!(
            einvoice_file_name(&danish(EInvoiceProfile::Oioubl)),
            "oioubl-invoice-2026-0042.xml"
        );
        let mut inv = norwegian();
        inv.id = "F/2026 17 Ø".to_owned();
        assert_eq!(einvoice_file_name(&inv), "ehf-invoice-f-2026-17-oe.xml");
    }

    fn refused(inv: &EInvoice) -> String {
        match einvoice_xml(inv) {
            Err(ExportError::EInvoice(msg)) => msg,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_line_whose_amount_is_not_quantity_times_price_is_refused() {
        let mut inv = norwegian();
        inv.lines[0].amount_minor += 1;
        assert!(refused(&inv).contains("quantity × unit price"));
    }

    #[test]
    fn an_invoice_without_lines_or_with_a_negative_total_is_refused() {
        let mut inv = norwegian();
        inv.lines.clear();
        assert!(refused(&inv).contains("at least one line"));
        let mut inv = norwegian();
        inv.lines = vec![line("1", -2, "WEE", 100)];
        assert!(refused(&inv).contains("credit note"));
    }

    #[test]
    fn identifiers_in_the_wrong_form_are_refused() {
        let mut inv = danish(EInvoiceProfile::PeppolBis3);
        inv.buyer.endpoint_id = "5798000987655".to_owned(); // wrong GS1 check digit
        assert!(refused(&inv).contains("0088"));
        let mut inv = norwegian();
        inv.seller.registration_number = "958935421".to_owned(); // fails modulus 11
        assert!(refused(&inv).contains("registration number"));
        let mut inv = norwegian();
        inv.buyer.endpoint_scheme = "9908".to_owned();
        assert!(refused(&inv).contains("endpoint scheme"));
        let mut inv = danish(EInvoiceProfile::Oioubl);
        inv.seller.registration_number = "1234567".to_owned();
        assert!(refused(&inv).contains("registration number"));
    }

    #[test]
    fn oioubl_needs_a_danish_seller_with_a_danish_account() {
        let mut inv = danish(EInvoiceProfile::Oioubl);
        inv.bank_account = "DK5000400440116243".to_owned();
        assert!(refused(&inv).contains("registration number"));
        let mut inv = norwegian();
        inv.profile = EInvoiceProfile::Oioubl;
        assert!(refused(&inv).contains("Danish seller"));
        // 14 digits run together are registration number + account.
        let mut inv = danish(EInvoiceProfile::Oioubl);
        inv.bank_account = "22000123456789".to_owned();
        let nodes = written(&inv);
        assert_eq!(
            one(
                &nodes,
                "Invoice/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID"
            )
            .text,
            "0123456789"
        );
    }

    #[test]
    fn dates_out_of_order_and_empty_required_text_are_refused() {
        let mut inv = norwegian();
        inv.due_date = day(2026, 3, 31);
        assert!(refused(&inv).contains("due date"));
        let mut inv = norwegian();
        inv.period_end = day(2026, 2, 28);
        assert!(refused(&inv).contains("period"));
        let mut inv = norwegian();
        inv.buyer_reference = "  ".to_owned();
        assert!(refused(&inv).contains("buyer reference"));
        let mut inv = norwegian();
        inv.buyer.city.clear();
        assert!(refused(&inv).contains("buyer's city"));
    }

    #[test]
    fn gln_and_organisation_number_checks_know_real_numbers() {
        assert!(gln_ok("5798000123458"));
        assert!(!gln_ok("5798000123459"));
        assert!(!gln_ok("579800012345"));
        assert!(orgnr_ok("958935420")); // Oslo kommune
        assert!(orgnr_ok("964338531")); // Bergen kommune
        assert!(!orgnr_ok("123456789"));
    }
}
