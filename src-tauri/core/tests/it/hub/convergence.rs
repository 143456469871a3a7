//! Any interleaving of edits (add, change a field, move to the trash, restore), syncs and
//! the clerk's choices across three laptops of one office converges: once every conflict
//! is settled (keep mine, take theirs, or theirs for one field) and the laptops sync until
//! nothing moves, the three libraries and the hub hold the same contracts — and exactly
//! what the choices say.
//!
//! "What the choices say" is a model: the sharing rules of docs/hub.md written out over
//! plain maps (a hub with versions and a log; each laptop's library, shadow, outbox and
//! conflicts). The real laptops and the model run the same operations; after every step
//! the acting laptop's library and its list of conflicts must be the model's, and at the
//! end every laptop's and the hub's. A laptop that lost a change, applied one twice,
//! decided a conflict by itself or went its own way differs from the model there.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use coopdesk_core::hub::{self, ConflictKind, Resolution};
use coopdesk_core::library::contract::{self, Contract};
use proptest::prelude::*;

use super::{now, Laptop, TestHub};
use crate::support::library::{contents, library_file, open_without_sample};

/// The fields the operations change, as the hub's JSON names them.
const FIELDS: [&str; 3] = ["title", "notes", "warranty"];
/// The values they take: few, so that two laptops often write the same one.
const VALUES: [&str; 3] = ["x", "y", "z"];
const LAPTOPS: usize = 3;

/// A contract's facts as the operations see them: whether trashed, and the three fields.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Facts {
    deleted: bool,
    body: [String; 3],
}

#[derive(Debug, Clone, Copy)]
enum Choice {
    KeepMine,
    TakeTheirs,
    /// The hub's value of this field (when it is in conflict), mine for the others.
    TheirsFor(usize),
}

#[derive(Debug, Clone)]
enum Op {
    Add(usize),
    Edit {
        laptop: usize,
        pick: usize,
        field: usize,
        value: usize,
    },
    Delete(usize, usize),
    Restore(usize, usize),
    Sync(usize),
    Resolve(usize, Choice),
}

