//! The command line: clap definitions only. Flags that are also config keys (`--db`,
//! `--addr`) become the last [`Layer`] of the configuration.

use crate::config::Layer;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// hoshin — a city's policy cycle: plans, initiatives, KPIs and reviews.
///
/// Configuration: defaults, then hoshin.toml (or --config), then HOSHIN_DB / HOSHIN_ADDR /
/// HOSHIN_LOG, then flags.
#[derive(Debug, Parser)]
#[command(name = "hoshin", version, propagate_version = true)]
pub struct Cli {
    /// A TOML config file (default: ./hoshin.toml when present).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending database migrations.
    Migrate(DbArg),
    /// Create or refresh the demo city サンプル市, then serve it.
    Demo(DemoArgs),
    /// Serve the web UI.
    Serve(ServeArgs),
    /// Generate deterministic synthetic data at national scale.
    Gen(GenArgs),
    /// Read documents and print what was found as JSON (no database).
    Extract(ExtractArgs),
    /// Read documents and store them (one transaction per document).
    Import(ImportArgs),
    /// Organizations (自治体): add one that starts in hoshin, list them.
    #[command(subcommand)]
    Org(OrgCommand),
    /// Departments (部) and sections (課) of an organization: add, list.
    #[command(subcommand, alias = "dept")]
    Department(DepartmentCommand),
    /// Staff accounts: add, list, disable/enable, reset a password.
    #[command(subcommand)]
    User(UserCommand),
    /// Search the published record like /search does (the index is built first when missing).
    Search(SearchArgs),
    /// The search index: rebuild it from the database.
    #[command(subcommand)]
    Index(IndexCommand),
    /// Back the database up to FILE (safe while serving) with FILE.manifest.json.
    Backup(BackupArgs),
    /// Restore FILE into a new, empty database and verify every table.
    Restore(RestoreArgs),
    /// PostgreSQL: grant ROLE what `hoshin serve` needs, without rights over the audit log.
    GrantAppRole(GrantArgs),
    /// Write an organization's published year as xlsx, CSV or an open-data package.
    Export(ExportArgs),
    /// Costs from the 財務会計 system: import its CSV export (予算細事業 × 年度).
    #[command(subcommand)]
    Budget(BudgetCommand),
}

#[derive(Debug, Subcommand)]
pub enum BudgetCommand {
    /// Read a 財務会計 CSV, print what it would change (and its errors by line), then store it
    /// in one transaction; a file with any error stores nothing.
    Import(BudgetImportArgs),
}

#[derive(Debug, Args)]
pub struct BudgetImportArgs {
    /// The CSV (UTF-8 or Shift_JIS; columns found by their header names).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The organization: its name, 6-digit code or id.
    #[arg(long, value_name = "ORG")]
    pub org: String,
    #[command(flatten)]
    pub db: DbArg,
    /// Print what importing would do; store nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// What `hoshin export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One workbook: a sheet per department (部局運営方針) and a KPI sheet; print-ready.
    Xlsx,
    /// A directory of CSV files (the open-data tables); with --department one CSV file.
    Csv,
    /// The open-data zip: CSV files and datapackage.json.
    Datapackage,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The organization: its name, 6-digit code or id.
    #[arg(long, value_name = "ORG")]
    pub org: String,
    /// The fiscal year (令和6年度, R6 or 2024); it must have published initiatives.
    #[arg(long, value_name = "FY")]
    pub year: String,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Where to write: a file (xlsx, datapackage, csv with --department) or a new directory
    /// (csv). It must not exist yet.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// csv only: one department's initiatives (name or id) as one file, like its page's download.
    #[arg(long, value_name = "DEPT")]
    pub department: Option<String>,
    /// csv only: `utf-8` (with BOM, the default) or `sjis` (Shift_JIS / CP932).
    #[arg(long, default_value = "utf-8")]
    pub encoding: String,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup to write (must not exist). SQLite: a database file; PostgreSQL: a pg_dump
    /// custom-format archive.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup written by `hoshin backup` (its FILE.manifest.json beside it).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The database to restore into: a new SQLite file, or an empty PostgreSQL database.
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct GrantArgs {
    /// The role `hoshin serve` connects as (not the tables' owner).
    #[arg(value_name = "ROLE")]
    pub role: String,
    /// The database, connected to as the tables' owner.
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words (all must match; "quoted words" as a phrase).
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    /// Only this organization: its name, 6-digit code or id.
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,
    /// Only this fiscal year (令和6年度 or 2024).
    #[arg(long, value_name = "FY")]
    pub year: Option<String>,
    /// How many hits to print.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON (one object with the total, the hits and the facet counts).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub index: IndexArg,
}

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Build the index anew from the database (beside the live one, then swapped in; a running
    /// server picks it up).
    Rebuild(IndexRebuildArgs),
}

#[derive(Debug, Args)]
pub struct IndexRebuildArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub index: IndexArg,
}

