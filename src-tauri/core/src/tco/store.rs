//! Saved comparisons in the library database (table `comparisons`, migration 0002).
//!
//! A comparison is stored whole, as its comparison-file JSON, so that what is saved is
//! exactly what is exported. Drafts are allowed: the editor saves while the clerk types,
//! so saving checks only that there is a title; [`super::compare`] checks the rest.
//! Times are passed in (`now`); the core never reads the clock.

use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::Comparison;
use crate::db::Database;
use crate::{Error, Result};

/// A row of the comparisons list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonSummary {
    pub id: i64,
    pub title: String,
    /// How many options besides the baseline it compares.
    pub options_count: u32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A saved comparison with its row facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoredComparison {
    pub id: i64,
    pub comparison: Comparison,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Saves a comparison: a new row when `id` is `None`, else replaces that row's document.
/// Returns the id.
pub fn save(
    db: &Database,
    id: Option<i64>,
    comparison: &Comparison,
    now: NaiveDateTime,
) -> Result<i64> {
    let title = comparison.title.trim();
    if title.is_empty() {
        return Err(Error::invalid(
            "Title",
            "a comparison needs a title before it can be saved.",
        ));
    }
    // Options added since the last save get their stable id now: the time of this save
    // and their position, so an id is never given to two options a memo could confuse.
    let mut comparison = comparison.clone();
    let stamp = now.format("%Y%m%d%H%M%S").to_string();
    comparison.assign_missing_option_ids(|position| format!("option-{stamp}-{position}"));
    let document = comparison.to_json();
    let conn = db.conn();
    match id {
        None => {
            conn.execute(
                "INSERT INTO comparisons (title, document, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?3)",
                params![title, document, now],
            )?;
            Ok(conn.last_insert_rowid())
        }
        Some(id) => {
            let changed = conn.execute(
                "UPDATE comparisons SET title = ?2, document = ?3, updated_at = ?4 WHERE id = ?1",
                params![id, title, document, now],
            )?;
            if changed == 0 {
                return Err(not_found(id));
            }
            Ok(id)
        }
    }
}

/// Every saved comparison, most recently changed first.
pub fn list(db: &Database) -> Result<Vec<ComparisonSummary>> {
    let mut statement = db.conn().prepare(
        "SELECT id, title, json_array_length(document, '$.options'), created_at, updated_at
         FROM comparisons ORDER BY updated_at DESC, id DESC",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(ComparisonSummary {
            id: row.get(0)?,
            title: row.get(1)?,
            options_count: row.get::<_, Option<u32>>(2)?.unwrap_or(0),
            created_at: row.get(3)?,
            updated_at: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One saved comparison.
pub fn get(db: &Database, id: i64) -> Result<StoredComparison> {
    let row: Option<(String, NaiveDateTime, NaiveDateTime)> = db
        .conn()
        .query_row(
            "SELECT document, created_at, updated_at FROM comparisons WHERE id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    let (document, created_at, updated_at) = row.ok_or_else(|| not_found(id))?;
    Ok(StoredComparison {
        id,
        comparison: Comparison::from_json(&document)?,
        created_at,
        updated_at,
    })
}

/// Copies a comparison as a new one titled "… (copy)", to try a variant without losing
/// the original. Returns the new id.
pub fn duplicate(db: &Database, id: i64, now: NaiveDateTime) -> Result<i64> {
    let mut comparison = get(db, id)?.comparison;
    comparison.title = format!("{} (copy)", comparison.title.trim());
    save(db, None, &comparison, now)
}

/// Deletes a comparison.
pub fn delete(db: &Database, id: i64) -> Result<()> {
    let deleted = db
        .conn()
        .execute("DELETE FROM comparisons WHERE id = ?1", [id])?;
    if deleted == 0 {
        return Err(not_found(id));
    }
    Ok(())
}

fn not_found(id: i64) -> Error {
    Error::NotFound {
        what: format!("Comparison {id}"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::tco::tests::three_option_comparison;

    fn at(hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    #[test]
    fn a_saved_comparison_comes_back_exactly_as_entered() {
        let db = Database::open_in_memory().unwrap();
        let comparison = three_option_comparison();
        let id = save(&db, None, &comparison, at(9)).unwrap();
        let stored = get(&db, id).unwrap();
        let mut without_ids = stored.comparison.clone();
        without_ids.baseline.id.clear();
        for option in &mut without_ids.options {
            option.id.clear();
        }
        assert_eq!(
            without_ids, comparison,
            "reopening must not change a single cent"
        );
        assert_eq!((stored.created_at, stored.updated_at), (at(9), at(9)));
    }

    #[test]
    fn saving_gives_each_option_a_stable_id_that_later_saves_keep() {
        let db = Database::open_in_memory().unwrap();
        let id = save(&db, None, &three_option_comparison(), at(9)).unwrap();
        let first = get(&db, id).unwrap().comparison;
        let ids: Vec<String> = first.all_options().map(|o| o.id.clone()).collect();
        assert!(
            ids.iter().all(|id| !id.is_empty()),
            "every option has an id"
        );
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "ids are unique: {ids:?}");

        // Renamed, moved and joined by a new option: the old ids stay with their options.
        let mut edited = first.clone();
        edited.options.swap(0, 1);
        edited.options[0].name = "Renamed".into();
        let mut added = edited.options[1].clone();
        added.id.clear();
        added.name = "A new option".into();
        edited.options.push(added);
        save(&db, Some(id), &edited, at(10)).unwrap();
        let second = get(&db, id).unwrap().comparison;
        assert_eq!(second.options[0].id, first.options[1].id);
        assert_eq!(second.options[1].id, first.options[0].id);
        let new_id = &second.options.last().unwrap().id;
        assert!(
            !new_id.is_empty() && !ids.contains(new_id),
            "the new option gets an id of its own, not {new_id:?}"
        );
    }

    #[test]
    fn saving_again_updates_the_same_comparison_and_its_time() {
        let db = Database::open_in_memory().unwrap();
        let mut comparison = three_option_comparison();
        let id = save(&db, None, &comparison, at(9)).unwrap();
        comparison.title = "Utility billing, revised".into();
        assert_eq!(save(&db, Some(id), &comparison, at(11)).unwrap(), id);
        let stored = get(&db, id).unwrap();
        assert_eq!(stored.comparison.title, "Utility billing, revised");
        assert_eq!(
            stored.created_at,
            at(9),
            "the creation time must survive an edit"
        );
        assert_eq!(stored.updated_at, at(11));
        assert_eq!(
            list(&db).unwrap().len(),
            1,
            "an edit must not add a second comparison"
        );
    }

    #[test]
    fn the_list_shows_the_most_recently_changed_first() {
        let db = Database::open_in_memory().unwrap();
        let mut comparison = three_option_comparison();
        comparison.title = "Older".into();
        let older = save(&db, None, &comparison, at(8)).unwrap();
        comparison.title = "Newer".into();
        let newer = save(&db, None, &comparison, at(10)).unwrap();
        let ids: Vec<i64> = list(&db).unwrap().iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![newer, older]);
        assert_eq!(list(&db).unwrap()[0].title, "Newer");
        assert_eq!(
            list(&db).unwrap()[0].options_count,
            comparison.options.len() as u32,
            "the list counts the options besides the baseline"
        );
    }

    #[test]
    fn a_duplicate_is_a_separate_copy_with_its_own_title() {
        let db = Database::open_in_memory().unwrap();
        let comparison = three_option_comparison();
        let id = save(&db, None, &comparison, at(9)).unwrap();
        let original = get(&db, id).unwrap().comparison;
        let copy = duplicate(&db, id, at(12)).unwrap();
        assert_ne!(copy, id);
        let stored = get(&db, copy).unwrap();
        assert_eq!(
            stored.comparison.title,
            format!("{} (copy)", comparison.title)
        );
        assert_eq!(
            stored.comparison.options,
            get(&db, id).unwrap().comparison.options,
            "the copy's options are the original's, ids and all"
        );
        assert_eq!(
            stored.created_at,
            at(12),
            "the copy is new, not as old as the original"
        );
        assert_eq!(
            get(&db, id).unwrap().comparison,
            original,
            "the original is untouched"
        );
    }

    #[test]
    fn a_deleted_comparison_is_gone_and_deleting_it_again_says_so() {
        let db = Database::open_in_memory().unwrap();
        let id = save(&db, None, &three_option_comparison(), at(9)).unwrap();
        delete(&db, id).unwrap();
        assert!(list(&db).unwrap().is_empty());
        assert_eq!(get(&db, id).unwrap_err().code(), "not_found");
        assert_eq!(delete(&db, id).unwrap_err().code(), "not_found");
        let error = save(&db, Some(id), &three_option_comparison(), at(10)).unwrap_err();
        assert_eq!(
            error.code(),
            "not_found",
            "saving over a deleted comparison must say so"
        );
    }

    #[test]
    fn a_comparison_without_a_title_is_not_saved() {
        let db = Database::open_in_memory().unwrap();
        let mut comparison = three_option_comparison();
        comparison.title = "  ".into();
        let error = save(&db, None, &comparison, at(9)).unwrap_err();
        assert!(error.to_string().contains("needs a title"), "{error}");
    }
}
