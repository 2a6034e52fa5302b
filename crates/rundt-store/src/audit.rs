//! Which audit events an auditor lists: newest first, narrowed by who did
//! it, what was done, to which record or person, and when. The SQL of the
//! conditions is written here once; each backend binds the values its way.

use chrono::{DateTime, Utc};
use rundt_domain::audit::{AuditAction, Object};
use rundt_domain::id::{PersonId, UserId};

/// The events to list. Every condition given must hold; the list is newest
/// first, and the next (older) page starts below the last `seq` shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only events with a smaller sequence number (the keyset of older pages).
    pub before_seq: Option<i64>,
    /// Only events with a larger sequence number.
    pub after_seq: Option<i64>,
    /// Done by this user.
    pub actor_user_id: Option<UserId>,
    /// One of these actions; empty for any.
    pub actions: Vec<AuditAction>,
    /// About this person's data.
    pub person_id: Option<PersonId>,
    /// About this record (its kind, and its id when given).
    pub object: Option<Object>,
    /// At or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Before this instant.
    pub until: Option<DateTime<Utc>>,
}

/// A value the filter's SQL binds, in the order of its placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditArg {
    Int(i64),
    Text(&'static str),
    /// SQLite binds the text the column holds, PostgreSQL a `timestamptz`.
    Time(DateTime<Utc>),
}

impl AuditFilter {
    /// The condition after `WHERE`, with the `n`th value's placeholder
    /// written by `placeholder(n)` (from 1), and the values in order.
    pub fn condition(&self, placeholder: impl Fn(usize) -> String) -> (String, Vec<AuditArg>) {
        let mut parts: Vec<String> = Vec::new();
        let mut args: Vec<AuditArg> = Vec::new();
        let mut bind = |column_test: &str, arg: AuditArg, parts: &mut Vec<String>| {
            args.push(arg);
            parts.push(format!("{column_test} {}", placeholder(args.len())));
        };
        if let Some(seq) = self.before_seq {
            bind("seq <", AuditArg::Int(seq), &mut parts);
        }
        if let Some(seq) = self.after_seq {
            bind("seq >", AuditArg::Int(seq), &mut parts);
        }
        if let Some(user) = self.actor_user_id {
            bind("actor_user_id =", AuditArg::Int(user.get()), &mut parts);
        }
        if let Some(person) = self.person_id {
            bind("person_id =", AuditArg::Int(person.get()), &mut parts);
        }
        if let Some(object) = self.object {
            bind(
                "object_kind =",
                AuditArg::Text(object.kind.as_str()),
                &mut parts,
            );
            if let Some(id) = object.id {
                bind("object_id =", AuditArg::Int(id), &mut parts);
            }
        }
        if let Some(from) = self.from {
            bind("at >=", AuditArg::Time(from), &mut parts);
        }
        if let Some(until) = self.until {
            bind("at <", AuditArg::Time(until), &mut parts);
        }
        if !self.actions.is_empty() {
            let mut marks = Vec::with_capacity(self.actions.len());
            for action in &self.actions {
                args.push(AuditArg::Text(action.as_str()));
                marks.push(placeholder(args.len()));
            }
            parts.push(format!("action IN ({})", marks.join(", ")));
        }
        if parts.is_empty() {
            parts.push("1 = 1".to_owned());
        }
        (parts.join(" AND "), args)
    }

