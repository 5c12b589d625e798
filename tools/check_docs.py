#!/usr/bin/env python
"""Check the built docs site in a real browser, as a reader would:

    python tools/check_docs.py [--site _docs] [--screenshots DIR]

Serves the site on 127.0.0.1 (a free port, python's http.server in a thread) and opens it with Playwright
driving Debian's chromium (/usr/bin/chromium; installed with apt-get if missing). It checks that

* the home page loads and shows a results table (an HTML <table> in the page content);
* every page in the sidebar (nbs/sidebar.yml, as built: `_docs/docs_manifest.json`) is in the site's navigation,
  and every link of the navigation answers HTTP 200;
* every page loads with no errors in the browser console, no uncaught script errors and no failed requests to
  the site itself (requests to other hosts are listed, not failed: the site should make none);
* every <img> on every page has loaded (naturalWidth > 0), so the plots show;
* every page has a title (<h1>), and each API entry its notebook documents (show_doc) is on the page;
* every link from one page of the site to another resolves (HTTP 200; a missing #anchor is a warning);
* the search box exists, and searching finds pages (the offline search index works).

Full-page screenshots of the home page and of the 00_data page are saved to --screenshots.
Prints every failure, then a summary line; exits 1 if anything failed.
"""
from __future__ import annotations

import argparse, functools, json, os, shutil, subprocess, sys, threading, time, urllib.error, urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urldefrag, urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *a): pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    def handle_error(self, request, client_address):   # the browser dropping a connection is not an error
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)): super().handle_error(request, client_address)


def serve(site: Path):
    httpd = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def ensure_chromium() -> str | None:
    if Path(CHROMIUM).exists(): return None
    print(f"{CHROMIUM} not found: installing it (apt-get install chromium)...", flush=True)
    try:
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
                       shell=True, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=900)
    except Exception as e:
        return f"chromium is not installed and could not be installed ({e}); run: apt-get install -y chromium"
    return None if Path(CHROMIUM).exists() else f"{CHROMIUM} still missing after apt-get install chromium"


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r: return r.status
    except urllib.error.HTTPError as e: return e.code
    except Exception: return -1


