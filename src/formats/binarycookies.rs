//! Safari's `Cookies.binarycookies`, read by our own parser (libyal/dtformats' description):
//! magic `cook`, a big-endian page count and page sizes, then pages of little-endian records.
//! Every offset is checked against the data; a value's length is measured, the value itself is
//! never copied. Times are seconds since 2001-01-01 as `f64`.

/// Seconds between 1970-01-01 and 2001-01-01 (Mac absolute time).
const MAC_EPOCH: f64 = 978_307_200.0;
/// Bounds that no real cookie file comes near.
const MAX_PAGES: usize = 1 << 16;
const MAX_COOKIES: usize = 1 << 20;

/// One cookie record, without its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub domain: String,
    pub name: String,
    pub path: String,
    pub value_len: usize,
    pub flags: u32,
    pub expires: f64,
    pub created: f64,
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}
fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}
fn lef64(b: &[u8], at: usize) -> Option<f64> {
    Some(f64::from_le_bytes(
        b.get(at..at.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// The NUL-terminated string at `at` within `rec` (its length only, for values).
fn cstr_len(rec: &[u8], at: usize) -> Option<usize> {
    rec.get(at..)?.iter().position(|&c| c == 0)
}
fn cstr(rec: &[u8], at: usize) -> Option<String> {
    let n = cstr_len(rec, at)?;
    Some(String::from_utf8_lossy(&rec[at..at + n]).into_owned())
}

/// Mac absolute time (seconds since 2001-01-01) → Unix seconds; `None` for none.
pub fn mac_to_unix(t: f64) -> Option<i64> {
    (t.is_finite() && t > 0.0).then_some((t + MAC_EPOCH) as i64)
}

/// Parses a whole file. Errors name what is wrong and where.
pub fn parse(b: &[u8]) -> Result<Vec<Record>, String> {
    if b.get(..4) != Some(b"cook") {
        return Err("not a Safari cookie file (wrong magic)".to_string());
    }
    let pages = be32(b, 4).ok_or("truncated header")? as usize;
    if pages > MAX_PAGES {
        return Err(format!("implausible page count {pages}"));
    }
    let sizes_end = 8usize
        .checked_add(pages.checked_mul(4).ok_or("page count overflow")?)
        .ok_or("overflow")?;
    if sizes_end > b.len() {
        return Err(format!(
            "the header lists {pages} pages but the file is only {} bytes",
            b.len()
        ));
    }
    let mut out = Vec::new();
    let mut at = sizes_end;
    for p in 0..pages {
        let size = be32(b, 8 + p * 4).ok_or("truncated page table")? as usize;
        let page = b
            .get(at..at.checked_add(size).ok_or("overflow")?)
            .ok_or_else(|| format!("page {p} runs past the end of the file"))?;
        at += size;
        if page.get(..4) != Some(&[0, 0, 1, 0][..]) {
            return Err(format!("page {p} has a wrong header"));
        }
        let count = le32(page, 4).ok_or_else(|| format!("page {p} is truncated"))? as usize;
        if count > page.len() / 4 {
            return Err(format!("page {p} claims {count} cookies, more than fit"));
        }
        // Records may not share bytes: what is read from a page is then at most the page, and a
        // file costs at most its own size however its offsets point.
        let mut used = 0usize;
        for i in 0..count {
            let off =
                le32(page, 8 + i * 4).ok_or_else(|| format!("page {p} is truncated"))? as usize;
            let size = le32(page, off)
                .ok_or_else(|| format!("page {p}: cookie {i} points past the page"))?
                as usize;
            let rec = page
                .get(off..off.checked_add(size).ok_or("overflow")?)
                .filter(|r| r.len() >= 56)
                .ok_or_else(|| format!("page {p}: cookie {i} runs past the page"))?;
            used = used.saturating_add(size);
            if used > page.len() {
                return Err(format!(
                    "page {p}: its cookie records overlap (more record bytes than the page holds)"
                ));
            }
            let field = |at: usize| le32(rec, at).map(|v| v as usize);
            let bad = || format!("page {p}: cookie {i} is malformed");
            let (domain_off, name_off, path_off, value_off) = (
                field(16).ok_or_else(bad)?,
                field(20).ok_or_else(bad)?,
                field(24).ok_or_else(bad)?,
                field(28).ok_or_else(bad)?,
            );
            out.push(Record {
                domain: cstr(rec, domain_off).ok_or_else(bad)?,
                name: cstr(rec, name_off).ok_or_else(bad)?,
                path: cstr(rec, path_off).ok_or_else(bad)?,
                value_len: cstr_len(rec, value_off).ok_or_else(bad)?,
                flags: le32(rec, 8).ok_or_else(bad)?,
                expires: lef64(rec, 40).ok_or_else(bad)?,
                created: lef64(rec, 48).ok_or_else(bad)?,
            });
            if out.len() > MAX_COOKIES {
                return Err("implausibly many cookies".to_string());
            }
        }
    }
    Ok(out)
}

/// Writes a binarycookies file (used by tests and the benchmark generator to make fixtures in
/// the real format).
pub fn write(cookies: &[(&str, &str, &str, &str, f64, f64)]) -> Vec<u8> {
    // One page holding every record.
    let mut records = Vec::new();
    for (domain, name, path, value, expires, created) in cookies {
        let mut rec = vec![0u8; 56];
        let mut strings = Vec::new();
        let mut offs = [0u32; 4];
        for (k, s) in [domain, name, path, value].iter().enumerate() {
            offs[k] = (56 + strings.len()) as u32;
            strings.extend_from_slice(s.as_bytes());
            strings.push(0);
        }
        let size = (56 + strings.len()) as u32;
        rec[0..4].copy_from_slice(&size.to_le_bytes());
        rec[8..12].copy_from_slice(&1u32.to_le_bytes());
        for (k, o) in offs.iter().enumerate() {
            rec[16 + k * 4..20 + k * 4].copy_from_slice(&o.to_le_bytes());
        }
        rec[40..48].copy_from_slice(&(expires - MAC_EPOCH).to_le_bytes());
        rec[48..56].copy_from_slice(&(created - MAC_EPOCH).to_le_bytes());
        rec.extend_from_slice(&strings);
        records.push(rec);
    }
    let header_len = 8 + 4 * records.len() + 4;
    let mut page = vec![0, 0, 1, 0];
    page.extend_from_slice(&(records.len() as u32).to_le_bytes());
    let mut off = header_len;
    for r in &records {
        page.extend_from_slice(&(off as u32).to_le_bytes());
        off += r.len();
    }
    page.extend_from_slice(&[0, 0, 0, 0]);
    for r in &records {
        page.extend_from_slice(r);
    }
    let mut file = b"cook".to_vec();
    file.extend_from_slice(&1u32.to_be_bytes());
    file.extend_from_slice(&(page.len() as u32).to_be_bytes());
    file.extend_from_slice(&page);
    file.extend_from_slice(&[0, 0, 0, 0, 0x07, 0x17, 0x20, 0x05, 0, 0, 0, 0x4b]);
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_never_keeps_values() {
        let f = write(&[
            (
                ".openai.com",
                "auth0",
                "/",
                "SECRET-VALUE",
                1_900_000_000.0,
                1_700_000_000.0,
            ),
            (
                "example.com",
                "x",
                "/",
                "y",
                1_900_000_000.0,
                1_700_000_000.0,
            ),
        ]);
        let recs = parse(&f).unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].name, "auth0");
        assert_eq!(recs[0].value_len, "SECRET-VALUE".len());
        assert_eq!(recs[0].expires as i64 + MAC_EPOCH as i64, 1_900_000_000);
        assert!(!format!("{recs:?}").contains("SECRET"));
    }

    #[test]
    fn offsets_that_all_point_at_one_record_are_refused() {
        let one = write(&[(".openai.com", "a", "/", "b", 1.9e9, 1.7e9)]);
        // Page layout (see `write`): 8-byte header and one page; inside the page, the count at
        // 4 and the first record offset at 8. Claim 1,000 cookies all at that offset.
        let page_at = 12;
        let mut f = one.clone();
        let first_off = le32(&f[page_at..], 8).unwrap();
        let page_len = be32(&f, 8).unwrap() as usize;
        let mut page = f[page_at..page_at + page_len].to_vec();
        let count = 1000u32;
        let mut offs = Vec::new();
        for _ in 0..count {
            offs.extend_from_slice(&first_off.to_le_bytes());
        }
        let mut grown = page[..4].to_vec();
        grown.extend_from_slice(&count.to_le_bytes());
        grown.extend_from_slice(&offs);
        let shift = grown.len() - 12;
        grown.extend_from_slice(&page[12..]);
        // Offsets moved by the longer table.
        let new_off = (first_off as usize + shift) as u32;
        for i in 0..count as usize {
            grown[8 + i * 4..12 + i * 4].copy_from_slice(&new_off.to_le_bytes());
        }
        page = grown;
        f.truncate(page_at);
        f[8..12].copy_from_slice(&(page.len() as u32).to_be_bytes());
        f.extend_from_slice(&page);
        let err = parse(&f).unwrap_err();
        assert!(err.contains("overlap"), "{err}");
    }

    #[test]
    fn hostile_files_are_errors_not_panics() {
        let good = write(&[(".openai.com", "a", "/", "b", 1.9e9, 1.7e9)]);
        assert!(parse(b"nope").is_err());
        assert!(parse(b"cook").is_err());
        let mut many = b"cook".to_vec();
        many.extend_from_slice(&u32::MAX.to_be_bytes());
        assert!(parse(&many).is_err());
        // Every truncation and every single-byte corruption must be handled.
        for n in 0..good.len() {
            let _ = parse(&good[..n]);
        }
        for i in 0..good.len() {
            for v in [0u8, 0xff, 0x7f] {
                let mut bad = good.clone();
                bad[i] = v;
                let _ = parse(&bad);
            }
        }
        // A record offset pointing past the page.
        let mut bad = good.clone();
        let page_start = 12;
        bad[page_start + 8..page_start + 12].copy_from_slice(&10_000u32.to_le_bytes());
        assert!(parse(&bad).unwrap_err().contains("past the page"));
    }
}
