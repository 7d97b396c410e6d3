//! A survey as its respondents' pages need it: typed items with their frozen wordings, and
//! the products with their licensed features.

use crate::db::models::respondent::{self, ProductForRespondents};
use crate::db::models::surveys::{self, SurveyItemRow, SurveyRow, SurveyWordingRow};
use crate::db::models::texts::{self, Translations};
use crate::db::AnyConnection;
use crate::domain::translations::{pick, Shown};
use crate::domain::{DistrictId, ItemKind, Language, SkipCondition, StakeholderGroup, SurveyId};

/// What one group reads for an item in one language (frozen when the survey was made).
#[derive(Debug, Clone)]
pub struct FormWording {
    /// Group.
    pub group: StakeholderGroup,
    /// Language.
    pub language: Language,
    /// The question, with `{product}` / `{vendor}` placeholders.
    pub prompt: String,
    /// Option labels in value order.
    pub options: Vec<String>,
    /// Unit of a number item.
    pub unit: String,
}

/// One frozen item, typed.
#[derive(Debug, Clone)]
pub struct FormItem {
    /// Survey item id.
    pub id: i32,
    /// Stable item key (bank key).
    pub key: String,
    /// Construct key: items of one construct share a page (teens and adults).
    pub construct: String,
    /// Shape of the answer.
    pub kind: ItemKind,
    /// Groups asked.
    pub groups: Vec<StakeholderGroup>,
    /// Repeated per product used.
    pub per_product: bool,
    /// Must be answered.
    pub required: bool,
    /// Offers "does not apply".
    pub allows_na: bool,
    /// The routing item ("which of these do you use?").
    pub product_use: bool,
    /// Shown only when an earlier answer meets this.
    pub show_if: Option<SkipCondition>,
    /// Bounds of a number item.
    pub bounds: Option<(i64, i64)>,
    /// Wordings per group and language.
    pub wordings: Vec<FormWording>,
}

impl FormItem {
    /// The wording `group` reads in `language`.
    pub fn wording(&self, group: StakeholderGroup, language: Language) -> Option<&FormWording> {
        self.wordings
            .iter()
            .find(|w| w.group == group && w.language == language)
    }

    /// Number of options (scale and choice items).
    pub fn option_count(&self) -> usize {
        self.wordings.first().map_or(0, |w| w.options.len())
    }
}

/// A survey ready to be answered or previewed.
#[derive(Debug, Clone)]
pub struct SurveyForm {
    /// The survey row.
    pub survey: SurveyRow,
    /// Languages offered, in the survey's order.
    pub languages: Vec<Language>,
    /// Items in survey order.
    pub items: Vec<FormItem>,
    /// The same items as stored (for the aggregation layout).
    pub item_rows: Vec<SurveyItemRow>,
    /// Products in survey order (routing option n is the n-th).
    pub products: Vec<ProductForRespondents>,
    /// The survey's title in languages other than the original, where given.
    pub titles: Translations,
}

impl SurveyForm {
    /// Types the stored rows; an unparsable stored value is an error naming the item.
    pub fn build(
        survey: SurveyRow,
        item_rows: Vec<SurveyItemRow>,
        wordings: &[SurveyWordingRow],
        products: Vec<ProductForRespondents>,
        titles: Translations,
    ) -> Result<SurveyForm, String> {
        let languages = survey
            .languages
            .split(',')
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.trim().parse::<Language>().map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        let mut items = Vec::with_capacity(item_rows.len());
        for row in &item_rows {
            let bad = |e: String| format!("survey item {}: {e}", row.item_key);
            let kind = row.kind;
            let groups = crate::db::aggregates::layout::parse_groups(&row.groups)
                .map_err(|e| bad(format!("{e}")))?;
            let show_if = row
                .show_if
                .as_deref()
                .map(str::parse::<SkipCondition>)
                .transpose()
                .map_err(|e| bad(format!("{e}")))?;
            let mut item_wordings = Vec::new();
            for w in wordings.iter().filter(|w| w.survey_item_id == row.id) {
                item_wordings.push(FormWording {
                    group: w.stakeholder_group,
                    language: w.language,
                    prompt: w.prompt.clone(),
                    options: w
                        .options
                        .lines()
                        .filter(|o| !o.is_empty())
                        .map(str::to_string)
                        .collect(),
                    unit: w.unit.clone(),
                });
            }
            items.push(FormItem {
                id: row.id,
                key: row.item_key.clone(),
                construct: row.construct_key.clone(),
                kind,
                groups,
                per_product: row.per_product,
                required: row.required,
                allows_na: row.allows_na,
                product_use: row.tag.as_deref() == Some("product_use"),
                show_if,
                bounds: row.number_min.zip(row.number_max),
                wordings: item_wordings,
            });
        }
        Ok(SurveyForm {
            survey,
            languages,
            items,
            item_rows,
            products,
            titles,
        })
    }

    /// The survey's title as a page in `language` shows it (the original, marked with its
    /// language, when there is no translation).
    pub fn title_in(&self, language: Language) -> Shown {
        pick(&self.survey.title, &self.titles, language)
    }

    /// The district owning the survey.
    pub fn district(&self) -> DistrictId {
        DistrictId(self.survey.district_id)
    }

    /// The groups the survey is for.
    pub fn groups(&self) -> Vec<StakeholderGroup> {
        crate::db::aggregates::layout::parse_groups(&self.survey.audience_groups)
            .unwrap_or_default()
    }

    /// `language` if the survey offers it, else its first language.
    pub fn language_or_first(&self, language: Option<Language>) -> Language {
        match language {
            Some(l) if self.languages.contains(&l) => l,
            _ => self.languages.first().copied().unwrap_or(Language::English),
        }
    }
}

/// Loads a survey of the district with everything its pages need; `None` when there is no
/// such survey. A stored value that does not parse is reported as a database error.
pub fn load(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> diesel::QueryResult<Option<SurveyForm>> {
    let Some(row) = respondent::survey(conn, district, survey)? else {
        return Ok(None);
    };
    load_parts(conn, district, row).map(Some)
}

/// Loads everything a survey's pages need besides its row, which the caller has read.
pub(super) fn load_parts(
    conn: &mut AnyConnection,
    district: DistrictId,
    row: SurveyRow,
) -> diesel::QueryResult<SurveyForm> {
    let survey = SurveyId(row.id);
    let items = surveys::items(conn, district, survey)?;
    let wordings = respondent::wordings(conn, district, survey)?;
    let product_ids = surveys::products_of(conn, district, survey)?;
    let products = respondent::products(conn, district, &product_ids)?;
    let titles = texts::survey_titles(conn, district, survey)?;
    SurveyForm::build(row, items, &wordings, products, titles).map_err(|e| {
        diesel::result::Error::DeserializationError(Box::new(std::io::Error::other(e)))
    })
}
