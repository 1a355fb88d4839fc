//! Opening a browser's SQLite database without ever writing to it or holding a lock the browser
//! needs.
//!
//! - A database with a `-wal` file (Firefox while it runs keeps recent writes there) is copied,
//!   with its `-wal` and `-shm`, into a private temporary folder and the copy is read, so the
//!   recent writes are seen and the live shared-memory file is never touched.
//! - Otherwise the file is opened read-only (`mode=ro`, no waiting on locks). If it is busy,
//!   locked or needs recovery, it is copied with its `-journal` and the copy is read.
//! - On Windows a file the browser holds exclusively cannot even be copied: that is
//!   [`OpenError::Locked`], reported as "close the browser and run again", never forced.
//!
//! Copies live in a folder only this user can read (mode 0700), removed when the [`Db`] is
//! dropped.

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

/// The largest database that is copied when it cannot be read in place.
pub const COPY_LIMIT: u64 = 512 << 20;

/// A table's column names, for queries that adapt to the schema a browser version wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns(pub Vec<String>);

impl Columns {
    pub fn has(&self, column: &str) -> bool {
        self.0.iter().any(|c| c == column)
    }

    /// `column` if the table has it, else `fallback` (an SQL expression standing in for it).
    pub fn or<'a>(&self, column: &'a str, fallback: &'a str) -> &'a str {
        if self.has(column) { column } else { fallback }
    }

    /// The first of `needed` the table lacks.
    pub fn first_missing<'a>(&self, needed: &[&'a str]) -> Option<&'a str> {
        needed.iter().copied().find(|n| !self.has(n))
    }
}

/// An open database (the original, read-only, or a private copy).
pub struct Db {
    pub conn: Connection,
    /// True when a private copy is read instead of the original.
    pub via_copy: bool,
    _copy: Option<tempfile::TempDir>,
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Db")
            .field("via_copy", &self.via_copy)
            .finish()
    }
}

/// Why a database could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    Missing,
    /// Not a regular file (a folder, a FIFO, a device).
    NotAFile,
    /// Empty, truncated, not SQLite, or encrypted by another tool.
    NotSqlite(String),
    /// Held by the running browser so that it cannot be read or copied.
    Locked(String),
    Other(String),
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Missing => write!(f, "file not found"),
            OpenError::NotAFile => write!(f, "not a regular file"),
            OpenError::NotSqlite(why) => write!(f, "not a readable SQLite database ({why})"),
            OpenError::Locked(why) => write!(f, "locked by the browser ({why})"),
            OpenError::Other(why) => write!(f, "{why}"),
        }
    }
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Opens `path` for reading without disturbing the browser that owns it.
pub fn open(path: &Path) -> Result<Db, OpenError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => OpenError::Missing,
        _ => io_error(&e),
    })?;
    if !meta.is_file() {
        return Err(OpenError::NotAFile);
    }
    let wal_mode = check_header(path, meta.len())?;
    // A WAL database is always read from a copy: opened in place, even read-only, SQLite
    // creates its `-wal` and `-shm` files next to it when they are missing.
    if wal_mode || sidecar(path, "-wal").exists() {
        return open_copy(path, meta.len());
    }
    match open_in_place(path) {
        Ok(conn) => Ok(Db {
            conn,
            via_copy: false,
            _copy: None,
        }),
        Err(e) if is_corrupt(&e) => Err(OpenError::NotSqlite(e.to_string())),
        // Busy, locked, a hot journal that needs rolling back, or a read-only quirk: read a copy.
        Err(_) => open_copy(path, meta.len()),
    }
}

fn io_error(e: &std::io::Error) -> OpenError {
    // Windows: ERROR_SHARING_VIOLATION (32) and ERROR_LOCK_VIOLATION (33).
    if matches!(e.raw_os_error(), Some(32) | Some(33)) && cfg!(windows) {
        return OpenError::Locked(e.to_string());
    }
    OpenError::Other(e.to_string())
}

/// Checks the 100-byte SQLite header; returns whether the database is in WAL mode (the file
/// format's read and write versions, bytes 18 and 19, are 2).
fn check_header(path: &Path, len: u64) -> Result<bool, OpenError> {
    if len == 0 {
        return Err(OpenError::NotSqlite("the file is empty".into()));
    }
    let mut head = [0u8; 100];
    let mut f = std::fs::File::open(path).map_err(|e| io_error(&e))?;
    use std::io::Read;
    let n = f.read(&mut head).map_err(|e| io_error(&e))?;
    if n < 16 || &head[..16] != SQLITE_MAGIC {
        return Err(OpenError::NotSqlite(
            "no SQLite header: truncated, another format, or encrypted".into(),
        ));
    }
    if len < 512 || n < 100 {
        return Err(OpenError::NotSqlite(format!("truncated ({len} bytes)")));
    }
    Ok(head[18] == 2 || head[19] == 2)
}

