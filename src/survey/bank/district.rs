//! A district's view of the bank: the shipped items plus the district's own, minus those the
//! district hid, so its coordinators are offered only what the district wants asked. Surveys
//! already assembled keep their frozen items whatever is hidden or edited later.

use super::{Item, QuestionBank};

impl QuestionBank {
    /// The bank with the district's own items appended to their constructs (after the shipped
    /// items, in the order given); an item naming no construct of the bank is left out.
    pub fn with_own(&self, own: Vec<Item>) -> QuestionBank {
        let mut constructs = self.constructs.clone();
        for item in own {
            if let Some(c) = constructs.iter_mut().find(|c| c.key == item.construct) {
                c.items.push(item);
            }
        }
        QuestionBank { constructs }
    }

    /// The bank without the items whose keys are in `hidden`; a construct left with no item
    /// disappears with them.
    pub fn without(&self, hidden: &[String]) -> QuestionBank {
        let constructs = self
            .constructs
            .iter()
            .filter_map(|c| {
                let mut construct = c.clone();
                construct.items.retain(|i| !hidden.contains(&i.key));
                (!construct.items.is_empty()).then_some(construct)
            })
            .collect();
        QuestionBank { constructs }
    }

    /// Why the item with `key` may not be hidden, given what is hidden already: the routing
    /// question every survey needs, or an item that still-shown items are conditional on
    /// (hiding it would leave their conditions pointing at nothing).
    pub fn hide_refusal(&self, key: &str, hidden: &[String]) -> Option<String> {
        let item = self.item(key)?;
        if item.construct == "routing" {
            return Some(
                "Every survey needs this question: it decides which product blocks a respondent answers."
                    .to_string(),
            );
        }
        let dependents: Vec<String> = self
            .items()
            .filter(|i| !hidden.contains(&i.key))
            .filter(|i| i.show_if.as_ref().is_some_and(|c| c.item_key == key))
            .map(|i| format!("“{}”", i.label.original()))
            .collect();
        (!dependents.is_empty()).then(|| {
            format!(
                "Other questions are shown only after this one: hide {} first.",
                dependents.join(" and ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::survey::bank::QuestionBank;

    #[test]
    fn hidden_items_leave_the_district_view_only() {
        let bank = QuestionBank::embedded().unwrap();
        let view = bank.without(&["ease.setup".to_string()]);
        assert!(view.item("ease.setup").is_none());
        assert!(view.item("ease.learning").is_some());
        assert!(
            bank.item("ease.setup").is_some(),
            "the shipped bank is untouched"
        );
    }

    #[test]
    fn an_emptied_construct_disappears() {
        let bank = QuestionBank::embedded().unwrap();
        let keys: Vec<String> = bank
            .items_of("recommend")
            .unwrap()
            .iter()
            .map(|i| i.key.clone())
            .collect();
        assert!(bank.without(&keys).construct("recommend").is_none());
    }

    #[test]
    fn routing_and_condition_targets_cannot_be_hidden() {
        let bank = QuestionBank::embedded().unwrap();
        let routing = &bank.items_of("routing").unwrap()[0].key;
        assert!(bank
            .hide_refusal(routing, &[])
            .unwrap()
            .contains("Every survey needs"));
        let dependent = bank.items().find(|i| i.show_if.is_some()).unwrap();
        let target = dependent.show_if.as_ref().unwrap().item_key.clone();
        let refusal = bank.hide_refusal(&target, &[]).unwrap();
        assert!(refusal.contains(dependent.label.original()), "{refusal}");
        let all_dependents: Vec<String> = bank
            .items()
            .filter(|i| i.show_if.as_ref().is_some_and(|c| c.item_key == target))
            .map(|i| i.key.clone())
            .collect();
        assert_eq!(bank.hide_refusal(&target, &all_dependents), None);
        assert_eq!(bank.hide_refusal("ease.setup", &[]), None);
    }
}
