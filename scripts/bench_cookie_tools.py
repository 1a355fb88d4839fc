#!/usr/bin/env python3
"""Reads a synthetic home's cookies with the tools a user would otherwise use (scripts/bench.sh).

    bench_cookie_tools.py TOOL FAMILY BROWSER PROFILE_DIR [PROFILE_DIR ...]

TOOL: yt-dlp (yt_dlp.cookies.extract_cookies_from_browser, what `--cookies-from-browser` runs),
rookiepy, browser_cookie3. FAMILY: chromium or firefox. BROWSER: the tool's name for the browser
(chrome, edge, brave, chromium, vivaldi, firefox). Each profile is read in this one process, the
way the tool reads it when pointed at that profile; every cookie is read (none of them filters by
site by default) and decrypted where the tool can.

Prints one JSON line: rows read, values decrypted (non-empty), values on the sign-in sites, and
what the tool complained about. HOME should be the synthetic home (the tools look for keyrings and
default folders there); no keyring is reachable, so Chromium tools fall back to the `peanuts`
password, which is what the generator encrypted with.
"""

import json
import os
import sys

LOGIN_SITES = ("openai.com", "chatgpt.com", "oaistatic.com", "oaiusercontent.com")


def is_login(domain):
    d = domain.lstrip(".").lower()
    return any(d == s or d.endswith("." + s) for s in LOGIN_SITES)


def cookie_file(family, profile):
    if family == "firefox":
        return os.path.join(profile, "cookies.sqlite")
    for rel in ("Network/Cookies", "Cookies"):
        p = os.path.join(profile, rel)
        if os.path.exists(p):
            return p
    return os.path.join(profile, "Cookies")


class Log:
    """yt-dlp's logger interface: keeps warnings and errors."""

    def __init__(self):
        self.messages = []

    def debug(self, msg, *a, **k):
        pass

    def info(self, msg, *a, **k):
        pass

    def warning(self, msg, *a, **k):
        self.messages.append(str(msg))

    def error(self, msg, *a, **k):
        self.messages.append(str(msg))

    def progress_bar(self):
        return None


def read(tool, family, browser, profile, notes):
    """(domain, value) of every cookie the tool returns for one profile."""
    if tool == "yt-dlp":
        from yt_dlp.cookies import extract_cookies_from_browser

        log = Log()
        jar = extract_cookies_from_browser(browser, profile=profile, logger=log)
        notes.extend(log.messages)
        return [(c.domain, c.value or "") for c in jar]
    if tool == "rookiepy":
        import rookiepy

        db = cookie_file(family, profile)
        if family == "firefox":
            rows = rookiepy.any_browser(db)
        else:
            rows = rookiepy.chromium_based(db)
        return [(r.get("domain", ""), r.get("value") or "") for r in rows]
    if tool == "browser_cookie3":
        import browser_cookie3

        db = cookie_file(family, profile)
        if family == "firefox":
            jar = browser_cookie3.firefox(cookie_file=db)
        else:
            fn = {
                "chrome": browser_cookie3.chrome,
                "chromium": browser_cookie3.chromium,
                "edge": browser_cookie3.edge,
                "brave": browser_cookie3.brave,
                "vivaldi": browser_cookie3.vivaldi,
            }[browser]
            jar = fn(cookie_file=db)
        return [(c.domain, c.value or "") for c in jar]
    raise SystemExit(f"unknown tool {tool}")


def main():
    if len(sys.argv) < 5:
        raise SystemExit(__doc__)
    tool, family, browser, profiles = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    notes = []
    rows = decrypted = login = 0
    error = None
    for p in profiles:
        try:
            got = read(tool, family, browser, p, notes)
        # A tool that fails is measured as it fails (rookiepy's PanicException is a BaseException).
        except BaseException as e:  # noqa: BLE001
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            error = f"{type(e).__name__}: {e}"
            break
        rows += len(got)
        decrypted += sum(1 for _, v in got if v)
        login += sum(1 for d, _ in got if is_login(d))
    print(
        json.dumps(
            {
                "tool": tool,
                "browser": browser,
                "profiles": len(profiles),
                "rows": rows,
                "decrypted": decrypted,
                "login_rows": login,
                "error": error,
                "notes": sorted(set(n[:200] for n in notes))[:5],
            }
        )
    )


if __name__ == "__main__":
    main()
