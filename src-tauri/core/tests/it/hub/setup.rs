//! A fresh hub for one test, its members and the laptops that join it.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use coopdesk_core::db::Database;
use coopdesk_core::hub::admin::{self, NewMember};
use coopdesk_core::hub::{self, HubAddress};
use tempfile::TempDir;

use crate::support::library;

/// The clock every hub test runs at.
pub fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 7)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

/// The server `.ci/postgres` started, as its environment describes it.
#[derive(Debug)]
pub struct Server {
    pub admin_url: String,
    pub admin_password: String,
    pub ca: PathBuf,
    pub wrong_ca: PathBuf,
}

/// The server, or `None` (with the reason printed) when there is none and `CI` is not
/// set. With `CI` set and no server, the test fails.
pub fn server() -> Option<Server> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let found = (|| {
        Some(Server {
            admin_url: var("COOPDESK_TEST_HUB_ADMIN_URL")?,
            admin_password: var("COOPDESK_TEST_HUB_ADMIN_PASSWORD")?,
            ca: var("COOPDESK_TEST_HUB_CA")?.into(),
            wrong_ca: var("COOPDESK_TEST_HUB_WRONG_CA")?.into(),
        })
    })();
    if found.is_none() {
        let reason = "no PostgreSQL hub for the hub tests: run them through .ci/postgres \
                      (`.ci/postgres cargo test -p coopdesk-core --test it hub::`)";
        if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
            panic!("CI is set and there is {reason}");
        }
        eprintln!("skipped: {reason}");
    }
    found
}

/// A hub of its own for one test: a new database on the server, set up by `hub init`.
#[derive(Debug)]
pub struct TestHub {
    pub server: Server,
    pub admin: HubAddress,
}

impl TestHub {
    pub fn new() -> Option<TestHub> {
        let server = server()?;
        let postgres = HubAddress::parse(&server.admin_url, Some(&server.ca)).unwrap();
        let database = format!("hub_{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        let mut client = admin::connect_as(&postgres, &server.admin_password)
            .unwrap_or_else(|e| panic!("the test server answers: {e}"));
        client
            .batch_execute(&format!("CREATE DATABASE {database}"))
            .unwrap();
        let url = format!(
            "postgresql://{}@{}:{}/{database}",
            postgres.user(),
            postgres.host(),
            postgres.port()
        );
        let admin = HubAddress::parse(&url, Some(&server.ca)).unwrap();
        admin::init(&admin, &server.admin_password)
            .unwrap_or_else(|e| panic!("hub init sets up the hub: {e}"));
        Some(TestHub { server, admin })
    }

    /// A member jurisdiction and its clerk's login.
    pub fn member(&self, name: &str) -> NewMember {
        let password = uuid::Uuid::new_v4().simple().to_string();
        admin::add_member(&self.admin, &self.server.admin_password, name, &password)
            .unwrap_or_else(|e| panic!("hub add-member {name}: {e}"))
    }

    /// The member's address, trusting the test CA.
    pub fn address(&self, member: &NewMember) -> HubAddress {
        HubAddress::parse(&member.address, Some(&self.server.ca)).unwrap()
    }

    /// A plain SQL connection as the administrator, to look at the hub itself.
    pub fn admin_sql(&self) -> postgres::Client {
        admin::connect_as(&self.admin, &self.server.admin_password).unwrap()
    }

    /// A plain SQL connection as the member's clerk: what anyone with that login can do.
    pub fn member_sql(&self, member: &NewMember) -> postgres::Client {
        admin::connect_as(&self.address(member), &member.password).unwrap()
    }
}

/// A laptop: a library folder (with the sample contracts, as every new library has).
#[derive(Debug)]
pub struct Laptop {
    pub dir: TempDir,
    pub db: Database,
}

impl Laptop {
    pub fn new() -> Laptop {
        let dir = tempfile::tempdir().unwrap();
        let db = library::open(dir.path(), now());
        Laptop { dir, db }
    }

    /// A laptop joined to `hub` as `member`'s clerk.
    pub fn joined(hub: &TestHub, member: &NewMember) -> Laptop {
        let laptop = Laptop::new();
        hub::join(&laptop.db, &hub.address(member), &member.password, now())
            .unwrap_or_else(|e| panic!("the laptop joins the hub: {e}"));
        laptop
    }

    pub fn sync(&self) -> hub::SyncReport {
        hub::sync(&self.db, now()).unwrap_or_else(|e| panic!("the laptop syncs: {e}"))
    }

    /// Settles a conflict on this laptop as the clerk chose (`resolution`).
    pub fn settle(&self, global_id: &str, resolution: &hub::Resolution) {
        hub::resolve(&self.db, global_id, resolution, now())
            .unwrap_or_else(|e| panic!("the laptop settles the conflict: {e}"));
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}
