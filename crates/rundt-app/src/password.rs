//! Password hashing with argon2id, on the process's few password threads so
//! the async runtime is never stalled and memory stays bounded.
//!
//! Each argon2id computation holds 19 MiB (the library's default memory
//! cost). On Tokio's blocking pool a burst of logins ran one hash per
//! thread, each thread in its own allocator arena, and every arena kept
//! its 19 MiB afterwards: the server grew by hundreds of MiB after a day's
//! logins (issue 17). Here one thread per core does all password work, one
//! hash at a time each, so at most that many blocks exist and each thread
//! reuses its own. A burst waits for a core, as CPU-bound work must anyway.

use std::sync::OnceLock;
use std::sync::mpsc;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use tokio::sync::oneshot;

use crate::{AppError, AppResult};

type Job = Box<dyn FnOnce() + Send>;

/// The queue of the password threads (started on first use).
static PASSWORD_WORK: OnceLock<Option<mpsc::Sender<Job>>> = OnceLock::new();

/// The name of the password threads.
const THREAD_NAME: &str = "rundt-password";

fn start_workers() -> Option<mpsc::Sender<Job>> {
    let (jobs, queue) = mpsc::channel::<Job>();
    let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut started = 0;
    for _ in 0..threads {
        let queue = queue.clone();
        let spawned = std::thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(move || {
                loop {
                    // One idle thread at a time waits on the queue.
                    let job = match queue.lock() {
                        Ok(q) => q.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                }
            });
        if spawned.is_ok() {
            started += 1;
        }
    }
    (started > 0).then_some(jobs)
}

/// Runs `work` on a password thread and waits for its answer.
async fn on_password_thread<T, F>(work: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> AppResult<T> + Send + 'static,
{
    let (answer, answered) = oneshot::channel();
    let job: Job = Box::new(move || {
        // The caller may have gone (a dropped request): nobody to tell.
        let _ = answer.send(work());
    });
    PASSWORD_WORK
        .get_or_init(start_workers)
        .as_ref()
        .ok_or_else(|| AppError::Internal("no password thread could be started".into()))?
        .send(job)
        .map_err(|_| AppError::Internal("the password threads have stopped".into()))?;
    answered
        .await
        .map_err(|_| AppError::Internal("a password thread stopped during the work".into()))?
}

/// Hashes a password into a PHC string (argon2id, library defaults).
pub async fn hash(password: String) -> AppResult<String> {
    on_password_thread(move || {
        let mut salt_bytes = [0u8; 16];
        getrandom::fill(&mut salt_bytes)
            .map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
        let salt =
            SaltString::encode_b64(&salt_bytes).map_err(|e| AppError::Internal(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("hashing failed: {e}")))
    })
    .await
}

/// Checks a password against a stored PHC string.
pub async fn verify(password: String, phc: String) -> AppResult<bool> {
    on_password_thread(move || {
        let parsed = PasswordHash::new(&phc)
            .map_err(|e| AppError::Internal(format!("bad stored hash: {e}")))?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
}

/// A random password for accounts created without one: 20 characters from an
/// alphabet without look-alikes (rejection sampling keeps it unbiased).
pub fn generate() -> AppResult<String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let limit = 256 - 256 % ALPHABET.len();
    let mut out = String::with_capacity(20);
    while out.len() < 20 {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
        for b in bytes.iter().map(|b| usize::from(*b)).filter(|b| *b < limit) {
            if out.len() < 20 {
                out.push(char::from(ALPHABET[b % ALPHABET.len()]));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(
            verify("correct horse battery".into(), h.clone())
                .await
                .unwrap()
        );
        assert!(!verify("wrong horse battery".into(), h).await.unwrap());
    }

    #[tokio::test]
    async fn a_stored_hash_that_is_no_hash_is_an_error_not_a_wrong_password() {
        let verified = verify("correct horse battery".into(), "not-a-hash".into()).await;
        assert!(matches!(verified, Err(AppError::Internal(m)) if m.contains("bad stored hash")));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_burst_of_logins_is_checked_on_the_password_threads_alone() {
        let h = hash("correct horse battery".into()).await.unwrap();
        let checks: Vec<_> = (0..6)
            .map(|i| {
                let h = h.clone();
                tokio::spawn(async move {
                    let guess = if i % 2 == 0 {
                        "correct horse battery"
                    } else {
                        "wrong"
                    };
                    verify(guess.into(), h).await.unwrap()
                })
            })
            .collect();
        let mut right = 0;
        for c in checks {
            right += usize::from(c.await.unwrap());
        }
        assert_eq!(right, 3);
        let where_it_ran =
            on_password_thread(|| Ok(std::thread::current().name().map(str::to_owned)))
                .await
                .unwrap();
        assert_eq!(where_it_ran.as_deref(), Some(THREAD_NAME));
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let a = generate().unwrap();
        assert_eq!(a.len(), 20);
        assert_ne!(a, generate().unwrap());
    }
}
