#!/usr/bin/env python
"""Build the calextract documentation site offline, with one command:

    python tools/build_docs.py [--out _docs] [--work docs_build]

What `nbdev_docs` does with Quarto, done with mkdocs-material + mkdocs-jupyter instead:

1. The notebooks listed in `nbs/sidebar.yml` (in that order; listed notebooks that don't exist yet are skipped
   with a warning, and notebooks of `nbs/` it does not list are added in name order, with a warning) are run
   through nbdev's own notebook processors (`nbdev.processors.FilterDefaults` via
   `nbdev.process.NBProcessor`): `#| hide` and `#| export` cells are dropped, `#|` directive lines are removed,
   the title cell becomes the page title, backticked names are linked to their docs, and a `show_doc` cell is
   inserted after every exported function/class.
2. Nothing is executed: the notebooks' saved outputs are rendered, cleaned for readers (`clean_output`): no
   stderr (progress bars, library warnings), no progress-bar lines, and no row-number index column in pandas
   tables. The one processor that would run code (`exec_show_docs`) is left out; instead each inserted
   `show_doc(...)` is rendered here from the exported module (`calextract.<default_exp>`, found through
   `calextract/_modidx.py`) with `nbdev.showdoc.show_doc`, and replaces the cell as markdown, so every page keeps
   its API reference (signature + docstring).
3. The processed notebooks and a generated `mkdocs.yml` go to the work folder (`docs_build/`, git-ignored), and
   `mkdocs build` renders them into `_docs/` (git-ignored). The sidebar follows `nbs/sidebar.yml`; page file
   names follow nbdev's (`00_data.ipynb` -> `data.html`, as in `_modidx.py`'s doc links). No CDN: fonts are
   off and the theme's assets are bundled, so the site works offline (search included). A markdown file of the
   repository that a notebook links to (`../results/archive/EXPERIMENTS.md`) becomes a page under `repo/`.

`_docs/docs_manifest.json` lists the pages, their notebooks and the API entries each must show; it is what
`tools/check_docs.py` checks the built site against in a browser.
"""
from __future__ import annotations

import argparse, ast, inspect, json, os, re, shutil, subprocess, sys, time, warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = Path(__file__).resolve().parent
ASSET_EXTS = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".csv", ".json", ".jsonl", ".txt", ".pdf"}
HIDE_INPUT_TAG = "docs-hide-input"

problems: list[str] = []   # warnings shown at the end of the build


