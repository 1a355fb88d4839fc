//! Opening a browser's SQLite database without ever writing to it, locking it or being exhausted
//! by it.
//!
//! - Every database is read from a private snapshot: the file and its `-wal` or `-journal` are
//!   copied with plain reads (no SQLite lock is taken on the original, so a browser committing
//!   at that moment never gets `SQLITE_BUSY`), into a folder only this user can read (mode 0700,
//!   removed when the [`Db`] is dropped). A copy taken while the browser wrote (its size or
//!   modification time changed during the copy) is torn: it is taken again, up to
//!   [`SNAPSHOT_TRIES`] times. The live `-shm` is never read; SQLite rebuilds it from the `-wal`.
//! - The snapshot is bounded: the file and its sidecars together at most [`COPY_LIMIT`] bytes
//!   (a sparse `-wal` counts at its full size).
//! - Each connection is bounded: SQLite's heap is capped for the whole process
//!   ([`HEAP_LIMIT`]), one string or blob at most [`VALUE_LIMIT`] bytes, and a statement that
//!   runs longer than [`QUERY_TIME_LIMIT`] is interrupted (a progress handler). [`Db::columns`]
//!   sees tables only: a view named like a browser's table (which could recurse) is "no table".
//! - On Windows a file the browser holds exclusively cannot even be copied: that is
//!   [`OpenError::Locked`], reported as "close the browser and run again", never forced.

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

/// The most a snapshot may copy: the database and its `-wal` or `-journal` together.
pub const COPY_LIMIT: u64 = 256 << 20;
/// How often a snapshot is taken again when the browser wrote during the copy.
pub const SNAPSHOT_TRIES: u32 = 4;
/// SQLite's heap for the whole process (every connection together).
pub const HEAP_LIMIT: i64 = 64 << 20;
/// The largest string or blob a query may produce.
pub const VALUE_LIMIT: i32 = 4 << 20;
/// How long one connection's statements may run in all before they are interrupted.
pub const QUERY_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(4);

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
    /// Dropped last, after the connection and the copy: retries removals that failed.
    _retry: RetryPending,
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

/// Opens a private snapshot of `path` for reading, without disturbing the browser that owns it.
pub fn open(path: &Path) -> Result<Db, OpenError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => OpenError::Missing,
        _ => io_error(&e),
    })?;
    if !meta.is_file() {
        return Err(OpenError::NotAFile);
    }
    check_header(path, meta.len())?;
    open_copy(path)
}

fn io_error(e: &std::io::Error) -> OpenError {
    // Windows: ERROR_SHARING_VIOLATION (32) and ERROR_LOCK_VIOLATION (33).
    if matches!(e.raw_os_error(), Some(32) | Some(33)) && cfg!(windows) {
        return OpenError::Locked(e.to_string());
    }
    OpenError::Other(e.to_string())
}

/// Checks the 100-byte SQLite header.
fn check_header(path: &Path, len: u64) -> Result<(), OpenError> {
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
    Ok(())
}

/// What a snapshot copies: the database, then whichever sidecars exist, each as (suffix,
/// size, modification time), to tell a torn copy.
type Stamp = Vec<(&'static str, u64, Option<std::time::SystemTime>)>;

fn stamp(path: &Path) -> Result<Stamp, OpenError> {
    let mut out = Vec::new();
    for suffix in ["", "-wal", "-journal"] {
        match std::fs::metadata(sidecar(path, suffix)) {
            Ok(m) if m.is_file() => out.push((suffix, m.len(), m.modified().ok())),
            Ok(_) if suffix.is_empty() => return Err(OpenError::NotAFile),
            Err(e) if suffix.is_empty() => return Err(io_error(&e)),
            _ => {}
        }
    }
    Ok(out)
}

fn open_copy(path: &Path) -> Result<Db, OpenError> {
    let dir = private_tempdir()
        .map_err(|e| OpenError::Other(format!("could not make a private temporary folder: {e}")))?;
    let name = path
        .file_name()
        .map(PathBuf::from)
        .unwrap_or_else(|| "db".into());
    let target = dir.path().join(&name);
    let mut tries = 0;
    loop {
        tries += 1;
        let before = stamp(path)?;
        let total: u64 = before.iter().map(|(_, len, _)| len).sum();
        if total > COPY_LIMIT {
            return Err(OpenError::Other(format!(
                "{total} bytes with its journal is more than the {} MB login-check copies",
                COPY_LIMIT >> 20
            )));
        }
        for suffix in ["-wal", "-journal", "-shm"] {
            let _ = std::fs::remove_file(sidecar(&target, suffix));
        }
        for (suffix, len, _) in &before {
            let (src, dst) = (sidecar(path, suffix), sidecar(&target, suffix));
            copy_bounded(&src, &dst, *len).map_err(|e| match io_error(&e) {
                OpenError::Locked(w) => OpenError::Locked(w),
                _ if cfg!(windows) => OpenError::Locked(e.to_string()),
                other => other,
            })?;
        }
        let after = stamp(path)?;
        if after == before {
            break;
        }
        if tries >= SNAPSHOT_TRIES {
            return Err(OpenError::Other(format!(
                "the browser kept writing to it while it was copied ({tries} tries)"
            )));
        }
        std::thread::sleep(std::time::Duration::from_millis(20 * u64::from(tries)));
    }
    let mut conn = Connection::open_with_flags(
        &target,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| OpenError::Other(e.to_string()))?;
    bound(&mut conn);
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
        _retry: RetryPending,
    })
}

