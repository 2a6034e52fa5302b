//! Notices by e-mail (issue 18): the [`Mailer`] that sends a notice's
//! e-mail over SMTP with lettre, STARTTLS required unless the operator
//! says otherwise, and the text of each e-mail.
//!
//! The text is written from the mail job alone — the notice's kind, the
//! team's name, the recipient's language — and a link to log in. A job has
//! no field that could carry a family's name, national id or anything from
//! the case, so no e-mail can either ([`compose`]'s tests and the outbox
//! test's scan of every delivered mail check it).
#![forbid(unsafe_code)]

use std::time::Duration;

use async_trait::async_trait;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use rundt_domain::Arg;
use rundt_domain::country::Country;
use rundt_i18n::Locale;
use rundt_store::MailJob;

pub use rundt_app::notices::Mailer;

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, which must succeed (the
    /// default; port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a mail server on the same machine or a
    /// closed network.
    None,
}

impl std::str::FromStr for Security {
    type Err = MailError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "starttls" => Ok(Self::StartTls),
            "tls" => Ok(Self::Tls),
            "none" => Ok(Self::None),
            other => Err(MailError::Config(format!(
                "'{other}' is not a way to connect to the mail server: starttls, tls or none"
            ))),
        }
    }
}

/// Where and how to send.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// User name and password, when the server wants them.
    pub credentials: Option<(String, String)>,
    /// A CA certificate (PEM) to trust besides the public ones: for a
    /// municipality's own mail server.
    pub ca_pem: Option<Vec<u8>>,
    /// The sender, e.g. `Rundt <rundt@aarhus.dk>`.
    pub from: String,
    /// Rundt's address as people open it, e.g. `https://rundt.aarhus.dk`:
    /// the e-mails link to its start page.
    pub public_url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("{0}")]
    Config(String),
}

/// Sends notices' e-mails through one SMTP server.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    link: String,
    /// The right-hand side of each Message-ID (the sender's domain).
    id_domain: String,
}

