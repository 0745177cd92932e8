"""QR codes drawn many at a time with numpy: exactly the symbols and SVGs segno draws, sooner.

segno draws a code in pure Python, bit by bit: 2.7 ms for a 33 × 33 symbol, most of it placing
the bits, trying the eight masks of ISO/IEC 18004 (7.8) and writing the SVG. A province's posters
and letters need 22,000 codes. Here segno still reads each text into its segments and picks the
version and error level; what every code of one version shares (where each bit goes, the
function patterns, the masks, the format bits of each mask) is worked out once with segno's own
functions, and the rest (error correction, placement, scoring the masks with segno's penalty
rules, the SVG path) is done for all codes of a version at once.

It leans on segno.encoder, which is not segno's public API, so segno is pinned, and
tests/test_schools.py checks that symbols and SVGs equal segno's for hundreds of addresses.
"""

import functools
from collections import defaultdict
from dataclasses import dataclass
from xml.sax.saxutils import escape

import numpy as np
import segno
from segno import consts, encoder

N3_PATTERN = bytes((1, 0, 1, 1, 1, 0, 1))
EXP = np.array(consts.GALIOS_EXP, dtype=np.int32)
LOG = np.array(consts.GALIOS_LOG, dtype=np.int32)


@dataclass(frozen=True)
class Symbol:
    matrix: np.ndarray      # size × size, 1 for a dark module, without the quiet zone
    version: object         # as segno's QRCode names them: 4, or "M2" for a Micro QR code
    error: str              # "L", "M", "Q" or "H"
    mask: int


def symbols(texts, error="m"):
    """[Symbol] for texts, each the symbol segno.make(text, error=error) draws."""
    level = encoder.normalize_errorlevel(error)
    found = [None] * len(texts)
    by_version = defaultdict(list)  # (version, error level) -> [(position, data codewords)]
    for position, text in enumerate(texts):
        segments = encoder.prepare_data(text, None, None)
        version = encoder.find_version(segments, level, eci=False, micro=None)
        if version < 1 or encoder.calc_matrix_size(version) > 64:  # a Micro QR code, or too long for
            # a line in a 64-bit word: rare for an address, and left to segno
            code = segno.make(text, error=error)
            found[position] = Symbol(np.array([list(row) for row in code.matrix], dtype=np.uint8),
                                      code.version, code.error, code.mask)
            continue
        boosted = encoder.boost_error_level(version, level, segments, False)
        by_version[(version, boosted)].append((position, _data_codewords(segments, version, boosted)))
    for (version, boosted), items in by_version.items():
        data = np.frombuffer(b"".join(codewords for _, codewords in items), dtype=np.uint8).reshape(len(items), -1)
        for (position, _), matrix, mask in zip(items, *_draw(version, boosted, data)):
            found[position] = Symbol(matrix, encoder.get_version_name(version), encoder.get_error_name(boosted), mask)
    return found


