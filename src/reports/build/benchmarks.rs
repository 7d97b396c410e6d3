//! Benchmarks within the district: for each construct, the product's standing among the
//! survey's products on percent favourable over the same view (every group pooled), ranking
//! only products whose figure is shown (a withheld product is neither ranked nor counted).

use super::constructs::{construct_keys, construct_name};
use super::lattice::construct_answers_key;
use super::{row, Sums};
use crate::db::models::surveys::SurveyItemRow;
use crate::domain::Language;
use crate::reports::cells::{proportion_stat, Minimums, View};
use crate::reports::load::ReportInputs;
use crate::reports::product::Standing;
use crate::stats::{construct_favourable, ScaleCounts};
use crate::survey::bank::QuestionBank;

/// Percent favourable of a product's construct over the view, when shown.
fn shown_favourable(
    inputs: &ReportInputs,
    product: i32,
    key: &str,
    view: &View,
    mins: &Minimums,
) -> Option<f64> {
    let sums = Sums {
        product,
        ..Sums::new(inputs)
    };
    let pick = |i: &SurveyItemRow| i.per_product && i.construct_key == key;
    let (within, all) = row(view, None);
    let cells: Vec<ScaleCounts> = sums.scale(&within, &pick).into_values().collect();
    let fav = construct_favourable(&cells)?;
    let min = view.group.map_or(mins.pooled(), |g| mins.group(g));
    let check = all.check(&sums, &construct_answers_key(key), fav.n, min, |f| {
        sums.construct_answers(f, key)
    });
    let stat = proportion_stat(Some(&fav), check);
    (stat.withheld.is_none() && fav.n > 0).then_some(fav.p)
}

/// "1st", "2nd", "3rd", "11th".
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The product's standing on each construct where its own figure is shown.
pub fn standings(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    bank: &QuestionBank,
    language: Language,
) -> Vec<Standing> {
    let mut out = Vec::new();
    for key in construct_keys(inputs) {
        let Some(own) = shown_favourable(inputs, inputs.product.id, &key, view, mins) else {
            continue;
        };
        let others: Vec<f64> = inputs
            .survey_products
            .iter()
            .filter(|p| p.id != inputs.product.id)
            .filter_map(|p| shown_favourable(inputs, p.id, &key, view, mins))
            .collect();
        let rank = 1 + others.iter().filter(|p| **p > own).count();
        let of = 1 + others.len();
        let name = construct_name(bank, &key, language);
        out.push(Standing {
            text: format!("{} of {of} products on {name}", ordinal(rank)),
            construct: key,
            name,
            rank: u64::try_from(rank).unwrap_or(u64::MAX),
            of: u64::try_from(of).unwrap_or(u64::MAX),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::ordinal;

    #[test]
    fn ordinals_read_as_english() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
    }
}
