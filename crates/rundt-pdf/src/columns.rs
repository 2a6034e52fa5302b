//! Column widths for a table: each column gets at least the width of its
//! longest word, so a header such as "Behandlingslængde" is never broken
//! mid-word; the rest of the width follows the asked-for shares. When the
//! longest words together are wider than the page, the table's type gets
//! smaller (down to a floor) until they fit.

use crate::EPS;

/// The smallest type a table is set in to keep its words whole.
pub(crate) const MIN_TABLE_SIZE: f32 = 6.5;

/// Text widths per column and the type size, for columns that want
/// `shares` (normalised, positive) of `available` points of text width and
/// whose longest words measure `words` points at size 1.
pub(crate) fn fit(shares: &[f32], words: &[f32], available: f32, size: f32) -> (Vec<f32>, f32) {
    let widest: f32 = words.iter().sum();
    let size = if widest * size > available + EPS && widest > 0.0 {
        (available / widest).max(MIN_TABLE_SIZE).min(size)
    } else {
        size
    };
    let needs: Vec<f32> = words.iter().map(|w| w * size).collect();
    let needed: f32 = needs.iter().sum();
    if needed > available + EPS {
        // Even the smallest type cannot keep every word whole: share the
        // width by need, so the longest words are broken least.
        return (needs.iter().map(|n| n / needed * available).collect(), size);
    }
    let mut fixed = vec![false; shares.len()];
    loop {
        let room = available
            - needs
                .iter()
                .zip(&fixed)
                .filter(|(_, f)| **f)
                .map(|(n, _)| n)
                .sum::<f32>();
        let free: f32 = shares
            .iter()
            .zip(&fixed)
            .filter(|(_, f)| !**f)
            .map(|(s, _)| s)
            .sum();
        let widths: Vec<f32> = (0..shares.len())
            .map(|i| {
                if fixed[i] {
                    needs[i]
                } else {
                    shares[i] / free * room
                }
            })
            .collect();
        let mut grew = false;
        for i in 0..shares.len() {
            if !fixed[i] && widths[i] + EPS < needs[i] {
                fixed[i] = true;
                grew = true;
            }
        }
        if !grew {
            return (widths, size);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_kept_when_every_word_fits() {
        let (w, size) = fit(&[0.5, 0.25, 0.25], &[5.0, 5.0, 5.0], 400.0, 9.0);
        assert_eq!(size, 9.0);
        assert_eq!(w, vec![200.0, 100.0, 100.0]);
    }

    #[test]
    fn a_column_with_a_long_word_takes_what_it_needs_from_the_others() {
        // 10 equal columns of 40 points; the third holds a word of 90.
        let mut words = vec![2.0; 10];
        words[2] = 10.0;
        let (w, size) = fit(&[0.1; 10], &words, 400.0, 9.0);
        assert_eq!(size, 9.0);
        assert!(w[2] >= 90.0 - EPS, "{w:?}");
        assert!((w.iter().sum::<f32>() - 400.0).abs() < 0.1);
        assert!(w.iter().zip(&words).all(|(w, n)| *w + EPS >= n * 9.0));
    }

    #[test]
    fn type_gets_smaller_until_the_words_fit() {
        // Words of 50 points each at size 9 in 10 columns: 500 > 400, so
        // 7.2 points; at 70 points each not even 6.5 would do, and the
        // width is shared evenly.
        let (w, size) = fit(&[0.1; 10], &[50.0 / 9.0; 10], 400.0, 9.0);
        assert!((size - 7.2).abs() < 0.01, "{size}");
        assert!(w.iter().all(|w| *w + EPS >= 50.0 / 9.0 * size), "{w:?}");
        let (w, size) = fit(&[0.1; 10], &[70.0 / 9.0; 10], 400.0, 9.0);
        assert_eq!(size, MIN_TABLE_SIZE);
        assert!(w.iter().all(|w| (w - 40.0).abs() < 0.01), "{w:?}");
    }
}
