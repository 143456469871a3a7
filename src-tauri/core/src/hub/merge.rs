//! A record changed both here and on the hub since this library last synced: what the
//! two changes make together, field by field, against the version both started from.
//!
//! A field changed on one side only takes that side's value. The same field changed on
//! both sides to different values is a conflict, and so is a deletion on one side
//! against an edit on the other: nothing is decided for the clerk, and both versions are
//! kept (the hub's in the library's conflict list and the hub's log, the library's in
//! the library) until the clerk chooses keep mine or take theirs, per field.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::{Error, Result};

/// One version of a shared record: whose it is, its number, whether it is deleted, and
/// its facts (the shadow of a record, the hub's version, or the library's own).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Version {
    pub owner: String,
    pub version: i64,
    pub deleted: bool,
    pub body: Value,
}

/// A record the clerk has to decide, as the plan shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    pub global_id: String,
    /// The record's kind on the hub: `contract`, `checklist`, `comparison` or `memo`.
    pub record: String,
    /// The record as a clerk names it: a contract by cooperative, number, title and
    /// vendor; a comparison or a memo by its title.
    pub contract: String,
    pub kind: ConflictKind,
    /// Who changed it on the hub (their login).
    pub changed_by: String,
    /// The fields changed on both sides, or (a deletion against an edit) the fields the
    /// edit changed.
    pub fields: Vec<FieldConflict>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ConflictKind {
    /// The same fields changed here and on the hub.
    BothChanged,
    /// Moved to the trash here, changed on the hub.
    DeletedHereChangedThere,
    /// Changed here, deleted on the hub.
    ChangedHereDeletedThere,
}

/// One field of a conflict: as both sides last agreed, here, and on the hub.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldConflict {
    pub field: String,
    pub base: Value,
    pub mine: Value,
    pub theirs: Value,
}

/// The clerk's choice for a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// This library's version of every conflicting field (or its deletion, or its edit).
    KeepMine,
    /// The hub's version of every conflicting field (or its deletion, or its edit).
    TakeTheirs,
    /// The hub's version of the fields named, this library's of the others.
    Fields { take_theirs: Vec<String> },
}

/// What a record changed on both sides becomes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Outcome {
    /// Both sides hold the same now: nothing to write, nothing to push.
    Same,
    /// Together they make `deleted` and `body`: written here, pushed unless it is what
    /// the hub holds.
    Merged { deleted: bool, body: Value },
    /// The clerk decides.
    Conflict(ConflictKind, Vec<FieldConflict>),
}

/// Merges `mine` and `theirs`, both changed from `base` (`None` when this library never
/// saw the hub's version: then every differing field is a conflict).
pub(crate) fn merge(base: Option<&Version>, mine: &Version, theirs: &Version) -> Outcome {
    if mine.deleted == theirs.deleted && mine.body == theirs.body {
        return Outcome::Same;
    }
    let base_body = base.map(|b| &b.body);
    let base_deleted = base.is_some_and(|b| b.deleted);
    match (mine.deleted, theirs.deleted) {
        (true, true) => Outcome::Merged {
            deleted: true,
            body: theirs.body.clone(),
        },
        (true, false) => {
            if base_body != Some(&theirs.body) || base_deleted {
                let fields = differing(base_body, &mine.body, &theirs.body);
                Outcome::Conflict(ConflictKind::DeletedHereChangedThere, fields)
            } else {
                Outcome::Merged {
                    deleted: true,
                    body: mine.body.clone(),
                }
            }
        }
        (false, true) => {
            if base_body != Some(&mine.body) {
                let fields = differing(base_body, &mine.body, &theirs.body);
                Outcome::Conflict(ConflictKind::ChangedHereDeletedThere, fields)
            } else {
                Outcome::Merged {
                    deleted: true,
                    body: theirs.body.clone(),
                }
            }
        }
        (false, false) => {
            let (body, conflicts) = fields(base_body, &mine.body, &theirs.body, |_| None);
            if conflicts.is_empty() {
                Outcome::Merged {
                    deleted: false,
                    body,
                }
            } else {
                Outcome::Conflict(ConflictKind::BothChanged, conflicts)
            }
        }
    }
}

/// The record after the clerk's `choice`: whether deleted, and its body.
pub(crate) fn resolve(
    base: Option<&Version>,
    mine: &Version,
    theirs: &Version,
    kind: ConflictKind,
    choice: &Resolution,
) -> Result<(bool, Value)> {
    let base_body = base.map(|b| &b.body);
    match (kind, choice) {
        (ConflictKind::BothChanged, _) => {
            let (_, conflicts) = fields(base_body, &mine.body, &theirs.body, |_| None);
            if let Resolution::Fields { take_theirs } = choice {
                if let Some(unknown) = take_theirs
                    .iter()
                    .find(|name| !conflicts.iter().any(|c| &c.field == *name))
                {
                    let names: Vec<&str> = conflicts.iter().map(|c| c.field.as_str()).collect();
                    return Err(Error::invalid(
                        "Take theirs",
                        format!(
                            "\"{unknown}\" is not a field in conflict here; the fields in \
                             conflict are: {}.",
                            names.join(", ")
                        ),
                    ));
                }
            }
            let (body, _) = fields(base_body, &mine.body, &theirs.body, |field| {
                Some(match choice {
                    Resolution::KeepMine => false,
                    Resolution::TakeTheirs => true,
                    Resolution::Fields { take_theirs } => take_theirs.iter().any(|f| f == field),
                })
            });
            Ok((false, body))
        }
        (_, Resolution::KeepMine) => Ok((mine.deleted, mine.body.clone())),
        (_, Resolution::TakeTheirs) => Ok((theirs.deleted, theirs.body.clone())),
        (_, Resolution::Fields { .. }) => Err(Error::invalid(
            "Take theirs",
            "a deletion against an edit is decided whole: keep mine or take theirs.",
        )),
    }
}