    /// The whole listing: `select` (the columns `FROM audit_events`) with
    /// the conditions, newest first, at most `limit` rows; the values bound
    /// in order (the limit last).
    ///
    /// Each narrowing has an index ending in `seq`, so the newest matching
    /// events are read in order and the read stops after `limit`. Several
    /// actions (a family such as `case.*`) would be several index ranges
    /// whose union must be sorted, every matching event of ten years read
    /// first; so each action is read on its own, newest first and at most
    /// `limit` of them, and only those few are merged.
    pub fn statement(
        &self,
        select: &str,
        placeholder: impl Fn(usize) -> String,
        limit: u32,
    ) -> (String, Vec<AuditArg>) {
        if self.actions.len() <= 1 {
            let (condition, mut args) = self.condition(&placeholder);
            args.push(AuditArg::Int(i64::from(limit)));
            let sql = format!(
                "{select} WHERE {condition} ORDER BY seq DESC LIMIT {}",
                placeholder(args.len())
            );
            return (sql, args);
        }
        let common = Self {
            actions: Vec::new(),
            ..self.clone()
        };
        let (condition, mut args) = common.condition(&placeholder);
        let first_action = args.len() + 1;
        args.extend(self.actions.iter().map(|a| AuditArg::Text(a.as_str())));
        args.push(AuditArg::Int(i64::from(limit)));
        let limit_mark = placeholder(args.len());
        let branches: Vec<String> = (0..self.actions.len())
            .map(|i| {
                format!(
                    "SELECT * FROM ({select} WHERE {condition} AND action = {} \
                     ORDER BY seq DESC LIMIT {limit_mark}) AS action_{i}",
                    placeholder(first_action + i)
                )
            })
            .collect();
        let sql = format!(
            "{} ORDER BY seq DESC LIMIT {limit_mark}",
            branches.join(" UNION ALL ")
        );
        (sql, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rundt_domain::audit::ObjectKind;

    #[test]
    fn only_the_conditions_given_are_written_and_bound_in_order() {
        let (sql, args) = AuditFilter::default().condition(|n| format!("${n}"));
        assert_eq!(sql, "1 = 1");
        assert!(args.is_empty());

        let filter = AuditFilter {
            before_seq: Some(90),
            actor_user_id: Some(UserId::new(7)),
            object: Some(Object::keyed(ObjectKind::Case, 3)),
            actions: vec![AuditAction::CaseRead, AuditAction::CaseReadBreakGlass],
            ..AuditFilter::default()
        };
        let (sql, args) = filter.condition(|n| format!("?{n}"));
        assert_eq!(
            sql,
            "seq < ?1 AND actor_user_id = ?2 AND object_kind = ?3 AND object_id = ?4 \
             AND action IN (?5, ?6)"
        );
        assert_eq!(
            args,
            vec![
                AuditArg::Int(90),
                AuditArg::Int(7),
                AuditArg::Text("case"),
                AuditArg::Int(3),
                AuditArg::Text("case.read"),
                AuditArg::Text("case.read.break_glass"),
            ]
        );
    }

    #[test]
    fn several_actions_are_read_each_newest_first_then_merged() {
        let one = AuditFilter {
            actions: vec![AuditAction::CaseRead],
            ..AuditFilter::default()
        };
        let (sql, args) = one.statement("SELECT seq FROM audit_events", |n| format!("${n}"), 50);
        assert_eq!(
            sql,
            "SELECT seq FROM audit_events WHERE action IN ($1) ORDER BY seq DESC LIMIT $2"
        );
        assert_eq!(args, vec![AuditArg::Text("case.read"), AuditArg::Int(50)]);

        let family = AuditFilter {
            actor_user_id: Some(UserId::new(7)),
            actions: vec![AuditAction::CaseRead, AuditAction::CaseList],
            ..AuditFilter::default()
        };
        let (sql, args) = family.statement("SELECT seq FROM audit_events", |n| format!("?{n}"), 20);
        assert_eq!(
            sql,
            "SELECT * FROM (SELECT seq FROM audit_events WHERE actor_user_id = ?1 AND action = ?2 \
             ORDER BY seq DESC LIMIT ?4) AS action_0 UNION ALL \
             SELECT * FROM (SELECT seq FROM audit_events WHERE actor_user_id = ?1 AND action = ?3 \
             ORDER BY seq DESC LIMIT ?4) AS action_1 ORDER BY seq DESC LIMIT ?4"
        );
        assert_eq!(
            args,
            vec![
                AuditArg::Int(7),
                AuditArg::Text("case.read"),
                AuditArg::Text("case.list"),
                AuditArg::Int(20),
            ]
        );
    }
}
