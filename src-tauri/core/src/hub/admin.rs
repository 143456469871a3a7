//! Setting up a hub: `hub init` (the schema, the members' group role and its grants) and
//! `hub add-member` (a jurisdiction's group role and its clerk's login). Run by the hub's
//! administrator with a PostgreSQL login that may create roles.
//!
//! Role names carry the database's name (`coopdesk_hub_village_of_penasco`), because roles
//! belong to the whole server and one server may hold several hubs.

use postgres::Client;
use unicode_normalization::UnicodeNormalization;

use super::connect::connect;
use super::schema::{self, hub_error};
use super::HubAddress;
use crate::{Error, Result};

/// What `hub init` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitReport {
    /// The hub schema version before (0 for a new hub) and now.
    pub from_version: i32,
    pub to_version: i32,
    /// The group role every member jurisdiction is in.
    pub members_role: String,
}

/// Creates (or upgrades) the hub in the database the administrator's address names.
pub fn init(admin: &HubAddress, password: &str) -> Result<InitReport> {
    let mut client = connect(admin, password)?;
    let from_version = schema::migrate(&mut client, admin)?;
    let members = members_role(admin);
    let database = quote(admin.database());
    let sql = format!(
        "DO $$ BEGIN
             IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {members_literal}) THEN
                 CREATE ROLE {members} NOLOGIN;
             END IF;
         END $$;
         REVOKE CONNECT, TEMPORARY ON DATABASE {database} FROM PUBLIC;
         GRANT CONNECT ON DATABASE {database} TO {members};
         GRANT USAGE ON SCHEMA coopdesk TO {members};
         GRANT SELECT ON coopdesk.members, coopdesk.schema_version TO {members};
         GRANT SELECT, INSERT, UPDATE ON coopdesk.records TO {members};
         GRANT SELECT ON coopdesk.changes TO {members};
         GRANT EXECUTE ON FUNCTION coopdesk.begin_push() TO {members};
         GRANT SELECT ON coopdesk.settings TO {members};
         GRANT SELECT, INSERT ON coopdesk.documents TO {members};
         GRANT EXECUTE ON FUNCTION coopdesk.held_documents(text[]) TO {members};",
        members_literal = literal(&members),
        members = quote(&members),
    );
    client.batch_execute(&sql).map_err(hub_error)?;
    Ok(InitReport {
        from_version,
        to_version: schema::HUB_SCHEMA_VERSION,
        members_role: members,
    })
}

/// A new member jurisdiction, and what its clerk needs to join.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    pub name: String,
    /// The jurisdiction's group role (its records' owner).
    pub role: String,
    /// The clerk's address (no password): what they type to join.
    pub address: String,
    /// The clerk's password, made here and shown once; it is kept nowhere.
    pub password: String,
}

/// Adds the jurisdiction `name` with one login for its clerk, whose password is made
/// here (`new_password`, 24 random bytes as hex from the caller).
pub fn add_member(
    admin: &HubAddress,
    admin_password: &str,
    name: &str,
    new_password: &str,
) -> Result<NewMember> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            "Member",
            "needs the jurisdiction's name, such as \"Village of Peñasco\".",
        ));
    }
    let mut client = connect(admin, admin_password)?;
    schema::check(&mut client, admin)?;
    let role = member_role(admin, name);
    let login = clerk_login(&role);
    let mut tx = client.transaction().map_err(hub_error)?;
    let taken = tx
        .query_opt(
            "SELECT name FROM coopdesk.members WHERE role_name = $1 OR name = $2",
            &[&role, &name],
        )
        .map_err(hub_error)?;
    if let Some(row) = taken {
        let existing: String = row.get(0);
        return Err(Error::invalid(
            "Member",
            format!("\"{existing}\" is already a member of this hub; choose another name."),
        ));
    }
    // The server receives the password's SCRAM verifier, never the password itself: a
    // statement can end up in the server's log.
    let verifier = postgres_protocol::password::scram_sha_256(new_password.as_bytes());
    tx.batch_execute(&format!(
        "CREATE ROLE {role} NOLOGIN IN ROLE {members};
         CREATE ROLE {login} LOGIN IN ROLE {role} PASSWORD {verifier};",
        role = quote(&role),
        login = quote(&login),
        members = quote(&members_role(admin)),
        verifier = literal(&verifier),
    ))
    .map_err(|error| {
        Error::Hub(format!(
            "The hub could not create the roles {role} and {login} ({}); the \
             administrator's login must be allowed to create roles (CREATEROLE).",
            error.as_db_error().map_or("", |db| db.message())
        ))
    })?;
    tx.execute(
        "INSERT INTO coopdesk.members (role_name, name) VALUES ($1, $2)",
        &[&role, &name],
    )
    .map_err(hub_error)?;
    tx.commit().map_err(hub_error)?;
    Ok(NewMember {
        name: name.to_owned(),
        address: admin.as_user(&login).url(),
        role,
        password: new_password.to_owned(),
    })
}

/// The members' group role of the hub in `admin`'s database.
fn members_role(admin: &HubAddress) -> String {
    fit(&format!("{}_members", slug(admin.database())))
}

/// A jurisdiction's group role: the database's name and the jurisdiction's, folded to
/// ASCII letters, digits and underscores.
fn member_role(admin: &HubAddress, name: &str) -> String {
    // Room is left for the clerk's `_clerk`.
    let role = format!("{}_{}", slug(admin.database()), slug(name));
    role.chars().take(56).collect()
}

fn clerk_login(role: &str) -> String {
    fit(&format!("{role}_clerk"))
}

/// PostgreSQL's identifiers are at most 63 bytes; ours are ASCII.
fn fit(name: &str) -> String {
    name.chars().take(63).collect()
}

/// "Village of Peñasco" → "village_of_penasco".
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.nfd().filter(char::is_ascii) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('_') {
            slug.push('_');
        }
    }
    slug.trim_matches('_').to_owned()
}

/// An identifier in SQL, quoted.
fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// A string literal in SQL.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Connects as anyone, TLS verified as always: the tests use it to try, with plain SQL,
/// what the policies must refuse.
pub fn connect_as(address: &HubAddress, password: &str) -> Result<Client> {
    connect(address, password)
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn a_jurisdictions_name_becomes_a_plain_role_name() {
        assert_eq!(slug("Village of Peñasco"), "village_of_penasco");
        assert_eq!(slug("  St. Mary's County  "), "st_mary_s_county");
    }
}
