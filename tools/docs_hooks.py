"""mkdocs hooks for the calextract docs site (listed in the mkdocs.yml that tools/build_docs.py generates)."""
import html as html_lib
import re

# nbconvert's page template loads MathJax from `mathjax_url`; mkdocs-jupyter leaves it empty, giving a
# `<script src="">` that would make the browser request the page itself as a script. The site is offline:
# no CDN scripts, so drop it.
_empty_script = re.compile(r'<script src="">\s*</script>')
_h1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)


def on_page_content(html, page, config, files):
    # mkdocs-jupyter titles a page with the text of its first heading up to any markup, so "The `Extractor`"
    # would be "The" in the navigation: take the heading's whole text instead
    m = _h1.search(html)
    title = html_lib.unescape(re.sub(r"<[^>]+>", "", m.group(1))).replace("¶", "").strip() if m else ""
    if title: page.title = title
    return _empty_script.sub("", html)
