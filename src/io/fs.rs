//! Reading browser files safely: read-only, bounded in size, and never blocking on something
//! that is not a regular file (a FIFO, a device, a symlink to `/dev/zero`).

use std::fmt;
use std::io::Read;
use std::path::Path;

/// Why a file could not be read, in words for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Missing,
    NotAFile,
    TooLarge { size: u64, limit: u64 },
    Denied,
    Other(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Missing => write!(f, "file not found"),
            ReadError::NotAFile => write!(f, "not a regular file"),
            ReadError::TooLarge { size, limit } => {
                write!(f, "too large to read ({size} bytes; the limit is {limit})")
            }
            ReadError::Denied => write!(f, "permission denied"),
            ReadError::Other(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::Missing,
            std::io::ErrorKind::PermissionDenied => ReadError::Denied,
            _ => ReadError::Other(e.to_string()),
        }
    }
}

/// The largest JSON or text file a probe reads (Preferences files of heavy profiles are a few
/// MB; anything far larger is not a real browser file).
pub const TEXT_LIMIT: u64 = 64 << 20;

/// Reads a regular file of at most `limit` bytes. Symlinks are followed, but only to regular
/// files; the size is checked before and while reading.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(path)?;
    let mut buf = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: buf.len() as u64,
            limit,
        });
    }
    Ok(buf)
}

/// Reads a text file (lossy UTF-8) of at most [`TEXT_LIMIT`] bytes.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    // Valid UTF-8 (every browser file) is taken as it is, without a second scan and copy.
    read_limited(path, TEXT_LIMIT).map(|b| {
        String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    })
}

/// Whether `path` is a directory (following symlinks), without failing.
pub fn is_dir(path: &Path) -> bool {
    std::fs::metadata(path).map(|m| m.is_dir()).unwrap_or(false)
}

/// Whether anything is at `path`, even a broken or looping symlink (not followed). `Err` with the
/// reason when that cannot be told (a folder on the way that cannot be entered): "cannot tell"
/// is never "absent".
pub fn present(path: &Path) -> Result<bool, ReadError> {
    match std::fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        // A path component that is a file, not a folder: nothing can be there.
        Err(e) if e.raw_os_error() == Some(20) && cfg!(unix) => Ok(false),
        Err(e) => Err(ReadError::from(e)),
    }
}

/// Whether `path` is a regular file (following symlinks), without failing.
pub fn is_file(path: &Path) -> bool {
    std::fs::metadata(path)
        .map(|m| m.is_file())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_small_files_and_refuses_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a");
        std::fs::write(&f, b"hello").unwrap();
        assert_eq!(read_limited(&f, 10).unwrap(), b"hello");
        assert!(matches!(
            read_limited(&f, 3),
            Err(ReadError::TooLarge { .. })
        ));
        assert_eq!(
            read_limited(&dir.path().join("none"), 10),
            Err(ReadError::Missing)
        );
        assert_eq!(read_limited(dir.path(), 10), Err(ReadError::NotAFile));
    }

    #[cfg(unix)]
    #[test]
    fn never_blocks_on_a_fifo_or_device() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let st = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(st.success());
        assert_eq!(read_limited(&fifo, 10), Err(ReadError::NotAFile));
        let link = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert_eq!(read_limited(&link, 10), Err(ReadError::NotAFile));
    }
}