/// Copies at most `len` bytes (what the file measured before the copy): a file that grows
/// meanwhile is caught by the stamps, and never costs more than it was measured at.
fn copy_bounded(src: &Path, dst: &Path, len: u64) -> std::io::Result<()> {
    use std::io::Read;
    let mut from = std::fs::File::open(src)?;
    let mut to = std::fs::File::create(dst)?;
    std::io::copy(&mut from.by_ref().take(len), &mut to)?;
    Ok(())
}

/// The limits every connection runs under (module docs).
fn bound(conn: &mut Connection) {
    static HEAP: std::sync::Once = std::sync::Once::new();
    HEAP.call_once(|| {
        // SAFETY: sets a process-wide limit; callable at any time, from any thread.
        unsafe {
            rusqlite::ffi::sqlite3_hard_heap_limit64(HEAP_LIMIT);
        }
    });
    use rusqlite::limits::Limit;
    let _ = conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, VALUE_LIMIT);
    let _ = conn.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
    // One filtered scan needs few pages in the cache (SQLite's default keeps up to 2 MB per
    // connection, and several are open at once); no memory-mapped reads.
    let _ = conn.execute_batch("PRAGMA cache_size = -256; PRAGMA mmap_size = 0;");
    let start = std::time::Instant::now();
    let _ = conn.progress_handler(10_000, Some(move || start.elapsed() > QUERY_TIME_LIMIT));
}

/// This process's temporary folder (created on first use), whether the process is stopping, and
/// folders whose removal failed (on Windows a file still open cannot be deleted), retried later.
struct TempState {
    root: Option<PathBuf>,
    closed: bool,
    pending: Vec<PathBuf>,
}

/// Every creation and removal of the process folder happens under this lock, so a removal
/// never races with a creation: once [`close_temp_root`] ran, nothing is created again.
static TEMP: std::sync::Mutex<TempState> = std::sync::Mutex::new(TempState {
    root: None,
    closed: false,
    pending: Vec::new(),
});

fn temp_state() -> std::sync::MutexGuard<'static, TempState> {
    TEMP.lock().unwrap_or_else(|e| e.into_inner())
}

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
/// [`remove_temp_root`] removes on every exit path (normal end, panic, Ctrl-C, SIGTERM). Both
/// folders are made under the lock; after [`close_temp_root`] this fails.
pub fn private_tempdir() -> std::io::Result<tempfile::TempDir> {
    let mut st = temp_state();
    if st.closed {
        return Err(std::io::Error::other("login-check is stopping"));
    }
    if st.root.as_ref().is_none_or(|r| !r.is_dir()) {
        let dir = private_builder(&format!("login-check-{}-", std::process::id())).tempdir()?;
        st.root = Some(dir.keep());
    }
    let parent = st.root.clone().expect("set above");
    private_builder("copy-").tempdir_in(parent)
}

/// Removes this process's temporary folder and everything in it, if it was made (a later copy
/// makes a new one).
pub fn remove_temp_root() {
    remove_locked(&mut temp_state());
}

/// Removes this process's temporary folder for good: no copy is made after this (the exit
/// paths call it; a reader still running gets an error instead of a new folder).
pub fn close_temp_root() {
    let mut st = temp_state();
    st.closed = true;
    remove_locked(&mut st);
}

fn remove_locked(st: &mut TempState) {
    if let Some(dir) = st.root.take() {
        st.pending.push(dir);
    }
    st.pending.retain(|d| !remove_fully(d));
}

/// `remove_dir_all`, tried again a few times: a reader finishing a copy (or SQLite making its
/// `-wal` in one) while the folder is removed makes one pass fail with "not empty".
fn remove_fully(dir: &Path) -> bool {
    for attempt in 0..8u64 {
        match std::fs::remove_dir_all(dir) {
            Ok(()) => return true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return true,
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(2 * attempt)),
        }
    }
    !dir.exists()
}

/// Retries the removals that failed, once the copy that blocked them is closed.
struct RetryPending;

impl Drop for RetryPending {
    fn drop(&mut self) {
        let mut st = temp_state();
        if !st.pending.is_empty() {
            st.pending.retain(|d| !remove_fully(d));
        }
    }
}

