"""The bundled Markdown templates compiled ahead into Python that prints what Jinja prints (see
exporter.render.md_runtime). Written by ``python tools/ahead.py`` from templates/: do not edit; the
templates are the layout's one definition."""
# mypy: ignore-errors
from markupsafe import Markup as _Markup

from .md_filters import finalize as _finalize
from .md_filters import link_filter as _link
from .md_filters import md_filter as _md
from .md_filters import runs_filter as _runs
from .md_filters import yaml_filter as _yaml
from .md_runtime import UNDEFINED as _U
from .md_runtime import call as _call
from .md_runtime import concat as _concat
from .md_runtime import getattr_ as _getattr
from .md_runtime import getitem as _getitem

#: The version of the compiled form (exporter.render.md_runtime.VERSION) this file was written for.
VERSION = 1
#: Template → the SHA-256 of each file it was made from: used only while they are unchanged.
SOURCES = {
    'brief.md.j2': {'brief.md.j2': 'e30be8ae649e9ae04efbd45a2c84d3fed14166bb6fc1b7883210e6f17ceb1880', '_blocks.md.j2': 'd93c9a63b18f6cf14d1e5d00bed42239bd1d6c4f066998a9979e9865deb082b5'},
    'digest.md.j2': {'digest.md.j2': 'a2ed322b406d3c150738f6fd51c2ba80e6ebb053724c5f5fbaf36ebb053c02d0', '_blocks.md.j2': 'd93c9a63b18f6cf14d1e5d00bed42239bd1d6c4f066998a9979e9865deb082b5'},
}


def _m_blocks_mark(ctx, v1_text=_U):
    out = []
    w = out.append
    if _getattr(v1_text, 'mark'):
        w(' ')
        w(str(_finalize(_getattr(v1_text, 'mark'))))
    if _getattr(v1_text, 'flag'):
        w(' **')
        w(str(_finalize(_getattr(v1_text, 'flag_ref'))))
        w('**')
    return ''.join(out)


def _m_blocks_head(ctx, v2_view=_U, v3_hashes=_U, v4_anchor=''):
    out = []
    w = out.append
    w(str(_finalize(_Markup(v3_hashes))))
    w(' ')
    if v4_anchor:
        w('<a id="')
        w(str(_finalize(v4_anchor)))
        w('"></a>')
    w(str(_finalize(_runs(_getattr(_getattr(v2_view, 'headline'), 'runs')))))
    w(str(_finalize(_Markup(_m_blocks_mark(ctx, _getattr(v2_view, 'headline'))))))
    w('\n\n')
    if _getattr(v2_view, 'subtitle'):
        w(str(_finalize(_runs(_getattr(_getattr(v2_view, 'subtitle'), 'runs'), 'italic'))))
        w(str(_finalize(_Markup(_m_blocks_mark(ctx, _getattr(v2_view, 'subtitle'))))))
        w('\n\n')
    if _getattr(v2_view, 'meta'):
        w(str(_finalize(_getattr(v2_view, 'meta'))))
        w('\n\n')
    if _getattr(v2_view, 'notice'):
        w('> [!NOTE]\n> ')
        w(str(_finalize(_getattr(v2_view, 'notice'))))
        w('\n\n')
    return ''.join(out)