# collected in the page after load: title, images, tables, links, ids, nav links, search box
PAGE_INFO_JS = """async () => {
  await Promise.all(Array.from(document.images).map(i => i.complete ? null :
      new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); setTimeout(r, 5000); })));
  const content = document.querySelector('.md-content') || document.body;
  return {
    h1: Array.from(content.querySelectorAll('h1')).map(h => h.textContent.replace('¶', '').trim()),
    images: Array.from(document.images).map(i => ({src: (i.currentSrc || i.src).slice(0, 100), w: i.naturalWidth})),
    tables: content.querySelectorAll('table').length,
    links: Array.from(content.querySelectorAll('a[href]')).map(a => a.href),
    ids: Array.from(document.querySelectorAll('[id]')).map(e => e.id),
    nav: Array.from(document.querySelectorAll('nav.md-nav--primary a.md-nav__link[href]'))
              .map(a => ({href: a.href, text: a.textContent.trim()})),
    search: !!document.querySelector('input.md-search__input, [data-md-component=search-query]'),
  };
}"""


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", default="_docs", help="built site folder (default _docs)")
    ap.add_argument("--screenshots", default="docs_build/screenshots", help="folder for the screenshots")
    ap.add_argument("--timeout", type=float, default=30, help="seconds allowed per page load")
    args = ap.parse_args(argv)
    site = (ROOT / args.site).resolve()
    shots = (ROOT / args.screenshots).resolve()
    failures, warnings, notes = [], [], []
    checks = 0

    def check(ok: bool, msg: str):
        nonlocal checks
        checks += 1
        if not ok: failures.append(msg)
        return ok

    def finish():
        for w in warnings: print(f"WARNING: {w}")
        for f in failures: print(f"FAIL: {f}")
        print(f"docs check: {checks - len(failures)}/{checks} checks passed, {len(failures)} failed, "
              f"{len(warnings)} warning(s); site {site}" + (f"; screenshots in {shots}" if shots.exists() else ""))
        return 1 if failures else 0

    if not check((site / "index.html").exists(), f"{site}/index.html does not exist: run python tools/build_docs.py"):
        return finish()
    mf = site / "docs_manifest.json"
    manifest = json.loads(mf.read_text()) if mf.exists() else {"pages": [], "missing": []}
    if not mf.exists(): warnings.append(f"{mf} missing (site not built by tools/build_docs.py?): checking the navigation only")
    for m in manifest.get("missing", []): warnings.append(f"{m} is in sidebar.yml but not written yet: not in the site")
    for e in manifest.get("errors", []): check(False, f"build: {e}")
    err = ensure_chromium()
    if not check(err is None, err or ""): return finish()

    from playwright.sync_api import sync_playwright
    httpd, base = serve(site)
    shots.mkdir(parents=True, exist_ok=True)
    print(f"serving {site} at {base}", flush=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            events: list[tuple[str, str]] = []
            page.on("console", lambda m: events.append(("console", f"{m.text} [{(m.location or {}).get('url', '')}]"))
                    if m.type == "error" else None)
            page.on("pageerror", lambda e: events.append(("pageerror", str(e))))
            page.on("requestfailed", lambda r: events.append(("requestfailed", f"{r.url} ({r.failure})")))
            page.on("response", lambda r: events.append(("http", f"{r.status} {r.url}")) if r.status >= 400 else None)
            page.on("request", lambda r: events.append(("external", r.url))
                    if urlparse(r.url).scheme in ("http", "https") and not r.url.startswith(base) else None)

            def visit(url: str, name: str):
                events.clear()
                t = time.time()
                try:
                    resp = page.goto(url, wait_until="load", timeout=args.timeout * 1000)
                except Exception as e:
                    check(False, f"{name}: page did not load: {e}")
                    return None
                check(resp is not None and resp.status == 200, f"{name}: HTTP {resp.status if resp else '?'} for {url}")
                page.wait_for_timeout(300)      # let scripts run (search worker, clipboard, ...)
                info = page.evaluate(PAGE_INFO_JS)
                ext = [m for k, m in events if k == "external"]
                own = [f"{k}: {m}" for k, m in events if k != "external"
                       and not any(x in m for x in ext)]  # an error about an external request is only noted
                if ext: notes.append(f"{name}: requests to other hosts: {', '.join(sorted(set(ext))[:5])}")
                check(not own, f"{name}: browser errors: " + "; ".join(own[:8]))
                bad = [i["src"] for i in info["images"] if i["w"] <= 0]
                check(not bad, f"{name}: {len(bad)} of {len(info['images'])} image(s) did not load: {', '.join(bad[:5])}")
                check(bool(info["h1"]), f"{name}: no page title (<h1>)")
                print(f"  {name}: {url[len(base):] or '/'} loaded in {time.time()-t:.1f}s, {len(info['images'])} image(s), "
                      f"{info['tables']} table(s)", flush=True)
                return info

            # home page
            home = visit(base + "index.html", "home page")
            pages_info = {}
            if home:
                pages_info["index.html"] = home
                check(home["tables"] > 0, "home page: no results table (no <table> in the page content)")
                check(home["search"], "home page: no search box")
                page.screenshot(path=str(shots / "home.png"), full_page=True)

                # the navigation (sidebar) must list every built page, and every nav link must answer 200
                nav_urls = {urldefrag(n["href"])[0] for n in home["nav"]}
                for m in manifest["pages"]:
                    check(base + m["url"] in nav_urls, f"sidebar: page {m['url']} ({m['source']}) is not in the navigation")
                nav_order = list(dict.fromkeys(urldefrag(n["href"])[0] for n in home["nav"]))
                want = [base + m["url"] for m in manifest["pages"]]
                check([u for u in nav_order if u in want] == [u for u in want if u in nav_order],
                      "sidebar: pages are not in sidebar.yml order: " + ", ".join(u[len(base):] for u in nav_order))
                for u in sorted(nav_urls):
                    check(u.startswith(base), f"sidebar: link {u} leaves the site")
                    if u.startswith(base):
                        st = http_status(u)
                        check(st == 200, f"sidebar: link {u[len(base):]} answered HTTP {st}")

                # search works offline (web worker + search_index.json)
                words = [w.strip(":,.") for m in manifest["pages"] if m["url"] != "index.html"
                         for w in m["title"].split() if len(w.strip(":,.")) > 3][:1] or ["calextract"]
                try:
                    box = page.locator("input.md-search__input")
                    box.click()
                    box.press_sequentially(words[0], delay=40)   # the search reacts to typing, not to .fill()
                    page.wait_for_selector(".md-search-result__item", timeout=10000)
                    n = page.locator(".md-search-result__item").count()
                    check(n > 0, f"search: no results for {words[0]!r}")
                except Exception as e:
                    check(False, f"search: no results for {words[0]!r} within 10s ({type(e).__name__})")

            # every notebook page
            for m in manifest["pages"]:
                if m["url"] == "index.html": continue
                name = f"{m['url']} ({m['source']})"
                info = visit(base + m["url"], name)
                if not info: continue
                pages_info[m["url"]] = info
                ids = set(info["ids"])
                for sym in m.get("api", []):
                    if not sym: continue
                    anchor = sym.split("(")[0].strip()
                    ok = any(i in ids for i in (anchor.lower(), anchor.lower().replace(".", ""), anchor))
                    check(ok, f"{name}: API entry {anchor} is not on the page")
                if m.get("source") and Path(m["source"]).stem == "00_data":
                    page.screenshot(path=str(shots / "00_data.png"), full_page=True)
            if not (shots / "00_data.png").exists() and len(manifest["pages"]) > 1:
                other = next(m for m in manifest["pages"] if m["url"] != "index.html")
                warnings.append(f"00_data page not built: screenshot of {other['url']} instead")
                page.goto(base + other["url"], wait_until="load")
                page.screenshot(path=str(shots / Path(other["url"]).with_suffix(".png").name), full_page=True)

            # links between pages of the site
            for src, info in pages_info.items():
                for href in sorted(set(info["links"])):
                    if not href.startswith(base): continue
                    url, frag = urldefrag(href)
                    rel = url[len(base):]
                    target = pages_info.get(rel or "index.html")
                    if target is None:
                        st = http_status(url)
                        check(st == 200, f"{src}: link to {rel} answered HTTP {st}")
                    elif frag and frag not in target["ids"]:
                        warnings.append(f"{src}: link to {rel}#{frag}: no such anchor on that page")
            browser.close()
    finally:
        httpd.shutdown()
    for n in notes: print(f"note: {n}")
    return finish()


if __name__ == "__main__":
    sys.exit(main())
