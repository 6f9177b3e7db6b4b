// For .ci/site_check.py: once the page has loaded, write on <body> how many <img> elements it has and
// how many of them did not load (a missing file, a corrupt data: URI), for headless Chromium's --dump-dom.
// .ci/docs.py copies this file into _proc/javascripts/; mkdocs.yml adds it through extra_javascript.
(function () {
  function count() {
    var imgs = Array.prototype.slice.call(document.images);
    var broken = imgs.filter(function (img) { return !(img.complete && img.naturalWidth > 0); });
    var b = document.body;
    b.setAttribute('data-images-total', imgs.length);
    b.setAttribute('data-images-broken', broken.length);
    b.setAttribute('data-images-broken-src', broken.map(function (img) {
      var s = img.getAttribute('src') || '(no src)';
      return s.length > 60 ? s.slice(0, 60) + '...' : s;
    }).join(' | '));
  }
  if (document.readyState === 'complete') count(); else window.addEventListener('load', count);
})();