fn open_in_place(path: &Path) -> rusqlite::Result<Connection> {
    let uri = format!("file:{}?mode=ro", uri_path(path));
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::ZERO)?;
    // One filtered scan needs few pages in the cache (SQLite's default keeps up to 2 MB per
    // connection, and several are open at once).
    conn.execute_batch("PRAGMA cache_size = -256")?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(conn)
}

fn open_copy(path: &Path, len: u64) -> Result<Db, OpenError> {
    if len > COPY_LIMIT {
        return Err(OpenError::Other(format!(
            "{len} bytes is too large to copy while the browser uses it; close the browser and run again"
        )));
    }
    let dir = private_tempdir()
        .map_err(|e| OpenError::Other(format!("could not make a private temporary folder: {e}")))?;
    let name = path
        .file_name()
        .map(PathBuf::from)
        .unwrap_or_else(|| "db".into());
    let target = dir.path().join(&name);
    std::fs::copy(path, &target).map_err(|e| match io_error(&e) {
        OpenError::Locked(w) => OpenError::Locked(w),
        _ if cfg!(windows) => OpenError::Locked(e.to_string()),
        other => other,
    })?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = sidecar(path, suffix);
        if side.is_file() {
            let mut t = target.clone().into_os_string();
            t.push(suffix);
            // A sidecar that vanished between the check and the copy was just checkpointed.
            let _ = std::fs::copy(&side, PathBuf::from(t));
        }
    }
    let conn = Connection::open_with_flags(
        &target,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| OpenError::Other(e.to_string()))?;
    let _ = conn.execute_batch("PRAGMA cache_size = -256");
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| {
        if is_corrupt(&e) {
            OpenError::NotSqlite(e.to_string())
        } else {
            OpenError::Other(e.to_string())
        }
    })?;
    Ok(Db {
        conn,
        via_copy: true,
        _copy: Some(dir),
    })
}

/// The folder holding every temporary copy this process makes, created on first use.
static TEMP_ROOT: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

fn private_builder(prefix: &str) -> tempfile::Builder<'_, '_> {
    let mut b = tempfile::Builder::new();
    b.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o700));
    }
    b
}

/// A temporary folder only this user can enter (0700 on Unix; the user's own temp folder on
/// Windows is already private), inside this process's own temporary folder, which
/// [`remove_temp_root`] removes on every exit path (normal end, panic, Ctrl-C, SIGTERM).
pub fn private_tempdir() -> std::io::Result<tempfile::TempDir> {
    let mut root = TEMP_ROOT.lock().unwrap_or_else(|e| e.into_inner());
    if root.as_ref().is_none_or(|r| !r.is_dir()) {
        let dir = private_builder(&format!("login-check-{}-", std::process::id())).tempdir()?;
        *root = Some(dir.keep());
    }
    let parent = root.clone().expect("set above");
    drop(root);
    private_builder("copy-").tempdir_in(parent)
}

/// Removes this process's temporary folder and everything in it, if it was made.
pub fn remove_temp_root() {
    let mut root = TEMP_ROOT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(dir) = root.take() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// This process's temporary folder, if one was made (for tests).
pub fn temp_root() -> Option<PathBuf> {
    TEMP_ROOT.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

fn is_corrupt(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) | Some(rusqlite::ErrorCode::NotADatabase)
    )
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A path for an SQLite URI: `?` and `#` (and `%`) escaped.
fn uri_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            _ => out.push(c),
        }
    }
    if cfg!(windows) && !out.starts_with('/') {
        out.insert(0, '/');
    }
    out
}

