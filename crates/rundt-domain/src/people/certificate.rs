//! Certificate files: a PDF or an image of a course certificate, told by
//! its first bytes, bounded in size, with a clean name and a checksum.

use sha2::{Digest, Sha256};

use crate::error::DomainError;
use crate::msg;

use super::types::{Certificate, CertificateInfo, CertificateType};

/// The largest certificate accepted: 5 MB.
pub const MAX_CERTIFICATE_BYTES: usize = 5 * 1024 * 1024;
/// [`MAX_CERTIFICATE_BYTES`] in megabytes, for the message.
const MAX_CERTIFICATE_MB: u32 = 5;
/// The longest file name kept.
const FILE_NAME_MAX: usize = 200;

const PDF_MAGIC: &[u8] = b"%PDF-";
const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG_MAGIC: &[u8] = &[0xFF, 0xD8, 0xFF];

/// The file's type by its first bytes only; `None` for anything but a
/// PDF, a PNG or a JPEG.
pub fn certificate_type(bytes: &[u8]) -> Option<CertificateType> {
    if bytes.starts_with(PDF_MAGIC) {
        Some(CertificateType::Pdf)
    } else if bytes.starts_with(PNG_MAGIC) {
        Some(CertificateType::Png)
    } else if bytes.starts_with(JPEG_MAGIC) {
        Some(CertificateType::Jpeg)
    } else {
        None
    }
}

/// The uploaded certificate checked (not empty, at most 5 MB, a PDF, PNG or
/// JPEG by its bytes) and described: its name without any path, control
/// characters or excess length (a default name by type when nothing is
/// left), its size and its SHA-256.
pub fn check_certificate(file_name: &str, bytes: Vec<u8>) -> Result<Certificate, DomainError> {
    if bytes.is_empty() {
        return Err(DomainError::invalid(
            "certificate",
            msg!("certificate-empty"),
        ));
    }
    if bytes.len() > MAX_CERTIFICATE_BYTES {
        return Err(DomainError::invalid(
            "certificate",
            msg!("certificate-too-large", max_mb = MAX_CERTIFICATE_MB),
        ));
    }
    let content_type = certificate_type(&bytes)
        .ok_or_else(|| DomainError::invalid("certificate", msg!("certificate-type")))?;
    // Within the 5 MB bound, so it always fits.
    let size_bytes = u32::try_from(bytes.len()).map_err(|_| {
        DomainError::invalid(
            "certificate",
            msg!("certificate-too-large", max_mb = MAX_CERTIFICATE_MB),
        )
    })?;
    let info = CertificateInfo {
        file_name: clean_file_name(file_name, content_type),
        content_type,
        size_bytes,
        sha256: hex::encode(Sha256::digest(&bytes)),
    };
    Ok(Certificate { info, bytes })
}

