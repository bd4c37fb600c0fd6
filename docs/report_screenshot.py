"""Regenerate docs/report.png, the README's picture of `readout report`.

Builds the bundled articles into a temporary store, writes their report, and has
headless Chromium (Debian's `chromium`) take a screenshot of the top of the page.

    python docs/report_screenshot.py [--out docs/report.png] [--width 1200] [--height 2000]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "report.png")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=2000)
    args = parser.parse_args()
    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    if browser is None:
        print("report_screenshot: no Chromium found; apt-get install chromium", file=sys.stderr)
        return 2
    from readout import api, report

    with tempfile.TemporaryDirectory(prefix="readout-shot-") as tmp:
        store, page, profile = Path(tmp) / "store", Path(tmp) / "report.html", Path(tmp) / "profile"
        api.build(None, store)
        report.write(store, page)
        subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}",
                        f"--window-size={args.width},{args.height}", f"--screenshot={args.out.resolve()}",
                        page.as_uri()], check=True, capture_output=True, timeout=120)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
