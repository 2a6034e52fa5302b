//! Migrations are plain SQL files, one list per backend. Both lists must have
//! the same versions and names, so a schema change is always made for both.

/// One schema migration.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Checks that two backends' migration lists agree on versions and names and
/// are strictly ascending. Returns a description of the first difference.
pub fn check_same_versions(a: &[Migration], b: &[Migration]) -> Result<(), String> {
    for list in [a, b] {
        if list.windows(2).any(|w| w[0].version >= w[1].version) {
            return Err("migration versions must be strictly ascending".into());
        }
    }
    if a.len() != b.len() {
        return Err(format!("{} migrations versus {}", a.len(), b.len()));
    }
    for (x, y) in a.iter().zip(b) {
        if (x.version, x.name) != (y.version, y.name) {
            return Err(format!(
                "{} {} versus {} {}",
                x.version, x.name, y.version, y.name
            ));
        }
    }
    Ok(())
}
