"""Check every internal link of the built docs site: pages, files and anchors must exist.

Usage: python .ci/link_check.py    (after `python .ci/docs.py`, which runs it too)
Every `href` of every page of `_docs/` is checked: a relative link must reach a file of the site (a folder
means its index.html) and, with a `#anchor`, an element of that page with that id; a link to the docs host
(`doc_host` + `doc_baseurl` of settings.ini) is a cross-reference nbdev wrote that .ci/docs.py failed to make
relative; a `[source]` link to the repository (`git_url`/blob/BRANCH/PATH#Ln) must name a file of this checkout
and a line it has. Other external links are not followed (the check runs offline). A negative control plants a
broken page link, a broken anchor and a broken source link in a copy of the home page: all three must be caught.
"""
import configparser, re, sys, tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT/'_docs'
CFG = configparser.ConfigParser(); CFG.read(ROOT/'settings.ini'); CFG = CFG['DEFAULT']
DOCS_URL = CFG['doc_host'] + CFG['doc_baseurl']
BLOB = f"{CFG['git_url']}/blob/{CFG['branch']}/"

class _Links(HTMLParser):
    "The hrefs of <a> and <link> tags and every id of a page."
    def __init__(self):
        super().__init__(); self.hrefs, self.ids = [], set()
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get('id'): self.ids.add(a['id'])
        if tag in ('a', 'link') and a.get('href'): self.hrefs.append(a['href'])

_parsed = {}
def parse(page:Path)->_Links:
    "The links and ids of `page` (cached)."
    if page not in _parsed: (p := _Links()).feed(page.read_text(errors='replace')); _parsed[page] = p
    return _parsed[page]

def target(page:Path, path:str, site:Path)->Path:
    "The file a link `path` on `page` reaches (a folder: its index.html; '/...' from the site's root)."
    base, path = (site, path.removeprefix(CFG['doc_baseurl']).lstrip('/')) if path.startswith('/') else (page.parent, path)
    t = (base/unquote(path)).resolve() if path else page
    return t/'index.html' if t.is_dir() or path.endswith('/') else t

def link_problem(page:Path, href:str, site:Path)->str|None:
    "What is wrong with link `href` on `page`, or None."
    if href.startswith(DOCS_URL): return f"absolute link to the docs host (a cross-reference left unconverted): {href}"
    if href.startswith(BLOB):
        path, _, frag = href[len(BLOB):].partition('#')
        f = ROOT/unquote(path)
        if not f.is_file(): return f"[source] link to a file this repository lacks: {href}"
        if (m := re.fullmatch(r'L(\d+)', frag)) and int(m.group(1)) > len(f.read_text().splitlines()): return f"[source] link past the end of {path}: {href}"
        return None
    u = urlsplit(href)
    if u.scheme or u.netloc or href.startswith(('mailto:', 'javascript:', 'data:')): return None   # external: not followed offline
    t = target(page, u.path, site)
    if not t.is_file() or site.resolve() not in t.parents and t != site.resolve(): return f"link to a missing page or file: {href}"
    if u.fragment and t.suffix == '.html' and unquote(u.fragment) not in parse(t).ids: return f"link to a missing anchor: {href}"
    return None

def check_links(site:Path=SITE, pages:list[Path]|None=None)->list[str]:
    "Every broken internal link of `pages` (default: every page of `site`), as `page: problem` lines."
    probs = []
    for page in pages or sorted(site.rglob('*.html')):
        for href in dict.fromkeys(parse(page).hrefs):
            if (p := link_problem(page, href, site)): probs.append(f"{page.relative_to(site)}: {p}")
    return probs

def negative_control(site:Path=SITE)->str|None:
    "Plant three broken links in a copy of the home page; None when all three are caught, else the problem."
    home = site/'index.html'
    planted = ['site-check-missing/', '#site-check-missing-anchor', BLOB + 'rnas_nb/site_check_missing.py#L1']
    with tempfile.TemporaryDirectory(dir=site) as tmp:
        copy = Path(tmp)/'index.html'
        copy.write_text(home.read_text().replace('<body', ''.join(f'<a href="{h}">planted</a>' for h in planted) + '<body', 1)
                        .replace('href="', f'href="../', 0))
        found = [p for p in check_links(site, [copy]) if 'site-check-missing' in p or 'site_check_missing' in p]
    return None if len(found) == len(planted) else f"negative control: {len(found)} of {len(planted)} planted broken links caught: {found}"

def main()->list[str]:
    if not SITE.exists(): sys.exit(f"link check: no site at {SITE}; run python .ci/docs.py first")
    probs = check_links()
    n = sum(len(parse(p).hrefs) for p in SITE.rglob('*.html'))
    print(f"links: {'ok  ' if not probs else 'FAIL'} {n} links on {len(_parsed)} pages, {len(probs)} broken")
    ctrl = negative_control()
    print(f"links: {'ok  ' if ctrl is None else 'FAIL'} negative control (3 planted broken links)")
    return probs + ([ctrl] if ctrl else [])

if __name__=='__main__':
    if probs := main(): sys.exit('link check failed:\n  ' + '\n  '.join(probs[:50]) + (f'\n  ... and {len(probs)-50} more' if len(probs) > 50 else ''))
