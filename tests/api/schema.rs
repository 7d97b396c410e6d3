//! The schema from one source, checked (issue #19): every migration applied to a fresh SQLite
//! database and a fresh PostgreSQL database, each backend's schema read back from its own
//! catalogue, and both compared column by column with each other and with the hand-kept
//! `src/db/schema.rs`. A mismatch fails with every difference listed, one per line, as
//! `table.column: sqlite says X, postgres says Y, schema.rs says Z`.
//!
//! The migrations are read as they are (the ones `chorus::db::migrations::run_pending` embeds,
//! rebuilt whenever `migrations/` changes), never from a frozen list, so a new migration on
//! either tree is checked as soon as it exists.
//!
//! ## The common type vocabulary
//!
//! Each backend's spelling of a column type is mapped by [`normalise_type`] to one word:
//!
//! | word          | SQLite declared type                     | PostgreSQL `data_type`          | diesel             |
//! |---------------|------------------------------------------|---------------------------------|--------------------|
//! | `integer`     | INTEGER, INT, INT4, MEDIUMINT            | integer (SERIAL ids are this)   | Integer, Int4      |
//! | `bigint`      | BIGINT, INT8                             | bigint (BIGSERIAL ids)          | BigInt, Int8       |
//! | `smallint`    | SMALLINT, INT2, TINYINT                  | smallint                        | SmallInt, Int2     |
//! | `text`        | TEXT, VARCHAR(n), CHAR(n), CLOB          | text, character varying         | Text, VarChar      |
//! | `bool`        | BOOLEAN, BOOL                            | boolean                         | Bool               |
//! | `timestamp`   | TIMESTAMP, DATETIME                      | timestamp without time zone     | Timestamp          |
//! | `timestamptz` | TIMESTAMPTZ                              | timestamp with time zone        | Timestamptz        |
//! | `date`        | DATE                                     | date                            | Date               |
//! | `bytes`       | BLOB, BYTEA                              | bytea                           | Binary, Bytea      |
//! | `float`       | REAL, DOUBLE, DOUBLE PRECISION, FLOAT    | double precision, real          | Double, Float      |
//!
//! `integer` and `bigint` stay apart on purpose: SQLite stores both alike, but on PostgreSQL a
//! diesel `BigInt` read from an `integer` column (or the reverse) fails at run time, so an
//! `INTEGER` in one tree where the other and schema.rs say `BIGINT` is a real difference.
//! Anything else comes out as `unknown(<spelling>)` and so differs from every other source.
//!
//! Nullability: a SQLite column is NOT NULL when declared so or when it is the table's rowid
//! (`INTEGER PRIMARY KEY`); any other primary-key column without NOT NULL really does accept
//! NULL in SQLite (a documented legacy quirk), unlike PostgreSQL, so it is reported.
//!
//! Constraints, by column lists: the primary key (also checked against schema.rs's key),
//! unique constraints and unique indexes together (SQLite makes a UNIQUE constraint an index
//! too), other indexes (with a partial index's predicate, lower-cased, without brackets and
//! spaces), and foreign keys as `(columns) -> table(columns) on delete <action>`. Index and
//! constraint names, column order within a table, defaults and CHECK constraints are not
//! compared. schema.rs states no indexes or foreign keys, so those are compared between the two
//! databases only; its `joinable!` lines and `allow_tables_to_appear_in_same_query!` are
//! checked against SQLite's foreign keys and tables ([`relation_differences`]).

use crate::helpers::{Backend, TestDatabase};
use chorus::db::AnyConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Nullable, Text};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// The hand-kept diesel schema, as compiled into this test.
const SCHEMA_RS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/db/schema.rs"));

/// One column as a source describes it, in the common vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    /// The normalised type ([`normalise_type`]).
    ty: String,
    /// Whether the column accepts NULL.
    nullable: bool,
}

impl std::fmt::Display for Column {
    /// `integer not null` / `text null`: how a column reads in a difference.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let null = if self.nullable { "null" } else { "not null" };
        write!(f, "{} {null}", self.ty)
    }
}

/// What only a database knows about a table (schema.rs states none of it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Constraints {
    /// Unique constraints and unique indexes, as `(a, b)`.
    uniques: BTreeSet<String>,
    /// Other indexes, as `(a, b)` or `(a, b) where <predicate>`.
    indexes: BTreeSet<String>,
    /// Foreign keys, as `(a) -> table(b) on delete <action>`.
    foreign_keys: BTreeSet<String>,
}

/// One table as a source describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Table {
    /// Columns by name (their order in the table is not compared).
    columns: BTreeMap<String, Column>,
    /// The primary key's columns, in key order.
    primary_key: Vec<String>,
    /// Indexes and foreign keys; `None` for schema.rs, which does not state them.
    constraints: Option<Constraints>,
}

/// Every table of one source, by name.
type Schema = BTreeMap<String, Table>;

