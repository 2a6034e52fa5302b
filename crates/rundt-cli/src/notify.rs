//! The notices' worker of a running server (issue 18): it looks for what
//! time has raised every few minutes and sends the e-mails that are due,
//! when a mail server is configured. Several servers on one PostgreSQL
//! database may each run it: a notice is queued once by its key, and an
//! e-mail is taken by one worker at a time.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Args;
use rundt_app::App;
use rundt_app::notices::{self, MAIL_BATCH, Mailer};
use rundt_mail::{Security, SmtpMailer, SmtpSettings};

#[derive(Args, Clone, Debug)]
pub struct NoticeArgs {
    /// The mail server for notices by e-mail (none: notices are shown on
    /// the start page only).
    #[arg(long, env = "RUNDT_SMTP_HOST")]
    smtp_host: Option<String>,
    #[arg(long, env = "RUNDT_SMTP_PORT", default_value_t = 587)]
    smtp_port: u16,
    /// starttls (required, the default), tls (port 465) or none (only for
    /// a mail server on this machine or a closed network).
    #[arg(long, env = "RUNDT_SMTP_SECURITY", default_value = "starttls")]
    smtp_security: String,
    /// User name at the mail server, if it wants one.
    #[arg(long, env = "RUNDT_SMTP_USER")]
    smtp_user: Option<String>,
    /// A file holding the mail server's password (never the password on
    /// the command line).
    #[arg(long, env = "RUNDT_SMTP_PASSWORD_FILE")]
    smtp_password_file: Option<PathBuf>,
    /// A CA certificate (PEM) to trust for the mail server, besides the
    /// public ones.
    #[arg(long, env = "RUNDT_SMTP_CA_FILE")]
    smtp_ca_file: Option<PathBuf>,
    /// The sender of notices, e.g. "Rundt <rundt@aarhus.dk>".
    #[arg(long, env = "RUNDT_SMTP_FROM")]
    smtp_from: Option<String>,
    /// Rundt's address as people open it (the e-mails link to it), e.g.
    /// https://rundt.aarhus.dk
    #[arg(long, env = "RUNDT_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// How often to look for notices raised by time (a referral not
    /// acknowledged, a summary missing, an interview due, a rota gap); 0
    /// for never (another app server of the same database looks).
    #[arg(long, env = "RUNDT_NOTICE_SCAN_EVERY", default_value = "10m", value_parser = humantime::parse_duration)]
    notice_scan_every: Duration,
    /// How often to send the e-mails that are due.
    #[arg(long, env = "RUNDT_MAIL_EVERY", default_value = "15s", value_parser = humantime::parse_duration)]
    mail_every: Duration,
    /// How long a server holds an e-mail it is sending before another (or
    /// itself after a restart) may send it: longer than the mail server
    /// takes to answer.
    #[arg(long, env = "RUNDT_MAIL_LEASE", default_value = "2m", value_parser = humantime::parse_duration)]
    mail_lease: Duration,
}

impl NoticeArgs {
    /// The mailer the arguments describe, `None` without a mail server;
    /// a half-given configuration is an error at start, not at the first
    /// mail.
    pub fn mailer(&self) -> Result<Option<SmtpMailer>> {
        let Some(host) = &self.smtp_host else {
            return Ok(None);
        };
        let security: Security = self.smtp_security.parse()?;
        let Some(from) = self.smtp_from.clone() else {
            bail!(
                "RUNDT_SMTP_FROM (--smtp-from) is needed with a mail server: the notices' sender"
            );
        };
        let Some(public_url) = self.public_url.clone() else {
            bail!(
                "RUNDT_PUBLIC_URL (--public-url) is needed with a mail server: the e-mails link to it"
            );
        };
        let credentials = match (&self.smtp_user, &self.smtp_password_file) {
            (Some(user), Some(file)) => {
                let password = std::fs::read_to_string(file).with_context(|| {
                    format!("reading the SMTP password from {}", file.display())
                })?;
                Some((
                    user.clone(),
                    password.trim_end_matches(['\r', '\n']).to_owned(),
                ))
            }
            (Some(_), None) => bail!("RUNDT_SMTP_USER needs RUNDT_SMTP_PASSWORD_FILE"),
            (None, Some(_)) => bail!("RUNDT_SMTP_PASSWORD_FILE needs RUNDT_SMTP_USER"),
            (None, None) => None,
        };
        let ca_pem = match &self.smtp_ca_file {
            Some(file) => Some(std::fs::read(file).with_context(|| {
                format!("reading the mail server's CA from {}", file.display())
            })?),
            None => None,
        };
        if security == Security::None {
            tracing::warn!(%host, "notices' e-mail goes to the mail server without encryption");
        }
        Ok(Some(SmtpMailer::new(&SmtpSettings {
            host: host.clone(),
            port: self.smtp_port,
            security,
            credentials,
            ca_pem,
            from,
            public_url,
        })?))
    }
}

/// Starts the worker; checks the mail configuration first.
pub fn spawn(app: App, args: &NoticeArgs) -> Result<()> {
    let mailer: Option<Arc<dyn Mailer>> = args.mailer()?.map(|m| Arc::new(m) as Arc<dyn Mailer>);
    match (&mailer, &args.smtp_host) {
        (Some(_), Some(host)) => {
            tracing::info!(%host, port = args.smtp_port, "notices by e-mail")
        }
        _ => tracing::info!("notices on the start page only (no mail server configured)"),
    }
    let (scan_every, mail_every) = (
        args.notice_scan_every,
        args.mail_every.max(Duration::from_millis(200)),
    );
    let lease = chrono::Duration::from_std(args.mail_lease.max(Duration::from_secs(1)))
        .context("RUNDT_MAIL_LEASE is too long")?;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(mail_every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_scan: Option<tokio::time::Instant> = None;
        loop {
            tick.tick().await;
            // Zero turns the look off (another server of the same database
            // does it).
            if !scan_every.is_zero() && last_scan.is_none_or(|t| t.elapsed() >= scan_every) {
                last_scan = Some(tokio::time::Instant::now());
                match notices::scan(&app).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(notices = n, "notices raised by time queued"),
                    Err(e) => tracing::error!(error = %e, "looking for notices failed"),
                }
            }
            if let Some(mailer) = &mailer {
                deliver(&app, mailer.as_ref(), lease).await;
            }
        }
    });
    Ok(())
}

/// Sends everything that is due, a batch at a time.
async fn deliver(app: &App, mailer: &dyn Mailer, lease: chrono::Duration) {
    loop {
        match notices::deliver_mail(app, mailer, lease).await {
            Ok(d) if d.sent + d.failed > 0 => {
                tracing::info!(sent = d.sent, failed = d.failed, "notices' e-mail");
                if d.sent + d.failed < MAIL_BATCH {
                    return;
                }
            }
            Ok(_) => return,
            Err(e) => {
                tracing::error!(error = %e, "sending notices' e-mail failed");
                return;
            }
        }
    }
}