impl SmtpMailer {
    pub fn new(settings: &SmtpSettings) -> Result<Self, MailError> {
        let from: Mailbox = settings.from.parse().map_err(|e| {
            MailError::Config(format!(
                "the sender '{}' is not an e-mail address: {e}",
                settings.from
            ))
        })?;
        let id_domain = from.email.domain().to_owned();
        let mut tls = TlsParameters::builder(settings.host.clone());
        if let Some(pem) = &settings.ca_pem {
            let cert = Certificate::from_pem(pem).map_err(|e| {
                MailError::Config(format!(
                    "the mail server's CA certificate cannot be read: {e}"
                ))
            })?;
            tls = tls.add_root_certificate(cert);
        }
        let tls = tls
            .build()
            .map_err(|e| MailError::Config(format!("TLS for the mail server: {e}")))?;
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(settings.host.clone())
                .port(settings.port)
                .timeout(Some(Duration::from_secs(30)))
                .tls(match settings.security {
                    Security::StartTls => Tls::Required(tls),
                    Security::Tls => Tls::Wrapper(tls),
                    Security::None => Tls::None,
                });
        if let Some((user, password)) = &settings.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self {
            transport: builder.build(),
            from,
            link: link_to_start(&settings.public_url),
            id_domain,
        })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, job: &MailJob) -> Result<(), String> {
        let message = compose(job, &self.from, &self.link, &self.id_domain)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// The start page's address under `public_url`.
pub fn link_to_start(public_url: &str) -> String {
    format!("{}/", public_url.trim_end_matches('/'))
}

/// The language of a person's e-mails: the one they chose, else their
/// country's.
pub fn locale_of(job: &MailJob) -> Locale {
    match job.language.as_deref() {
        Some("da") => Locale::Da,
        Some("nb") => Locale::Nb,
        Some("en") => Locale::En,
        _ => match job.country {
            Country::DK => Locale::Da,
            Country::NO => Locale::Nb,
        },
    }
}

/// The subject and body of a notice's e-mail.
pub fn text(job: &MailJob, link: &str) -> (String, String) {
    let locale = locale_of(job);
    let team = job.team_name.clone().unwrap_or_else(|| {
        rundt_i18n::word(locale, "mail-team-unknown")
            .unwrap_or("")
            .to_owned()
    });
    let kind = job.kind.as_str();
    let say = |id: &str, args: &[(&str, Arg)]| {
        rundt_i18n::format(locale, id, args).unwrap_or_else(|| id.to_owned())
    };
    let team_arg = [("team", Arg::Text(team))];
    let subject = say(&format!("mail-subject-{kind}"), &team_arg);
    let body = format!(
        "{}\n\n{}\n\n-- \n{}\n",
        say(&format!("mail-body-{kind}"), &team_arg),
        say("mail-body-login", &[("link", Arg::Text(link.to_owned()))]),
        say("mail-body-footer", &[]),
    );
    (subject, body)
}

/// A notice's e-mail. Its Message-ID is the notice's, so a mail sent
/// twice (a restart in the narrow moment after the server accepted it and
/// before Rundt wrote that down) is recognisably the same mail.
pub fn compose(
    job: &MailJob,
    from: &Mailbox,
    link: &str,
    id_domain: &str,
) -> Result<Message, String> {
    let to: Mailbox = job
        .email
        .parse()
        .map_err(|e| format!("the recipient's address cannot be used: {e}"))?;
    let (subject, body) = text(job, link);
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(subject)
        .message_id(Some(format!("<notice-{}@{id_domain}>", job.notice_id)))
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rundt_domain::id::UserId;
    use rundt_domain::notice::NoticeKind;

    fn job(kind: NoticeKind, language: Option<&str>, country: Country) -> MailJob {
        MailJob {
            notice_id: 41,
            kind,
            user_id: UserId::new(7),
            email: "mette@aarhus.dk".into(),
            language: language.map(str::to_owned),
            country,
            team_name: Some("MST Aarhus".into()),
            attempts: 0,
        }
    }

    #[test]
    fn a_new_referral_mail_names_the_team_and_links_to_log_in() {
        let (subject, body) = text(
            &job(NoticeKind::NewReferral, None, Country::DK),
            "https://rundt.example.dk/",
        );
        assert_eq!(subject, "Ny henvisning til MST Aarhus");
        assert!(body.contains("https://rundt.example.dk/"), "{body}");
        assert!(body.contains("Log ind"), "{body}");
    }

    #[test]
    fn every_kind_has_its_text_in_every_language() {
        for kind in NoticeKind::ALL {
            for (language, country) in [
                ("da", Country::DK),
                ("nb", Country::NO),
                ("en", Country::DK),
            ] {
                let (subject, body) = text(&job(kind, Some(language), country), "https://x/");
                assert!(
                    !subject.starts_with("mail-"),
                    "{language} {kind}: {subject}"
                );
                assert!(!body.contains("mail-body"), "{language} {kind}: {body}");
                assert!(subject.contains("MST Aarhus"), "{subject}");
            }
        }
    }

    #[test]
    fn a_norwegian_user_without_a_choice_gets_norwegian() {
        let (subject, _) = text(&job(NoticeKind::OnCallGap, None, Country::NO), "https://x/");
        assert_eq!(subject, "Hull i vaktplanen for MST Aarhus");
    }

    #[test]
    fn the_message_id_is_the_notice_s() {
        let from: Mailbox = "Rundt <rundt@example.dk>".parse().unwrap();
        let m = compose(
            &job(NoticeKind::NewReferral, None, Country::DK),
            &from,
            "https://x/",
            "example.dk",
        )
        .unwrap();
        let raw = String::from_utf8(m.formatted()).unwrap();
        assert!(raw.contains("Message-ID: <notice-41@example.dk>"), "{raw}");
    }

    #[test]
    fn a_bad_sender_or_connection_kind_is_said_plainly() {
        let settings = SmtpSettings {
            host: "localhost".into(),
            port: 25,
            security: Security::None,
            credentials: None,
            ca_pem: None,
            from: "not an address".into(),
            public_url: "https://x".into(),
        };
        assert!(SmtpMailer::new(&settings).is_err());
        assert!("ssl3".parse::<Security>().is_err());
        assert_eq!("STARTTLS".parse::<Security>().unwrap(), Security::StartTls);
    }
}