def warn(msg: str):
    problems.append(msg)
    print(f"WARNING: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# the sidebar

def read_sidebar(nbs: Path) -> list:
    """The sidebar as a list of ("page", path) and ("section", title, [items]) entries, in `sidebar.yml` order.
    Falls back to every notebook in `nbs/` (sorted) when there is no sidebar.yml."""
    import yaml
    f = nbs / "sidebar.yml"
    if not f.exists():
        warn(f"{f} not found: using every notebook in {nbs} in name order")
        return [("page", p.name) for p in sorted(nbs.glob("*.ipynb")) if not p.name.startswith(("_", "."))]
    y = yaml.safe_load(f.read_text()) or {}
    sb = (y.get("website") or {}).get("sidebar") or {}
    if isinstance(sb, list): sb = sb[0] if sb else {}
    def conv(items):
        out = []
        for it in items or []:
            if isinstance(it, str): out.append(("page", it))
            elif isinstance(it, dict) and "section" in it: out.append(("section", str(it["section"]), conv(it.get("contents"))))
            elif isinstance(it, dict) and it.get("href"): out.append(("page", it["href"], it.get("text")))
            else: warn(f"sidebar.yml: don't know how to show entry {it!r}; skipped")
        return out
    return conv(sb.get("contents"))


def sidebar_pages(entries) -> list[str]:
    res = []
    for e in entries:
        if e[0] == "page": res.append(e[1])
        else: res += sidebar_pages(e[2])
    return res


def add_unlisted(entries: list, nbs: Path) -> list:
    """The sidebar with every notebook of `nbs/` that it does not list added, in name order among the top-level
    pages (with a warning): a new stage is in the site before anyone edits sidebar.yml."""
    listed = set(sidebar_pages(entries))
    for nb in sorted(p.name for p in nbs.glob("*.ipynb") if not p.name.startswith(("_", "."))):
        if nb in listed: continue
        after = [i for i, e in enumerate(entries) if e[0] == "page" and e[1] != "index.ipynb" and e[1] < nb]
        at = after[-1] + 1 if after else next((i + 1 for i, e in enumerate(entries) if e[0] == "page" and e[1] == "index.ipynb"), 0)
        entries.insert(at, ("page", nb))
        warn(f"{nb} is not in nbs/sidebar.yml: added to the site after {entries[at-1][1] if at else 'nothing'}; list it there")
    return entries


def html_name(nb_name: str) -> str:
    "nbdev's page name for a notebook: `00_data.ipynb` -> `data.html` (what `_modidx.py` doc links point to)."
    from nbdev.doclinks import _nbpath2html
    return _nbpath2html(Path(nb_name)).as_posix()


# ---------------------------------------------------------------------------------------------------------------
# API docs (show_doc) rendered from the exported modules, without executing the notebook

_modidx_cache = None

def modidx() -> dict:
    global _modidx_cache
    if _modidx_cache is None:
        from nbdev.config import get_config
        cfg = get_config()
        f = cfg.lib_path / "_modidx.py"
        if not f.exists():
            warn(f"{f} does not exist (run nbdev_export): API sections can't be rendered")
            _modidx_cache = {}
        else:
            g = {}
            exec(compile(f.read_text(), str(f), "exec"), g)
            _modidx_cache = g.get("d", {}).get("syms", {})
    return _modidx_cache


def page_namespace(page: str, default_exp: str | None) -> dict:
    """Names visible to the notebook's `show_doc` cells: every module whose symbols are documented on `page`
    (from `_modidx.py`), with the notebook's `default_exp` module taking precedence."""
    import importlib
    from nbdev.config import get_config
    from nbdev.showdoc import show_doc
    lib = get_config().lib_name
    mods = [m for m, syms in modidx().items() if any(str(v[0]).split("#")[0] == page for v in syms.values())]
    if default_exp: mods.append(f"{lib}.{default_exp}")
    ns = {}
    for m in dict.fromkeys(mods):
        try: ns.update({k: v for k, v in vars(importlib.import_module(m)).items() if not k.startswith("__")})
        except Exception as e: warn(f"{page}: cannot import {m} for its API docs: {type(e).__name__}: {e}")
    ns["show_doc"] = show_doc
    return ns


def _obj_line(obj):
    try: return inspect.getsourcelines(inspect.unwrap(obj))[1]
    except Exception: return None


def render_show_doc(src: str, ns: dict, page: str, saved_md: str | None):
    """Markdown for a `show_doc(...)` cell, or None. Uses the notebook's saved output if it has one and the
    symbol can't be found in the module."""
    sym = None
    try:
        call = ast.parse(src.strip(), mode="eval").body
        sym = ast.unparse(call.args[0]) if isinstance(call, ast.Call) and call.args else None
        res = eval(compile(src.strip(), f"<show_doc in {page}>", "eval"), ns)
        md = res._repr_markdown_()
        obj = getattr(res, "sym", None)
    except Exception as e:
        if saved_md: md, obj = saved_md, None
        else:
            warn(f"{page}: API entry `{src.strip()}` not rendered ({type(e).__name__}: {e}); "
                 "is the module exported (nbdev_export)?")
            return None, sym
    line = _obj_line(obj) if obj is not None else None
    def src_link(m):
        url = m.group(1)
        if url.endswith("#LNone"): url = url[:-len("#LNone")] + (f"#L{line}" if line else "")
        return f'<a class="sd-source" href="{url}" target="_blank" rel="noopener">source</a>'
    # pandoc attribute syntax (`[source](url){target=...}`) is Quarto-only: turn it into plain HTML
    md = re.sub(r"\[source\]\((\S+?)\)\{[^}\n]*\}", src_link, md)
    md = re.sub(r"\{target=\"_blank\"[^}\n]*\}", "", md)
    # the signature block has blank lines around it
    md = re.sub(r"```(\w*)\n\s*\n", r"```\1\n", md)
    md = re.sub(r"\n\s*\n```", "\n```", md)
    # nbdev's doc links use the lower-cased symbol as anchor (e.g. `events.__init__`): give the heading that id too
    m = re.search(r"^(#+) (.+)$", md, flags=re.MULTILINE)
    if m:
        anchor = m.group(2).strip().lower()
        if not re.fullmatch(r"[\w-]+", anchor):
            md = md[:m.start()] + f'<span id="{anchor}"></span>\n\n' + md[m.start():]
    return md, sym


# ---------------------------------------------------------------------------------------------------------------
# one notebook

_re_dir = re.compile(r"^\s*#\|\s?(.*)$")


def _leading_directives(src: str):
    "Split leading Quarto `#| key: value` lines off a cell's source."
    lines, d = src.splitlines(), {}
    i = 0
    while i < len(lines) and _re_dir.match(lines[i]):
        txt = _re_dir.match(lines[i]).group(1).strip()
        k, _, v = txt.partition(":")
        d[k.strip()] = v.strip().strip("'\"")
        i += 1
    return d, "\n".join(lines[i:])


def _falsy(v) -> bool:
    if isinstance(v, list): v = v[0] if v else ""
    return str(v).strip().lower() in ("false", "no", "0")


def _md_src(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _text(v) -> str:
    return "".join(v) if isinstance(v, list) else (v or "")


def process_notebook(src: Path, page: str, link_map: dict, doc_prefix: str):
    """Run nbdev's processors (minus execution) on one notebook. Returns (nb, title, description, api list)."""
    from execnb.nbio import read_nb, mk_cell
    from nbdev.process import NBProcessor
    from nbdev.processors import FilterDefaults, exec_show_docs, insert_warning, _default_exp

    class DocsFilter(FilterDefaults):
        def base_procs(self):
            return [p for p in super().base_procs() if p not in (exec_show_docs, insert_warning)]

    nb = read_nb(src)
    default_exp = _default_exp(nb)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    if code and not any(c.get("outputs") for c in code):
        warn(f"{src.name} has no saved outputs (not executed and saved?): its page shows code only")
    os.environ["IN_TEST"] = "1"     # as nbdev's proc_nbs does
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            proc = DocsFilter().nb_proc(nb)
            proc.process()
    finally:
        os.environ.pop("IN_TEST", None)
    fm = getattr(nb, "frontmatter_", {}) or {}
    title = str(fm.get("title") or Path(page).stem)
    desc = fm.get("description")

    ns = None
    api, cells, doc_cells = [], [], {}
    for cell in nb.cells:
        ctype = cell.cell_type
        source = _md_src(cell)
        if ctype == "raw" and source.lstrip().startswith("---"):
            continue    # nbdev's frontmatter cell: replaced by the title cell below
        if ctype == "code":
            dirs = {k.rstrip(":"): v for k, v in (getattr(cell, "directives_", None) or {}).items()}
            lead, source = _leading_directives(source)
            dirs.update(lead)
            if _falsy(dirs.get("include", "true")): continue
            if re.match(r"^\s*show_doc\(", source) and source.strip().endswith(")") and "\n" not in source.strip():
                if ns is None: ns = page_namespace(page, default_exp)
                saved = next((_text(o.get("data", {}).get("text/markdown")) for o in cell.get("outputs", [])
                              if "text/markdown" in o.get("data", {})), None)
                md, sym = render_show_doc(source, ns, page, saved)
                api.append(sym)     # expected on the page: check_docs.py fails if it isn't there
                if md is None: continue
                if sym: doc_cells[sym.lower()] = len(cells)
                cells.append(mk_cell(fix_links(md, link_map, doc_prefix), "markdown"))
                continue
            outputs = []
            for o in cell.get("outputs", []) if not _falsy(dirs.get("output", "true")) else []:
                o = clean_output(o)
                if o is None: continue
                data = o.get("data")
                if data is not None and "text/markdown" in data:
                    data["text/markdown"] = fix_links(_text(data["text/markdown"]), link_map, doc_prefix)
                outputs.append(o)
            cell["outputs"] = outputs
            cell["source"] = source.strip("\n")
            if not cell["source"].strip() and not outputs: continue
            tags = list(cell.get("metadata", {}).get("tags", []))
            if _falsy(dirs.get("echo", "true")) or not cell["source"].strip():
                tags.append(HIDE_INPUT_TAG)
            cell.setdefault("metadata", {})["tags"] = tags
        elif ctype == "markdown":
            if not source.strip() or re.fullmatch(r"\s*<!--.*?-->\s*", source, flags=re.DOTALL): continue
            cell["source"] = callouts(fix_links(source, link_map, doc_prefix))
        cells.append(cell)

    # `_modidx.py` links methods to `page#class.method`; show_doc documents the class: point those anchors at it
    for sym, (doc, *_) in (v for syms in modidx().values() for v in syms.items()):
        pg, _, anchor = str(doc).partition("#")
        if pg != page or not anchor or anchor in doc_cells or "." not in anchor: continue
        parent = anchor.rsplit(".", 1)[0]
        if parent in doc_cells:
            c = cells[doc_cells[parent]]
            c["source"] = f'<span id="{anchor}"></span>\n\n' + c["source"]   # blank line: not a setext heading

    head = f"# {title}"
    if desc: head += f"\n\n> {desc}"
    cells.insert(0, mk_cell(fix_links(head, link_map, doc_prefix), "markdown"))
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb, title, desc, api


# ---------------------------------------------------------------------------------------------------------------
# saved outputs, as a reader should see them

_re_progress = re.compile(r"\d+%\|.*\|\s*\d+(\.\d+)?[kMG]?/\d|\[\d+:\d\d(:\d\d)?<|\d(it/s|s/it)\]")


def _is_progress(line: str) -> bool:
    "A tqdm progress bar, as a terminal would show the line (its last `\\r` segment)."
    return bool(_re_progress.search(line.split("\r")[-1]))


def _drop_range_index(html: str) -> str:
    """A pandas table whose index is only row numbers (an unnamed index of increasing integers such as 0..n-1,
    one header row, one index level), without that column; any other table unchanged."""
    def fix(m):
        table = m.group(0)
        head = re.search(r"<thead>(.*?)</thead>", table, re.DOTALL)
        body = re.search(r"<tbody>(.*?)</tbody>", table, re.DOTALL)
        if not head or not body or len(re.findall(r"<tr", head.group(1))) != 1: return table
        if not re.match(r"\s*<tr[^>]*>\s*<th></th>", head.group(1)): return table
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.DOTALL)
        idx = [re.findall(r"<th[^>]*>(.*?)</th>", r, re.DOTALL) for r in rows]
        if not rows or any(len(i) != 1 or not i[0].strip().isdigit() for i in idx): return table
        nums = [int(i[0]) for i in idx]
        if any(b <= a for a, b in zip(nums, nums[1:])): return table
        new_head = re.sub(r"(<tr[^>]*>\s*)<th></th>\s*", r"\1", head.group(0), count=1)
        new_body = re.sub(r"(<tr[^>]*>\s*)<th[^>]*>\s*\d+\s*</th>\s*", r"\1", body.group(0))
        return table.replace(head.group(0), new_head).replace(body.group(0), new_body)
    return re.sub(r'<table[^>]*class="dataframe[^"]*"[^>]*>.*?</table>', fix, html, flags=re.DOTALL)


def clean_output(o: dict):
    """One saved output as the docs show it, or None to leave it out: no stderr (progress bars, library
    warnings), no progress-bar lines in printed text, no widgets (they need a CDN-hosted renderer; a progress
    widget's text fallback goes too), and pandas tables without a row-number index column."""
    if o.get("output_type") == "stream":
        if o.get("name") == "stderr": return None
        lines = [l for l in _text(o.get("text", "")).replace("\r\n", "\n").split("\n") if not _is_progress(l)]
        text = "\n".join(l.split("\r")[-1] for l in lines)
        if not text.strip(): return None
        return {**o, "text": text}
    data = o.get("data")
    if data is None: return o
    if data.pop("application/vnd.jupyter.widget-view+json", None) is not None and set(data) <= {"text/plain"} \
            and _is_progress(_text(data.get("text/plain", ""))):
        return None
    if not data: return None
    if "text/html" in data: data["text/html"] = _drop_range_index(_text(data["text/html"]))
    return o


_re_callout = re.compile(r"^:::+\s*\{\.callout-(\w+)[^}\n]*\}[ \t]*\n(.*?)^:::+[ \t]*$", re.MULTILINE | re.DOTALL)
_callout_kind = {"important": "danger", "caution": "warning"}


def callouts(md: str) -> str:
    "Quarto callouts (`::: {.callout-note}` ... `:::`) as mkdocs-material admonitions."
    def rep(m):
        kind, body = m.group(1).lower(), m.group(2).strip()
        title = kind.capitalize()
        t = re.match(r"^#+\s+(.*)\n?", body)      # a heading first in the callout is its title
        if t: title, body = t.group(1).strip(), body[t.end():].strip()
        return (f'<div class="admonition {_callout_kind.get(kind, kind)}">\n<p class="admonition-title">{title}</p>\n\n'
                f"{body}\n\n</div>")
    return _re_callout.sub(rep, md)


REPO_PAGES = "repo"      # markdown files of the repository that notebooks link to are copied here, as pages
repo_pages: set[str] = set()


def repo_link(path: str) -> str:
    """Where a link from a notebook to a file of the repository outside `nbs/` (`../results/x.md`) goes in the
    site: a markdown file becomes a page of the site (`repo/results/x.html`), anything else its source on git_url."""
    f = (ROOT / "nbs" / path).resolve()
    rel = f.relative_to(ROOT).as_posix() if f.is_relative_to(ROOT) else None
    if rel is None or not f.exists():
        warn(f"link to {path}: no such file in the repository")
        return path
    if f.is_file() and f.suffix == ".md":
        repo_pages.add(rel)
        return f"{REPO_PAGES}/{Path(rel).with_suffix('.html').as_posix()}"
    from nbdev.config import get_config
    cfg = get_config()
    return f"{cfg.get('git_url', '').rstrip('/')}/{'blob' if f.is_file() else 'tree'}/{cfg.get('branch', 'main')}/{rel}"


def fix_links(md: str, link_map: dict, doc_prefix: str) -> str:
    """Make links work in the offline site: nbdev's absolute doc links (doc_host + baseurl) become relative,
    links to notebooks (`00_data.ipynb#x`) point to their pages (`data.html#x`), and links to other files of
    the repository (`../results/archive/EXPERIMENTS.md`) go where `repo_link` says. With no `link_map` (None:
    tools/build_readme.py), links stay as written."""
    if link_map is None: return md
    if doc_prefix: md = md.replace(doc_prefix, "")
    def nb_link(m):
        target, frag = m.group(2), m.group(3) or ""
        name = Path(target).name
        return f"{m.group(1)}{link_map.get(name, html_name(name))}{frag}"
    md = re.sub(r"(\]\(|href=[\"'])(?!https?:|/)([^)\"'#\s]+\.ipynb)(#[^)\"'\s]*)?", nb_link, md)
    return re.sub(r"(\]\(|href=[\"'])(\.\./[^)\"'#\s]+)", lambda m: m.group(1) + repo_link(m.group(2)), md)


# ---------------------------------------------------------------------------------------------------------------
# the site

def write_index_placeholder(src_dir: Path, cfg, pages):
    lines = [f"# {cfg.title}", "", f"> {cfg.get('description', '')}", "",
             "!!! warning \"Home page not written yet\"", "    `nbs/index.ipynb` does not exist yet; this page is a placeholder.", "",
             "## Pages", ""]
    lines += [f"- [{t}]({u})" for u, t in pages]
    (src_dir / "index.md").write_text("\n".join(lines) + "\n")


def nav_yaml(entries, pages: dict) -> list:
    "mkdocs `nav` from the sidebar entries; pages: notebook path -> (page file, title)."
    nav = []
    for e in entries:
        if e[0] == "page":
            if e[1] in pages:
                f, t = pages[e[1]]
                nav.append({(e[2] if len(e) > 2 and e[2] else t): f})
        else:
            sub = nav_yaml(e[2], pages)
            if sub: nav.append({e[1]: sub})
    return nav


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=None, help="site folder (default: doc_path from settings.ini, i.e. _docs)")
    ap.add_argument("--work", default="docs_build", help="work folder for processed notebooks and mkdocs.yml")
    args = ap.parse_args(argv)
    t0 = time.time()

    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    import yaml
    from nbdev.config import get_config
    cfg = get_config()
    nbs = Path(cfg.nbs_path)
    out = (ROOT / (args.out or cfg.get("doc_path", "_docs"))).resolve()
    work = (ROOT / args.work).resolve()
    src_dir = work / "src"
    if src_dir.exists(): shutil.rmtree(src_dir)
    src_dir.mkdir(parents=True)

    entries = add_unlisted(read_sidebar(nbs), nbs)
    listed = sidebar_pages(entries)
    link_map = {Path(p).name: html_name(Path(p).name) for p in listed if p.endswith(".ipynb")}
    doc_prefix = (cfg.get("doc_host", "").rstrip("/") + "/" + cfg.get("doc_baseurl", "").strip("/") + "/").replace("//", "/").replace(":/", "://") \
        if cfg.get("doc_host") else ""

    pages, manifest, missing, errors = {}, [], [], []
    for p in listed:
        f = nbs / p
        if not f.exists():
            warn(f"{p} is listed in sidebar.yml but {f.relative_to(ROOT)} does not exist: skipped")
            missing.append(p)
            continue
        if f.suffix == ".md":
            shutil.copy2(f, src_dir / f.name)
            t = next((l[2:].strip() for l in f.read_text().splitlines() if l.startswith("# ")), f.stem)
            pages[p] = (f.name, t)
            manifest.append(dict(source=p, url=f.with_suffix(".html").name, title=t, api=[]))
            continue
        if f.suffix != ".ipynb":
            warn(f"{p}: only notebooks and markdown pages are supported; skipped")
            missing.append(p)
            continue
        t1 = time.time()
        page = html_name(p)
        try:
            from execnb.nbio import write_nb
            nb, title, desc, api = process_notebook(f, page, link_map, doc_prefix)
        except Exception as e:
            import traceback; traceback.print_exc()
            errors.append(f"processing {p} failed: {type(e).__name__}: {e}")
            print(f"ERROR: {errors[-1]}", file=sys.stderr)
            continue
        dst = src_dir / Path(page).with_suffix(".ipynb")
        dst.parent.mkdir(parents=True, exist_ok=True)
        write_nb(nb, dst)
        pages[p] = (dst.relative_to(src_dir).as_posix(), title)
        manifest.append(dict(source=p, url=page, title=title, api=api))
        print(f"processed {p} -> {page} ({len(api)} API entries, {time.time()-t1:.1f}s)", flush=True)

    # images and data files referenced from the notebooks' markdown
    for a in nbs.rglob("*"):
        rel = a.relative_to(nbs)
        if a.is_file() and a.suffix.lower() in ASSET_EXTS and not any(s.startswith((".", "_")) for s in rel.parts):
            (src_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(a, src_dir / rel)

    if "index.html" not in [m["url"] for m in manifest]:
        warn("no home page (nbs/index.ipynb): writing a placeholder index")
        write_index_placeholder(src_dir, cfg, [(m["url"], m["title"]) for m in manifest])
        entries = [("page", "__index__")] + entries
        pages["__index__"] = ("index.md", "Home")
        manifest.insert(0, dict(source=None, url="index.html", title="Home", api=[], placeholder=True))

    for rel in sorted(repo_pages):     # repository files the notebooks link to (fix_links)
        (src_dir / REPO_PAGES / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, src_dir / REPO_PAGES / rel)
    shutil.copy2(TOOLS / "docs_extra.css", src_dir / "docs_extra.css")
    git_url = cfg.get("git_url", "")
    mk = {
        "site_name": cfg.get("title", cfg.lib_name),
        "site_description": cfg.get("description", ""),
        "site_author": cfg.get("author", ""),
        "copyright": f"Copyright {cfg.get('copyright', '')}".strip(),
        "docs_dir": str(src_dir),
        "site_dir": str(out),
        "use_directory_urls": False,
        "theme": {
            "name": "material",
            "font": False,                      # no Google Fonts: the site must work offline
            "language": "en",
            "icon": {"logo": "material/calendar-check"},
            "palette": {"scheme": "default", "primary": "indigo", "accent": "indigo"},
            "features": ["navigation.top", "navigation.footer", "search.suggest", "search.highlight",
                         "toc.follow", "content.code.copy"],
        },
        "plugins": [
            "search",
            {"mkdocs-jupyter": {
                "execute": False,               # render the saved outputs; never run the notebooks
                "include_source": False,
                "allow_errors": False,
                "no_prompt": True,
                "ignore_h1_titles": False,
                "toc_depth": 3,
                "remove_tag_config": {"remove_input_tags": [HIDE_INPUT_TAG]},
                "cache": True,
                "cache_dir": str(work / "cache"),
            }},
        ],
        "markdown_extensions": ["admonition", "tables", {"toc": {"permalink": True}}],
        "extra_css": ["docs_extra.css"],
        "hooks": [str(TOOLS / "docs_hooks.py")],
        "extra": {"generator": False,
                  "social": [{"icon": "fontawesome/brands/github", "link": git_url, "name": "Source on GitHub"}] if git_url else []},
        "nav": nav_yaml(entries, pages),
    }
    cfg_file = work / "mkdocs.yml"
    cfg_file.write_text("# generated by tools/build_docs.py from settings.ini and nbs/sidebar.yml; do not edit\n"
                        + yaml.safe_dump(mk, sort_keys=False, allow_unicode=True))

    t2 = time.time()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "-q", "-f", str(cfg_file)], cwd=work, env=env)
    if r.returncode != 0:
        print(f"ERROR: mkdocs build failed (exit {r.returncode}); config: {cfg_file}", file=sys.stderr)
        return r.returncode
    (out / "docs_manifest.json").write_text(json.dumps(
        {"pages": manifest, "missing": missing, "errors": errors, "warnings": problems}, indent=1))
    print(f"mkdocs build: {time.time()-t2:.1f}s")
    print(f"built {len(manifest)} page(s) into {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} "
          f"in {time.time()-t0:.1f}s; {len(missing)} listed notebook(s) missing"
          + (f": {', '.join(missing)}" if missing else "") + f"; {len(problems)} warning(s)")
    for e in errors: print(f"ERROR: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