#[derive(Debug, Args)]
pub struct IndexArg {
    /// Search index directory (default: beside the SQLite file, DB.index; else ./hoshin-index).
    #[arg(long = "index", value_name = "DIR")]
    pub path: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Register an organization (an imported document registers its own).
    Add(OrgAddArgs),
    /// List the organizations.
    List(DbArg),
    /// Set an organization's 全国地方公共団体コード (checked; e.g. for one an import registered).
    SetCode(OrgSetCodeArgs),
}

#[derive(Debug, Args)]
pub struct OrgSetCodeArgs {
    /// The organization: its name, current code or id.
    pub org: String,
    /// 6 digits with the check digit (142352).
    pub code: String,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct OrgAddArgs {
    /// The organization's name (綾瀬市).
    pub name: String,
    /// 全国地方公共団体コード, 6 digits with its check digit (142352).
    #[arg(long)]
    pub code: Option<String>,
    /// Prefecture (神奈川県).
    #[arg(long)]
    pub prefecture: Option<String>,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Subcommand)]
pub enum DepartmentCommand {
    /// Add a department (部), or with --parent a section (課) under one.
    Add(DepartmentAddArgs),
    /// List an organization's departments and sections.
    List(UserListArgs),
}

#[derive(Debug, Args)]
pub struct DepartmentAddArgs {
    /// The organization: its name, 6-digit code or id.
    #[arg(long, value_name = "ORG")]
    pub org: String,
    /// The department's name (こども未来部).
    pub name: String,
    /// The department (name or id) a section belongs to.
    #[arg(long, value_name = "DEPT")]
    pub parent: Option<String>,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. Without --password-stdin a strong password is generated and printed once.
    Add(UserAddArgs),
    /// List the accounts of an organization.
    List(UserListArgs),
    /// Disable an account (ends its sessions); --enable turns it back on.
    Disable(UserDisableArgs),
    /// Set a new password (clears a lockout, ends sessions).
    ResetPassword(UserPasswordArgs),
    /// Set the address a user's notifications are mailed to (no address: clear it).
    Email(UserEmailArgs),
}

