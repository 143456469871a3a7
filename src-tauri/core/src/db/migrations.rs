//! Versioned, append-only schema migrations.
//!
//! Migration *n* (1-based) brings a database from `PRAGMA user_version = n - 1` to `n`.
//! All pending migrations run in one transaction: either the library is fully upgraded
//! or it is exactly as it was. Never edit a migration that has shipped; append one.

use rusqlite::Connection;

use crate::Result;

/// The embedded migrations, in order.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_library.sql"),
    include_str!("migrations/0002_search.sql"),
    include_str!("migrations/0003_records.sql"),
    include_str!("migrations/0004_comparisons.sql"),
    include_str!("migrations/0005_memos.sql"),
    include_str!("migrations/0006_joined_names.sql"),
    include_str!("migrations/0007_eligibility_facts.sql"),
    include_str!("migrations/0008_facet_counts.sql"),
    include_str!("migrations/0009_chip_indexes.sql"),
    include_str!("migrations/0010_status_chip_index.sql"),
    include_str!("migrations/0011_contract_value.sql"),
    include_str!("migrations/0012_search_text_once.sql"),
    include_str!("migrations/0013_renewal_options.sql"),
    include_str!("migrations/0014_spending.sql"),
    include_str!("migrations/0015_due.sql"),
    include_str!("migrations/0016_vendor_matches.sql"),
    include_str!("migrations/0017_hub.sql"),
    include_str!("migrations/0018_approval_totals.sql"),
    include_str!("migrations/0019_hub_region.sql"),
    include_str!("migrations/0020_hub_kinds.sql"),
    include_str!("migrations/0021_hub_documents.sql"),
    include_str!("migrations/0022_memo_global_id.sql"),
    include_str!("migrations/0023_hub_memos_checklists.sql"),
    include_str!("migrations/0024_hub_approvals.sql"),
    include_str!("migrations/0025_hub_settings.sql"),
];

/// The migration (1-based) after whose script [`read_renewal_options`] runs, in the same
/// transaction: reading words needs the core's own reader, not SQL.
const RENEWAL_OPTIONS_MIGRATION: usize = 13;

/// The migration after whose script [`super::approval_totals::count_all`] runs, in the
/// same transaction: amounts are counted as `Decimal` in Rust, never summed in SQL.
const APPROVAL_TOTALS_MIGRATION: usize = 18;

/// The schema version this build of CoopDesk writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The database's current schema version.
pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

/// Runs the migrations from the database's version up to `target` in one transaction.
/// The caller has checked that the database is not newer than this build.
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current = schema_version(conn)?;
    if current >= target {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(current as usize)
    {
        tx.execute_batch(sql)?;
        if index + 1 == RENEWAL_OPTIONS_MIGRATION {
            read_renewal_options(&tx)?;
        }
        if index + 1 == APPROVAL_TOTALS_MIGRATION {
            super::approval_totals::count_all(&tx)?;
        }
        // user_version cannot be bound as a parameter; the value is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", index + 1))?;
    }
    tx.commit()?;
    Ok(())
}

