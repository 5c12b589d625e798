"""mkdocs hooks for the calextract docs site (listed in the mkdocs.yml that tools/build_docs.py generates)."""
import re

# nbconvert's page template loads MathJax from `mathjax_url`; mkdocs-jupyter leaves it empty, giving a
# `<script src="">` that would make the browser request the page itself as a script. The site is offline:
# no CDN scripts, so drop it.
_empty_script = re.compile(r'<script src="">\s*</script>')


def on_page_content(html, page, config, files):
    return _empty_script.sub("", html)