def _m_blocks_row(ctx, v5_r=_U, v6_hashes=_U, v7_previous=None, v8_next=None):
    out = []
    w = out.append
    v9_style = _call(_getattr({'lead': 'bold', 'byline': 'bold', 'caption': 'italic'}, 'get'), _getattr(v5_r, 'kind'), '')
    v10_before = (v7_previous if (v7_previous is not _U) else None)
    v11_after = (v8_next if (v8_next is not _U) else None)
    if (((_getattr(v5_r, 'kind') == 'caption') and v10_before) and (_getattr(v10_before, 'kind') == 'image')):
        pass
    elif (_getattr(v5_r, 'kind') == 'image'):
        if (v11_after and (_getattr(v11_after, 'kind') == 'caption')):
            w('![')
            w(str(_finalize(_getattr(_getattr(v5_r, 'photo'), 'alt'))))
            w('](')
            w(str(_finalize(_link(_getattr(v5_r, 'href')))))
            w(')\\\n')
            w(str(_finalize(_runs(_getattr(_getattr(v11_after, 'text'), 'runs'), 'italic'))))
            w(str(_finalize(_Markup(_m_blocks_mark(ctx, _getattr(v11_after, 'text'))))))
            w('\n')
            if _getattr(v11_after, 'parallel'):
                w('\n> ')
                w(str(_finalize(_runs(_getattr(_getattr(v11_after, 'parallel'), 'runs'), 'italic'))))
                w(str(_finalize(_Markup(_m_blocks_mark(ctx, _getattr(v11_after, 'parallel'))))))
                w('\n')
        else:
            w('![')
            w(str(_finalize(_getattr(_getattr(v5_r, 'photo'), 'alt'))))
            w('](')
            w(str(_finalize(_link(_getattr(v5_r, 'href')))))
            w(')\n')
    elif (_getattr(v5_r, 'kind') == 'heading'):
        w(str(_finalize(_Markup(v6_hashes))))
        w(' ')
        w(str(_finalize(_runs(_getattr(_getattr(v5_r, 'text'), 'runs')))))
        w(str(_finalize(_Markup(_m_blocks_mark(ctx, _getattr(v5_r, 'text'))))))
        w('\n')
    elif (_getattr(v5_r, 'kind') == 'quote'):
        w('> ')
        w(str(_finalize(_runs(_getattr(_getattr(v5_r, 'text'), 'runs')))))
        w(str(_finalize(_Markup(_m_blocks_mark(ctx, _getattr(v5_r, 'text'))))))
        w('\n')
    elif (_getattr(v5_r, 'kind') == 'flags'):
        w('---\n\n**')
        w(str(_finalize(_getattr(_getattr(v5_r, 'text'), 'text'))))
        w('**\n')
    elif (_getattr(v5_r, 'kind') == 'flag'):
        w('- ')
        w(str(_finalize(_runs(_getattr(_getattr(v5_r, 'text'), 'runs')))))
        w('\n')
    else:
        w(str(_finalize(_runs(_getattr(_getattr(v5_r, 'text'), 'runs'), v9_style))))
        w(str(_finalize(_Markup(_m_blocks_mark(ctx, _getattr(v5_r, 'text'))))))
        w('\n')
    if (_getattr(v5_r, 'parallel') and (not (((_getattr(v5_r, 'kind') == 'caption') and v10_before) and (_getattr(v10_before, 'kind') == 'image')))):
        w('\n> ')
        w(str(_finalize(_runs(_getattr(_getattr(v5_r, 'parallel'), 'runs'), v9_style))))
        w(str(_finalize(_Markup(_m_blocks_mark(ctx, _getattr(v5_r, 'parallel'))))))
        w('\n')
    return ''.join(out)


def _m_blocks_notes(ctx, v12_view=_U):
    out = []
    w = out.append
    s13 = list(_getattr(v12_view, 'numbered_notes'))
    for i13, (v14_number, v15_text) in enumerate(s13):
        w('[^')
        w(str(_finalize(v14_number)))
        w(']: ')
        w(str(_finalize(v15_text)))
        w('\n')
    return ''.join(out)


def _t_brief(ctx):
    out = []
    w = out.append
    w('---\ntitle: ')
    w(str(_finalize(_yaml(_getattr(ctx.get('view', _U), 'stated_title')))))
    w('\n')
    if _getattr(ctx.get('view', _U), 'original_title'):
        w('original_title: ')
        w(str(_finalize(_yaml(_getattr(ctx.get('view', _U), 'original_title')))))
        w('\n')
    s16 = list(('author', 'date', 'source', 'url'))
    s16 = [i16 for i16 in s16 for v17_key in (i16,) if _getitem(ctx.get('article', _U), v17_key)]
    for i16, v17_key in enumerate(s16):
        w(str(_finalize(v17_key)))
        w(': ')
        w(str(_finalize(_yaml(_getitem(ctx.get('article', _U), v17_key)))))
        w('\n')
    w('lang: ')
    w(str(_finalize(_yaml(_getattr(ctx.get('view', _U), 'lang')))))
    w('\ngenerator: ')
    w(str(_finalize(_yaml(ctx.get('generator', _U)))))
    w('\n')
    if ctx.get('translation', _U):
        w('translation:\n  machine: true\n  provider: ')
        w(str(_finalize(_yaml(_getattr(ctx.get('translation', _U), 'provider')))))
        w('\n  date: ')
        w(str(_finalize(_yaml(_getattr(ctx.get('translation', _U), 'date')))))
        w('\n  from: ')
        w(str(_finalize(_yaml(_getattr(ctx.get('translation', _U), 'source_lang')))))
        w('\n  to: ')
        w(str(_finalize(_yaml(_getattr(ctx.get('translation', _U), 'target_lang')))))
        w('\n  layout: ')
        w(str(_finalize(_yaml(ctx.get('layout', _U)))))
        w('\n  edited_segments: ')
        w(str(_finalize(_getattr(ctx.get('translation', _U), 'edited'))))
        w('\n  approved_segments: ')
        w(str(_finalize(_getattr(ctx.get('translation', _U), 'approved'))))
        w('\n  flagged_segments: ')
        w(str(_finalize(_getattr(ctx.get('translation', _U), 'flagged'))))
        w('\n  segments: ')
        w(str(_finalize(_getattr(ctx.get('translation', _U), 'segments'))))
        w('\n  notice: ')
        w(str(_finalize(_yaml(_getattr(ctx.get('translation', _U), 'notice')))))
        w('\n')
    w('---\n\n')
    w(str(_finalize(_Markup(_m_blocks_head(ctx, ctx.get('view', _U), '#')))))
    s18 = list(_getattr(ctx.get('view', _U), 'rows'))
    for i18, v19_r in enumerate(s18):
        w(str(_finalize(_Markup(_m_blocks_row(ctx, v19_r, '##', (s18[i18 - 1] if i18 else _U), (s18[i18 + 1] if i18 + 1 < len(s18) else _U))))))
        w('\n')
    w(str(_finalize(_Markup(_m_blocks_notes(ctx, ctx.get('view', _U))))))
    return ''.join(out)


