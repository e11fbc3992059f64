"""Article pages shared by the import tests (data, not tests)."""

# A saved news page: navigation, the article, and a footer with subscription and cookie notices.
HTML_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bridge repairs | Daily Test</title></head>
<body>
<nav><a href="/">Home</a> · <a href="/news">News</a> · <a href="/sport">Sport</a></nav>
<article>
<h1>Old bridge to close for six months of repairs</h1>
<p>The regional council said on Monday that the old stone bridge will close for six months \
from June so engineers can replace 40% of its supports.</p>
<p>"The bridge is safe today, but it will not be in ten years," said the chief engineer, \
Tom Barker.</p>
<p>Traffic will be diverted through the ring road, adding about 15 minutes to the average \
commute according to the council's own estimate.</p>
</article>
<footer>© 2025 Daily Test · Subscribe to our newsletter · Cookie settings</footer>
</body></html>
"""