/// Migration 0013's second half: for every contract (in the trash too), the renewal
/// options its words say plainly, as data, and the last date it could be extended to.
/// Words that say no such thing stay words, and the contract's renewal terms are unclear.
fn read_renewal_options(conn: &Connection) -> Result<()> {
    let mut read =
        conn.prepare("SELECT id, expiry_date, final_expiry_date, renewal_options FROM contracts")?;
    let rows = read
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, Option<chrono::NaiveDate>>(1)?,
                row.get::<_, Option<chrono::NaiveDate>>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut write = conn.prepare(
        "UPDATE contracts SET renewal_count = ?2, renewal_months = ?3, extendable_until = ?4
         WHERE id = ?1",
    )?;
    for (id, expiry, final_expiry, text) in rows {
        let facts = crate::renewal::Facts {
            expiry,
            final_expiry,
            count: None,
            months: None,
            used: None,
            text: &text,
        };
        let options = facts.options();
        let extension = facts.extension().stored();
        if options.is_none() && extension.is_none() {
            continue;
        }
        write.execute(rusqlite::params![
            id,
            options.map(|o| o.count),
            options.map(|o| o.months),
            extension
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A contract row as version 1 wrote it.
    const V1_CONTRACT: &str = "INSERT INTO contracts
        (cooperative, contract_number, number_variants, title, vendor_name, vendor_aliases,
         created_at, updated_at)
        VALUES ('Sourcewell', '091521-NAF', '[\"091521 -NAF\"]', 'Vehicles',
                '72 Hour LLC', '[\"National Auto Fleet Group\"]',
                '2025-01-01T00:00:00', '2025-01-01T00:00:00')";

    #[test]
    fn an_empty_database_migrates_to_the_current_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
    }

    #[test]
    fn every_earlier_version_with_contracts_migrates_and_its_contracts_become_searchable() {
        for start in 1..SCHEMA_VERSION {
            let mut conn = Connection::open_in_memory().unwrap();
            migrate_to(&mut conn, start).unwrap();
            conn.execute(V1_CONTRACT, []).unwrap();
            migrate_to(&mut conn, SCHEMA_VERSION)
                .unwrap_or_else(|e| panic!("migrating from version {start} failed: {e}"));
            assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
            let found: i64 = conn
                .query_row(
                    "SELECT count(*) FROM contracts_fts WHERE contracts_fts MATCH 'fleet'",
                    [],
                    |row| row.get(0),
                )
                .unwrap();
            assert_eq!(
                found, 1,
                "a contract from version {start} is found by its vendor alias"
            );
            let keyed: i64 = conn
                .query_row(
                    "SELECT count(*) FROM contract_number_keys WHERE key = '091521naf'",
                    [],
                    |row| row.get(0),
                )
                .unwrap();
            assert_eq!(
                keyed, 1,
                "its number (and the variant, same key) is keyed once"
            );
            // Migration 3 starts the history of the contracts it finds; a row written
            // straight into a version-3 table (as this test does) has none to start.
            if start < 3 {
                let created: i64 = conn
                    .query_row(
                        "SELECT count(*) FROM contract_history WHERE action = 'create'",
                        [],
                        |row| row.get(0),
                    )
                    .unwrap();
                assert_eq!(created, 1, "its history starts with its creation");
            }
        }
    }

    #[test]
    fn a_joined_library_keeps_its_outbox_by_kind_and_shares_its_comparisons_after_0020() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 19).unwrap();
        conn.execute(V1_CONTRACT, []).unwrap();
        conn.execute_batch(
            "INSERT INTO hub_link (id, url, member_role, member_name, cursor, joined_at)
                 VALUES (1, 'postgresql://clerk@hub/h', 'coopdesk_hub_v', 'Village', 37,
                         '2026-12-01T09:00:00');
             UPDATE contracts SET title = 'Vehicles, renewed';
             INSERT INTO comparisons (title, document, created_at, updated_at)
                 VALUES ('Copiers', '{}', '2026-12-01T09:00:00', '2026-12-01T09:00:00');",
        )
        .unwrap();
        migrate_to(&mut conn, 20).unwrap();
        let outbox = |conn: &Connection| -> Vec<(String, i64)> {
            let mut stmt = conn
                .prepare("SELECT kind, local_id FROM hub_outbox ORDER BY kind")
                .unwrap();
            stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        assert_eq!(
            outbox(&conn),
            [("comparison".to_owned(), 1), ("contract".to_owned(), 1)],
            "the contract waiting before keeps waiting; the comparison goes at the next sync"
        );
        let cursor: i64 = conn
            .query_row("SELECT cursor FROM hub_link", [], |row| row.get(0))
            .unwrap();
        assert_eq!(
            cursor, 0,
            "the hub's log is read again for the comparisons on it"
        );
        conn.execute_batch(
            "DELETE FROM hub_outbox;
             UPDATE comparisons SET title = 'Copiers and printers';
             UPDATE contracts SET title = 'Vehicles';",
        )
        .unwrap();
        assert_eq!(
            outbox(&conn),
            [("comparison".to_owned(), 1), ("contract".to_owned(), 1)],
            "each kind's triggers fill the outbox by kind"
        );
    }

    #[test]
    fn a_joined_library_shares_its_council_actions_and_each_purchase_has_its_own_id_after_0024() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 22).unwrap();
        conn.execute(V1_CONTRACT, []).unwrap();
        conn.execute_batch(
            "INSERT INTO hub_link (id, url, member_role, member_name, cursor, joined_at)
                 VALUES (1, 'postgresql://clerk@hub/h', 'coopdesk_hub_v', 'Village', 37,
                         '2026-12-01T09:00:00');
             DELETE FROM hub_outbox;
             INSERT INTO approvals (id, contract_id, outcome, meeting_date, not_to_exceed,
                     recorded_at, updated_at)
                 VALUES (1, 1, 'approved', '2026-09-08', '5000.00', '2026-09-08T10:00:00',
                         '2026-09-08T10:00:00');
             INSERT INTO purchase_orders (approval_id, number, order_date, amount, vendor,
                     created_at, updated_at)
                 VALUES (1, 'PO-1', '2026-10-01', '100.00', 'Ford', '2026-10-01T09:00:00',
                         '2026-10-01T09:00:00');",
        )
        .unwrap();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        let waiting: Vec<i64> = conn
            .prepare("SELECT local_id FROM hub_outbox WHERE kind = 'approval'")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(waiting, [1], "the action goes at the next sync");
        let cursor: i64 = conn
            .query_row("SELECT cursor FROM hub_link", [], |row| row.get(0))
            .unwrap();
        assert_eq!(
            cursor, 0,
            "the hub's log is read again for the actions on it"
        );
        conn.execute_batch(
            "DELETE FROM hub_outbox;
             INSERT INTO purchase_orders (approval_id, number, order_date, amount, vendor,
                     created_at, updated_at)
                 VALUES (1, 'PO-2', '2026-10-02', '200.00', 'Ford', '2026-10-02T09:00:00',
                         '2026-10-02T09:00:00');",
        )
        .unwrap();
        let ids: Vec<Option<String>> = conn
            .prepare("SELECT global_id FROM purchase_orders ORDER BY id")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            ids.iter()
                .all(|id| id.as_ref().is_some_and(|id| id.len() == 32)),
            "the PO recorded before and the one after each have an id: {ids:?}"
        );
        assert_ne!(ids[0], ids[1]);
        let queued: i64 = conn
            .query_row(
                "SELECT count(*) FROM hub_outbox WHERE kind = 'approval'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(queued, 1, "a new purchase puts its action in the outbox");
    }

    #[test]
    fn a_joined_library_shares_its_settings_after_0025_but_never_this_computers_own() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 22).unwrap();
        conn.execute_batch(
            "INSERT INTO hub_link (id, url, member_role, member_name, cursor, joined_at)
                 VALUES (1, 'postgresql://clerk@hub/h', 'coopdesk_hub_v', 'Village', 37,
                         '2026-12-01T09:00:00');
             INSERT INTO settings (key, value) VALUES ('jurisdictionName', 'Village');",
        )
        .unwrap();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        let waiting = |conn: &Connection| -> i64 {
            conn.query_row(
                "SELECT count(*) FROM hub_outbox WHERE kind = 'setting' AND local_id = 1",
                [],
                |row| row.get(0),
            )
            .unwrap()
        };
        assert_eq!(waiting(&conn), 1, "the settings go at the next sync");
        let cursor: i64 = conn
            .query_row("SELECT cursor FROM hub_link", [], |row| row.get(0))
            .unwrap();
        assert_eq!(cursor, 0, "the hub's log is read again for settings on it");
        conn.execute("DELETE FROM hub_outbox", []).unwrap();
        // Settings are saved with an upsert; its triggers must not fail on it.
        let upsert = "INSERT INTO settings (key, value) VALUES (?1, ?2)
                      ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        for key in [
            "calendarFile",
            "calendarLibraryId",
            "importMapping.ab12",
            "purchaseMapping.cd34",
        ] {
            conn.execute(upsert, [key, "here"]).unwrap();
            conn.execute(upsert, [key, "here again"]).unwrap();
        }
        assert_eq!(waiting(&conn), 0, "this computer's own settings never wait");
        conn.execute(upsert, ["memoTo", "Council"]).unwrap();
        conn.execute(upsert, ["memoTo", "Council"]).unwrap();
        conn.execute(upsert, ["jurisdictionName", "Village of Peñasco"])
            .unwrap();
        assert_eq!(waiting(&conn), 1, "the office's settings wait, once");
        conn.execute("DELETE FROM hub_outbox", []).unwrap();
        conn.execute("DELETE FROM settings WHERE key = 'memoTo'", [])
            .unwrap();
        assert_eq!(waiting(&conn), 1, "a setting back to its default waits too");
        let mut named: Vec<String> = conn
            .prepare("SELECT key FROM hub_settings_keys")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut office = crate::hub::kinds::settings::office_keys();
        named.sort();
        office.sort();
        assert_eq!(named, office, "the triggers' keys are office_keys");
        for key in office {
            conn.execute("DELETE FROM hub_outbox", []).unwrap();
            conn.execute(upsert, [key, "x"]).unwrap();
            assert_eq!(waiting(&conn), 1, "the triggers name {key}");
        }
    }

    #[test]
    fn a_library_from_schema_5_finds_its_names_typed_without_their_apostrophe() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 5).unwrap();
        conn.execute(&V1_CONTRACT.replace("72 Hour LLC", "O''Brien & Sons"), [])
            .unwrap();
        let found = |conn: &Connection, word: &str| -> i64 {
            conn.query_row(
                "SELECT count(*) FROM contracts_fts WHERE contracts_fts MATCH ?1",
                [word],
                |row| row.get(0),
            )
            .unwrap()
        };
        assert_eq!(
            found(&conn, "obrien"),
            0,
            "version 5 indexed the split form only"
        );
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        assert_eq!(
            found(&conn, "obrien"),
            1,
            "the upgrade indexes the joined form"
        );
        assert_eq!(found(&conn, "\"o brien\""), 1, "and keeps the split one");
        conn.execute("UPDATE contracts SET vendor_name = 'Acme'", [])
            .unwrap();
        assert_eq!(
            found(&conn, "obrien"),
            0,
            "the index forgets the joined form with the old name"
        );
    }

    #[test]
    fn a_library_from_schema_7_counts_its_chips_from_the_contracts_it_holds() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 7).unwrap();
        conn.execute(V1_CONTRACT, []).unwrap();
        conn.execute(&V1_CONTRACT.replace("091521-NAF", "TRASHED-1"), [])
            .unwrap();
        conn.execute(
            "UPDATE contracts SET deleted_at = '2025-06-01T00:00:00'
             WHERE contract_number = 'TRASHED-1'",
            [],
        )
        .unwrap();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        let counted = |table: &str| -> Vec<(String, i64)> {
            conn.prepare(&format!("SELECT * FROM {table}"))
                .unwrap()
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        assert_eq!(
            counted("contract_facet_cooperatives"),
            [("Sourcewell".to_owned(), 1)],
            "the contract in the library is counted, the one in the trash is not"
        );
        assert_eq!(counted("contract_facet_categories"), [(String::new(), 1)]);
        let dated: i64 = conn
            .query_row(
                "SELECT n FROM contract_facet_expiries
                 WHERE expiry_date = '' AND extendable_until = ''",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(dated, 1, "its missing expiry is counted as unknown");
    }

    #[test]
    fn a_library_from_schema_9_counts_a_status_chip_chosen_alone_from_the_contracts_it_holds() {
        use crate::library::search::{self, FacetCount, Query, StatusFilter};
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 9).unwrap();
        conn.execute(V1_CONTRACT, []).unwrap();
        conn.execute(
            &V1_CONTRACT
                .replace("091521-NAF", "EXPIRED-1")
                .replace("'Sourcewell'", "'TIPS'"),
            [],
        )
        .unwrap();
        conn.execute(
            "UPDATE contracts SET expiry_date = '2025-06-30' WHERE contract_number = 'EXPIRED-1'",
            [],
        )
        .unwrap();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        let db = crate::db::Database::in_memory_from(conn);
        let today = "2026-01-01".parse().unwrap();
        let chosen = |status| Query {
            status: Some(status),
            ..Query::default()
        };
        let facets = search::facets(&db, &chosen(StatusFilter::Unknown), today).unwrap();
        assert_eq!(
            facets.cooperatives,
            [FacetCount {
                value: "Sourcewell".into(),
                count: 1
            }],
            "the contract with no expiry is the one under the unknown chip"
        );
        let facets = search::facets(&db, &chosen(StatusFilter::Expired), today).unwrap();
        assert_eq!(
            facets.cooperatives,
            [FacetCount {
                value: "TIPS".into(),
                count: 1
            }],
            "the contract past its expiry is the one under the expired chip"
        );
    }

    #[test]
    fn a_library_from_schema_12_reads_renewal_options_from_their_words_and_counts_them() {
        use crate::library::search::{self, Query, StatusFilter};
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 12).unwrap();
        for (number, expiry, words) in [
            (
                "RAN-OUT",
                "2024-06-30",
                "May be extended one additional year",
            ),
            ("TWO-LEFT", "2026-11-30", "two (2) one-year extensions"),
            ("UNCLEAR", "2024-06-30", "Renewable by mutual agreement"),
        ] {
            conn.execute(&V1_CONTRACT.replace("091521-NAF", number), [])
                .unwrap();
            conn.execute(
                "UPDATE contracts SET expiry_date = ?2, renewal_options = ?3
                 WHERE contract_number = ?1",
                rusqlite::params![number, expiry, words],
            )
            .unwrap();
        }
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        let db = crate::db::Database::in_memory_from(conn);
        let by_number = |number: &str| {
            crate::library::contract::all(&db)
                .unwrap()
                .into_iter()
                .find(|c| c.contract_number == number)
                .unwrap()
        };
        let two_left = by_number("TWO-LEFT");
        assert_eq!(
            (two_left.renewal_count, two_left.renewal_months),
            (Some(2), Some(12)),
            "the options its words say plainly are data"
        );
        assert_eq!(
            two_left.renewal_options, "two (2) one-year extensions",
            "and the words are kept"
        );
        let unclear = by_number("UNCLEAR");
        assert_eq!(
            (unclear.renewal_count, unclear.renewal_months),
            (None, None)
        );
        let today = "2026-12-07".parse().unwrap();
        let found = |status| {
            let query = Query {
                status: Some(status),
                ..Query::default()
            };
            let mut numbers: Vec<String> = search::search(&db, &query, today)
                .unwrap()
                .hits
                .into_iter()
                .map(|hit| hit.summary.contract_number)
                .collect();
            numbers.sort();
            numbers
        };
        assert_eq!(found(StatusFilter::Expired), ["RAN-OUT"]);
        assert_eq!(
            found(StatusFilter::ExpiredMayBeExtended),
            ["TWO-LEFT", "UNCLEAR"]
        );
        let facets = search::facets(&db, &Query::default(), today).unwrap();
        assert_eq!(
            (
                facets.statuses.expired,
                facets.statuses.expired_may_be_extended
            ),
            (1, 2),
            "the chips count what they find"
        );
    }

    #[test]
    fn a_library_from_schema_6_keeps_its_contracts_with_award_type_and_supplier_flags_unknown() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 6).unwrap();
        conn.execute(V1_CONTRACT, []).unwrap();
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('approvedCooperatives', '[\"Sourcewell\"]')",
            [],
        )
        .unwrap();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        let approved: String = conn
            .query_row(
                "SELECT group_concat(name) FROM approved_cooperatives",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(approved, "Sourcewell", "search reads the setting as a list");
        let refused = conn.execute(
            "UPDATE contracts SET award_type = 'single', awardee_count = 3",
            [],
        );
        assert!(
            refused.is_err(),
            "a single award with three awardees is never stored"
        );
        let db = crate::db::Database::in_memory_from(conn);
        let contract = crate::library::contract::all(&db).unwrap().remove(0);
        assert_eq!(
            contract.contract_number, "091521-NAF",
            "the contract is kept"
        );
        assert_eq!(
            (contract.award_type, contract.awardee_count),
            (None, None),
            "nobody has said how it was awarded"
        );
        assert_eq!(
            (contract.small_business, contract.minority_owned),
            (None, None),
            "an unstated flag is unknown, not no"
        );
        assert!(contract.local_states.is_empty());
    }

    #[test]
    fn a_library_from_schema_1_gains_the_comparisons_table_and_keeps_its_contracts() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 1).unwrap();
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('jurisdictionName', 'Town of Millbrook')",
            [],
        )
        .unwrap();
        migrate_to(&mut conn, 4).unwrap();
        assert_eq!(
            schema_version(&conn).unwrap(),
            4,
            "0004_comparisons is migration 4"
        );
        let comparisons: i64 = conn
            .query_row("SELECT count(*) FROM comparisons", [], |row| row.get(0))
            .unwrap();
        assert_eq!(comparisons, 0);
        let name: String = conn
            .query_row("SELECT value FROM settings", [], |row| row.get(0))
            .unwrap();
        assert_eq!(
            name, "Town of Millbrook",
            "upgrading must not lose the clerk's settings"
        );
    }

    #[test]
    fn a_comparison_document_must_be_json() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        let result = conn.execute(
            "INSERT INTO comparisons (title, document, created_at, updated_at)
             VALUES ('t', 'not json', '2026-01-01', '2026-01-01')",
            [],
        );
        assert!(result.is_err(), "a damaged document must never be stored");
    }

    /// Rows of `contract_search_text` (or another view of the same columns), by id.
    fn search_text_rows(conn: &Connection, view: &str) -> Vec<Vec<Option<String>>> {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT id, number, title, vendor, cooperative, category, description,
                        keywords, notes FROM {view} ORDER BY id"
            ))
            .unwrap();
        let rows = stmt
            .query_map([], |row| {
                (0..9)
                    .map(|i| row.get::<_, Option<rusqlite::types::Value>>(i))
                    .map(|v| v.map(|v| v.map(|v| format!("{v:?}"))))
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .unwrap();
        rows.map(Result::unwrap).collect()
    }

    #[test]
    fn the_search_text_computed_once_is_the_text_of_0006_for_every_joining_mark() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        // 0006's view, as it was, beside the current one.
        let old = MIGRATIONS[5];
        let start = old.find("CREATE VIEW contract_search_text AS").unwrap();
        let end = old.find(") s;").unwrap() + ") s;".len();
        conn.execute_batch(&old[start..end].replace(
            "CREATE VIEW contract_search_text AS",
            "CREATE TEMP VIEW search_text_0006 AS",
        ))
        .unwrap();
        let texts = crate::interchange::search_text::JOINING_MARK_TEXTS;
        let list = |items: &[&str]| serde_json::to_string(items).unwrap();
        for (n, text) in texts.iter().enumerate() {
            let other = texts[(n + 7) % texts.len()];
            conn.execute(
                "INSERT INTO contracts (cooperative, lead_agency, contract_number,
                     number_variants, title, vendor_name, vendor_aliases, category,
                     nigp_codes, unspsc_codes, description, keywords, tags,
                     solicitation_number, notes, eligibility_notes, vendor_email,
                     renewal_options, deleted_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?1, ?2, ?4, ?1, ?4, ?5, ?2, ?4, ?5, ?2, ?1, ?2, ?2,
                         ?2, ?6, '2026-01-01', '2026-01-01')",
                rusqlite::params![
                    text,
                    other,
                    format!("N-{n}"),
                    list(&[text, other]),
                    list(&[other]),
                    (n % 5 == 4).then_some("2026-02-01"),
                ],
            )
            .unwrap();
        }
        let current = search_text_rows(&conn, "contract_search_text");
        assert_eq!(current.len(), texts.len() - texts.len() / 5);
        assert_eq!(
            current,
            search_text_rows(&conn, "search_text_0006"),
            "the index must hold the same text as before, or searches would change"
        );
        let plan: Vec<String> = conn
            .prepare("EXPLAIN QUERY PLAN SELECT * FROM contract_search_text WHERE id = 3")
            .unwrap()
            .query_map([], |row| row.get(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(
            plan.iter().any(|step| step.contains("INTEGER PRIMARY KEY")),
            "reading one contract's text (triggers, highlights) looks up that contract alone: \
             {plan:?}"
        );
    }
}
