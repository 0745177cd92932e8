"""outreach: the site's answers on paper and in chats, for villagers who never open a website.

- a notice-board poster (村务公开栏) for every township and village: one A4 sheet each, large
  type, black on white, with a QR code; one print of a township's poster page gives every sheet;
- a plain text for every village, township and site, for grid workers (网格员) to paste into
  village WeChat groups (texts.py).
"""

from pelican import signals


def get_generators(pelican):
    from .generator import OutreachGenerator
    return OutreachGenerator


def register():
    signals.get_generators.connect(get_generators)
