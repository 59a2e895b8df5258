"""Segment-by-segment review of one PO catalog.

`session` holds the state and every write (accept, edit, note, undo, reload-merge) and is
tested without a terminal; `assist` gathers what the reviewer sees beside a segment
(findings, glossary terms, TM and MT suggestions); `pending` lists pending segments for
scripts; `risk` ranks segments for the risk-first order; `resume` keeps where the reviewer
left each catalog; `ui/` is the Textual app on top (app, screens, widgets), the only part
that imports Textual.
"""
