//! Lists whose filter has optional conditions (the case list, the
//! dashboards' per-family table) are written once per shape of the filter,
//! only the conditions that are set, so that the database can plan each
//! with an index: `(? IS NULL OR column = ?)` cannot be planned on one.

/// The shape of a filter: bit `i` is set when condition `i` is.
pub fn shape_of(set: &[bool]) -> usize {
    set.iter()
        .enumerate()
        .filter(|(_, set)| **set)
        .map(|(bit, _)| 1 << bit)
        .sum()
}

/// A condition written with its parameter's placeholder.
pub type Condition<'a> = &'a dyn Fn(&str) -> String;

/// `" AND "` and each condition `shape` sets, in order, each given the next
/// parameter from `next`.
pub fn set_conditions(
    shape: usize,
    conditions: &[Condition<'_>],
    next: &mut dyn FnMut() -> String,
) -> String {
    let mut sql = String::new();
    for (bit, write) in conditions.iter().enumerate() {
        if shape & (1 << bit) != 0 {
            sql.push_str(" AND ");
            sql.push_str(&write(&next()));
        }
    }
    sql
}

/// The case `c` was referred or is paid for by the municipality `p`.
pub fn referred_or_paid_by(p: &str) -> String {
    format!(
        "(c.referring_municipality = {p} OR EXISTS (SELECT 1 FROM case_payers cp \
         WHERE cp.case_id = c.id AND cp.municipality_code = {p}))"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_set_conditions_are_written_each_with_the_next_parameter() {
        let conditions: [Condition<'_>; 3] =
            [&|p| format!("a = {p}"), &|p| format!("b = {p}"), &|p| {
                format!("c = {p}")
            }];
        let shape = shape_of(&[true, false, true]);
        assert_eq!(shape, 0b101);
        let mut n = 1;
        let mut next = || {
            n += 1;
            format!("?{n}")
        };
        assert_eq!(
            set_conditions(shape, &conditions, &mut next),
            " AND a = ?2 AND c = ?3"
        );
        assert_eq!(set_conditions(0, &conditions, &mut next), "");
    }
}