/// Field by field: one side's change is taken; a field both changed differently is
/// `choose(field)`'s side (`Some(true)` theirs) or, when it says `None`, a conflict.
fn fields(
    base: Option<&Value>,
    mine: &Value,
    theirs: &Value,
    choose: impl Fn(&str) -> Option<bool>,
) -> (Value, Vec<FieldConflict>) {
    let empty = Map::new();
    let object = |v: Option<&Value>| v.and_then(Value::as_object).unwrap_or(&empty).clone();
    let (b, m, t) = (object(base), object(Some(mine)), object(Some(theirs)));
    let mut names: Vec<&String> = m.keys().chain(t.keys()).chain(b.keys()).collect();
    names.sort();
    names.dedup();
    let mut merged = Map::new();
    let mut conflicts = Vec::new();
    for name in names {
        let (bv, mv, tv) = (value(&b, name), value(&m, name), value(&t, name));
        let pick = if mv == tv || tv == bv {
            mv.clone()
        } else if mv == bv {
            tv.clone()
        } else {
            match choose(name) {
                Some(true) => tv.clone(),
                Some(false) => mv.clone(),
                None => {
                    conflicts.push(FieldConflict {
                        field: name.clone(),
                        base: bv.clone(),
                        mine: mv.clone(),
                        theirs: tv.clone(),
                    });
                    mv.clone()
                }
            }
        };
        merged.insert(name.clone(), pick);
    }
    (Value::Object(merged), conflicts)
}

/// The fields on which `mine` and `theirs` differ (a deletion against an edit).
fn differing(base: Option<&Value>, mine: &Value, theirs: &Value) -> Vec<FieldConflict> {
    let empty = Map::new();
    let object = |v: Option<&Value>| v.and_then(Value::as_object).unwrap_or(&empty).clone();
    let (b, m, t) = (object(base), object(Some(mine)), object(Some(theirs)));
    let mut names: Vec<&String> = m.keys().chain(t.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|name| value(&m, name) != value(&t, name))
        .map(|name| FieldConflict {
            field: name.clone(),
            base: value(&b, name).clone(),
            mine: value(&m, name).clone(),
            theirs: value(&t, name).clone(),
        })
        .collect()
}

fn value<'m>(map: &'m Map<String, Value>, name: &str) -> &'m Value {
    map.get(name).unwrap_or(&Value::Null)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn version(deleted: bool, body: Value) -> Version {
        Version {
            owner: "o".into(),
            version: 1,
            deleted,
            body,
        }
    }

    #[test]
    fn changes_to_different_fields_are_both_kept() {
        let base = version(false, json!({"title": "A", "notes": ""}));
        let mine = version(false, json!({"title": "B", "notes": ""}));
        let theirs = version(false, json!({"title": "A", "notes": "checked"}));
        assert_eq!(
            merge(Some(&base), &mine, &theirs),
            Outcome::Merged {
                deleted: false,
                body: json!({"title": "B", "notes": "checked"})
            },
            "my title and their notes, both"
        );
    }

    #[test]
    fn the_same_field_changed_on_both_sides_is_a_conflict_with_all_three_values() {
        let base = version(false, json!({"title": "A"}));
        let mine = version(false, json!({"title": "B"}));
        let theirs = version(false, json!({"title": "C"}));
        let Outcome::Conflict(kind, fields) = merge(Some(&base), &mine, &theirs) else {
            panic!("a conflict was expected");
        };
        assert_eq!(kind, ConflictKind::BothChanged);
        assert_eq!(
            fields,
            vec![FieldConflict {
                field: "title".into(),
                base: json!("A"),
                mine: json!("B"),
                theirs: json!("C")
            }]
        );
    }

    #[test]
    fn a_deletion_against_an_edit_is_a_conflict_either_way() {
        let base = version(false, json!({"title": "A"}));
        let edited = version(false, json!({"title": "B"}));
        let deleted = version(true, json!({"title": "A"}));
        assert!(matches!(
            merge(Some(&base), &deleted, &edited),
            Outcome::Conflict(ConflictKind::DeletedHereChangedThere, _)
        ));
        assert!(matches!(
            merge(Some(&base), &edited, &deleted),
            Outcome::Conflict(ConflictKind::ChangedHereDeletedThere, _)
        ));
    }

    #[test]
    fn taking_theirs_for_one_field_keeps_mine_for_the_others() {
        let base = version(false, json!({"title": "A", "notes": "x"}));
        let mine = version(false, json!({"title": "B", "notes": "y"}));
        let theirs = version(false, json!({"title": "C", "notes": "z"}));
        let choice = Resolution::Fields {
            take_theirs: vec!["notes".into()],
        };
        let resolved = resolve(
            Some(&base),
            &mine,
            &theirs,
            ConflictKind::BothChanged,
            &choice,
        )
        .unwrap();
        assert_eq!(resolved, (false, json!({"title": "B", "notes": "z"})));
    }
}