/// Maps one backend's spelling of a column type to the common vocabulary (see the module
/// documentation), so that the three sources can be compared at all.
fn normalise_type(raw: &str) -> String {
    let lower = raw.trim().to_ascii_lowercase();
    // VARCHAR(255), NUMERIC(10, 2): the length does not change the kind.
    let base = lower.split('(').next().unwrap_or("").trim();
    let base = base.rsplit("::").next().unwrap_or(base);
    let word = match base {
        "integer" | "int" | "int4" | "mediumint" | "serial" => "integer",
        "bigint" | "int8" | "bigserial" => "bigint",
        "smallint" | "int2" | "tinyint" | "smallserial" => "smallint",
        "text" | "varchar" | "char" | "character" | "character varying" | "clob" => "text",
        "boolean" | "bool" => "bool",
        "timestamp" | "datetime" | "timestamp without time zone" => "timestamp",
        "timestamptz" | "timestamp with time zone" => "timestamptz",
        "date" => "date",
        "blob" | "bytea" | "binary" => "bytes",
        "real" | "double" | "double precision" | "float" | "float4" | "float8" => "float",
        _ => return format!("unknown({raw})"),
    };
    word.to_string()
}

/// A column list as it reads in a difference: `(a, b)`.
fn column_list(columns: &[String]) -> String {
    format!("({})", columns.join(", "))
}

