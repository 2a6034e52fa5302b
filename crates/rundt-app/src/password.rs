//! Password hashing with argon2id, on the process's few password threads so
//! the async runtime is never stalled and memory stays bounded.
//!
//! Each argon2id computation works in 19 MiB (the library's default memory
//! cost). Allocated and freed per hash, those blocks stayed with the
//! allocator: glibc raises its mmap threshold after the first free, later
//! blocks came from the heap, and the heap kept them, fragmented — the
//! server grew from 25 to 235 MiB after a hundred logins (issue 17). Here
//! one thread per core does all password work, each in its own memory,
//! allocated once and reused ([`MEMORY`]): at most that many blocks exist,
//! whatever the number of logins. A burst waits for a core, as CPU-bound
//! work must anyway.

use std::cell::RefCell;
use std::sync::OnceLock;
use std::sync::mpsc;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::oneshot;

use crate::{AppError, AppResult};

type Job = Box<dyn FnOnce() + Send>;

thread_local! {
    /// This thread's argon2 memory: allocated by its first hash, reused by
    /// every later one (argon2 writes each block before it reads it).
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Hashes `password` with `salt` into `out`, in this thread's memory.
fn argon2_into(
    argon: &Argon2<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    MEMORY.with_borrow_mut(|blocks| {
        let need = argon.params().block_count();
        if blocks.len() < need {
            blocks.resize(need, Block::default());
        }
        argon.hash_password_into_with_memory(password, salt, out, &mut blocks[..need])
    })
}

fn failed(what: &str, e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("{what}: {e}"))
}

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
                yield_to_requests();
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

/// The password threads' priority: 22 of the crate's 0–99, which on Linux
/// is nice 10 (about a tenth of a request thread's weight on a busy core;
/// nice 5 was measured too, and helped the pages half as much).
const PASSWORD_PRIORITY: u8 = 22;

/// Lowers the calling password thread's scheduling priority. A login's
/// argon2id hash takes about 25 ms of a core; at normal priority a burst of
/// logins took half of a busy core from the requests already running, and
/// every page waited behind them. At nice 10 the requests go first, and a
/// login still gets its share, so logins slow down on a saturated machine
/// but never stop. Where the system refuses (it may not, for a lower
/// priority), the thread runs on at normal priority.
fn yield_to_requests() {
    use thread_priority::{ThreadPriority, ThreadPriorityValue, set_current_thread_priority};
    let lowered = ThreadPriorityValue::try_from(PASSWORD_PRIORITY)
        .map_err(|e| e.to_string())
        .and_then(|value| {
            set_current_thread_priority(ThreadPriority::Crossplatform(value))
                .map_err(|e| format!("{e:?}"))
        });
    if let Err(e) = lowered {
        tracing::warn!("the password threads run at normal priority: {e}");
    }
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
        let argon = Argon2::default();
        let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
        argon2_into(&argon, password.as_bytes(), &salt_bytes, &mut out)
            .map_err(|e| failed("hashing failed", e))?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(argon.params())
                .map_err(|e| failed("hashing failed", e))?,
            salt: Some(salt.as_salt()),
            hash: Some(Output::new(&out).map_err(|e| failed("hashing failed", e))?),
        };
        Ok(phc.to_string())
    })
    .await
}

/// Checks a password against a stored PHC string (any argon2 variant,
/// version and parameters it names), comparing in constant time.
pub async fn verify(password: String, phc: String) -> AppResult<bool> {
    on_password_thread(move || {
        let bad = |e: &dyn std::fmt::Display| failed("bad stored hash", e);
        let parsed = PasswordHash::new(&phc).map_err(|e| bad(&e))?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Err(bad(&"no salt or no hash"));
        };
        let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| bad(&e))?;
        let version = match parsed.version {
            Some(v) => Version::try_from(v).map_err(|e| bad(&e))?,
            None => Version::default(),
        };
        let params = Params::try_from(&parsed).map_err(|e| bad(&e))?;
        let mut salt_buf = [0u8; 64];
        let salt = salt.decode_b64(&mut salt_buf).map_err(|e| bad(&e))?;
        let mut out = vec![0u8; expected.len()];
        argon2_into(
            &Argon2::new(algorithm, version, params),
            password.as_bytes(),
            salt,
            &mut out,
        )
        .map_err(|e| bad(&e))?;
        let computed = Output::new(&out).map_err(|e| bad(&e))?;
        // `Output`'s equality is constant-time.
        Ok(computed == expected)
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

    /// The calling thread's nice value, from `/proc/thread-self/stat`
    /// (field 19; the fields after the command's closing parenthesis start
    /// at field 3).
    #[cfg(target_os = "linux")]
    fn nice_of_this_thread() -> i64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
        let after_command = stat.rsplit_once(')').unwrap().1;
        after_command
            .split_whitespace()
            .nth(19 - 3)
            .unwrap()
            .parse()
            .unwrap()
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn a_login_hashes_below_the_priority_of_the_requests() {
        let request = nice_of_this_thread();
        let password = on_password_thread(|| Ok(nice_of_this_thread()))
            .await
            .unwrap();
        // Nice 10, or the process's own where that is lower still.
        assert_eq!(password, request.max(10), "request thread at {request}");
    }

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

    #[tokio::test]
    async fn hashes_stored_by_the_library_itself_still_verify_and_ours_verify_there() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::encode_b64(b"sixteen byte slt").unwrap();
        let by_library = Argon2::default()
            .hash_password(b"correct horse battery", &salt)
            .unwrap()
            .to_string();
        assert!(
            verify("correct horse battery".into(), by_library.clone())
                .await
                .unwrap()
        );
        assert!(!verify("wrong".into(), by_library).await.unwrap());
        // Another variant and other costs, as an older installation may hold.
        let older = Argon2::new(
            Algorithm::Argon2i,
            Version::V0x10,
            Params::new(8 * 1024, 3, 1, Some(24)).unwrap(),
        )
        .hash_password(b"correct horse battery", &salt)
        .unwrap()
        .to_string();
        assert!(
            verify("correct horse battery".into(), older.clone())
                .await
                .unwrap()
        );
        assert!(!verify("correct horse batterY".into(), older).await.unwrap());

        let ours = hash("correct horse battery".into()).await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
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