/// The part of `file_name` after its last `/` or `\`, without control
/// characters, trimmed, at most [`FILE_NAME_MAX`] characters; the type's
/// default name when nothing is left.
fn clean_file_name(file_name: &str, content_type: CertificateType) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or_default();
    let no_control: String = base.chars().filter(|c| !c.is_control()).collect();
    let bounded: String = no_control.trim().chars().take(FILE_NAME_MAX).collect();
    let name = bounded.trim_end();
    if name.is_empty() {
        match content_type {
            CertificateType::Pdf => "certificate.pdf",
            CertificateType::Png => "certificate.png",
            CertificateType::Jpeg => "certificate.jpg",
        }
        .to_owned()
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf() -> Vec<u8> {
        b"%PDF-1.7\n1 0 obj\n".to_vec()
    }

    fn refusal(name: &str, bytes: Vec<u8>) -> Option<(String, &'static str)> {
        match check_certificate(name, bytes) {
            Ok(_) => None,
            Err(DomainError::Invalid(fields)) => {
                fields.first().map(|f| (f.field.clone(), f.message.code))
            }
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn certificates_are_told_by_their_first_bytes() {
        assert_eq!(certificate_type(&pdf()), Some(CertificateType::Pdf));
        assert_eq!(
            certificate_type(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(CertificateType::Png)
        );
        assert_eq!(
            certificate_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(CertificateType::Jpeg)
        );
        assert_eq!(certificate_type(b"%PDF"), None, "too short to be a PDF");
        assert_eq!(certificate_type(b""), None);
    }

    #[test]
    fn a_gif_is_not_a_certificate() {
        assert_eq!(certificate_type(b"GIF89a\x01\0\x01\0"), None);
        assert_eq!(
            refusal("certificate.pdf", b"GIF89a\x01\0\x01\0".to_vec()),
            Some(("certificate".into(), "certificate-type"))
        );
    }

    #[test]
    fn an_empty_file_is_not_a_certificate() {
        assert_eq!(
            refusal("x.pdf", Vec::new()),
            Some(("certificate".into(), "certificate-empty"))
        );
    }

    #[test]
    fn a_certificate_over_five_megabytes_is_refused() {
        let mut big = pdf();
        big.resize(MAX_CERTIFICATE_BYTES + 1, b' ');
        let err = check_certificate("x.pdf", big).unwrap_err();
        assert_eq!(
            err,
            DomainError::invalid("certificate", msg!("certificate-too-large", max_mb = 5_u32))
        );
        let mut just = pdf();
        just.resize(MAX_CERTIFICATE_BYTES, b' ');
        let c = check_certificate("x.pdf", just).unwrap();
        assert_eq!(c.info.size_bytes, 5_242_880);
    }

    #[test]
    fn a_certificate_is_described_with_its_checksum() {
        let c = check_certificate("orientation.pdf", b"%PDF-".to_vec()).unwrap();
        assert_eq!(c.info.file_name, "orientation.pdf");
        assert_eq!(c.info.content_type, CertificateType::Pdf);
        assert_eq!(c.info.size_bytes, 5);
        // `printf '%PDF-' | sha256sum`
        assert_eq!(
            c.info.sha256,
            "38523c087796e5d5dd1cf9bad1fb026781a838dd9dd2cf8af58b9f6502a46778"
        );
        assert_eq!(c.bytes, b"%PDF-");
    }

    #[test]
    fn the_checksum_is_the_sha256_of_the_bytes_not_the_name() {
        let a = check_certificate("a.pdf", pdf()).unwrap();
        let b = check_certificate("b.pdf", pdf()).unwrap();
        assert_eq!(
            a.info.sha256,
            "f5117edb193052414d3b7496857953fd5c40d289c84ce675aa0bd361d40ffd76"
        );
        assert_eq!(a.info.sha256, b.info.sha256);
    }

    #[test]
    fn a_certificate_name_loses_its_path_and_control_characters() {
        let name = |n: &str| check_certificate(n, pdf()).unwrap().info.file_name;
        assert_eq!(name("C:\\Users\\anna\\kursus.pdf"), "kursus.pdf");
        assert_eq!(name("/home/anna/../bevis.pdf"), "bevis.pdf");
        assert_eq!(name(" be\u{0}vis\n.pdf "), "bevis.pdf");
        assert_eq!(name("dir/"), "certificate.pdf");
        assert_eq!(
            check_certificate("  ", b"\x89PNG\r\n\x1a\n".to_vec())
                .unwrap()
                .info
                .file_name,
            "certificate.png"
        );
        assert_eq!(
            check_certificate("", vec![0xFF, 0xD8, 0xFF])
                .unwrap()
                .info
                .file_name,
            "certificate.jpg"
        );
    }

    #[test]
    fn a_long_certificate_name_is_cut_on_a_character() {
        let long = format!("{}.pdf", "æ".repeat(250));
        let name = check_certificate(&long, pdf()).unwrap().info.file_name;
        assert_eq!(name.chars().count(), 200);
        assert_eq!(name, "æ".repeat(200));
    }
}