/// A partial index's predicate in one spelling for both backends: PostgreSQL adds brackets
/// (`(text_value IS NOT NULL)`) that SQLite's stored SQL does not have.
fn normalise_predicate(predicate: &str) -> String {
    predicate
        .to_ascii_lowercase()
        .replace(['(', ')', '"'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// How an index reads in a difference: its columns and, for a partial index, its predicate.
fn index_entry(columns: &[String], predicate: &str) -> String {
    let predicate = normalise_predicate(predicate);
    if predicate.is_empty() {
        column_list(columns)
    } else {
        format!("{} where {predicate}", column_list(columns))
    }
}

/// How a foreign key reads in a difference; the action spelled as in SQL, lower case.
fn foreign_key_entry(from: &[String], table: &str, to: &[String], on_delete: &str) -> String {
    format!(
        "{} -> {table}{} on delete {}",
        column_list(from),
        column_list(to),
        on_delete.to_ascii_lowercase()
    )
}

// ---------------------------------------------------------------------------------------------
// src/db/schema.rs
// ---------------------------------------------------------------------------------------------

/// Reads the `diesel::table!` blocks of schema.rs: table name, primary key (diesel's default
/// `id` when none is written), each column's name, diesel SQL type and `Nullable<…>`. A line it
/// cannot read is an error naming the line, so a new kind of line cannot be skipped silently.
fn parse_schema_rs(source: &str) -> Result<Schema, String> {
    let mut schema = Schema::new();
    let mut lines = source.lines().enumerate();
    while let Some((_, line)) = lines.next() {
        if line.trim() != "diesel::table! {" {
            continue;
        }
        // The header: `name (a, b) {`.
        let (number, header) = lines
            .next()
            .ok_or("schema.rs ends inside a diesel::table! block")?;
        let header = header.trim();
        let header = header
            .strip_suffix('{')
            .ok_or(format!(
                "schema.rs line {}: cannot read the table header `{header}`",
                number + 1
            ))?
            .trim();
        let (name, primary_key) = match header.split_once('(') {
            Some((name, keys)) => (
                name.trim(),
                keys.trim_end_matches(')')
                    .split(',')
                    .map(|k| k.trim().trim_start_matches("r#").to_string())
                    .filter(|k| !k.is_empty())
                    .collect(),
            ),
            None => (header, vec!["id".to_string()]),
        };
        let mut table = Table {
            primary_key,
            ..Table::default()
        };
        loop {
            let (number, line) = lines
                .next()
                .ok_or(format!("schema.rs ends inside table {name}"))?;
            let line = line.trim();
            if line == "}" {
                break;
            }
            if line.is_empty() || line.starts_with("//") {
                continue;
            }
            let (column, ty) = line.split_once("->").ok_or(format!(
                "schema.rs line {}: cannot read the column `{line}` of {name}",
                number + 1
            ))?;
            let ty = ty.trim().trim_end_matches(',').trim();
            let (ty, nullable) = match ty.strip_prefix("Nullable<") {
                Some(inner) => (inner.strip_suffix('>').unwrap_or(inner), true),
                None => (ty, false),
            };
            let ty = ty.rsplit("::").next().unwrap_or(ty);
            table.columns.insert(
                column.trim().trim_start_matches("r#").to_string(),
                Column {
                    ty: normalise_type(diesel_type_spelling(ty)),
                    nullable,
                },
            );
        }
        // Closes the `diesel::table! {` block.
        schema.insert(name.to_string(), table);
    }
    if schema.is_empty() {
        return Err("schema.rs: no diesel::table! block found".into());
    }
    Ok(schema)
}

/// Diesel's SQL type names where they differ from every SQL spelling [`normalise_type`] knows.
fn diesel_type_spelling(ty: &str) -> &str {
    match ty {
        "Binary" => "blob",
        "VarChar" => "varchar",
        "Double" => "double",
        _ => ty,
    }
}

/// What schema.rs says beyond its tables, checked against the database's foreign keys: every
/// `joinable!` must stand on a foreign key of that column, and every one-column foreign key
/// that is the only one from its table to its parent must have its `joinable!` (what
/// `diesel print-schema` writes; with two keys to one parent diesel allows neither, as
/// invitations' two keys to users). Every table must be in `allow_tables_to_appear_in_same_query!`.
/// `database` is SQLite's schema, which keeps every foreign key the model has.
fn relation_differences(source: &str, database: &Schema) -> Vec<String> {
    let mut written = BTreeSet::new();
    for line in source.lines() {
        let line = line.trim();
        if let Some(inner) = line
            .strip_prefix("diesel::joinable!(")
            .and_then(|l| l.strip_suffix(");"))
        {
            written.insert(inner.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    let mut expected = BTreeSet::new();
    for (child, table) in database {
        let Some(constraints) = &table.constraints else {
            continue;
        };
        let keys: Vec<(String, String)> = constraints
            .foreign_keys
            .iter()
            .filter_map(|entry| {
                let (from, rest) = entry.strip_prefix('(')?.split_once(") -> ")?;
                let parent = rest.split('(').next()?;
                Some((from.to_string(), parent.to_string()))
            })
            .collect();
        for (from, parent) in &keys {
            let to_parent = keys.iter().filter(|(_, p)| p == parent).count();
            if to_parent == 1 && !from.contains(',') && parent != child {
                expected.insert(format!("{child} -> {parent} ({from})"));
            }
        }
    }
    let mut out = Vec::new();
    for joinable in written.union(&expected) {
        let (db, rs) = (expected.contains(joinable), written.contains(joinable));
        if db != rs {
            let word = |b: bool| if b { "present" } else { "absent" };
            out.push(format!(
                "joinable!({joinable}): sqlite's foreign key says {}, schema.rs says {}",
                word(db),
                word(rs)
            ));
        }
    }
    let allowed: BTreeSet<&str> = source
        .split_once("allow_tables_to_appear_in_same_query!(")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(list, _)| {
            list.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect()
        })
        .unwrap_or_default();
    for table in database.keys() {
        if !allowed.contains(table.as_str()) {
            out.push(format!(
                "{table}: missing from schema.rs's allow_tables_to_appear_in_same_query!"
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// SQLite's catalogue
// ---------------------------------------------------------------------------------------------

/// A name read from a catalogue.
#[derive(QueryableByName)]
struct NameRow {
    #[diesel(sql_type = Text)]
    name: String,
}

/// One row of `pragma_table_info`.
#[derive(QueryableByName)]
struct SqliteColumnRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    ty: String,
    #[diesel(sql_type = Integer)]
    notnull: i32,
    #[diesel(sql_type = Integer)]
    pk: i32,
}

/// One row of `pragma_index_list`, with the index's SQL (for a partial index's predicate).
#[derive(QueryableByName)]
struct SqliteIndexRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Integer)]
    is_unique: i32,
    #[diesel(sql_type = Text)]
    origin: String,
    #[diesel(sql_type = Integer)]
    partial: i32,
    #[diesel(sql_type = Nullable<Text>)]
    sql: Option<String>,
}

/// One row of `pragma_index_info`; `name` is NULL for an expression.
#[derive(QueryableByName)]
struct SqliteIndexColumnRow {
    #[diesel(sql_type = Nullable<Text>)]
    name: Option<String>,
}

/// One row of `pragma_foreign_key_list`; `to` is NULL when the key names the parent's
/// primary key implicitly (`REFERENCES districts`).
#[derive(QueryableByName)]
struct SqliteForeignKeyRow {
    #[diesel(sql_type = Integer)]
    id: i32,
    #[diesel(sql_type = Text)]
    parent: String,
    #[diesel(sql_type = Text)]
    from_column: String,
    #[diesel(sql_type = Nullable<Text>)]
    to_column: Option<String>,
    #[diesel(sql_type = Text)]
    on_delete: String,
}

/// Reads every table of a migrated SQLite database from its pragmas.
fn read_sqlite(conn: &mut SqliteConnection) -> Schema {
    let names: Vec<NameRow> = diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '__diesel_schema_migrations' ORDER BY name",
    )
    .load(conn)
    .expect("listing SQLite's tables");
    let mut schema = Schema::new();
    for NameRow { name: table_name } in &names {
        let rows: Vec<SqliteColumnRow> = diesel::sql_query(
            "SELECT name, type AS ty, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid",
        )
        .bind::<Text, _>(table_name)
        .load(conn)
        .expect("reading pragma_table_info");
        let mut key: Vec<(i32, String)> = rows
            .iter()
            .filter(|r| r.pk > 0)
            .map(|r| (r.pk, r.name.clone()))
            .collect();
        key.sort();
        let primary_key: Vec<String> = key.into_iter().map(|(_, n)| n).collect();
        let mut table = Table {
            constraints: Some(Constraints::default()),
            ..Table::default()
        };
        for row in &rows {
            let rowid = primary_key == [row.name.clone()] && row.ty.eq_ignore_ascii_case("integer");
            table.columns.insert(
                row.name.clone(),
                Column {
                    ty: normalise_type(&row.ty),
                    nullable: row.notnull == 0 && !rowid,
                },
            );
        }
        table.primary_key = primary_key;

        let constraints = table.constraints.get_or_insert_with(Constraints::default);
        let indexes: Vec<SqliteIndexRow> = diesel::sql_query(
            "SELECT il.name, il.\"unique\" AS is_unique, il.origin, il.partial, m.sql \
             FROM pragma_index_list(?) AS il LEFT JOIN sqlite_master AS m \
             ON m.type = 'index' AND m.name = il.name",
        )
        .bind::<Text, _>(table_name)
        .load(conn)
        .expect("reading pragma_index_list");
        for index in indexes.iter().filter(|i| i.origin != "pk") {
            let columns: Vec<String> =
                diesel::sql_query("SELECT name FROM pragma_index_info(?) ORDER BY seqno")
                    .bind::<Text, _>(&index.name)
                    .load::<SqliteIndexColumnRow>(conn)
                    .expect("reading pragma_index_info")
                    .into_iter()
                    .map(|c| c.name.unwrap_or_else(|| "<expression>".into()))
                    .collect();
            let predicate = match (&index.sql, index.partial) {
                (Some(sql), 1) => {
                    let upper = sql.to_ascii_uppercase();
                    let at = upper.rfind(" WHERE ").map(|at| at + " WHERE ".len());
                    at.map(|at| sql[at..].to_string())
                        .unwrap_or_else(|| format!("<unreadable: {sql}>"))
                }
                _ => String::new(),
            };
            let entry = index_entry(&columns, &predicate);
            if index.is_unique == 1 {
                constraints.uniques.insert(entry);
            } else {
                constraints.indexes.insert(entry);
            }
        }

        let keys: Vec<SqliteForeignKeyRow> = diesel::sql_query(
            "SELECT id, \"table\" AS parent, \"from\" AS from_column, \"to\" AS to_column, \
             on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq",
        )
        .bind::<Text, _>(table_name)
        .load(conn)
        .expect("reading pragma_foreign_key_list");
        let mut by_id: BTreeMap<i32, Vec<&SqliteForeignKeyRow>> = BTreeMap::new();
        for key in &keys {
            by_id.entry(key.id).or_default().push(key);
        }
        for parts in by_id.values() {
            let from: Vec<String> = parts.iter().map(|p| p.from_column.clone()).collect();
            let parent = parts[0].parent.clone();
            let to: Vec<String> = if parts.iter().all(|p| p.to_column.is_some()) {
                parts.iter().filter_map(|p| p.to_column.clone()).collect()
            } else {
                // `REFERENCES parent` names the parent's primary key.
                sqlite_primary_key(conn, &parent)
            };
            constraints.foreign_keys.insert(foreign_key_entry(
                &from,
                &parent,
                &to,
                &parts[0].on_delete,
            ));
        }
        schema.insert(table_name.clone(), table);
    }
    schema
}

/// The primary key of a SQLite table, for a foreign key that names it implicitly.
fn sqlite_primary_key(conn: &mut SqliteConnection, table: &str) -> Vec<String> {
    diesel::sql_query("SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk")
        .bind::<Text, _>(table)
        .load::<NameRow>(conn)
        .expect("reading a parent's primary key")
        .into_iter()
        .map(|r| r.name)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL's catalogue
// ---------------------------------------------------------------------------------------------

/// One row of `information_schema.columns`.
#[derive(QueryableByName)]
struct PgColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
}

/// One column of a primary key (`table_constraints` joined to `key_column_usage`).
#[derive(QueryableByName)]
struct PgKeyRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

/// One column of one index (`pg_index`), primary keys' indexes left out.
#[derive(QueryableByName)]
struct PgIndexRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    index_name: String,
    #[diesel(sql_type = Bool)]
    is_unique: bool,
    #[diesel(sql_type = Text)]
    predicate: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

/// One column pair of one foreign key (`pg_constraint`).
#[derive(QueryableByName)]
struct PgForeignKeyRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    constraint_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    parent: String,
    #[diesel(sql_type = Text)]
    parent_column: String,
    #[diesel(sql_type = Text)]
    on_delete: String,
}

/// Reads every table of a migrated PostgreSQL database (schema `public`) from its catalogue.
fn read_postgres(conn: &mut PgConnection) -> Schema {
    let mut schema = Schema::new();
    let tables: Vec<NameRow> = diesel::sql_query(
        "SELECT table_name::text AS name FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
         AND table_name <> '__diesel_schema_migrations'",
    )
    .load(conn)
    .expect("listing PostgreSQL's tables");
    for t in tables {
        schema.insert(
            t.name,
            Table {
                constraints: Some(Constraints::default()),
                ..Table::default()
            },
        );
    }
    let columns: Vec<PgColumnRow> = diesel::sql_query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name, \
         data_type::text AS data_type, is_nullable::text AS is_nullable \
         FROM information_schema.columns WHERE table_schema = 'public' \
         ORDER BY table_name, ordinal_position",
    )
    .load(conn)
    .expect("reading information_schema.columns");
    for c in columns {
        if let Some(table) = schema.get_mut(&c.table_name) {
            table.columns.insert(
                c.column_name,
                Column {
                    ty: normalise_type(&c.data_type),
                    nullable: c.is_nullable == "YES",
                },
            );
        }
    }
    let keys: Vec<PgKeyRow> = diesel::sql_query(
        "SELECT tc.table_name::text AS table_name, kcu.column_name::text AS column_name \
         FROM information_schema.table_constraints tc \
         JOIN information_schema.key_column_usage kcu \
           ON kcu.constraint_schema = tc.constraint_schema \
          AND kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name \
         WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = 'public' \
         ORDER BY tc.table_name, kcu.ordinal_position",
    )
    .load(conn)
    .expect("reading the primary keys");
    for k in keys {
        if let Some(table) = schema.get_mut(&k.table_name) {
            table.primary_key.push(k.column_name);
        }
    }
    let indexes: Vec<PgIndexRow> = diesel::sql_query(
        "SELECT t.relname::text AS table_name, i.relname::text AS index_name, \
                ix.indisunique AS is_unique, \
                COALESCE(pg_get_expr(ix.indpred, ix.indrelid), '') AS predicate, \
                COALESCE(a.attname::text, '<expression>') AS column_name \
         FROM pg_index ix \
         JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
         LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0 \
         WHERE n.nspname = 'public' AND NOT ix.indisprimary AND k.ord <= ix.indnkeyatts \
         ORDER BY t.relname, i.relname, k.ord",
    )
    .load(conn)
    .expect("reading pg_index");
    let mut by_index: BTreeMap<(String, String), (bool, String, Vec<String>)> = BTreeMap::new();
    for row in indexes {
        by_index
            .entry((row.table_name, row.index_name))
            .or_insert_with(|| (row.is_unique, row.predicate, Vec::new()))
            .2
            .push(row.column_name);
    }
    for ((table_name, _), (unique, predicate, columns)) in by_index {
        if let Some(c) = schema
            .get_mut(&table_name)
            .and_then(|t| t.constraints.as_mut())
        {
            let entry = index_entry(&columns, &predicate);
            if unique {
                c.uniques.insert(entry);
            } else {
                c.indexes.insert(entry);
            }
        }
    }
    let keys: Vec<PgForeignKeyRow> = diesel::sql_query(
        "SELECT cl.relname::text AS table_name, c.conname::text AS constraint_name, \
                a.attname::text AS column_name, fcl.relname::text AS parent, \
                fa.attname::text AS parent_column, \
                CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' \
                  WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' \
                  ELSE 'unknown' END AS on_delete \
         FROM pg_constraint c \
         JOIN pg_class cl ON cl.oid = c.conrelid \
         JOIN pg_namespace n ON n.oid = cl.relnamespace \
         JOIN pg_class fcl ON fcl.oid = c.confrelid \
         CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord) \
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum \
         JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = k.fattnum \
         WHERE c.contype = 'f' AND n.nspname = 'public' \
         ORDER BY cl.relname, c.conname, k.ord",
    )
    .load(conn)
    .expect("reading the foreign keys");
    type Key = (String, Vec<String>, Vec<String>, String);
    let mut by_key: BTreeMap<(String, String), Key> = BTreeMap::new();
    for row in keys {
        let key = by_key
            .entry((row.table_name, row.constraint_name))
            .or_insert_with(|| (row.parent, Vec::new(), Vec::new(), row.on_delete));
        key.1.push(row.column_name);
        key.2.push(row.parent_column);
    }
    for ((table_name, _), (parent, from, to, on_delete)) in by_key {
        if let Some(c) = schema
            .get_mut(&table_name)
            .and_then(|t| t.constraints.as_mut())
        {
            c.foreign_keys
                .insert(foreign_key_entry(&from, &parent, &to, &on_delete));
        }
    }
    schema
}

// ---------------------------------------------------------------------------------------------
// The differ
// ---------------------------------------------------------------------------------------------

/// Picks one kind of constraint (unique, index, foreign key) out of a table's constraints.
type Facet = fn(&Constraints) -> &BTreeSet<String>;

/// `sqlite says X, postgres says Y, schema.rs says Z`: one fact as every source states it.
fn says(values: &[(&str, String)]) -> String {
    values
        .iter()
        .map(|(source, value)| format!("{source} says {value}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// True when every value is the same.
fn all_equal(values: &[(&str, String)]) -> bool {
    values.windows(2).all(|w| w[0].1 == w[1].1)
}

/// Every difference between the named sources, one readable line each, in a stable order:
/// tables missing from a source, then per table each column (type and nullability), the
/// primary key, and the unique constraints, indexes and foreign keys of the sources that
/// state them. Empty when they agree.
fn differences(sources: &[(&str, &Schema)]) -> Vec<String> {
    let mut out = Vec::new();
    let names: BTreeSet<&String> = sources.iter().flat_map(|(_, s)| s.keys()).collect();
    for name in names {
        let present: Vec<(&str, &Table)> = sources
            .iter()
            .filter_map(|(source, s)| s.get(name).map(|t| (*source, t)))
            .collect();
        if present.len() < sources.len() {
            let values: Vec<(&str, String)> = sources
                .iter()
                .map(|(source, s)| {
                    let v = if s.contains_key(name) {
                        "present"
                    } else {
                        "absent"
                    };
                    (*source, v.to_string())
                })
                .collect();
            out.push(format!("table {name}: {}", says(&values)));
        }
        let columns: BTreeSet<&String> =
            present.iter().flat_map(|(_, t)| t.columns.keys()).collect();
        for column in columns {
            let values: Vec<(&str, String)> = present
                .iter()
                .map(|(source, t)| {
                    let v = t
                        .columns
                        .get(column)
                        .map_or_else(|| "absent".to_string(), ToString::to_string);
                    (*source, v)
                })
                .collect();
            if !all_equal(&values) {
                out.push(format!("{name}.{column}: {}", says(&values)));
            }
        }
        let keys: Vec<(&str, String)> = present
            .iter()
            .map(|(source, t)| (*source, column_list(&t.primary_key)))
            .collect();
        if !all_equal(&keys) {
            out.push(format!("{name} primary key: {}", says(&keys)));
        }
        let stating: Vec<(&str, &Constraints)> = present
            .iter()
            .filter_map(|(source, t)| t.constraints.as_ref().map(|c| (*source, c)))
            .collect();
        let facets: [(&str, Facet); 3] = [
            ("unique", |c| &c.uniques),
            ("index", |c| &c.indexes),
            ("foreign key", |c| &c.foreign_keys),
        ];
        for (facet, get) in facets {
            let entries: BTreeSet<&String> = stating.iter().flat_map(|(_, c)| get(c)).collect();
            for entry in entries {
                let values: Vec<(&str, String)> = stating
                    .iter()
                    .map(|(source, c)| {
                        let v = if get(c).contains(entry) {
                            "present"
                        } else {
                            "absent"
                        };
                        (*source, v.to_string())
                    })
                    .collect();
                if !all_equal(&values) {
                    out.push(format!("{name} {facet} {entry}: {}", says(&values)));
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

/// A fresh database of the backend with every migration applied, through the same
/// `run_pending` the service runs at start-up; `None` when the backend is absent (PostgreSQL,
/// after the helpers' loud SKIPPED line). The database lives as long as the returned guard.
fn migrated(backend: Backend, test_name: &str) -> Option<(TestDatabase, AnyConnection)> {
    let db = TestDatabase::create(backend, test_name)?;
    std::fs::create_dir_all(&db.data_dir).expect("creating the test's data directory");
    let mut conn = AnyConnection::open(&db.url).expect("opening the test database");
    let applied = chorus::db::migrations::run_pending(&mut conn).expect("applying the migrations");
    assert!(
        !applied.is_empty(),
        "no migration was applied on {backend:?}"
    );
    Some((db, conn))
}

/// Reads the schema of a connection's database from its own catalogue.
fn read(conn: &mut AnyConnection) -> Schema {
    match conn {
        AnyConnection::Sqlite(c) => read_sqlite(c),
        AnyConnection::Postgresql(c) => read_postgres(c),
    }
}

/// Migrates a fresh database of the backend and reads its schema, saying how long that took.
fn migrated_schema(backend: Backend) -> Option<Schema> {
    let started = Instant::now();
    let (db, mut conn) = migrated(backend, "schema::migrations_and_schema_rs_agree")?;
    let schema = read(&mut conn);
    eprintln!(
        "schema: {backend:?}: migrated and {} tables read in {:.2?}",
        schema.len(),
        started.elapsed()
    );
    // The connection lets go of the database before the guard removes it.
    drop(conn);
    drop(db);
    Some(schema)
}

/// Differences between the backends that are decisions, not drift, each with its reason. A
/// line here must match a reported difference word for word, and each one must still be
/// found when PostgreSQL is read: a stale entry fails the test too, so the list cannot hide a
/// later change of the same constraint.
const DELIBERATE: &[(&str, &str)] = &[
    // Migration 000005 (answers_checked_by_writer): PostgreSQL drops these four per-row
    // checks (four fifths of an answers insert's time); the writer checks them against the
    // survey's frozen layout. SQLite keeps them: they cost it nothing measurable, and dropping
    // a constraint there means copying the whole answers table.
    (
        "answers foreign key (district_id) -> districts(id) on delete no action: sqlite says present, postgres says absent",
        "migration 000005: checked by the writer on PostgreSQL",
    ),
    (
        "answers foreign key (feature_id) -> product_features(id) on delete no action: sqlite says present, postgres says absent",
        "migration 000005: checked by the writer on PostgreSQL",
    ),
    (
        "answers foreign key (product_id) -> products(id) on delete no action: sqlite says present, postgres says absent",
        "migration 000005: checked by the writer on PostgreSQL",
    ),
    (
        "answers foreign key (survey_item_id) -> survey_items(id) on delete no action: sqlite says present, postgres says absent",
        "migration 000005: checked by the writer on PostgreSQL",
    ),
];

/// The whole check: both databases after every migration and schema.rs agree, column by
/// column; on a mismatch every difference is listed.
#[test]
fn migrations_and_schema_rs_agree() {
    let from_rs = parse_schema_rs(SCHEMA_RS).unwrap_or_else(|e| panic!("{e}"));
    let sqlite = migrated_schema(Backend::Sqlite).expect("SQLite is always available");
    let postgres = migrated_schema(Backend::Postgres);
    let mut sources: Vec<(&str, &Schema)> = vec![("sqlite", &sqlite)];
    if let Some(pg) = &postgres {
        sources.push(("postgres", pg));
    }
    sources.push(("schema.rs", &from_rs));
    let mut found = differences(&sources);
    found.extend(relation_differences(SCHEMA_RS, &sqlite));
    if postgres.is_some() {
        let stale: Vec<&str> = DELIBERATE
            .iter()
            .map(|(line, _)| *line)
            .filter(|line| !found.iter().any(|f| f == line))
            .collect();
        assert!(
            stale.is_empty(),
            "deliberate differences no longer found (remove them from DELIBERATE):\n  {}",
            stale.join("\n  ")
        );
    }
    found.retain(|f| !DELIBERATE.iter().any(|(line, _)| line == f));
    assert!(
        found.is_empty(),
        "{} schema differences between {}:\n  {}",
        found.len(),
        sources
            .iter()
            .map(|(s, _)| *s)
            .collect::<Vec<_>>()
            .join(", "),
        found.join("\n  ")
    );
    // A reader that reads nothing would agree with itself: the check must have seen the model.
    assert!(sqlite.len() >= 40, "only {} tables read", sqlite.len());
    assert!(sqlite.values().all(|t| !t.columns.is_empty()));
    for (source, schema) in &sources[..sources.len() - 1] {
        let count = |get: fn(&Constraints) -> usize| -> usize {
            schema
                .values()
                .filter_map(|t| t.constraints.as_ref())
                .map(get)
                .sum()
        };
        let (uniques, indexes, keys) = (
            count(|c| c.uniques.len()),
            count(|c| c.indexes.len()),
            count(|c| c.foreign_keys.len()),
        );
        eprintln!(
            "schema: {source}: {uniques} unique, {indexes} other indexes, {keys} foreign keys"
        );
        assert!(
            uniques > 0 && indexes > 0 && keys > 0,
            "{source}: the constraint readers read nothing"
        );
    }
}

/// A small model in the shape the readers produce, for the differ's own tests.
fn small_schema() -> Schema {
    let column = |ty: &str, nullable| Column {
        ty: ty.into(),
        nullable,
    };
    let mut table = Table {
        primary_key: vec!["id".into()],
        constraints: Some(Constraints::default()),
        ..Table::default()
    };
    table.columns.insert("id".into(), column("integer", false));
    table
        .columns
        .insert("district_id".into(), column("integer", false));
    table.columns.insert("note".into(), column("text", true));
    let c = table.constraints.as_mut().expect("set above");
    c.uniques.insert("(district_id, note)".into());
    c.indexes.insert("(note) where note is not null".into());
    c.foreign_keys
        .insert("(district_id) -> districts(id) on delete cascade".into());
    Schema::from([("schools".to_string(), table)])
}

/// The differ reports each kind of planted difference, in the promised wording, and nothing
/// when the sources agree; a check that cannot fail would be worth nothing.
#[test]
fn differ_reports_every_planted_difference() {
    let base = small_schema();
    let mut rs = base.clone();
    rs.get_mut("schools").expect("planted").constraints = None;
    assert!(differences(&[("sqlite", &base), ("postgres", &base), ("schema.rs", &rs)]).is_empty());

    let mut pg = base.clone();
    let t = pg.get_mut("schools").expect("planted");
    t.columns.get_mut("district_id").expect("planted").ty = "bigint".into();
    t.columns.get_mut("note").expect("planted").nullable = false;
    t.columns.remove("id");
    t.primary_key = vec!["district_id".into()];
    let c = t.constraints.as_mut().expect("planted");
    c.uniques.clear();
    c.indexes = BTreeSet::from(["(note)".to_string()]);
    c.foreign_keys = BTreeSet::from(["(district_id) -> districts(id) on delete no action".into()]);
    pg.insert("extra".into(), Table::default());
    let mut rs_changed = rs.clone();
    rs_changed
        .get_mut("schools")
        .expect("planted")
        .columns
        .insert(
            "archived".into(),
            Column {
                ty: "bool".into(),
                nullable: false,
            },
        );

    let found = differences(&[
        ("sqlite", &base),
        ("postgres", &pg),
        ("schema.rs", &rs_changed),
    ]);
    let expected = [
        "table extra: sqlite says absent, postgres says present, schema.rs says absent",
        "schools.archived: sqlite says absent, postgres says absent, schema.rs says bool not null",
        "schools.district_id: sqlite says integer not null, postgres says bigint not null, schema.rs says integer not null",
        "schools.id: sqlite says integer not null, postgres says absent, schema.rs says integer not null",
        "schools.note: sqlite says text null, postgres says text not null, schema.rs says text null",
        "schools primary key: sqlite says (id), postgres says (district_id), schema.rs says (id)",
        "schools unique (district_id, note): sqlite says present, postgres says absent",
        "schools index (note): sqlite says absent, postgres says present",
        "schools index (note) where note is not null: sqlite says present, postgres says absent",
        "schools foreign key (district_id) -> districts(id) on delete cascade: sqlite says present, postgres says absent",
        "schools foreign key (district_id) -> districts(id) on delete no action: sqlite says absent, postgres says present",
    ];
    assert_eq!(found, expected, "got:\n{}", found.join("\n"));
}

/// The vocabulary: each backend's and diesel's spellings land on the same word, and an
/// unknown spelling differs from all of them.
#[test]
fn types_normalise_to_the_common_vocabulary() {
    for (raw, word) in [
        ("INTEGER", "integer"),
        ("integer", "integer"),
        ("SERIAL", "integer"),
        ("BIGINT", "bigint"),
        ("bigint", "bigint"),
        ("TEXT", "text"),
        ("VARCHAR(255)", "text"),
        ("character varying", "text"),
        ("BOOLEAN", "bool"),
        ("boolean", "bool"),
        ("TIMESTAMP", "timestamp"),
        ("timestamp without time zone", "timestamp"),
        ("timestamp with time zone", "timestamptz"),
        ("DATE", "date"),
        ("BLOB", "bytes"),
        ("bytea", "bytes"),
        ("REAL", "float"),
        ("double precision", "float"),
    ] {
        assert_eq!(normalise_type(raw), word, "{raw}");
    }
    assert_eq!(normalise_type("NUMERIC"), "unknown(NUMERIC)");
    assert_eq!(
        normalise_predicate("(text_value IS NOT NULL)"),
        normalise_predicate("text_value IS NOT NULL")
    );
}

/// The schema.rs reader: names, diesel types, `Nullable<…>`, composite and default keys; an
/// unreadable line is an error rather than a column quietly lost.
#[test]
fn schema_rs_reader_reads_tables_columns_and_keys() {
    let source = "diesel::table! {\n    a (x, y) {\n        x -> Integer,\n        y -> Nullable<diesel::sql_types::Text>,\n        z -> Binary,\n    }\n}\n\ndiesel::table! {\n    b {\n        id -> BigInt,\n    }\n}\n";
    let schema = parse_schema_rs(source).expect("readable");
    let a = &schema["a"];
    assert_eq!(a.primary_key, ["x", "y"]);
    assert_eq!(a.columns["x"].to_string(), "integer not null");
    assert_eq!(a.columns["y"].to_string(), "text null");
    assert_eq!(a.columns["z"].to_string(), "bytes not null");
    assert_eq!(schema["b"].primary_key, ["id"]);
    assert_eq!(schema["b"].columns["id"].to_string(), "bigint not null");
    assert!(
        parse_schema_rs("diesel::table! {\n    a (x) {\n        x Integer,\n    }\n}\n").is_err()
    );
    // The real file is readable and holds the whole model.
    let real = parse_schema_rs(SCHEMA_RS).expect("schema.rs is readable");
    assert!(real.len() >= 40, "{} tables", real.len());
}

/// The readers and the differ end to end on a real migrated database: drift planted in the
/// database (a column, an index) and in schema.rs (a type, a nullability) is reported, line by
/// line, as the real check would report it.
#[test]
fn planted_drift_in_a_migrated_database_and_in_schema_rs_is_reported() {
    let (_db, mut conn) =
        migrated(Backend::Sqlite, "schema::planted_drift").expect("SQLite is always available");
    let before = read(&mut conn);
    diesel::sql_query("ALTER TABLE schools ADD COLUMN planted TEXT")
        .execute(&mut conn)
        .expect("planting a column");
    diesel::sql_query("CREATE INDEX planted_index ON schools (name, planted)")
        .execute(&mut conn)
        .expect("planting an index");
    let after = read(&mut conn);
    let drifted_rs = SCHEMA_RS
        .replacen(
            "        slug -> Text,",
            "        slug -> Nullable<Text>,",
            1,
        )
        .replacen(
            "        grade_low -> Integer,",
            "        grade_low -> BigInt,",
            1,
        );
    assert_ne!(
        drifted_rs, SCHEMA_RS,
        "the planted lines exist in schema.rs"
    );
    let rs = parse_schema_rs(&drifted_rs).expect("readable");
    let found = differences(&[("before", &before), ("after", &after), ("schema.rs", &rs)]);
    for line in [
        "districts.slug: before says text not null, after says text not null, schema.rs says text null",
        "schools.grade_low: before says integer not null, after says integer not null, schema.rs says bigint not null",
        "schools.planted: before says absent, after says text null, schema.rs says absent",
        "schools index (name, planted): before says absent, after says present",
    ] {
        assert!(
            found.iter().any(|f| f == line),
            "not reported: {line}\ngot:\n{}",
            found.join("\n")
        );
    }
    assert_eq!(
        found.len(),
        4,
        "only the planted drift:\n{}",
        found.join("\n")
    );
}

/// The joinable!/allow_tables check reports a joinable! without its foreign key, a foreign
/// key without its joinable!, and a table left out of allow_tables_to_appear_in_same_query!.
#[test]
fn relation_check_reports_planted_drift() {
    let database = small_schema();
    let agreeing = "diesel::joinable!(schools -> districts (district_id));\n\
                    diesel::allow_tables_to_appear_in_same_query!(\n    schools,\n);\n";
    assert!(relation_differences(agreeing, &database).is_empty());
    let drifted = "diesel::joinable!(schools -> users (note));\n\
                   diesel::allow_tables_to_appear_in_same_query!(\n    districts,\n);\n";
    assert_eq!(
        relation_differences(drifted, &database),
        [
            "joinable!(schools -> districts (district_id)): sqlite's foreign key says present, schema.rs says absent",
            "joinable!(schools -> users (note)): sqlite's foreign key says absent, schema.rs says present",
            "schools: missing from schema.rs's allow_tables_to_appear_in_same_query!",
        ]
    );
}
