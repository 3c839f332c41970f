"""exporter.render.pdf_pages: the page machinery's own copies of ReportLab's classes behave as ReportLab's."""
from __future__ import annotations

import copy

from reportlab.lib import colors
from reportlab.platypus import Frame

from exporter.render.pdf_pages import frame_class


def _frame(cls):
    frame = cls(10, 20, 300, 500, id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    frame._reset()
    frame._frameBGs = []  # as the document template gives every frame it draws
    return frame


def _state(frame):
    return {key: (value if not isinstance(value, list) else [list(item) if isinstance(item, list) else item
                                                             for item in value])
            for key, value in vars(frame).items()}


def test_the_frame_copy_is_the_copy_deepcopy_makes():
    """ReportLab deep-copies the frame to measure a group kept together; the frame's own copy takes its numbers
    and strings in one step and copies its backgrounds deeply, as ``copy.deepcopy`` does."""
    ours, theirs = _frame(frame_class()), _frame(Frame)
    for frame in (ours, theirs):
        frame._frameBGs.append([0, 0, 0, colors.red])  # a background (ReportLab's frameBG) while it is set
        frame.add_generated = ["not", "plain"]  # any other value that is not a number or a string
    copied, expected = copy.deepcopy(ours), copy.deepcopy(theirs)
    assert type(copied) is type(ours)
    assert _state(copied) == _state(expected) == _state(ours)
    assert copied._frameBGs is not ours._frameBGs and copied._frameBGs[0] is not ours._frameBGs[0]
    assert copied.add_generated is not ours.add_generated

    plain = _frame(frame_class())
    copied = copy.deepcopy(plain)
    assert vars(copied) == vars(plain) and copied._frameBGs is not plain._frameBGs
    copied._y -= 50  # the copy is measured on; the frame is not moved
    assert plain._y != copied._y