def _data_codewords(segments, version, error):
    """The data codewords (ISO/IEC 18004 7.4), written by segno."""
    buffer = encoder.Buffer()
    for segment in segments:
        encoder.write_segment(buffer, segment, None, encoder.version_range(version), False)
    capacity = consts.SYMBOL_CAPACITY[version][error]
    encoder.write_terminator(buffer, capacity, None, len(buffer))
    encoder.write_padding_bits(buffer, version, len(buffer))
    encoder.write_pad_codewords(buffer, version, capacity, len(buffer))
    # segno pads a stream that ends on a codeword boundary with 8 more zero bits; like segno's
    # make_blocks, take only the symbol's data codewords.
    return np.packbits(np.frombuffer(bytes(buffer.getbits()), dtype=np.uint8)).tobytes()[:capacity // 8]


def _draw(version, error, data):
    """(matrices, masks) for the data codewords (one row per code) of codes of one version."""
    layout = _layout(version, error)
    message = np.concatenate([data[:, layout.data_order], _error_codewords(error, version, data)[:, layout.error_order]],
                             axis=1)
    bits = np.unpackbits(message, axis=1)
    count, shape = len(data), layout.function.shape
    unmasked = np.tile(layout.function.ravel(), (count, 1))
    unmasked[:, layout.positions] = 0                       # the remainder bits after the message
    unmasked[:, layout.positions[:bits.shape[1]]] = bits
    unmasked = unmasked.reshape(count, *shape)
    candidates = unmasked[:, None] ^ layout.masks[None]    # code, mask, row, column
    scores = penalties(candidates.reshape(-1, *shape)).reshape(count, 8)
    best = scores.argmin(axis=1)                            # the first of equal scores, as segno
    chosen = candidates[np.arange(count), best]
    for mask in range(8):
        rows, cols, values = layout.format_bits[mask]
        codes = np.nonzero(best == mask)[0]
        chosen[codes[:, None], rows[None, :], cols[None, :]] = values[None, :]
    return list(chosen), [int(mask) for mask in best]


def _error_codewords(error, version, data):
    """The error correction codewords of each block, block after block (ISO/IEC 18004 7.5), for
    all codes at once: segno's synthetic division with a row per code."""
    blocks, start = [], 0
    for info in consts.ECC[version][error]:
        count = info.num_total - info.num_data
        generator = np.array(consts.GEN_POLY[count], dtype=np.int32)
        for _ in range(info.num_blocks):
            work = np.zeros((len(data), info.num_data + count), dtype=np.int32)
            work[:, :info.num_data] = data[:, start:start + info.num_data]
            for k in range(info.num_data):
                coefficient = work[:, k]
                product = EXP[LOG[coefficient][:, None] + generator[None, :]]
                work[:, k + 1:k + 1 + count] ^= np.where(coefficient[:, None] != 0, product, 0)
            blocks.append(work[:, info.num_data:])
            start += info.num_data
    return np.concatenate(blocks, axis=1).astype(np.uint8)


@dataclass(frozen=True)
class _Layout:
    function: np.ndarray     # function patterns, reserved areas 0, data modules 2
    positions: np.ndarray    # flat index of each message bit, in the order segno places them
    data_order: np.ndarray   # data codewords interleaved block by block
    error_order: np.ndarray  # the same for the error codewords
    masks: np.ndarray        # the eight masks, limited to the data modules
    format_bits: tuple       # per mask, (rows, cols, values) of its format and version bits


@functools.lru_cache(maxsize=None)
def _layout(version, error):
    size = encoder.calc_matrix_size(version)
    matrix = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(matrix, size, size)
    encoder.add_alignment_patterns(matrix, size, size)
    function = np.array([list(row) for row in matrix], dtype=np.uint8)
    # Where segno puts each bit: place bits numbered 3, 4, ... (never 2, a free module) and read them back.
    numbered = [list(row) for row in matrix]
    free = int((function == 2).sum())
    encoder.add_codewords(numbered, list(range(3, free + 3)), version)
    order = np.array(numbered, dtype=np.int64).ravel()
    positions = np.argsort(order)[-free:]          # ascending numbers 3.. = placement order
    region = function > 1
    rows, cols = np.indices((size, size))
    masks = np.array([np.vectorize(fn)(rows, cols) & region for fn in encoder.get_data_mask_functions(False)],
                     dtype=np.uint8)
    infos = consts.ECC[version][error]
    data_blocks, error_blocks, start, error_start = [], [], 0, 0
    for info in infos:
        for _ in range(info.num_blocks):
            data_blocks.append(range(start, start + info.num_data))
            error_blocks.append(range(error_start, error_start + info.num_total - info.num_data))
            start += info.num_data
            error_start += info.num_total - info.num_data
    interleave = lambda blocks: np.array([block[i] for i in range(max(map(len, blocks)))  # noqa: E731
                                          for block in blocks if i < len(block)], dtype=np.int64)
    format_bits = []
    for mask in range(8):
        blank = tuple(bytearray([9] * size) for _ in range(size))
        encoder.add_format_info(blank, version, error, mask)
        encoder.add_version_info(blank, version)
        marked = np.array([list(row) for row in blank], dtype=np.uint8)
        where = np.nonzero(marked != 9)
        format_bits.append((where[0], where[1], marked[where]))
    return _Layout(function, positions, interleave(data_blocks), interleave(error_blocks), masks, tuple(format_bits))


# --- segno's penalty score (ISO/IEC 18004 7.8.3, as segno.encoder.mask_scores counts it) ----

def penalties(stack):
    """N1 + N2 + N3 + N4 of each symbol in a stack (symbol, row, column) of 0/1 modules.

    Each row and column is a 64-bit word (bit j: module j), so a rule is a few word operations
    on every line of every symbol at once."""
    size = stack.shape[-1]
    rows, cols = _words(stack), _words(stack.transpose(0, 2, 1))
    lines = np.concatenate([rows, cols], axis=1)                 # symbol, line
    full = np.uint64((1 << size) - 1)
    same = ~(lines ^ (lines >> np.uint64(1))) & (full >> np.uint64(1))   # bit j: module j equals j + 1
    # N1: a run of L >= 5 equal modules scores L - 2: L - 4 windows of five, plus 2 at its start.
    windows = same & (same >> np.uint64(1)) & (same >> np.uint64(2)) & (same >> np.uint64(3))
    starts = windows & ~(same << np.uint64(1))
    n1 = _count(windows) + 2 * _count(starts)
    # N2: 3 for each 2 x 2 block of one colour.
    down = ~(rows[:, :-1] ^ rows[:, 1:]) & full                  # bit j: row r and r + 1 agree at j
    across = ~(rows[:, :-1] ^ (rows[:, :-1] >> np.uint64(1))) & (full >> np.uint64(1))
    n2 = 3 * _count(across & down & (down >> np.uint64(1)))
    n3 = 40 * _finder_like(lines, size)
    dark = _count(rows) / float(size ** 2)
    n4 = 10 * np.floor(np.abs(dark * 100 - 50) / 5).astype(np.int64)
    return n1 + n2 + n3 + n4


def _words(stack):
    """Each line (last axis, at most 64 modules) of a stack as a 64-bit word, module j at bit j."""
    packed = np.packbits(stack, axis=-1, bitorder="little")
    padded = np.zeros(packed.shape[:-1] + (8,), dtype=np.uint8)
    padded[..., :packed.shape[-1]] = packed
    return padded.view("<u8")[..., 0].astype(np.uint64)


def _count(words):
    """Set bits of each symbol's words (symbol, line)."""
    return np.bitwise_count(words).sum(axis=1, dtype=np.int64)


def _finder_like(lines, size):
    """How many 1:1:3:1:1 patterns segno counts in each symbol's lines (symbol, line: a word).

    segno searches each line from the left: a pattern with four light modules before or after it
    (or at an end of the line) counts, and the search goes on after it; one without goes on from
    its fourth module. So of two overlapping patterns (4 or 6 apart, the only overlaps there can
    be) the second is skipped when the first counted."""
    pattern = np.uint64(sum(bit << i for i, bit in enumerate(N3_PATTERN)))
    counted = []      # per start: patterns there that segno counts
    total = np.zeros(lines.shape[0], dtype=np.int64)
    for start in range(size - 6):
        found = ((lines >> np.uint64(start)) & np.uint64(0x7F)) == pattern
        first = max(start - 4, 0)
        before = (lines >> np.uint64(first)) & np.uint64((1 << (start - first)) - 1)
        after = (lines >> np.uint64(start + 7)) & np.uint64((1 << (min(start + 11, size) - start - 7)) - 1)
        counts = found & ((before == 0) | (after == 0)) if start not in (0, size - 7) else found
        for back in (4, 6):
            if start >= back:
                counts &= ~counted[start - back]
        counted.append(counts)
        total += counts.sum(axis=1)
    return total


# --- SVG, as segno's svg_inline(scale, border, omitsize=True) writes it --------------------

def svg_inline(symbol, title, scale, border, dark, light):
    """The SVG segno's QRCode.svg_inline(title=title, scale=scale, border=border, omitsize=True,
    dark=dark, light=light) writes: a light square, and each row's runs of dark modules as
    strokes along the middle of the row, every move relative to the end of the last run."""
    matrix = symbol.matrix
    size = matrix.shape[0]
    width = size + 2 * border
    padded = np.zeros((size, size + 2), dtype=np.int8)
    padded[:, 1:-1] = matrix
    steps = np.diff(padded.ravel())
    starts, ends = np.nonzero(steps == 1)[0] + 1, np.nonzero(steps == -1)[0] + 1
    rows = starts // (size + 2)
    left, right = starts % (size + 2) - 1 + border, ends % (size + 2) - 1 + border
    moves_x = left - np.concatenate([[0], right[:-1]])
    moves_y = np.diff(rows, prepend=rows[:1])
    first = f"M{moves_x[0]} {border + rows[0] + 0.5}h{right[0] - left[0]}" if len(rows) else ""
    path = first + "".join(map("m%d %dh%d".__mod__, zip(moves_x[1:].tolist(), moves_y[1:].tolist(),
                                                          (right - left)[1:].tolist())))
    paths = sorted([f'<path fill="{light}" d="M0 0h{width}v{width}h-{width}z"/>',
                    f'<path class="qrline" stroke="{dark}" d="{path}"/>'], key=len)
    return (f'<svg viewBox="0 0 {width * scale} {width * scale}" class="segno"><title>{escape(title)}</title>'
            f'<g transform="scale({scale})">{"".join(paths)}</g></svg>')
