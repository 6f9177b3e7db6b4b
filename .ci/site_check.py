"""Open pages of the built docs site in headless Chromium and check that their figures loaded.

Usage: python .ci/site_check.py [--no-control] [PAGE ...]    (after `python .ci/docs.py`, which runs it too)
PAGE is a notebook name without `.ipynb` (`index`, `21_search`). The default is `index` and the first
`nbs/50_tutorial*.ipynb`, or `21_search` while there is no tutorial. Every page must show at least one
image and no broken one. `site_check.js`, which `.ci/docs.py` copies into `_proc/javascripts/` for
mkdocs.yml's `extra_javascript`, counts the page's <img> elements and the broken ones when the window has
loaded and writes the counts on <body>; `chromium --headless --dump-dom` prints that DOM.
A negative control runs too: a copy of the first page with a missing and a corrupt image must report
both broken, so that the check cannot pass by seeing nothing. Chromium is `$CHROMIUM`, else `chromium`.
"""
import os, re, shutil, subprocess, sys, tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT/'_docs'
JS = Path(__file__).with_suffix('.js')  # copied to _proc/JS_DEST by .ci/docs.py
JS_DEST = 'javascripts/site_check.js'   # as listed in mkdocs.yml's extra_javascript
FALLBACK_PAGE = '21_search'             # a page with a figure, checked until a tutorial exists
TIMEOUT = 120                           # seconds for one page

def default_pages()->list[str]:
    "`index` and the first tutorial notebook's page, or `FALLBACK_PAGE` while there is none."
    tuts = sorted((ROOT/'nbs').glob('50_tutorial*.ipynb'))
    return ['index', tuts[0].stem if tuts else FALLBACK_PAGE]

def page_path(page:str, site:Path=SITE)->Path:
    "The built HTML file of the notebook named `page`."
    return site/'index.html' if page=='index' else site/page/'index.html'

def chromium()->str:
    "Path of the Chromium binary, or exit saying how to get one."
    name = os.environ.get('CHROMIUM', 'chromium')
    exe = shutil.which(name)
    if not exe: sys.exit(f"site check: no `{name}` on PATH; install Debian's chromium package (apt-get install chromium; "
                         ".ci/run does it) or set CHROMIUM to a Chromium/Chrome binary")
    return exe

class _BodyAttrs(HTMLParser):
    "The attributes of the first <body> tag."
    def __init__(self):
        super().__init__(); self.attrs = None
    def handle_starttag(self, tag, attrs):
        if tag=='body' and self.attrs is None: self.attrs = dict(attrs)

def image_counts(html:Path, exe:str, profile:str)->dict:
    "What site_check.js wrote on <body> once `html` had loaded in headless Chromium: total, broken, broken_src."
    cmd = [exe, '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
           f'--user-data-dir={profile}', '--virtual-time-budget=10000', '--dump-dom', html.as_uri()]
    try: r = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired: raise RuntimeError(f"chromium did not finish within {TIMEOUT} s")
    m = re.search(r'<body\b[^>]*>', r.stdout)
    p = _BodyAttrs()
    if m: p.feed(m.group(0))
    a = p.attrs or {}
    if 'data-images-total' not in a:
        err = '\n'.join(l for l in r.stderr.splitlines() if 'dbus' not in l and 'unexpected operator' not in l)[-1500:]
        raise RuntimeError(f"no image counts on <body> (chromium exit {r.returncode}); is {JS_DEST} in mkdocs.yml's "
                           f"extra_javascript and copied into _proc/ by .ci/docs.py?" + (f"\n{err}" if err.strip() else ''))
    return dict(total=int(a['data-images-total']), broken=int(a['data-images-broken']), broken_src=a.get('data-images-broken-src', ''))

def broken_copy(page:Path, dst:Path)->int:
    "Write to `dst` a copy of `page` whose first image is a missing file, plus a corrupt one; return how many are broken."
    s = page.read_text()
    s = re.sub(r'<head\b[^>]*>', lambda m: m.group(0) + f'<base href="{page.parent.as_uri()}/">', s, count=1)  # relative URLs as at `page`
    s, n = re.subn(r'(<img\b[^>]*?\bsrc=")[^"]*"', r'\1site-check-missing.png"', s, count=1)
    s = re.sub(r'<body\b[^>]*>', lambda m: m.group(0) + '<img alt="site check: corrupt" src="data:image/png;base64,iVBORw0KGgoAAAA">', s, count=1)
    dst.write_text(s)
    return n + 1

def check_site(pages:list[str]|None=None, site:Path=SITE, control:bool=True)->list[str]:
    "Problems with `pages` (default `default_pages()`): a missing page, no image, a broken image. Prints a line per page."
    pages = pages or default_pages()
    exe, probs = chromium(), []
    with tempfile.TemporaryDirectory(prefix='site_check_') as tmp:
        profile = str(Path(tmp)/'profile')
        for page in pages:
            html = page_path(page, site)
            if not html.exists(): probs.append(f"{page}: no page at {html}"); continue
            try: c = image_counts(html, exe, profile)
            except RuntimeError as e: probs.append(f"{page}: {e}"); continue
            ok = c['total']>0 and c['broken']==0
            print(f"site: {'ok  ' if ok else 'FAIL'} {page:<24} {c['total']} image(s), {c['broken']} broken  ({html.relative_to(site.parent)})")
            if not c['total']: probs.append(f"{page}: no image on the page (expected at least one figure)")
            if c['broken']: probs.append(f"{page}: {c['broken']} of {c['total']} image(s) did not load: {c['broken_src']}")
        first = next((page_path(p, site) for p in pages if page_path(p, site).exists()), None)
        if control and first is not None:
            dst = Path(tmp)/'broken.html'
            want = broken_copy(first, dst)
            try: c = image_counts(dst, exe, profile)
            except RuntimeError as e: c = None; probs.append(f"negative control: {e}")
            if c is not None:
                ok = c['broken']==want
                print(f"site: {'ok  ' if ok else 'FAIL'} {'negative control':<24} {c['broken']} of {want} planted broken image(s) reported")
                if not ok: probs.append(f"negative control: a copy of {first.relative_to(site.parent)} with {want} broken image(s) "
                                        f"was reported with {c['broken']}; the check cannot see broken images")
    return probs

def main():
    if not SITE.exists(): sys.exit(f"site check: no site at {SITE}; run python .ci/docs.py first")
    probs = check_site([a for a in sys.argv[1:] if not a.startswith('-')] or None, control='--no-control' not in sys.argv)
    if probs: sys.exit('site check failed:\n  ' + '\n  '.join(probs))

if __name__=='__main__': main()
