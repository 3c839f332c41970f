"""The structure rules: what a run of paragraphs' headline, lead, byline, date and captions are, the conventions of
Vietnamese news pages (metadata, hidden parts, menus and teasers, authors, dates) and where photos go. Works on
paragraphs and parsed trees handed in; reads no input itself. The parsers above apply these rules."""