#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// The organization: its name (サンプル市), 6-digit code or id.
    #[arg(long, value_name = "ORG")]
    pub org: String,
    /// Login id (3–64 of a–z A–Z 0–9 . _ - @).
    #[arg(long)]
    pub login: String,
    /// Display name (氏名).
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// admin, planning, editor or viewer.
    #[arg(long)]
    pub role: String,
    /// A department (name or id) an editor writes for; repeat for several.
    #[arg(long = "department", value_name = "DEPT")]
    pub departments: Vec<String>,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
    /// Where the user's notifications are mailed (else the in-app inbox only).
    #[arg(long, value_name = "ADDRESS")]
    pub email: Option<String>,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct UserEmailArgs {
    pub login: String,
    /// The e-mail address; leave out to clear it.
    pub address: Option<String>,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct UserListArgs {
    /// The organization: its name, 6-digit code or id.
    #[arg(long, value_name = "ORG")]
    pub org: String,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct UserDisableArgs {
    pub login: String,
    /// Enable instead.
    #[arg(long)]
    pub enable: bool,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct UserPasswordArgs {
    pub login: String,
    /// Read the password from the first line of standard input (otherwise one is generated).
    #[arg(long)]
    pub password_stdin: bool,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct DbArg {
    /// Database URL: sqlite://PATH (default sqlite://hoshin.db), a file path, or postgres://…
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Database file or URL to create or refresh.
    #[arg(long, value_name = "PATH")]
    pub db: Option<String>,
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<String>,
    /// Seed the database and exit without serving.
    #[arg(long)]
    pub no_serve: bool,
    #[command(flatten)]
    pub index: IndexArg,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, value_name = "HOST:PORT")]
    pub addr: Option<String>,
    #[command(flatten)]
    pub index: IndexArg,
}

#[derive(Debug, Args)]
pub struct GenArgs {
    /// How many municipalities (1,741 for the whole country).
    #[arg(long, default_value_t = 1741)]
    pub municipalities: u32,
    /// How many fiscal years.
    #[arg(long, default_value_t = 10)]
    pub years: u16,
    /// The first fiscal year (西暦).
    #[arg(long, default_value_t = 2016)]
    pub first_year: u16,
    /// RNG seed: the same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Average initiatives per municipality and year.
    #[arg(long, default_value_t = 115)]
    pub initiatives: u32,
    /// Municipalities per transaction.
    #[arg(long, default_value_t = 20)]
    pub batch: u32,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Documents: PDF with a text layer, xlsx/xlsm/xls/ods, docx, HTML, CSV/TSV or text.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write DIR/<stem>.json per document instead of printing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Organization name, overriding what the document says.
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
    /// Fiscal year (令和6年度 or 2024), overriding what the document says.
    #[arg(long, value_name = "FY")]
    pub year: Option<String>,
    #[command(flatten)]
    pub reading: ReadingArgs,
}

/// How documents are read: the organization's own field labels and a fixed genre.
#[derive(Debug, Args, Clone, Default)]
pub struct ReadingArgs {
    /// A TOML file of the organization's own field labels (`[labels]` or `[import.labels]`:
    /// `field = ["label", …]`), added to `[import.labels]` of the configuration.
    #[arg(long, value_name = "FILE")]
    pub labels: Option<PathBuf>,
    /// Read every file as this genre instead of detecting it (department_policy,
    /// plan_chapter, measure_sheet, goal_review, evaluation_sheet, or its Japanese name).
    #[arg(long, value_name = "NAME")]
    pub genre: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Documents: PDF with a text layer, xlsx/xlsm/xls/ods, docx, HTML, CSV/TSV or text.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub db: DbArg,
    /// Organization name, overriding what the document says.
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
    /// Fiscal year (令和6年度 or 2024), overriding what the document says.
    #[arg(long, value_name = "FY")]
    pub year: Option<String>,
    #[command(flatten)]
    pub reading: ReadingArgs,
    /// Read each file and print what importing it would add, change and remove; store nothing.
    #[arg(long)]
    pub dry_run: bool,
}

impl Command {
    /// The flags that override configuration.
    pub fn layer(&self) -> Layer {
        let index = match self {
            Command::Demo(a) => a.index.path.clone(),
            Command::Serve(a) => a.index.path.clone(),
            Command::Search(a) => a.index.path.clone(),
            Command::Index(IndexCommand::Rebuild(a)) => a.index.path.clone(),
            _ => None,
        };
        let (db, addr) = match self {
            Command::Migrate(a) => (a.db.clone(), None),
            Command::Demo(a) => (a.db.clone(), a.addr.clone()),
            Command::Serve(a) => (a.db.db.clone(), a.addr.clone()),
            Command::Search(a) => (a.db.db.clone(), None),
            Command::Index(IndexCommand::Rebuild(a)) => (a.db.db.clone(), None),
            Command::Gen(a) => (a.db.db.clone(), None),
            Command::Extract(_) => (None, None),
            Command::Import(a) => (a.db.db.clone(), None),
            Command::Org(OrgCommand::Add(a)) => (a.db.db.clone(), None),
            Command::Org(OrgCommand::List(a)) => (a.db.clone(), None),
            Command::Org(OrgCommand::SetCode(a)) => (a.db.db.clone(), None),
            Command::Department(DepartmentCommand::Add(a)) => (a.db.db.clone(), None),
            Command::Department(DepartmentCommand::List(a)) => (a.db.db.clone(), None),
            Command::Backup(a) => (a.db.db.clone(), None),
            Command::Restore(a) => (a.db.db.clone(), None),
            Command::GrantAppRole(a) => (a.db.db.clone(), None),
            Command::Export(a) => (a.db.db.clone(), None),
            Command::Budget(BudgetCommand::Import(a)) => (a.db.db.clone(), None),
            Command::User(u) => (
                match u {
                    UserCommand::Add(a) => a.db.db.clone(),
                    UserCommand::List(a) => a.db.db.clone(),
                    UserCommand::Disable(a) => a.db.db.clone(),
                    UserCommand::ResetPassword(a) => a.db.db.clone(),
                    UserCommand::Email(a) => a.db.db.clone(),
                },
                None,
            ),
        };
        Layer { db, addr, index, ..Layer::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_is_well_formed_and_every_command_has_help() {
        Cli::command().debug_assert();
        for sub in Cli::command().get_subcommands() {
            assert!(sub.get_about().is_some(), "{} has no help", sub.get_name());
        }
    }

    #[test]
    fn flags_become_the_last_config_layer() {
        let cli = Cli::try_parse_from(["hoshin", "serve", "--db", "postgres://x@h/db", "--addr", "0.0.0.0:9"]).unwrap();
        let layer = cli.command.layer();
        assert_eq!(layer.db.as_deref(), Some("postgres://x@h/db"));
        assert_eq!(layer.addr.as_deref(), Some("0.0.0.0:9"));
        let cli = Cli::try_parse_from(["hoshin", "gen", "--municipalities", "3", "--years", "2"]).unwrap();
        assert_eq!(cli.command.layer(), Layer::default());
        assert!(Cli::try_parse_from(["hoshin", "extract"]).is_err(), "extract needs a file");
    }
}
