//! Windows-only behaviour of the io layer, tested on Windows itself: CI runs these under wine
//! (`scripts/windows-tests.sh`), elsewhere they are not compiled. Share-mode errors, `\\?\`
//! paths, drive letters and CRLF files; the registry's own tests are in `registry.rs`, the
//! parsers' on CRLF files in `browsers/version.rs`.

use std::fs::OpenOptions;
use std::os::windows::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use super::fs as fsutil;
use super::sqlite::{self, OpenError};

fn database(dir: &Path) -> PathBuf {
    let p = dir.join("Cookies");
    let c = rusqlite::Connection::open(&p).unwrap();
    c.execute_batch("CREATE TABLE cookies(host_key TEXT); INSERT INTO cookies VALUES ('x');")
        .unwrap();
    drop(c);
    p
}

/// `\\?\C:\…`: the verbatim form `std::fs::canonicalize` returns on Windows.
fn verbatim(p: &Path) -> PathBuf {
    let c = std::fs::canonicalize(p).unwrap();
    assert!(c.to_string_lossy().starts_with(r"\\?\"), "{}", c.display());
    c
}

#[test]
fn a_database_held_without_sharing_is_locked_and_readable_again_once_released() {
    let dir = tempfile::tempdir().unwrap();
    let p = database(dir.path());
    // As a running Chromium holds its Cookies: no sharing at all (ERROR_SHARING_VIOLATION, 32).
    let held = OpenOptions::new()
        .read(true)
        .write(true)
        .share_mode(0)
        .open(&p)
        .unwrap();
    match sqlite::open(&p) {
        Err(OpenError::Locked(why)) => assert!(!why.is_empty()),
        other => panic!("expected Locked, got {other:?}"),
    }
    assert!(fsutil::read_text(&p).is_err());
    drop(held);
    let db = sqlite::open(&p).unwrap();
    let n: i64 = db
        .conn
        .query_row("SELECT count(*) FROM cookies", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_database_shared_for_reading_is_copied() {
    let dir = tempfile::tempdir().unwrap();
    let p = database(dir.path());
    // Firefox and older Chromium share their files for reading: that is no lock.
    let _held = OpenOptions::new()
        .read(true)
        .write(true)
        .share_mode(1 | 2) // FILE_SHARE_READ | FILE_SHARE_WRITE
        .open(&p)
        .unwrap();
    assert!(sqlite::open(&p).unwrap().via_copy);
}

#[test]
fn verbatim_paths_are_read_like_ordinary_ones() {
    let dir = tempfile::tempdir().unwrap();
    let p = database(dir.path());
    let v = verbatim(&p);
    assert!(sqlite::open(&v).unwrap().via_copy);
    let text = dir.path().join("Local State");
    std::fs::write(&text, "{}").unwrap();
    assert_eq!(fsutil::read_text(&verbatim(&text)).unwrap(), "{}");
    assert!(fsutil::is_dir(&verbatim(dir.path())));
    assert!(fsutil::is_file(&verbatim(&text)));
}

#[test]
fn crlf_files_are_read_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("profiles.ini");
    std::fs::write(&p, "[Profile0]\r\nPath=Profiles/abc.default\r\n").unwrap();
    // No newline translation: the parsers see the CRLF (and handle it, see `version.rs`).
    assert_eq!(
        fsutil::read_text(&p).unwrap(),
        "[Profile0]\r\nPath=Profiles/abc.default\r\n"
    );
}

#[test]
fn drive_letters_and_backslashes_join_under_the_root() {
    let ctx = crate::context::Context::new(
        PathBuf::from(r"C:\Users\Zoë Ångström"),
        PathBuf::from(r"C:\"),
        crate::context::OsFamily::Windows,
        Default::default(),
        time::macros::datetime!(2026-11-24 12:00:00 UTC),
        Default::default(),
        std::sync::Arc::new(crate::context::RecordedRunner::default()),
    );
    assert_eq!(
        ctx.system_path("C:/Program Files/Mozilla Firefox"),
        PathBuf::from(r"C:\Program Files\Mozilla Firefox")
    );
    assert_eq!(
        ctx.home_path("AppData/Local/Google/Chrome/User Data"),
        PathBuf::from(r"C:\Users\Zoë Ångström\AppData\Local\Google\Chrome\User Data")
    );
    assert_eq!(
        ctx.display_path(Path::new(
            r"C:\Users\Zoë Ångström\AppData\Local\Google\Chrome\User Data"
        )),
        "~/AppData/Local/Google/Chrome/User Data"
    );
}