fn choice() -> impl Strategy<Value = Choice> {
    prop_oneof![
        Just(Choice::KeepMine),
        Just(Choice::TakeTheirs),
        (0..FIELDS.len()).prop_map(Choice::TheirsFor),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let laptop = 0..LAPTOPS;
    prop_oneof![
        1 => laptop.clone().prop_map(Op::Add),
        4 => (laptop.clone(), 0..8usize, 0..FIELDS.len(), 0..VALUES.len()).prop_map(
            |(laptop, pick, field, value)| Op::Edit { laptop, pick, field, value }
        ),
        2 => (laptop.clone(), 0..8usize).prop_map(|(l, p)| Op::Delete(l, p)),
        2 => (laptop.clone(), 0..8usize).prop_map(|(l, p)| Op::Restore(l, p)),
        4 => laptop.clone().prop_map(Op::Sync),
        1 => (laptop, choice()).prop_map(|(l, c)| Op::Resolve(l, c)),
    ]
}

/// One version of a record on the hub (and so in a shadow or a conflict).
#[derive(Debug, Clone, PartialEq, Eq)]
struct HubVersion {
    version: i64,
    facts: Facts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    BothChanged,
    DeletedHere,
    DeletedThere,
}

enum Outcome {
    Same,
    Merged(Facts),
    Conflict(Kind, Vec<usize>),
}

/// docs/hub.md's merge: a field changed on one side takes that side; the same field
/// changed differently on both, or a deletion against an edit, is the clerk's.
fn merge(base: Option<&Facts>, mine: &Facts, theirs: &Facts) -> Outcome {
    if mine == theirs {
        return Outcome::Same;
    }
    let base_body = base.map(|b| &b.body);
    match (mine.deleted, theirs.deleted) {
        (true, true) => Outcome::Merged(theirs.clone()),
        (true, false) if base_body != Some(&theirs.body) || base.is_some_and(|b| b.deleted) => {
            Outcome::Conflict(Kind::DeletedHere, differing(mine, theirs))
        }
        (true, false) => Outcome::Merged(mine.clone()),
        (false, true) if base_body != Some(&mine.body) => {
            Outcome::Conflict(Kind::DeletedThere, differing(mine, theirs))
        }
        (false, true) => Outcome::Merged(theirs.clone()),
        (false, false) => {
            let mut body = mine.body.clone();
            let mut conflicts = Vec::new();
            for f in 0..FIELDS.len() {
                let (b, m, t) = (base_body.map(|b| &b[f]), &mine.body[f], &theirs.body[f]);
                if m == t || Some(t) == b {
                    continue;
                }
                if Some(m) == b {
                    body[f] = t.clone();
                } else {
                    conflicts.push(f);
                }
            }
            if conflicts.is_empty() {
                Outcome::Merged(Facts {
                    deleted: false,
                    body,
                })
            } else {
                Outcome::Conflict(Kind::BothChanged, conflicts)
            }
        }
    }
}

/// A deletion against an edit shows the fields on which the two versions differ.
fn differing(mine: &Facts, theirs: &Facts) -> Vec<usize> {
    (0..FIELDS.len())
        .filter(|&f| mine.body[f] != theirs.body[f])
        .collect()
}

/// A laptop in the model: its library by contract number, which of its contracts have a
/// global id, the shadow, the outbox, the conflicts and its cursor in the hub's log.
#[derive(Debug, Default)]
struct ModelLaptop {
    library: BTreeMap<String, Facts>,
    shared: BTreeSet<String>,
    shadow: BTreeMap<String, HubVersion>,
    outbox: BTreeSet<String>,
    conflicts: BTreeMap<String, HubVersion>,
    cursor: usize,
}

#[derive(Debug, Default)]
struct Model {
    hub: BTreeMap<String, HubVersion>,
    log: Vec<(String, HubVersion)>,
    laptops: [ModelLaptop; LAPTOPS],
}

impl Model {
    fn change(&mut self, laptop: usize, number: &str, facts: Facts) {
        let l = &mut self.laptops[laptop];
        if l.library.get(number) != Some(&facts) {
            l.library.insert(number.to_owned(), facts);
            l.outbox.insert(number.to_owned());
        }
    }

    fn sync(&mut self, laptop: usize) {
        let l = &mut self.laptops[laptop];
        for (number, theirs) in &self.log[l.cursor..] {
            if l.shadow
                .get(number)
                .is_some_and(|s| s.version >= theirs.version)
            {
                continue;
            }
            let Some(mine) = l.library.get(number).cloned() else {
                if !theirs.facts.deleted {
                    l.library.insert(number.clone(), theirs.facts.clone());
                    l.shared.insert(number.clone());
                }
                l.shadow.insert(number.clone(), theirs.clone());
                continue;
            };
            if !l.outbox.contains(number) && !l.conflicts.contains_key(number) {
                l.library.insert(number.clone(), theirs.facts.clone());
                l.shadow.insert(number.clone(), theirs.clone());
                continue;
            }
            let base = l.shadow.get(number).map(|s| &s.facts);
            match merge(base, &mine, &theirs.facts) {
                Outcome::Same => {
                    l.shadow.insert(number.clone(), theirs.clone());
                    l.conflicts.remove(number);
                    l.outbox.remove(number);
                }
                Outcome::Merged(facts) => {
                    l.library.insert(number.clone(), facts.clone());
                    l.shadow.insert(number.clone(), theirs.clone());
                    l.conflicts.remove(number);
                    if facts == theirs.facts {
                        l.outbox.remove(number);
                    } else {
                        l.outbox.insert(number.clone());
                    }
                }
                Outcome::Conflict(..) => {
                    l.conflicts.insert(number.clone(), theirs.clone());
                }
            }
        }
        l.cursor = self.log.len();
        for number in l.outbox.clone() {
            let mine = l.library[&number].clone();
            if !l.shared.contains(&number) {
                if mine.deleted {
                    l.outbox.remove(&number);
                    continue;
                }
                l.shared.insert(number.clone());
            }
            if l.conflicts.contains_key(&number) {
                continue;
            }
            let base = l.shadow.get(&number).map(|s| s.version);
            if l.shadow.get(&number).is_some_and(|s| s.facts == mine) {
                l.outbox.remove(&number);
                continue;
            }
            if self.hub.get(&number).map(|h| h.version) != base {
                continue;
            }
            let sent = HubVersion {
                version: base.unwrap_or(0) + 1,
                facts: mine,
            };
            self.hub.insert(number.clone(), sent.clone());
            self.log.push((number.clone(), sent.clone()));
            l.shadow.insert(number.clone(), sent);
            l.outbox.remove(&number);
        }
    }

    /// The conflict on `number` as the clerk sees it: its kind and fields.
    fn conflict(&self, laptop: usize, number: &str) -> (Kind, Vec<usize>) {
        let l = &self.laptops[laptop];
        let base = l.shadow.get(number).map(|s| &s.facts);
        match merge(base, &l.library[number], &l.conflicts[number].facts) {
            Outcome::Conflict(kind, fields) => (kind, fields),
            Outcome::Same | Outcome::Merged(_) => (Kind::BothChanged, Vec::new()),
        }
    }

    /// Settles the conflict on `number` as the clerk chose: what the library then holds.
    fn resolve(&mut self, laptop: usize, number: &str, choice: Resolution) {
        let l = &mut self.laptops[laptop];
        let theirs = l.conflicts.remove(number).unwrap();
        let mine = l.library[number].clone();
        let base = l.shadow.get(number).map(|s| &s.facts);
        let result = match merge(base, &mine, &theirs.facts) {
            // Nothing is in conflict any more: the merge stands, whatever was chosen.
            Outcome::Same => mine,
            Outcome::Merged(facts) => facts,
            Outcome::Conflict(Kind::BothChanged, _) => {
                let mut body = mine.body.clone();
                for (f, name) in FIELDS.iter().enumerate() {
                    let (b, m, t) = (
                        base.map(|b| &b.body[f]),
                        &mine.body[f],
                        &theirs.facts.body[f],
                    );
                    let take = if m == t || Some(t) == b {
                        false
                    } else if Some(m) == b {
                        true
                    } else {
                        match &choice {
                            Resolution::KeepMine => false,
                            Resolution::TakeTheirs => true,
                            Resolution::Fields { take_theirs } => {
                                take_theirs.iter().any(|n| n == name)
                            }
                        }
                    };
                    if take {
                        body[f] = t.clone();
                    }
                }
                Facts {
                    deleted: false,
                    body,
                }
            }
            Outcome::Conflict(..) => match choice {
                Resolution::TakeTheirs => theirs.facts.clone(),
                _ => mine,
            },
        };
        l.library.insert(number.to_owned(), result.clone());
        l.shadow.insert(number.to_owned(), theirs.clone());
        if result == theirs.facts {
            l.outbox.remove(number);
        } else {
            l.outbox.insert(number.to_owned());
        }
    }
}

/// The real side: three laptops joined to the hub as one office.
struct Office {
    laptops: Vec<Laptop>,
    role: String,
    adds: Cell<usize>,
}

impl Office {
    /// Every contract of a laptop (the trash too) by number, as the model sees it.
    fn library(&self, laptop: usize) -> BTreeMap<String, Facts> {
        let laptop = &self.laptops[laptop];
        let file = library_file(laptop.path());
        let mut stmt = file.prepare("SELECT id FROM contracts").unwrap();
        let ids: Vec<i64> = stmt
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        ids.into_iter()
            .map(|id| {
                let (c, deleted) = contract::store::get_including_trash(&laptop.db, id).unwrap();
                let facts = Facts {
                    deleted,
                    body: [c.title, c.notes, c.warranty],
                };
                (c.contract_number, facts)
            })
            .collect()
    }

    /// The contracts of a laptop (trash included) sorted by number: the operations' `pick`.
    fn pick(&self, laptop: usize, pick: usize, deleted: bool) -> Option<(String, i64)> {
        let file = library_file(self.laptops[laptop].path());
        let mut stmt = file
            .prepare(
                "SELECT contract_number, id FROM contracts
                 WHERE (deleted_at IS NOT NULL) = ?1 ORDER BY contract_number",
            )
            .unwrap();
        let found: Vec<(String, i64)> = stmt
            .query_map([deleted], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        (!found.is_empty()).then(|| found[pick % found.len()].clone())
    }

    /// The laptop's conflicts by contract number, with their kind and fields.
    fn conflicts(&self, laptop: usize) -> BTreeMap<String, (String, ConflictKind, Vec<String>)> {
        let file = library_file(self.laptops[laptop].path());
        hub::conflicts(&self.laptops[laptop].db)
            .unwrap()
            .into_iter()
            .map(|c| {
                let number: String = file
                    .query_row(
                        "SELECT contract_number FROM contracts WHERE global_id = ?1",
                        [&c.global_id],
                        |row| row.get(0),
                    )
                    .unwrap();
                let fields = c.fields.into_iter().map(|f| f.field).collect();
                (number, (c.global_id, c.kind, fields))
            })
            .collect()
    }
}

fn kind(kind: Kind) -> ConflictKind {
    match kind {
        Kind::BothChanged => ConflictKind::BothChanged,
        Kind::DeletedHere => ConflictKind::DeletedHereChangedThere,
        Kind::DeletedThere => ConflictKind::ChangedHereDeletedThere,
    }
}

/// Runs one operation on the real laptops and on the model.
fn run(office: &Office, model: &mut Model, op: &Op) -> std::result::Result<(), TestCaseError> {
    match *op {
        Op::Add(laptop) => {
            let n = office.adds.get();
            office.adds.set(n + 1);
            let number = format!("P-{n:03}");
            let added = Contract {
                cooperative: "Sourcewell".into(),
                contract_number: number.clone(),
                title: "t".into(),
                vendor_name: "Vendor".into(),
                ..Contract::default()
            };
            contract::insert(&office.laptops[laptop].db, &added, now()).unwrap();
            let facts = Facts {
                deleted: false,
                body: ["t".into(), String::new(), String::new()],
            };
            model.change(laptop, &number, facts);
        }
        Op::Edit {
            laptop,
            pick,
            field,
            value,
        } => {
            let Some((number, id)) = office.pick(laptop, pick, false) else {
                return Ok(());
            };
            let db = &office.laptops[laptop].db;
            let mut edited = contract::get(db, id).unwrap();
            let target = match field {
                0 => &mut edited.title,
                1 => &mut edited.notes,
                _ => &mut edited.warranty,
            };
            *target = VALUES[value].into();
            contract::update(db, &edited, now()).unwrap();
            let mut facts = model.laptops[laptop].library[&number].clone();
            facts.body[field] = VALUES[value].into();
            model.change(laptop, &number, facts);
        }
        Op::Delete(laptop, pick) | Op::Restore(laptop, pick) => {
            let delete = matches!(op, Op::Delete(..));
            let Some((number, id)) = office.pick(laptop, pick, !delete) else {
                return Ok(());
            };
            let db = &office.laptops[laptop].db;
            if delete {
                contract::delete(db, id, now()).unwrap();
            } else {
                contract::restore(db, id, now()).unwrap();
            }
            let mut facts = model.laptops[laptop].library[&number].clone();
            facts.deleted = delete;
            // A move to the trash or back always writes, so it is always in the outbox.
            model.laptops[laptop].library.insert(number.clone(), facts);
            model.laptops[laptop].outbox.insert(number);
        }
        Op::Sync(laptop) => {
            office.laptops[laptop].sync();
            model.sync(laptop);
        }
        Op::Resolve(laptop, choice) => {
            let Some(number) = model.laptops[laptop].conflicts.keys().next().cloned() else {
                prop_assert!(
                    office.conflicts(laptop).is_empty(),
                    "laptop {laptop} lists conflicts the model has not: {:?}",
                    office.conflicts(laptop)
                );
                return Ok(());
            };
            resolve(office, model, laptop, &number, choice)?;
        }
    }
    let laptop = match *op {
        Op::Add(l) | Op::Delete(l, _) | Op::Restore(l, _) | Op::Sync(l) | Op::Resolve(l, _) => l,
        Op::Edit { laptop, .. } => laptop,
    };
    agree(office, model, laptop, op)
}

/// The clerk of `laptop` settles the conflict on `number` with `choice`, as the plan offers
/// it: theirs for one field only when that field is in conflict (keep mine otherwise), and
/// a deletion against an edit whole.
fn resolve(
    office: &Office,
    model: &mut Model,
    laptop: usize,
    number: &str,
    choice: Choice,
) -> std::result::Result<(), TestCaseError> {
    let real = office.conflicts(laptop);
    let Some((global_id, real_kind, real_fields)) = real.get(number) else {
        return Err(TestCaseError::fail(format!(
            "laptop {laptop} has no conflict on {number}; the model has one (real: {real:?})"
        )));
    };
    let (model_kind, fields) = model.conflict(laptop, number);
    // The plan lists its fields in alphabetical order.
    let mut fields: Vec<String> = fields.iter().map(|&f| FIELDS[f].to_owned()).collect();
    fields.sort();
    prop_assert_eq!(
        (*real_kind, real_fields),
        (kind(model_kind), &fields),
        "the plan for {} on laptop {}",
        number,
        laptop
    );
    let resolution = match choice {
        Choice::KeepMine => Resolution::KeepMine,
        Choice::TakeTheirs => Resolution::TakeTheirs,
        Choice::TheirsFor(f)
            if model_kind == Kind::BothChanged && fields.contains(&FIELDS[f].to_owned()) =>
        {
            Resolution::Fields {
                take_theirs: vec![FIELDS[f].to_owned()],
            }
        }
        Choice::TheirsFor(_) => Resolution::KeepMine,
    };
    hub::resolve(&office.laptops[laptop].db, global_id, &resolution, now())
        .map_err(|e| TestCaseError::fail(format!("resolving {number} on {laptop}: {e}")))?;
    model.resolve(laptop, number, resolution);
    Ok(())
}

/// The laptop's library and conflicts are the model's.
fn agree(
    office: &Office,
    model: &Model,
    laptop: usize,
    after: &Op,
) -> std::result::Result<(), TestCaseError> {
    prop_assert_eq!(
        &office.library(laptop),
        &model.laptops[laptop].library,
        "laptop {}'s library after {:?}",
        laptop,
        after
    );
    let real: BTreeSet<String> = office.conflicts(laptop).into_keys().collect();
    let expected: BTreeSet<String> = model.laptops[laptop].conflicts.keys().cloned().collect();
    prop_assert_eq!(
        real,
        expected,
        "laptop {}'s conflicts after {:?}",
        laptop,
        after
    );
    Ok(())
}

/// Syncs every laptop in turn, settling each conflict with the next of `choices`, until a
/// whole round moves nothing; answers whether it settled.
fn settle(
    office: &Office,
    model: &mut Model,
    choices: &[Choice],
) -> std::result::Result<bool, TestCaseError> {
    let mut next = 0;
    for _ in 0..8 {
        let mut moved = false;
        for laptop in 0..LAPTOPS {
            let report = office.laptops[laptop].sync();
            model.sync(laptop);
            agree(office, model, laptop, &Op::Sync(laptop))?;
            moved |= report.received + report.merged + report.pushed > 0;
            let numbers: Vec<String> = model.laptops[laptop].conflicts.keys().cloned().collect();
            for number in numbers {
                resolve(
                    office,
                    model,
                    laptop,
                    &number,
                    choices[next % choices.len()],
                )?;
                next += 1;
                moved = true;
            }
        }
        if !moved {
            return Ok(true);
        }
    }
    Ok(false)
}

/// One hub for the whole property test; each case is an office of its own on it.
fn shared_hub() -> Option<&'static TestHub> {
    static HUB: OnceLock<Option<TestHub>> = OnceLock::new();
    HUB.get_or_init(TestHub::new).as_ref()
}

fn office(hub: &TestHub) -> Office {
    let member = hub.member(&format!("Office {}", uuid::Uuid::new_v4().simple()));
    let laptops = (0..LAPTOPS)
        .map(|_| {
            let dir = tempfile::tempdir().unwrap();
            let db = open_without_sample(dir.path(), now());
            hub::join(&db, &hub.address(&member), &member.password, now()).unwrap();
            Laptop { dir, db }
        })
        .collect();
    Office {
        laptops,
        role: member.role,
        adds: Cell::new(0),
    }
}

/// Runs `ops` on a new office of `hub` and on the model, settles with `choices`, and
/// checks that the three laptops and the hub hold what the model says.
fn check(hub: &TestHub, ops: &[Op], choices: &[Choice]) -> std::result::Result<(), TestCaseError> {
    let office = office(hub);
    let mut model = Model::default();
    for op in ops {
        run(&office, &mut model, op)?;
    }
    prop_assert!(
        settle(&office, &mut model, choices)?,
        "the laptops never stopped exchanging changes"
    );
    let first = contents(&office.laptops[0].db);
    for laptop in 1..LAPTOPS {
        prop_assert_eq!(
            &contents(&office.laptops[laptop].db),
            &first,
            "laptop {} and laptop 0 differ",
            laptop
        );
        let waiting = hub::status(&office.laptops[laptop].db).unwrap().waiting;
        prop_assert_eq!(waiting, 0, "laptop {} still has changes waiting", laptop);
    }
    let on_hub: BTreeMap<String, Facts> = hub
        .admin_sql()
        .query(
            "SELECT body->>'contractNumber', deleted, body->>'title', body->>'notes',
                    body->>'warranty'
             FROM coopdesk.records WHERE owner = $1",
            &[&office.role],
        )
        .unwrap()
        .iter()
        .map(|row| {
            let facts = Facts {
                deleted: row.get(1),
                body: [row.get(2), row.get(3), row.get(4)],
            };
            (row.get(0), facts)
        })
        .collect();
    let expected: BTreeMap<String, Facts> = model
        .hub
        .iter()
        .map(|(n, v)| (n.clone(), v.facts.clone()))
        .collect();
    prop_assert_eq!(&on_hub, &expected, "the hub's records");
    let visible: BTreeMap<String, Facts> =
        expected.into_iter().filter(|(_, f)| !f.deleted).collect();
    let library: BTreeMap<String, Facts> = office
        .library(0)
        .into_iter()
        .filter(|(_, f)| !f.deleted)
        .collect();
    prop_assert_eq!(library, visible, "every laptop holds the hub's contracts");
    Ok(())
}

proptest! {
    // Each case is an office with three laptops on a real server: a few dozen cases.
    #![proptest_config(ProptestConfig { cases: 20, ..ProptestConfig::default() })]

    #[test]
    fn any_interleaving_of_edits_and_syncs_converges_to_what_the_choices_say(
        ops in proptest::collection::vec(op(), 1..40),
        choices in proptest::collection::vec(choice(), 1..6),
    ) {
        let Some(hub) = shared_hub() else { return Ok(()) };
        // Two contracts every laptop holds from the start, so that most edits meet.
        let start = [Op::Add(0), Op::Add(0), Op::Sync(0), Op::Sync(1), Op::Sync(2)];
        check(hub, &start.iter().chain(&ops).cloned().collect::<Vec<_>>(), &choices)?;
    }
}

fn edit(laptop: usize, field: usize, value: usize) -> Op {
    Op::Edit {
        laptop,
        pick: 0,
        field,
        value,
    }
}

/// Runs a fixed sequence through the property's check.
fn scenario(ops: &[Op], choices: &[Choice]) {
    let Some(hub) = shared_hub() else { return };
    if let Err(failure) = check(hub, ops, choices) {
        panic!("{failure}");
    }
}

#[test]
fn a_change_made_on_the_hub_to_a_contract_in_the_trash_here_is_kept_in_the_trash_too() {
    use Op::*;
    scenario(
        &[
            Add(0),
            Sync(0),
            Sync(1),
            Delete(1, 0),
            Sync(1),
            Sync(0),
            // Laptop 0 brings it back, changes its title, and trashes it again.
            Restore(0, 0),
            edit(0, 0, 0),
            Delete(0, 0),
            Sync(0),
            Sync(1),
            // Laptop 1 restores it: with the new title, not the one it had trashed.
            Restore(1, 0),
            Sync(1),
        ],
        &[Choice::KeepMine],
    );
}

#[test]
fn keeping_mine_after_trashing_a_contract_deleted_on_the_hub_too_keeps_it_in_the_trash() {
    use Op::*;
    scenario(
        &[
            Add(0),
            Sync(0),
            Sync(1),
            edit(0, 1, 0),
            Delete(1, 0),
            Sync(1),
            // Changed here, deleted there: a conflict on laptop 0…
            Sync(0),
            // …whose clerk then trashes it too, and keeps it so.
            Delete(0, 0),
            Resolve(0, Choice::KeepMine),
            Sync(0),
        ],
        &[Choice::KeepMine],
    );
}