/// This process's temporary folder, if one was made (for tests).
pub fn temp_root() -> Option<PathBuf> {
    temp_state().root.clone()
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

impl Db {
    /// `PRAGMA user_version` (Firefox's cookie schema version).
    pub fn user_version(&self) -> rusqlite::Result<i64> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))
    }

    /// The column names of `table`, empty if there is no such table (a view of that name is
    /// no table: querying it could recurse without end).
    pub fn columns(&self, table: &str) -> rusqlite::Result<Columns> {
        let kind: Option<String> = self
            .conn
            .query_row(
                "SELECT type FROM sqlite_master WHERE name = ?1 COLLATE NOCASE",
                [table],
                |r| r.get(0),
            )
            .ok();
        if kind.as_deref() != Some("table") {
            return Ok(Columns::default());
        }
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
    fn reads_a_private_snapshot_even_when_nothing_holds_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("db.sqlite");
        drop(make(&p, false));
        let db = open(&p).unwrap();
        assert!(db.via_copy);
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
        // A normal exit drops the run's databases, then removes the folder (`app::main_entry`).
        // On Unix it goes even with a copy still open (Ctrl-C in mid-run); on Windows a file
        // with an open handle cannot be deleted, so there the database is dropped first.
        if cfg!(windows) {
            drop(db);
            remove_temp_root();
            // Tests running alongside may still hold copies in the folder; they drop them soon.
            let start = std::time::Instant::now();
            while root.exists() && start.elapsed() < std::time::Duration::from_secs(10) {
                std::thread::sleep(std::time::Duration::from_millis(50));
                let _ = std::fs::remove_dir_all(&root);
            }
        } else {
            remove_temp_root();
            drop(db);
        }
        assert!(!root.exists());
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

    #[test]
    fn a_view_named_like_a_browser_table_is_no_table() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("Cookies");
        let c = Connection::open(&p).unwrap();
        c.execute_batch(
            "CREATE VIEW cookies AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) \
             SELECT n AS host_key, n AS name FROM r;",
        )
        .unwrap();
        drop(c);
        let db = open(&p).unwrap();
        assert!(db.columns("cookies").unwrap().0.is_empty());
        let err = db
            .require_columns("cookies", &["host_key"], "a Chromium cookie store", 0)
            .unwrap_err();
        assert!(err.contains("no `cookies` table"), "{err}");
    }

    #[test]
    fn a_query_that_runs_too_long_is_interrupted() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("db.sqlite");
        drop(make(&p, false));
        let db = open(&p).unwrap();
        let start = std::time::Instant::now();
        let r = db.conn.query_row(
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
            [],
            |r| r.get::<_, i64>(0),
        );
        assert!(r.is_err(), "an endless query must not finish: {r:?}");
        assert!(start.elapsed() < QUERY_TIME_LIMIT + std::time::Duration::from_secs(3));
    }

    #[test]
    fn a_huge_sparse_wal_is_refused_before_anything_is_copied() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("cookies.sqlite");
        drop(make(&p, false));
        let wal = std::fs::File::create(sidecar(&p, "-wal")).unwrap();
        wal.set_len(COPY_LIMIT + 1).unwrap();
        drop(wal);
        let err = open(&p).unwrap_err();
        assert!(
            matches!(&err, OpenError::Other(w) if w.contains("MB")),
            "{err:?}"
        );
        let copied: u64 = walk_size(&temp_root().unwrap());
        assert!(copied < 1 << 20, "{copied} bytes copied");
    }

    fn walk_size(dir: &Path) -> u64 {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| {
                let p = e.path();
                if p.is_dir() {
                    walk_size(&p)
                } else {
                    e.metadata().map_or(0, |m| m.len())
                }
            })
            .sum()
    }

    #[test]
    #[cfg_attr(
        windows,
        ignore = "wine (and Windows before POSIX delete semantics): the writer's journal delete \
                  fails (SQLITE_IOERR_DELETE) while the snapshot has the -journal open"
    )]
    fn a_writer_without_a_busy_timeout_never_fails_while_snapshots_are_taken() {
        // Chromium's `Cookies` is a rollback-journal database; a lock taken by a reader makes a
        // writer without a busy timeout fail with SQLITE_BUSY.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("Cookies");
        drop(make(&p, false));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let writer = {
            let (p, stop) = (p.clone(), stop.clone());
            std::thread::spawn(move || {
                let c = Connection::open(&p).unwrap();
                c.busy_timeout(std::time::Duration::ZERO).unwrap();
                let (mut ok, mut failed) = (0u32, 0u32);
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    match c.execute("INSERT INTO t VALUES ('w')", []) {
                        Ok(_) => ok += 1,
                        Err(_) => failed += 1,
                    }
                }
                (ok, failed)
            })
        };
        let mut snapshots = 0;
        let until = std::time::Instant::now() + std::time::Duration::from_millis(1500);
        while std::time::Instant::now() < until {
            if let Ok(db) = open(&p) {
                let n: i64 = db
                    .conn
                    .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
                    .unwrap();
                assert!(n >= 1);
                snapshots += 1;
            }
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let (ok, failed) = writer.join().unwrap();
        assert!(
            snapshots > 0 && ok > 0,
            "{snapshots} snapshots, {ok} commits"
        );
        assert_eq!(failed, 0, "commits that failed while snapshots were taken");
    }
}