impl Db {
    /// `PRAGMA user_version` (Firefox's cookie schema version).
    pub fn user_version(&self) -> rusqlite::Result<i64> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))
    }

    /// The column names of `table`, empty if there is no such table.
    pub fn columns(&self, table: &str) -> rusqlite::Result<Columns> {
        let mut stmt = self
            .conn
            .prepare("SELECT name FROM pragma_table_info(?1)")?;
        stmt.query_map([table], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()
            .map(Columns)
    }

    /// The columns of `table`, which must exist and have every column in `needed`; the errors
    /// say the file is not `what` or has an unknown `schema`.
    pub fn require_columns(
        &self,
        table: &str,
        needed: &[&str],
        what: &str,
        schema: i64,
    ) -> Result<Columns, String> {
        let cols = self
            .columns(table)
            .map_err(|e| format!("cannot read its tables ({e})"))?;
        if cols.0.is_empty() {
            return Err(format!("no `{table}` table: not {what}"));
        }
        if let Some(missing) = cols.first_missing(needed) {
            return Err(format!(
                "unknown schema (version {schema}): no `{missing}` column"
            ));
        }
        Ok(cols)
    }

    /// `meta.version` (Chromium's schema version), if the table has it.
    pub fn meta_version(&self) -> Option<i64> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = 'version'", [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .ok()
            .and_then(|v| match v {
                rusqlite::types::Value::Integer(i) => Some(i),
                rusqlite::types::Value::Text(t) => t.trim().parse().ok(),
                _ => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn make(path: &Path, wal: bool) -> Connection {
        let c = Connection::open(path).unwrap();
        if wal {
            c.pragma_update(None, "journal_mode", "WAL").unwrap();
        }
        c.execute_batch("CREATE TABLE t(a TEXT); INSERT INTO t VALUES ('x');")
            .unwrap();
        c
    }

    #[test]
    fn reads_in_place_when_nothing_holds_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("db.sqlite");
        drop(make(&p, false));
        let db = open(&p).unwrap();
        assert!(!db.via_copy);
        assert_eq!(db.columns("t").unwrap().0, ["a"]);
        assert!(db.columns("nope").unwrap().0.is_empty());
    }

    #[test]
    fn sees_writes_that_live_only_in_the_wal() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("cookies.sqlite");
        let writer = make(&p, true);
        writer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        writer
            .execute("INSERT INTO t VALUES ('recent')", [])
            .unwrap();
        assert!(sidecar(&p, "-wal").exists());
        let before = std::fs::read(&p).unwrap();
        let db = open(&p).unwrap();
        assert!(db.via_copy);
        let n: i64 = db
            .conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
        drop(db);
        assert_eq!(
            std::fs::read(&p).unwrap(),
            before,
            "the original is untouched"
        );
        // The writer still writes.
        writer
            .execute("INSERT INTO t VALUES ('later')", [])
            .unwrap();
    }

    #[test]
    fn a_wal_database_without_its_wal_file_is_copied_and_nothing_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("cookies.sqlite");
        let c = make(&p, true);
        drop(c); // closing checkpoints and removes -wal and -shm
        assert!(!sidecar(&p, "-wal").exists());
        let db = open(&p).unwrap();
        assert!(db.via_copy);
        drop(db);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["cookies.sqlite"]);
    }

    #[test]
    fn copies_when_a_writer_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("Cookies");
        let writer = make(&p, false);
        writer
            .execute_batch("BEGIN EXCLUSIVE; INSERT INTO t VALUES ('pending');")
            .unwrap();
        let db = open(&p).unwrap();
        assert!(db.via_copy, "an exclusive lock forces a copy");
        let n: i64 = db
            .conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1, "uncommitted rows are not seen");
        drop(db);
        writer.execute_batch("COMMIT").unwrap();
    }

    #[test]
    fn refuses_what_is_not_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        std::fs::write(&empty, b"").unwrap();
        assert!(matches!(open(&empty), Err(OpenError::NotSqlite(_))));
        let junk = dir.path().join("junk");
        std::fs::write(&junk, vec![7u8; 4096]).unwrap();
        assert!(matches!(open(&junk), Err(OpenError::NotSqlite(_))));
        let p = dir.path().join("ok");
        drop(make(&p, false));
        let bytes = std::fs::read(&p).unwrap();
        let trunc = dir.path().join("trunc");
        std::fs::write(&trunc, &bytes[..100]).unwrap();
        assert!(matches!(open(&trunc), Err(OpenError::NotSqlite(_))));
        assert_eq!(
            open(&dir.path().join("missing")).unwrap_err(),
            OpenError::Missing
        );
        assert_eq!(open(dir.path()).unwrap_err(), OpenError::NotAFile);
    }

    #[test]
    fn the_process_folder_is_private_and_removed_with_everything_in_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("cookies.sqlite");
        let _w = make(&p, true);
        let db = open(&p).unwrap();
        let root = temp_root().unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&root).unwrap().permissions().mode() & 0o777,
                0o700
            );
        }
        remove_temp_root();
        assert!(!root.exists());
        drop(db);
        // A later copy makes a new folder.
        let again = open(&p).unwrap();
        assert!(temp_root().unwrap().is_dir());
        drop(again);
    }

    #[test]
    fn copies_are_private_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("cookies.sqlite");
        let _w = make(&p, true);
        let db = open(&p).unwrap();
        let copy_dir = db._copy.as_ref().unwrap().path().to_path_buf();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&copy_dir).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700);
        }
        drop(db);
        assert!(!copy_dir.exists());
    }
}