def _t_digest(ctx):
    out = []
    w = out.append
    w('---\ntitle: ')
    w(str(_finalize(_yaml(_getattr(ctx.get('digest', _U), 'title')))))
    w('\n')
    if _getattr(ctx.get('digest', _U), 'date'):
        w('date: ')
        w(str(_finalize(_yaml(_getattr(ctx.get('digest', _U), 'date')))))
        w('\n')
    w('articles: ')
    w(str(_finalize(len(ctx.get('entries', _U)))))
    w('\nlang: ')
    w(str(_finalize(_yaml(_getattr(ctx.get('digest', _U), 'lang')))))
    w('\ngenerator: ')
    w(str(_finalize(_yaml(ctx.get('generator', _U)))))
    w('\n---\n\n# <a id="')
    w(str(_finalize(ctx.get('anchor', _U))))
    w('"></a>')
    w(str(_finalize(_getattr(ctx.get('digest', _U), 'title'))))
    w('\n\n')
    if (_getattr(ctx.get('digest', _U), 'other') and _getattr(_getattr(ctx.get('digest', _U), 'other'), 'title')):
        w('*')
        w(str(_finalize(_getattr(_getattr(ctx.get('digest', _U), 'other'), 'title'))))
        w('*\n\n')
    s20 = list([_getattr(ctx.get('digest', _U), 'masthead'), _getattr(ctx.get('digest', _U), 'other')])
    s20 = [i20 for i20 in s20 for v21_masthead in (i20,) if v21_masthead]
    for i20, v21_masthead in enumerate(s20):
        if _getattr(v21_masthead, 'date'):
            w(str(_finalize(_getattr(v21_masthead, 'date'))))
            w(' · ')
        w(str(_finalize(_getattr(v21_masthead, 'edition'))))
        w('\n\n')
    w('## <a id="')
    w(str(_finalize(ctx.get('contents_anchor', _U))))
    w('"></a>')
    w(str(_finalize(_getattr(ctx.get('digest', _U), 'contents_label'))))
    w('\n\n')
    s22 = list(ctx.get('entries', _U))
    for i22, v23_entry in enumerate(s22):
        w(str(_finalize(_getattr(v23_entry, 'number'))))
        w('. [')
        w(str(_finalize(_getattr(v23_entry, 'contents_title'))))
        w('](#')
        w(str(_finalize(_getattr(v23_entry, 'anchor'))))
        w(')')
        if _getattr(v23_entry, 'other_title'):
            w(' / *')
            w(str(_finalize(_getattr(v23_entry, 'other_title'))))
            w('*')
        w(str(_finalize((_concat(' · ', _getattr(v23_entry, 'meta')) if _getattr(v23_entry, 'meta') else ''))))
        w('\n')
    s24 = list(ctx.get('entries', _U))
    for i24, v25_entry in enumerate(s24):
        w('\n---\n\n')
        w(str(_finalize(_Markup(_m_blocks_head(ctx, _getattr(v25_entry, 'view'), '##', _getattr(v25_entry, 'anchor'))))))
        s26 = list(_getattr(_getattr(v25_entry, 'view'), 'rows'))
        for i26, v27_r in enumerate(s26):
            w(str(_finalize(_Markup(_m_blocks_row(ctx, v27_r, '###', (s26[i26 - 1] if i26 else _U), (s26[i26 + 1] if i26 + 1 < len(s26) else _U))))))
            w('\n')
        w(str(_finalize(_Markup(_m_blocks_notes(ctx, _getattr(v25_entry, 'view'))))))
    return ''.join(out)


#: Template → its render function (the context's values → the text).
TEMPLATES = {
    'brief.md.j2': _t_brief,
    'digest.md.j2': _t_digest,
}
