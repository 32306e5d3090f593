"""The inspection binder (SPEC §5): every generated document and the office's own files
filed into 档案盒 by fixed categories, each box with its 封面, 卷内目录 and 脊背, and with
``--pdf`` one PDF per box. It plans nothing from the inputs: it works from the manifest of
the latest build (`houqin binder`, `houqin build --binder`); plan.py declares only its
templates and page budgets to the registry.

boxes.py (the box and category table, the one place it is written), settings.py (``[binder]``),
attachments.py (``inputs/附件/``), filing.py (what goes where, from the manifest),
documents.py (cover, contents, spine), assemble.py (the box PDFs), make.py (the command),
template.py (the Word templates).
"""
